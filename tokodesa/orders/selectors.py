import secrets

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import Order, OrderEvent, OrderLine

UNIQUE_CODES = range(1, 1000)


def unique_code_choose(*, village, total: int, keep: int = 0) -> int:
    """A kode unik (1–999) such that no open order of the village awaits ``total`` + code:
    ``keep`` while it is still free (the code the buyer was shown), else one drawn at random.

    A code shown but not yet used is not reserved: another order may take it first, which the
    database then refuses (``Order``'s unique amount among open orders).
    """
    taken = set(
        Order.objects.filter(
            village=village,
            status__in=Order.OPEN_STATUSES,
            unique_code__gt=0,
            payable__range=(total + 1, total + UNIQUE_CODES[-1]),
        ).values_list("payable", flat=True)
    )
    if keep in UNIQUE_CODES and total + keep not in taken:
        return keep
    free = [code for code in UNIQUE_CODES if total + code not in taken]
    if not free:
        raise ValidationError(_("The shop is very busy right now. Please try again in a moment."))
    return secrets.choice(free)


def order_by_idempotency_key(*, village, key: str) -> Order | None:
    """The order a form with this idempotency key placed, if any."""
    return Order.objects.filter(village=village, idempotency_key=key[:64]).first() if key else None


def order_for_page(*, village, code: str) -> Order | None:
    """An order of this village with its lines and history (3 queries)."""
    return (
        Order.objects.filter(village=village, code=code.strip().upper()[:12])
        .select_related("village")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.order_by("id")),
            Prefetch("events", queryset=OrderEvent.objects.order_by("created_at", "id")),
        )
        .first()
    )


def orders_for_team(*, village, status: str | None = None, limit: int = 100):
    orders = Order.objects.filter(village=village)
    if status:
        orders = orders.filter(status=status)
    return orders.order_by("-created_at", "-id")[:limit]


def packing_groups(*, village) -> list[dict]:
    """Lines of paid and preparing orders grouped by seller: what each villager brings."""
    from .models import Order

    lines = (
        OrderLine.objects.filter(
            village=village, order__status__in=[Order.Status.PAID, Order.Status.PROCESSING]
        )
        .select_related("order")
        .order_by("seller_name", "seller_id", "product_name", "variant_label", "order_id")
    )
    groups: dict[int, dict] = {}
    for line in lines:
        group = groups.setdefault(
            line.seller_id, {"seller": line.seller_name, "lines": [], "units": 0}
        )
        group["lines"].append(line)
        group["units"] += line.quantity
    return list(groups.values())


def seller_lines(*, seller, statuses: tuple[str, ...], limit: int = 200):
    """A seller's own order lines in these order states, newest first."""
    return (
        OrderLine.objects.filter(seller=seller, order__status__in=statuses)
        .select_related("order")
        .order_by("-order__created_at", "id")[:limit]
    )
