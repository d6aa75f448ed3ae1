"""Read queries for the storefront. Each returns what its page shows with a fixed number of
queries, whatever the size of the catalogue."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from tokodesa.core import versions
from tokodesa.core.paging import CappedPaginator
from tokodesa.core.tenancy import across_villages
from tokodesa.villages.models import Village

from .models import Category, Product, ProductImage, Variant
from .search import search

PAGE_SIZE = 24
COUNTS_CACHE_SECONDS = 600
# What can be bought first, then the chosen order (the lists' indexes have the same shape).
SORTS = {
    "terbaru": ("sold_out", "-created_at", "-id"),
    "termurah": ("sold_out", "price_min", "id"),
    "termahal": ("sold_out", "-price_min", "id"),
    "nama": ("sold_out", "name", "id"),
}
DEFAULT_SORT = "terbaru"


@dataclass
class CategoryTree:
    """The national category tree, loaded with one query."""

    nodes: dict[int, Category]
    children: dict[int | None, list[Category]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "CategoryTree":
        nodes = {c.pk: c for c in Category.objects.all()}
        tree = cls(nodes)
        for category in nodes.values():
            tree.children.setdefault(category.parent_id, []).append(category)
        return tree

    def by_slug(self, slug: str) -> Category | None:
        return next((c for c in self.nodes.values() if c.slug == slug), None)

    def descendant_ids(self, category: Category) -> list[int]:
        ids, stack = {}, [category]  # a dict keeps the order and stops at a loop in bad data
        while stack:
            node = stack.pop()
            if node.pk not in ids:
                ids[node.pk] = None
                stack.extend(self.children.get(node.pk, []))
        return list(ids)

    def ancestors(self, category: Category) -> list[Category]:
        """Root first, the category itself last."""
        chain, node = [], category
        while node is not None and len(chain) < 10:
            chain.append(node)
            node = self.nodes.get(node.parent_id)
        return chain[::-1]

    def root_of(self, category: Category) -> Category:
        return self.ancestors(category)[0]


def _on_sale(village: Village) -> QuerySet:
    return Product.objects.filter(
        village=village, status=Product.Status.ACTIVE, seller__status="active"
    )


def _for_cards(queryset: QuerySet) -> QuerySet:
    cover = ProductImage.objects.order_by("position", "id")[:1]
    return queryset.select_related("seller").prefetch_related(
        Prefetch("images", queryset=cover, to_attr="covers")
    )


def category_counts(*, village: Village) -> dict[int, int]:
    """How many products the village sells per category (one grouped query, then cached until
    the catalogue changes: see services.catalog_changed)."""
    key = f"catalog-counts:{village.pk}:{catalog_version(village_id=village.pk)}"
    counts = cache.get(key)
    if counts is None:
        counts = dict(_on_sale(village).values_list("category").annotate(n=Count("id")).order_by())
        cache.set(key, counts, COUNTS_CACHE_SECONDS)
    return counts


def catalog_version(*, village_id: int) -> str:
    """The version of the village's catalogue (a random token; a new one after each change)."""
    return versions.token(f"catalog-version:{village_id}")


def search_hint(*, village_id: int) -> tuple[str, ...]:
    """A few of the village's own products, as a buyer would type them ("gula aren", "kopi
    bubuk", "cangkir bambu"), for the search box's hint: featured and in stock first. Kept in
    the process until the catalogue changes."""

    def fetch() -> tuple[str, ...]:
        names = (
            _on_sale(village_id)
            .order_by("-is_featured", "-stock_total", "-created_at")
            .values_list("name", flat=True)[:12]
        )
        hints: list[str] = []
        for name in names:
            words = name.lower().split()[:2]
            hint = " ".join(words)
            if hint and hint not in hints and not any(h.split()[0] == words[0] for h in hints):
                hints.append(hint)
        return tuple(hints[:3])

    return versions.kept(
        f"search-hint:{village_id}", fetch, token_key=f"catalog-version:{village_id}"
    )


def village_categories(*, tree: CategoryTree, counts: dict[int, int]) -> list[tuple[Category, int]]:
    """Top-level categories with how many products the village sells in each."""
    totals: dict[int, int] = {}
    for category_id, n in counts.items():
        category = tree.nodes.get(category_id)
        if category is not None:
            root = tree.root_of(category)
            totals[root.pk] = totals.get(root.pk, 0) + n
    return [(c, totals[c.pk]) for c in tree.children.get(None, []) if c.pk in totals]


def subcategories_with_products(
    *, tree: CategoryTree, category: Category, counts: dict[int, int]
) -> list[Category]:
    return [
        child
        for child in tree.children.get(category.pk, [])
        if any(counts.get(pk) for pk in tree.descendant_ids(child))
    ]


def home_products(*, village: Village, limit: int = 4) -> tuple[list[Product], list[Product]]:
    """(featured, newest) for the village home page: two rows of cards each on a phone, the
    newest not repeating a featured one, in stock first."""
    products = _for_cards(_on_sale(village))
    featured = list(products.filter(is_featured=True).order_by("-stock_total", "name")[:limit])
    newest = list(
        products.exclude(pk__in=[p.pk for p in featured])
        .filter(stock_total__gt=0)
        .order_by(*SORTS["terbaru"])[:limit]
    )
    return featured, newest


def product_page(
    *,
    village: Village,
    category_ids: list[int] | None = None,
    seller_id: int | None = None,
    sort: str = DEFAULT_SORT,
    page: str | int | None = 1,
    query: str = "",
) -> Page:
    products = _on_sale(village)
    if category_ids is not None:
        products = products.filter(category_id__in=category_ids)
    if seller_id is not None:
        products = products.filter(seller_id=seller_id)
    known = None
    if query:
        found = search(products, query)
        products, known = found.products, found.count
    else:
        products = products.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    return CappedPaginator(_for_cards(products), PAGE_SIZE, known=known).get_page(page)


