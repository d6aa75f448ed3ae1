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
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.core.tenancy import across_villages

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


def _today(village) -> date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(village.time_zone))


def _applies(voucher: Voucher, line) -> bool:
    sellers = {s.pk for s in voucher.sellers.all()}
    categories = {c.pk for c in voucher.categories.all()}
    products = {p.pk for p in voucher.products.all()}
    if not (sellers or categories or products):
        return True
    return (
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
    today = today or _today(voucher.village)
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
    eligible = [line for line in lines if _applies(voucher, line)]
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
            today=_today(village),
        )
    except VoucherRefused as refused:
        return None, refused.messages[0]
    return deal, None


def vouchers_for_team(*, village):
    """The shop's vouchers with their uses (orders not ended unsold) and what they cost."""
    kept = Q(uses__released=False)
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
