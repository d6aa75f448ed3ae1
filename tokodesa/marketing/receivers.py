"""How promotions answer what orders announce (connected in ``apps.MarketingConfig.ready``)."""

from tokodesa.orders.models import Order

from .services import voucher_release


def give_back_when_unsold(*, order, to_status, **kwargs) -> None:
    """A cancelled or expired order gives its voucher use back, in the same transaction."""
    if to_status in (Order.Status.CANCELLED, Order.Status.EXPIRED):
        voucher_release(order=order)
