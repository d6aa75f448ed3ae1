"""What a voucher takes off a cart, and what the team sees of its vouchers.

Discount rule (ADR 18): the goods discount is computed on the lines the voucher applies to
(its sellers, categories or products; every line when it names none): a percentage rounded
down to whole rupiah, or a rupiah amount; never more than the voucher's largest discount nor
than those lines cost. It is split across those lines in proportion to their totals by the
largest-remainder method, so the lines' discounts add up to the discount exactly and no line
is discounted below zero. The shipping discount is the whole fee (free shipping) or up to an
amount. Nothing in it comes from the browser but the code.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.core.tenancy import across_villages
from tokodesa.villages.selectors import village_today

from .counting import pending
from .models import Voucher, VoucherUse

MAX_CODE = 20


class VoucherRefused(ValidationError):
    """The voucher cannot be used for this cart (the message says why, to the buyer)."""

    def __init__(self, message: str):
        super().__init__(message, code="voucher")


@dataclass(frozen=True)
class Deal:
    """What a voucher takes off one cart: the goods (split per variant), the shipping."""

    voucher_id: int
    code: str
    bearer: str
    discount: int = 0
    shipping_discount: int = 0
    lines: dict[int, int] = field(default_factory=dict)  # variant id → its part of discount

    @property
    def saving(self) -> int:
        return self.discount + self.shipping_discount


def clean_code(code: str) -> str:
    return "".join(str(code or "").split()).upper()[:MAX_CODE]


def voucher_by_code(*, village, code: str) -> Voucher | None:
    code = clean_code(code)
    if not code:
        return None
    return (
        Voucher.objects.filter(village=village, code=code, is_active=True)
        .prefetch_related("sellers", "categories", "products")
        .first()
    )


def split(amount: int, weights: list[int]) -> list[int]:
    """``amount`` in whole rupiah split in proportion to ``weights`` (largest remainder; ties
    to the earlier weight); the parts add up to ``amount`` and none exceeds its weight when
    ``amount`` is at most their sum."""
    total = sum(weights)
    if amount <= 0 or total <= 0:
        return [0] * len(weights)
    parts = [amount * w // total for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in order[: amount - sum(parts)]:
        parts[i] += 1
    return parts


def _scope(voucher: Voucher):
    """Whether a cart line is one the voucher applies to (every line when it names none)."""
    sellers = {s.pk for s in voucher.sellers.all()}
    categories = {c.pk for c in voucher.categories.all()}
    products = {p.pk for p in voucher.products.all()}
    if not (sellers or categories or products):
        return lambda line: True
    return lambda line: (
        line.seller_id in sellers or line.category_id in categories or line.product_id in products
    )


def voucher_deal(
    *,
    voucher: Voucher,
    lines,
    shipping_fee: int = 0,
    whatsapp: str = "",
    today: date | None = None,
) -> Deal:
    """What ``voucher`` takes off ``lines`` (cart lines priced now) and ``shipping_fee``.

    ``whatsapp`` (normalised), when known, is checked against the per-buyer limit. Raises
    VoucherRefused saying why the voucher does not apply.
    """
    today = today or village_today(voucher.village)
    when = {"date": formats.date_format(voucher.ends_on or today, "j F Y")}
    if today < voucher.starts_on:
        raise VoucherRefused(
            _("Voucher %(code)s can be used from %(date)s.")
            % {"code": voucher.code, "date": formats.date_format(voucher.starts_on, "j F Y")}
        )
    if voucher.ends_on and today > voucher.ends_on:
        raise VoucherRefused(
            _("Voucher %(code)s ended on %(date)s.") % {**when, "code": voucher.code}
        )
    if voucher.quota is not None and voucher.used >= voucher.quota:
        raise VoucherRefused(_("Voucher %(code)s has been used up.") % {"code": voucher.code})
    applies = _scope(voucher)
    eligible = [line for line in lines if applies(line)]
    if not eligible:
        raise VoucherRefused(
            _("Voucher %(code)s is not for the products in your cart.") % {"code": voucher.code}
        )
    base = sum(line.line_total for line in eligible)
    if base < voucher.min_subtotal:
        raise VoucherRefused(
            _("Voucher %(code)s needs a purchase of at least %(minimum)s (now %(now)s).")
            % {
                "code": voucher.code,
                "minimum": format_rupiah(voucher.min_subtotal),
                "now": format_rupiah(base),
            }
        )
    if whatsapp and voucher.per_buyer:
        uses = VoucherUse.objects.filter(
            voucher=voucher, buyer_whatsapp=whatsapp, released=False
        ).count()
        if uses >= voucher.per_buyer:
            raise VoucherRefused(
                _("This WhatsApp number has already used voucher %(code)s.")
                % {"code": voucher.code}
            )
    if voucher.kind == Voucher.Kind.PERCENT:
        discount = base * min(voucher.value, 100) // 100
    else:
        discount = voucher.value
    if voucher.max_discount:
        discount = min(discount, voucher.max_discount)
    discount = min(discount, base)
    shipping = 0
    if voucher.shipping == Voucher.Shipping.FREE:
        shipping = shipping_fee
    elif voucher.shipping == Voucher.Shipping.AMOUNT:
        shipping = min(voucher.shipping_off, shipping_fee)
    parts = split(discount, [line.line_total for line in eligible])
    per_variant: dict[int, int] = {}
    for line, part in zip(eligible, parts, strict=True):
        per_variant[line.variant_id] = per_variant.get(line.variant_id, 0) + part
    return Deal(voucher.pk, voucher.code, voucher.bearer, discount, shipping, per_variant)


def cart_deal(*, village, code: str, lines, shipping_fee: int = 0, whatsapp: str = ""):
    """(deal, problem) for the code a buyer typed: one of them is None (both when no code)."""
    if not clean_code(code):
        return None, None
    voucher = voucher_by_code(village=village, code=code)
    if voucher is None:
        return None, _("There is no voucher %(code)s in this shop.") % {"code": clean_code(code)}
    try:
        deal = voucher_deal(
            voucher=voucher,
            lines=lines,
            shipping_fee=shipping_fee,
            whatsapp=whatsapp,
            today=village_today(village),
        )
    except VoucherRefused as refused:
        return None, refused.messages[0]
    return deal, None


def vouchers_for_team(*, village, start: date | None = None, end: date | None = None):
    """The shop's vouchers with their uses (orders not ended unsold) and what they cost, all
    told or from ``start`` to ``end``."""
    kept = Q(uses__released=False)
    if start:
        kept &= Q(uses__created_at__date__gte=start)
    if end:
        kept &= Q(uses__created_at__date__lte=end)
    return Voucher.objects.filter(village=village).annotate(
        orders=Count("uses", filter=kept),
        cost=Sum("uses__discount", filter=kept, default=0)
        + Sum("uses__shipping_discount", filter=kept, default=0),
    )


def feed_version(*, village) -> str:
    """What a feed shows: the village's catalogue version, or for the national feed the day
    (it is rebuilt at most daily: Merchant Center and Meta fetch it daily)."""
    from tokodesa.catalog.selectors import catalog_version

    if village is None:
        return timezone.now().strftime("%Y-%m-%d")
    return catalog_version(village_id=village.pk)


def catalog_feed(*, village, kind: str):
    from .models import CatalogFeed

    if village is not None:
        return CatalogFeed.objects.filter(village=village, kind=kind).first()
    with across_villages("the national catalogue feed"):
        return CatalogFeed.objects.filter(village=None, kind=kind).first()


@dataclass(frozen=True)
class SourceRow:
    source: str
    views: int = 0
    carts: int = 0
    checkouts: int = 0
    orders: int = 0
    turnover: int = 0


@dataclass(frozen=True)
class ProductRow:
    product_id: int
    name: str
    views: int = 0
    carts: int = 0
    orders: int = 0
    quantity: int = 0


@dataclass(frozen=True)
class Marketing:
    """What the team's marketing page shows for a period (counts, not people)."""

    funnel: SourceRow
    sources: list[SourceRow]
    products: list[ProductRow]
    days: list[tuple[date, int, int]]  # (day, views, orders)
    vouchers: list


