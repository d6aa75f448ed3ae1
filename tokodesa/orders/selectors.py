from django.db.models import Prefetch

from .models import Order, OrderEvent, OrderLine


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
