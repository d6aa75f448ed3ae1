"""Reads of the national portal: every open village shop and its products, across villages
(they name themselves: ``across_villages``), with a fixed number of queries per page."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.paginator import Page
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from tokodesa.catalog.models import Product, ProductImage
from tokodesa.catalog.search import search
from tokodesa.core.paging import CappedPaginator
from tokodesa.core.tenancy import across_villages
from tokodesa.insights.selectors import Catalog, catalog_figures, child_catalog_figures
from tokodesa.regions.models import Region
from tokodesa.regions.selectors import region_children, region_path
from tokodesa.villages.models import Domain, Village

from .models import Highlight

PAGE_SIZE = 24
MAX_SHOPS_LISTED = 120
SORTS = {
    "terbaru": ("-created_at", "-id"),
    "termurah": ("price_min", "id"),
    "termahal": ("-price_min", "id"),
}


def _open_products() -> QuerySet:
    return Product.objects.filter(
        status=Product.Status.ACTIVE,
        seller__status="active",
        village__status=Village.Status.ACTIVE,
    )


def in_region(code: str, field: str = "region_code") -> Q:
    """Villages (or rows through ``field``) of the region ``code`` and below: a range of the
    dotted codes ("17.08." up to "17.08/"), which a plain b-tree index serves."""
    return Q(**{field: code}) | Q(**{f"{field}__gte": code + ".", f"{field}__lt": code + "/"})


def _primary_host(outer: str = "village"):
    return Subquery(
        Domain.objects.filter(village=OuterRef(outer), is_primary=True).values("host")[:1]
    )


def _for_cards(products: QuerySet) -> QuerySet:
    cover = ProductImage.objects.order_by("position", "id")[:1]
    return products.select_related("seller", "village").prefetch_related(
        Prefetch("images", queryset=cover, to_attr="covers")
    )


@dataclass(frozen=True)
class ProductFilters:
    query: str = ""
    category_ids: list[int] | None = None
    province: str = ""  # where the village is
    regency: str = ""
    price_min: int | None = None
    price_max: int | None = None
    near: str = ""  # the buyer's province: villages there first, then its island
    sort: str = ""


def portal_products(*, filters: ProductFilters, page=1) -> Page:
    """Products on sale in every open village shop, filtered; best matches (or the chosen
    order) first; each with its village (3 queries: count, page, cover photos)."""
    with across_villages("the national portal lists every open village's products"):
        products = _open_products()
        if filters.category_ids is not None:
            products = products.filter(category_id__in=filters.category_ids)
        if filters.regency or filters.province:
            products = products.filter(
                in_region(filters.regency or filters.province, "village__region_code")
            )
        if filters.price_min is not None:
            products = products.filter(price_max__gte=filters.price_min)
        if filters.price_max is not None:
            products = products.filter(price_min__lte=filters.price_max)
        order: list = []
        if filters.near:
            island = filters.near[:1]  # 1x Sumatra, 3x Java, 5x Bali–Nusa Tenggara, …
            order.append(
                Case(
                    When(in_region(filters.near, "village__region_code"), then=Value(0)),
                    When(village__region_code__startswith=island, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
        known = None
        if filters.query:
            found = search(products, filters.query)
            ranked = list(found.products.query.order_by)
            products, known = found.products.order_by(*order, *ranked), found.count
        else:
            products = products.order_by(*order, *SORTS.get(filters.sort, SORTS["terbaru"]))
        page = CappedPaginator(_for_cards(products), PAGE_SIZE, known=known).get_page(page)
        page.object_list = list(page.object_list)
    return page


@dataclass(frozen=True)
class RegionPage:
    region: Region | None  # None: all Indonesia
    path: list[Region]
    figures: Catalog
    children: list[tuple[Region, Catalog]]  # with at least one shop open, preparing or applying
    villages: list[Village]  # open shops of a kabupaten/kota and below, by name


def region_page(*, code: str = "") -> RegionPage | None:
    """A level of the map: the region, its children with their figures, its open shops."""
    path = region_path(code=code) if code else []
    if code and not path:
        return None
    region = path[-1] if path else None
    level = len(path)
    figures = catalog_figures(codes=[code])[code]
    children = []
    if level < 4:
        below = child_catalog_figures(parent_code=code, level=level + 1)
        names = {r.code: r for r in region_children(parent_code=code or None)}
        children = sorted(
            ((names[c], f) for c, f in below.items() if c in names),
            key=lambda pair: (-pair[1].shops, pair[0].name),
        )
    villages = []
    if level >= 2:  # above a kabupaten the children say more than a list of shops
        with across_villages("the portal shows the open shops of a region"):
            villages = list(
                Village.objects.filter(in_region(code), status=Village.Status.ACTIVE)
                .annotate(primary_host=_primary_host("pk"))
                .order_by("name")[:MAX_SHOPS_LISTED]
            )
    return RegionPage(region, path, figures, children, villages)


def provinces_with_figures() -> list[tuple[Region, Catalog]]:
    return region_page(code="").children


@dataclass(frozen=True)
class Home:
    highlighted_shops: list[Village]
    highlighted_products: list[Product]
    new_villages: list[Village]
    figures: Catalog


def portal_home(*, today: date | None = None) -> Home:
    """What the portal's front page shows besides the provinces."""
    today = today or timezone.localdate()
    month_start = datetime.combine(today.replace(day=1), time.min, timezone.get_current_timezone())
    with across_villages("the portal's front page shows every open village"):
        live = (
            Highlight.objects.filter(shop__status=Village.Status.ACTIVE)
            .filter(Q(starts__isnull=True) | Q(starts__lte=today))
            .filter(Q(ends__isnull=True) | Q(ends__gte=today))
        )
        shop_ids = list(live.filter(product__isnull=True).values_list("shop_id", flat=True)[:8])
        product_ids = list(
            live.filter(product__status=Product.Status.ACTIVE).values_list("product_id", flat=True)[
                :8
            ]
        )
        shops = {
            v.pk: v
            for v in Village.objects.filter(pk__in=shop_ids).annotate(
                primary_host=_primary_host("pk")
            )
        }
        products = {p.pk: p for p in _for_cards(_open_products().filter(pk__in=product_ids))}
        new = list(
            Village.objects.filter(status=Village.Status.ACTIVE, created_at__gte=month_start)
            .annotate(primary_host=_primary_host("pk"))
            .order_by("-created_at")[:8]
        )
    return Home(
        [shops[pk] for pk in shop_ids if pk in shops],
        [products[pk] for pk in product_ids if pk in products],
        new,
        catalog_figures(codes=[""])[""],
    )


def _regions_with_shops(level: int | None = None) -> QuerySet:
    from tokodesa.insights.models import Figure

    rows = Figure.objects.filter(kind=Figure.Kind.CATALOG, key="shops", count__gt=0, level__gte=1)
    return rows.filter(level=level) if level else rows


def regions_with_shops_per_level() -> dict[int, int]:
    """How many regions of each level (1 province … 4 desa) have an open shop."""
    return dict(
        _regions_with_shops().values("level").annotate(n=Count("id")).values_list("level", "n")
    )


def regions_with_shops(*, level: int, offset: int = 0, limit: int = 40_000) -> list[str]:
    """Codes of the regions of ``level`` with an open shop, for the sitemaps."""
    rows = _regions_with_shops(level).order_by("region_code").values_list("region_code", flat=True)
    return list(rows[offset : offset + limit])