def marketing_figures(*, village, start: date, end: date, top: int = 20) -> Marketing:
    """Views → carts → checkouts → orders, per source, per product and per day, and the
    vouchers used, from ``start`` to ``end`` (days in the village's calendar). Orders placed
    and not ended unsold (cancelled, expired) count, with what buyers pay for the goods."""
    from tokodesa.orders.models import Order, OrderLine

    from .models import DailyCount

    counts = DailyCount.objects.filter(village=village, day__gte=start, day__lte=end)
    # The last minutes' counts, still in the cache (the worker adds them to the rows soon).
    recent = [
        (date.fromisoformat(day), kind, page, item, source, n)
        for (day, kind, page, item, source), n in pending(village_id=village.pk).items()
        if start.isoformat() <= day <= end.isoformat()
    ]
    recent_ids = {}
    if items := {item for *_rest, item, _source, _n in recent if item}:
        from tokodesa.catalog.selectors import product_ids_by_slug

        recent_ids = product_ids_by_slug(village_id=village.pk, slugs=items)
    by_source: dict[str, dict[str, int]] = {}
    for kind, source, n in counts.values_list("kind", "source").annotate(n=Sum("n")).order_by():
        by_source.setdefault(source, {})[kind] = n
    for _day, kind, _page, _item, source, n in recent:
        kinds = by_source.setdefault(source, {})
        kinds[kind] = kinds.get(kind, 0) + n
    zone = zoneinfo.ZoneInfo(village.time_zone)
    placed = Order.objects.filter(
        village=village,
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).exclude(status__in=[Order.Status.CANCELLED, Order.Status.EXPIRED])
    orders_by_source = {
        source: (n, turnover)
        for source, n, turnover in placed.values_list("source")
        .annotate(n=Count("id"), turnover=Sum("subtotal") - Sum("discount"))
        .order_by()
    }
    names = sorted(set(by_source) | set(orders_by_source), key=lambda s: (s == "", s))
    sources = [
        SourceRow(
            source,
            by_source.get(source, {}).get("view", 0),
            by_source.get(source, {}).get("cart", 0),
            by_source.get(source, {}).get("checkout", 0),
            *orders_by_source.get(source, (0, 0)),
        )
        for source in names
    ]
    sources.sort(key=lambda row: (-row.orders, -row.views, row.source))
    funnel = SourceRow(
        "",
        *(sum(getattr(row, name) for row in sources) for name in SourceRow.__dataclass_fields__
          if name != "source"),
    )  # fmt: skip
    per_product: dict[int, dict[str, int]] = {}
    for product_id, kind, n in (
        counts.filter(product__isnull=False)
        .values_list("product", "kind")
        .annotate(n=Sum("n"))
        .order_by()
    ):
        per_product.setdefault(product_id, {})[kind] = n
    for _day, kind, _page, item, _source, n in recent:
        if (product_id := recent_ids.get(item)) is not None:
            kinds = per_product.setdefault(product_id, {})
            kinds[kind] = kinds.get(kind, 0) + n
    lines = (
        OrderLine.objects.filter(village=village, order__in=placed, variant__isnull=False)
        .values_list("variant__product", "product_name")
        .annotate(orders=Count("order", distinct=True), quantity=Sum("quantity"))
        .order_by()
    )
    names_by_id: dict[int, str] = {}
    sold: dict[int, tuple[int, int]] = {}
    for product_id, name, n, quantity in lines:
        names_by_id[product_id] = name
        before = sold.get(product_id, (0, 0))
        sold[product_id] = (before[0] + n, before[1] + quantity)
    missing = set(per_product) - set(names_by_id)
    if missing:
        from tokodesa.catalog.selectors import product_names

        names_by_id.update(product_names(village=village, ids=missing))
    products = [
        ProductRow(
            product_id,
            names_by_id.get(product_id, "?"),
            per_product.get(product_id, {}).get("view", 0),
            per_product.get(product_id, {}).get("cart", 0),
            *sold.get(product_id, (0, 0)),
        )
        for product_id in set(per_product) | set(sold)
    ]
    products.sort(key=lambda row: (-row.orders, -row.views, row.name))
    views_by_day = dict(
        counts.filter(kind="view").values_list("day").annotate(n=Sum("n")).order_by()
    )
    for day, kind, _page, _item, _source, n in recent:
        if kind == "view":
            views_by_day[day] = views_by_day.get(day, 0) + n
    orders_by_day: dict[date, int] = {}
    for created in placed.values_list("created_at", flat=True):
        day = created.astimezone(zone).date()
        orders_by_day[day] = orders_by_day.get(day, 0) + 1
    days = sorted(set(views_by_day) | set(orders_by_day))
    vouchers = [v for v in vouchers_for_team(village=village, start=start, end=end) if v.orders]
    return Marketing(
        funnel,
        sources,
        products[:top],
        [(day, views_by_day.get(day, 0), orders_by_day.get(day, 0)) for day in days],
        vouchers,
    )


def product_views(*, village, product_ids, days: int = 30) -> dict[int, int]:
    """Page views of these products over the last ``days`` days (the stall's "Dilihat")."""
    from .models import DailyCount

    since = village_today(village) - timedelta(days=days - 1)
    rows = DailyCount.objects.filter(
        village=village, kind="view", product__in=list(product_ids), day__gte=since
    )
    return dict(rows.values_list("product").annotate(n=Sum("n")).order_by())
