"""Order events for the village's webhooks (connected in ``apps.ApiConfig.ready``)."""

from tokodesa.orders.models import Order

from .models import Event
from .services import webhooks_tell

S = Order.Status
EVENTS = {
    S.PAID: Event.PAID,
    S.SHIPPED: Event.SHIPPED,
    S.COMPLETED: Event.COMPLETED,
    S.CANCELLED: Event.CANCELLED,
}


def order_placed(*, order, **kwargs) -> None:
    webhooks_tell(order=order, event=Event.PLACED)


def order_moved(*, order, to_status, **kwargs) -> None:
    if to_status in EVENTS:
        webhooks_tell(order=order, event=EVENTS[to_status])
