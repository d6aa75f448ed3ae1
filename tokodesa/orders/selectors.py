import secrets

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.utils.translation import gettext as _

from .models import FIRST_TRANSFER, Order, OrderEvent, OrderLine

UNIQUE_CODES = range(1, 1000)


def unique_code_choose(*, village, total: int, keep: int = 0, deposit: int = 0) -> int:
    """A kode unik (1–999) such that no open order of the village awaits the same first
    transfer (``total`` + code, or a pre-order's ``deposit`` + code): ``keep`` while it is
    still free (the code the buyer was shown), else one drawn at random.

    A code shown but not yet used is not reserved: another order may take it first, which the
    database then refuses (``Order``'s unique first transfer among open orders).
    """
    first = deposit or total
    taken = set(
        Order.objects.filter(village=village, status__in=Order.OPEN_STATUSES, unique_code__gt=0)
        .annotate(first=FIRST_TRANSFER)
        .filter(first__range=(first + 1, first + UNIQUE_CODES[-1]))
        .values_list("first", flat=True)
    )
    if keep in UNIQUE_CODES and first + keep not in taken:
        return keep
    free = [code for code in UNIQUE_CODES if first + code not in taken]
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


#: Orders still going whose pre-ordered goods may be waited for.
PREORDER_STATUSES = ("awaiting_confirmation", "awaiting_payment", "deposit_paid", "paid")


def preorder_lines_waiting(*, village, seller=None):
    """Pre-ordered lines whose goods are not ready yet, in orders still going (placed, deposit
    paid, or paid in full)."""
    lines = OrderLine.objects.filter(
        village=village,
        ready_on__isnull=False,
        ready_at__isnull=True,
        order__status__in=PREORDER_STATUSES,
    )
    return lines.filter(seller=seller) if seller is not None else lines


def preorder_batches(*, village, seller=None, limit: int = 2000) -> list[dict]:
    """Pre-orders waiting for their goods, one batch per product, soonest ready first: how
    many units and orders, and how far each order's money is (placed, deposit paid, paid)."""
    lines = (
        preorder_lines_waiting(village=village, seller=seller)
        .select_related("order")
        .annotate(product_id=F("variant__product_id"))
        .order_by("ready_on", "product_name", "order_id")[:limit]
    )
    batches: dict[int, dict] = {}
    for line in lines:
        product_id = line.product_id or 0  # 0: the product was deleted since
        batch = batches.setdefault(
            product_id,
            {
                "product_id": product_id,
                "product": line.product_name,
                "seller": line.seller_name,
                "ready_on": line.ready_on,
                "units": 0,
                "orders": {},
            },
        )
        batch["units"] += line.quantity
        batch["orders"][line.order.code] = line.order
    for batch in batches.values():
        orders = list(batch["orders"].values())
        batch["orders"] = orders
        batch["deposit_paid"] = sum(o.status == "deposit_paid" for o in orders)
        batch["paid"] = sum(o.status == "paid" for o in orders)
        batch["unpaid"] = len(orders) - batch["deposit_paid"] - batch["paid"]
    return [batch for batch in batches.values() if batch["product_id"]]


def orders_awaiting_balance(*, village, limit: int = 200):
    """Pre-orders whose goods are ready and whose rest is not paid yet, the longest due first."""
    from .models import Order

    return Order.objects.filter(village=village, status=Order.Status.AWAITING_BALANCE).order_by(
        "expires_at", "id"
    )[:limit]