def sellers_with_products(*, village: Village) -> QuerySet:
    """Active sellers of the village with at least one product on sale."""
    on_sale = Product.objects.filter(
        seller=OuterRef("pk"), village=village, status=Product.Status.ACTIVE
    )
    return village.sellers.filter(Exists(on_sale), status="active").order_by("display_name")


def sellers_with_figures(*, village: Village) -> QuerySet:
    """``sellers_with_products`` with, on each, ``on_sale`` (products), ``rated`` and
    ``stars`` (their buyers' ratings shown): one query."""
    on_sale = Q(products__status=Product.Status.ACTIVE)
    return sellers_with_products(village=village).annotate(
        on_sale=Count("products", filter=on_sale),
        rated=Sum("products__rating_count", filter=on_sale, default=0),
        stars=Sum("products__rating_total", filter=on_sale, default=0),
    )


def product_detail(*, village: Village, slug: str) -> Product | None:
    return (
        _on_sale(village)
        .select_related("seller", "category")
        .prefetch_related("variants", "images")
        .filter(slug=slug)
        .first()
    )


def related_products(*, product: Product, limit: int = 4) -> list[Product]:
    return list(
        _for_cards(_on_sale(product.village_id))
        .filter(Q(category_id=product.category_id) | Q(seller_id=product.seller_id))
        .exclude(pk=product.pk)
        .order_by("-stock_total", "-created_at")[:limit]
    )


def products_for_feed(
    *, village: Village | None, after_id: int = 0, limit: int = 1000, slug: str = ""
) -> list:
    """Products on sale for a catalogue feed, by id after ``after_id`` (keyset paging): with
    seller, category (and its parent), village, variants by price and the cover photo, in 3
    queries a page. ``village`` None: every open village's (the national portal's feed)."""
    cover = ProductImage.objects.order_by("position", "id")[:1]
    if village is not None:
        products = _on_sale(village)
    else:
        with across_villages("the national catalogue feed"):
            products = Product.objects.filter(
                status=Product.Status.ACTIVE, seller__status="active", village__status="active"
            )
    if slug:  # one product (the API's product page)
        products = products.filter(slug=slug[:140])
    with across_villages("a feed page's rows are already narrowed by the query above"):
        return list(
            products.filter(pk__gt=after_id)
            .select_related("seller", "category__parent", "village")
            .defer("search_name", "search_text", "ingredients")
            .prefetch_related(
                Prefetch("images", queryset=cover, to_attr="covers"),
                Prefetch("variants", queryset=Variant.objects.order_by("price", "id")),
            )
            .order_by("pk")[:limit]
        )


def products_back_in_stock(*, ids) -> set[int]:
    """Which of these products (any village) are on sale with stock again."""
    with across_villages("the worker checks products buyers wait for, in every village"):
        rows = Product.objects.filter(
            pk__in=ids, status=Product.Status.ACTIVE, seller__status="active", stock_total__gt=0
        )
        return set(rows.values_list("pk", flat=True))


def seller_rating(*, village: Village, seller_id: int) -> tuple[int, float | None]:
    """(reviews shown, their average) over the seller's products on sale."""
    sums = (
        _on_sale(village)
        .filter(seller_id=seller_id)
        .aggregate(n=Sum("rating_count", default=0), total=Sum("rating_total", default=0))
    )
    return sums["n"], (round(sums["total"] / sums["n"], 1) if sums["n"] else None)


def price_cut_on(*, product: Product):
    """The price cut applied to the product now, if any (its percent and last day)."""
    return product.price_cuts.filter(applied=True, ended=False).first()


def product_names(*, village: Village, ids) -> dict[int, str]:
    return dict(Product.objects.filter(village=village, pk__in=list(ids)).values_list("pk", "name"))


def product_ids_by_slug(*, village_id: int, slugs) -> dict[str, int]:
    """{slug: id} of the village's products with these slugs (for counted page views)."""
    with across_villages("narrowed to one village by the filter"):
        rows = Product.objects.filter(village_id=village_id, slug__in=list(slugs))
        return dict(rows.values_list("slug", "pk"))


def product_slug(*, village: Village, product_id: int) -> str | None:
    """The slug of a product on sale in the village (for its short link)."""
    return _on_sale(village).filter(pk=product_id).values_list("slug", flat=True).first()


def sitemap_products(*, village: Village) -> QuerySet:
    return _on_sale(village).only("slug", "updated_at").order_by("id")


# What a cart and an order never show of a product: long texts, not read for a cart line.
_PRODUCT_TEXT = ("description", "ingredients", "search_name", "search_text")


def variants_for_cart(*, village: Village, ids, covers: bool = False) -> dict[int, Variant]:
    """The village's variants with these ids, with product and seller (1 query), and the
    product's cover photo when ``covers`` (1 more: only the cart page shows them)."""
    variants = (
        Variant.objects.filter(village=village, pk__in=list(ids))
        .select_related("product__seller")
        .defer(*(f"product__{name}" for name in _PRODUCT_TEXT))
        .order_by()  # a dict by id: no sorting to compile or run
    )
    if covers:
        cover = ProductImage.objects.order_by("position", "id")[:1]
        variants = variants.prefetch_related(
            Prefetch("product__images", queryset=cover, to_attr="covers")
        )
    return {variant.pk: variant for variant in variants}


def variant_on_sale(variant: Variant) -> bool:
    product = variant.product
    return product.status == Product.Status.ACTIVE and product.seller.status == "active"
