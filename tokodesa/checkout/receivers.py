"""Where payments meet orders (connected in ``apps.CheckoutConfig.ready``)."""

from tokodesa.orders.services import order_mark_paid


def order_paid_when_accepted(*, order, actor, reason, **kwargs) -> None:
    """Money accepted for an order makes it paid, in the payment's own transaction (an order
    that cannot be paid any more raises, and the payment is not recorded)."""
    order_mark_paid(order=order, actor=actor, reason=reason)
