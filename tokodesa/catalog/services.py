"""Write use-cases of the catalogue. One function per action, one transaction each."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.core import versions
from tokodesa.core.images import clean_photo
from tokodesa.core.numbers import MAX_PRICE, MAX_STOCK
from tokodesa.core.people import actor_label
from tokodesa.core.slugs import unique_slug
from tokodesa.core.tasks import enqueue_with_transaction
from tokodesa.core.tenancy import across_villages
from tokodesa.sellers.models import Seller
from tokodesa.villages.selectors import village_today

from . import signals
from .models import Category, PriceCut, Product, ProductImage, Variant
from .search import index_words
from .tasks import product_image_renditions


@dataclass(frozen=True)
class VariantData:
    label: str
    price: int
    weight_g: int
    stock: int = 0
    sku: str = ""
    length_cm: int | None = None  # packed size, for couriers' volumetric weight
    width_cm: int | None = None
    height_cm: int | None = None


def catalog_changed(*, village_id: int) -> None:
    """Forget cached facts about the village's catalogue (category counts, kept pages): a new
    random version, never one that was used before (a counter could start again at 1 after
    the cache lost it, and meet pages kept under the old 1)."""
    versions.renew(f"catalog-version:{village_id}")
    signals.catalog_changed.send(sender=None, village_id=village_id)


def product_refresh(*, product: Product) -> Product:
    """Recompute what lists sort and search on: price range, total stock, search words.

    Called by every service that changes a product, its variants or its seller's name.
    """
    summary = product.variants.aggregate(
        low=Min("price"),
        high=Max("price"),
        stock=Sum("stock"),
        listed=Min(Coalesce("list_price", "price")),
        cut=Count("pk", filter=Q(list_price__isnull=False)),
    )
    category = product.category
    parent_name = category.parent.name if category.parent_id else ""
    product.price_min = summary["low"] or 0
    product.price_max = summary["high"] or 0
    product.stock_total = summary["stock"] or 0
    product.list_price_min = summary["listed"] if summary["cut"] else None
    product.search_name = index_words(product.name)
    product.search_text = index_words(
        product.description,
        category.name,
        parent_name,
        product.seller.display_name,
        product.seller.shop_name,
        product.get_unit_display(),
        product.ingredients,
    )
    Product.objects.filter(pk=product.pk).update(
        price_min=product.price_min,
        price_max=product.price_max,
        stock_total=product.stock_total,
        list_price_min=product.list_price_min,
        search_name=product.search_name,
        search_text=product.search_text,
    )
    # Now for this transaction's own reads, and again after commit so that no one caches the
    # counts as they were just before it.
    catalog_changed(village_id=product.village_id)
    transaction.on_commit(lambda: catalog_changed(village_id=product.village_id))
    return product


@transaction.atomic
def product_create(
    *,
    seller: Seller,
    category: Category,
    name: str,
    variants: list[VariantData],
    description: str = "",
    unit: str = Product.Unit.PCS,
    status: str = Product.Status.DRAFT,
    is_featured: bool = False,
    **food_facts,
) -> Product:
    """Create a product with at least one variant."""
    if not variants:
        raise ValidationError(_("A product needs at least one variant with a price."))
    product = Product(
        village_id=seller.village_id,
        seller=seller,
        category=category,
        name=name.strip(),
        description=description.strip(),
        unit=unit,
        status=status,
        is_featured=is_featured,
        **food_facts,
    )
    product.slug = unique_slug(
        Product.objects.filter(village_id=seller.village_id),
        product.name,
        default="produk",
        max_length=120,
    )
    product.full_clean()
    product.save()
    for position, data in enumerate(variants):
        variant = Variant(
            village_id=seller.village_id,
            product=product,
            position=position,
            label=data.label,
            price=data.price,
            weight_g=data.weight_g,
            stock=data.stock,
            sku=data.sku,
            length_cm=data.length_cm,
            width_cm=data.width_cm,
            height_cm=data.height_cm,
        )
        variant.full_clean(exclude=["product", "village"])
        variant.save()
    return product_refresh(product=product)


@transaction.atomic
def product_image_add(
    *, product: Product, upload, alt: str = "", position: int | None = None
) -> ProductImage:
    """Check and clean a photo, store it, and queue its renditions.

    Raises ValidationError (a message for the villager) when the file is not a usable photo.
    """
    cleaned = clean_photo(upload)
    if position is None:
        position = product.images.count()
    image = ProductImage(
        village_id=product.village_id, product=product, alt=alt.strip()[:160], position=position
    )
    image.image.save(f"{product.village_id}/{cleaned.name}", cleaned, save=False)
    image.save()
    enqueue_with_transaction(product_image_renditions, image.village_id, image.pk)
    return image


def stock_take(*, village_id: int, quantities: dict[int, int]) -> list[int]:
    """Take ``quantities`` ({variant id: units}) from stock; return the ids that were short.

    One conditional UPDATE for all the variants (``stock >= units``, so stock never goes below
    zero) and one for their products' totals; on PostgreSQL each first locks its rows in id
    order (a fixed lock order, so concurrent checkouts and product edits cannot deadlock).
    Must run inside the caller's transaction, which rolls back when anything was short.
    """
    if not quantities:
        return []
    taken = _add_stock(Variant, "stock", village_id, quantities, sign=-1)
    if len(taken) < len(quantities):
        return sorted(set(quantities) - set(taken))
    _products_follow(village_id, quantities, taken, sign=-1)
    return []


def stock_release(*, village_id: int, quantities: dict[int, int]) -> None:
    """Put units back (a cancelled or expired order). Variants deleted since are skipped."""
    if quantities:
        taken = _add_stock(Variant, "stock", village_id, quantities, sign=1)
        _products_follow(village_id, quantities, taken, sign=1)


def _products_follow(village_id: int, quantities: dict, products: dict, *, sign: int) -> None:
    """The products' ``stock_total`` moves with their variants' stock."""
    per_product: dict[int, int] = {}
    for variant_id, product_id in products.items():
        per_product[product_id] = per_product.get(product_id, 0) + quantities[variant_id]
    if per_product:
        _add_stock(Product, "stock_total", village_id, per_product, sign=sign)
    # "Out of stock" on the shop's pages, once this commits.
    transaction.on_commit(lambda: catalog_changed(village_id=village_id))


def _add_stock(model, column: str, village_id: int, amounts: dict[int, int], *, sign: int):
    """Add ``sign`` × amount to ``column`` of each row, in one statement; taking (sign -1)
    only where enough is left. Returns {id: product id (variants) or id} of the rows changed.

    Written in SQL because the ORM cannot update many rows by different amounts with a
    condition and return them; the statement is the same on PostgreSQL and SQLite (3.35+),
    but for the row locks SQLite does not need (its write transaction holds the database).
    """
    table = connection.ops.quote_name(model._meta.db_table)
    col = connection.ops.quote_name(column)
    rows = sorted(amounts.items())
    values = ", ".join(["(CAST(%s AS integer), CAST(%s AS integer))"] * len(rows))
    params: list = [n for pair in rows for n in pair]
    lock, lock_from, lock_where = "", "", ""
    if connection.vendor == "postgresql":
        lock = (
            f", locked(lid) AS MATERIALIZED (SELECT t.id FROM {table} t"  # noqa: S608
            " JOIN wanted ON wid = t.id"
            " WHERE t.village_id = %s ORDER BY t.id FOR UPDATE OF t)"
        )
        lock_from, lock_where = ", locked", " AND lid = t.id"
        params.append(village_id)
    enough = f" AND t.{col} >= n" if sign < 0 else ""
    # Unqualified: SQLite's RETURNING does not know the table's alias.
    other = "product_id" if model is Variant else "id"
    sql = (
        f"WITH wanted(wid, n) AS (VALUES {values}){lock} "  # noqa: S608 (names from the models)
        f"UPDATE {table} AS t SET {col} = t.{col} + %s * n FROM wanted{lock_from} "
        f"WHERE wid = t.id AND t.village_id = %s{lock_where}{enough} "
        f"RETURNING id, {other}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, sign, village_id])
        return dict(cursor.fetchall())


@dataclass(frozen=True)
class VariantChange:
    """A variant as a seller edits it; ``id`` None for a new one."""

    label: str
    price: int
    weight_g: int
    stock: int
    id: int | None = None
    sku: str = ""
    stock_seen: int | None = None  # the stock the form showed (None: set it as given)
    length_cm: int | None = None
    width_cm: int | None = None
    height_cm: int | None = None


def _status_after_edit(product: Product, *, by_seller: bool) -> str:
    if by_seller and product.village.review_products and product.status == Product.Status.ACTIVE:
        return Product.Status.REVIEW
    return product.status


@transaction.atomic
def product_update(
    *, product: Product, by_seller: bool, variants: list[VariantChange], actor=None, **fields
) -> Product:
    """Change a product and its variants. When the village reviews products, a seller's edit of
    a product on sale sends it back to review. Variants missing from ``variants`` are removed
    (past orders keep their own copy of what was bought).

    Stock is changed by the difference between what the form showed (``stock_seen``) and what
    was typed, applied to the stock as it is now: units sold while the form was open stay sold.
    Rows are locked in the same order as checkout (variants by id, then the product), so an
    edit and a purchase of the same product never deadlock.
    """
    if not variants:
        raise ValidationError(_("A product needs at least one variant with a price."))
    existing = {
        v.pk: v for v in Variant.objects.select_for_update().filter(product=product).order_by("pk")
    }
    for name, value in fields.items():
        setattr(product, name, value.strip() if isinstance(value, str) else value)
    product.status = _status_after_edit(product, by_seller=by_seller)
    product.full_clean(exclude=["slug"])
    product.save()
    keep = set()
    prices_before, prices_after = {}, {}
    for position, change in enumerate(variants):
        variant = existing.get(change.id) if change.id else None
        if variant is not None and variant.price != change.price and variant.list_price:
            raise ValidationError(
                _(
                    "The prices of %(name)s are cut until the price cut ends. End the price "
                    "cut first, then change the prices."
                )
                % {"name": product.name}
            )
        if variant is not None and variant.price != change.price:
            prices_before[variant.label], prices_after[change.label] = variant.price, change.price
        delta = 0
        if variant is None:
            variant = Variant(village_id=product.village_id, product=product, stock=change.stock)
        elif change.stock_seen is not None:
            delta = change.stock - change.stock_seen
        else:
            delta = change.stock - variant.stock
        variant.label, variant.price, variant.weight_g = change.label, change.price, change.weight_g
        variant.sku, variant.position = change.sku, position
        variant.length_cm, variant.width_cm = change.length_cm, change.width_cm
        variant.height_cm = change.height_cm
        variant.full_clean(exclude=["product", "village", "stock"])
        if variant.pk is None:
            variant.save()
        else:
            variant.save(
                update_fields=[
                    "label",
                    "price",
                    "weight_g",
                    "sku",
                    "position",
                    "length_cm",
                    "width_cm",
                    "height_cm",
                ]
            )
            if delta and not Variant.objects.filter(pk=variant.pk, stock__gte=-delta).update(
                stock=F("stock") + delta
            ):
                raise ValidationError(
                    _(
                        "The stock of %(label)s changed while you were editing (something was "
                        "sold). Please open the page again."
                    )
                    % {"label": variant.label}
                )
        keep.add(variant.pk)
    product.variants.exclude(pk__in=keep).delete()
    if prices_before:
        audit_record(
            village_id=product.village_id,
            actor=actor,
            action="price_changed",
            subject=product.name,
            before=prices_before,
            after=prices_after,
        )
    return product_refresh(product=product)


def product_submit(*, product: Product) -> Product:
    """A seller puts a draft (or paused) product up for sale: to review when the village
    reviews products, else straight on sale."""
    target = Product.Status.REVIEW if product.village.review_products else Product.Status.ACTIVE
    return _set_status(product, (Product.Status.DRAFT,), target)


def product_pause(*, product: Product) -> Product:
    """Take a product off sale for a while (e.g. out of season)."""
    return _set_status(
        product, (Product.Status.ACTIVE, Product.Status.REVIEW), Product.Status.DRAFT
    )


def product_approve(*, product: Product) -> Product:
    return _set_status(product, (Product.Status.REVIEW,), Product.Status.ACTIVE)


def product_reject(*, product: Product) -> Product:
    return _set_status(product, (Product.Status.REVIEW,), Product.Status.DRAFT)


@transaction.atomic
def _set_status(product: Product, sources: tuple, target: str) -> Product:
    moved = Product.objects.filter(pk=product.pk, status__in=sources).update(status=target)
    if not moved:
        raise ValidationError(_("This product cannot change that way now."))
    product.refresh_from_db()
    catalog_changed(village_id=product.village_id)
    return product


@transaction.atomic
def variant_stock_adjust(*, variant: Variant, delta: int) -> Variant:
    """Add or take units (one tap ±). Stock never goes below zero."""
    if not isinstance(delta, int) or not -10_000 <= delta <= 10_000 or delta == 0:
        raise ValidationError(_("Change the stock by a whole number."))
    moved = Variant.objects.filter(
        pk=variant.pk, stock__gte=max(0, -delta), stock__lte=MAX_STOCK - max(0, delta)
    ).update(stock=F("stock") + delta)
    if not moved:
        if delta > 0:
            raise ValidationError(_("The stock cannot go above %(max)d.") % {"max": MAX_STOCK})
        raise ValidationError(_("The stock cannot go below zero."))
    Product.objects.filter(pk=variant.product_id).update(stock_total=F("stock_total") + delta)
    variant.refresh_from_db()
    catalog_changed(village_id=variant.village_id)  # kept pages showed the old stock
    return variant


@transaction.atomic
def variant_price_set(*, variant: Variant, price, actor=None) -> Variant:
    """Change one variant's price (the API's stock-and-price updates): the same checks and
    audit as the product form; refused while a price cut is on."""
    variant = Variant.objects.select_for_update().select_related("product").get(pk=variant.pk)
    if not isinstance(price, int) or isinstance(price, bool) or not 1 <= price <= MAX_PRICE:
        raise ValidationError({"price": _("Enter a price in whole rupiah.")})
    if variant.price == price:
        return variant
    if variant.list_price:
        raise ValidationError(
            _(
                "The prices of %(name)s are cut until the price cut ends. End the price cut "
                "first, then change the prices."
            )
            % {"name": variant.product.name}
        )
    before = variant.price
    Variant.objects.filter(pk=variant.pk).update(price=price)
    variant.price = price
    audit_record(
        village_id=variant.village_id,
        actor=actor,
        action="price_changed",
        subject=variant.product.name,
        before={variant.label: before},
        after={variant.label: price},
    )
    product_refresh(product=variant.product)
    return variant


@transaction.atomic
def product_image_remove(*, product: Product, image_id) -> None:
    """Take a photo off a product (its files go too). Unknown ids change nothing."""
    from tokodesa.core.images import rendition_name
    from tokodesa.core.numbers import posted_id

    image = ProductImage.objects.filter(product=product, pk=posted_id({"id": image_id}, "id"))
    image = image.first()
    if image is None:
        return
    storage, name, widths = image.image.storage, image.image.name, image.rendition_widths
    image.delete()

    def delete_files():
        for path in [name, *(rendition_name(name, w) for w in widths)]:
            if storage.exists(path):
                storage.delete(path)

    transaction.on_commit(delete_files)


IMPORT_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ProductImport:
    created: int  # products saved; 0 when the file was refused
    variants: int
    problems: list  # catalog.imports.RowProblem, every wrong row


def products_import(*, village, data: bytes | str, on_sale: bool = True) -> ProductImport:
    """Add the products of a spreadsheet (``catalog.imports``) to the village shop.

    All or nothing: when any row is wrong nothing is saved and every wrong row is listed with
    its line number, so the team fixes the sheet and sends it again. ``on_sale`` puts them on
    sale at once (the team's own import), else they wait as drafts.
    """
    from .imports import read_products

    products, problems = read_products(village=village, data=data)
    if problems:
        return ProductImport(0, 0, problems)
    status = Product.Status.ACTIVE if on_sale else Product.Status.DRAFT
    with transaction.atomic():
        for rows in products:
            product_create(
                seller=rows.seller,
                category=rows.category,
                name=rows.name,
                unit=rows.unit,
                description=rows.description,
                status=status,
                variants=[
                    VariantData(label=label, price=price, weight_g=weight, stock=stock, sku=sku)
                    for label, price, weight, stock, sku in rows.variants
                ],
            )
    return ProductImport(len(products), sum(len(rows.variants) for rows in products), [])


def _cut(price: int, percent: int) -> int:
    """A price less ``percent`` %, rounded down to whole rupiah (never below Rp1)."""
    return max(1, price * (100 - percent) // 100)


@transaction.atomic
def price_cut_set(*, product: Product, percent, starts_on, ends_on, actor) -> PriceCut:
    """Cut the product's prices by ``percent`` from ``starts_on`` to ``ends_on`` (days in the
    village's calendar); a cut starting today is applied at once. One cut at a time."""
    errors = {}
    if not isinstance(percent, int) or not 1 <= percent <= 90:
        errors["percent"] = _("A price cut is between 1 and 90 percent.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The last day comes after the first.")
    if ends_on and ends_on < village_today(product.village):
        errors["ends_on"] = _("The last day has passed already.")
    if errors:
        raise ValidationError(errors)
    Product.objects.select_for_update().filter(pk=product.pk).first()
    if PriceCut.objects.filter(product=product, ended=False).exists():
        raise ValidationError(_("This product already has a price cut. End it first."))
    cut = PriceCut.objects.create(
        village_id=product.village_id,
        product=product,
        percent=percent,
        starts_on=starts_on,
        ends_on=ends_on,
        actor_label=actor_label(actor),
    )
    price_cuts_apply(product_id=product.pk)
    cut.refresh_from_db()
    return cut


@transaction.atomic
def price_cut_end(*, cut: PriceCut, actor=None) -> PriceCut:
    """End a price cut now (or before it starts): the prices go back to the list prices."""
    PriceCut.objects.filter(pk=cut.pk, village=cut.village_id).update(
        ends_on=min(cut.ends_on, village_today(cut.product.village) - timedelta(days=1)),
        starts_on=min(cut.starts_on, village_today(cut.product.village) - timedelta(days=1)),
    )
    price_cuts_apply(product_id=cut.product_id)
    cut.refresh_from_db()
    return cut


def price_cuts_apply(*, product_id: int | None = None) -> int:
    """Start the cuts whose first day has come and end those whose last day has passed, in
    each village's own calendar (scheduled hourly; at once for a cut set or ended). Returns
    the number of cuts started or ended."""
    changed = 0
    with across_villages("the scheduler applies every village's price cuts"):
        cuts = PriceCut.objects.filter(ended=False).select_related("product__village")
        if product_id is not None:
            cuts = cuts.filter(product_id=product_id)
        for cut in cuts:
            today = village_today(cut.product.village)
            if not cut.applied and cut.starts_on <= today <= cut.ends_on:
                changed += _price_cut_switch(cut, on=True)
            elif today > cut.ends_on:
                changed += _price_cut_switch(cut, on=False)
    return changed


@transaction.atomic
def _price_cut_switch(cut: PriceCut, *, on: bool) -> int:
    variants = list(Variant.objects.select_for_update().filter(product_id=cut.product_id))
    before = {v.label: v.price for v in variants}
    for variant in variants:
        if on:
            variant.list_price = variant.list_price or variant.price
            variant.price = _cut(variant.list_price, cut.percent)
        elif variant.list_price:
            variant.price, variant.list_price = variant.list_price, None
    Variant.objects.bulk_update(variants, ["price", "list_price"])
    if on:
        PriceCut.objects.filter(pk=cut.pk).update(applied=True)
    else:
        PriceCut.objects.filter(pk=cut.pk).update(ended=True)
    audit_record(
        village_id=cut.village_id,
        actor=None,
        action="price_changed",
        subject=cut.product.name,
        before=before,
        after={v.label: v.price for v in variants},
    )
    product_refresh(product=cut.product)
    return 1


def product_rating_set(*, product_id: int, village_id: int, count: int, total: int) -> None:
    """The buyers' ratings shown for a product (from reviews.services): kept on the product
    so cards show them without a query; pages kept with the old figures are not shown again."""
    Product.objects.filter(village=village_id, pk=product_id).update(
        rating_count=count, rating_total=total
    )
    catalog_changed(village_id=village_id)
    transaction.on_commit(lambda: catalog_changed(village_id=village_id))
