"""How payments answer what orders announce (connected in ``apps.PaymentsConfig.ready``)."""

from tokodesa.orders.models import Order

from .services import refund_record_due


def refund_due_when_cancelled(*, order, to_status, actor, reason, **kwargs) -> None:
    """A cancelled order that was paid owes the buyer their money back (made by hand)."""
    if to_status == Order.Status.CANCELLED:
        refund_record_due(order=order, actor=actor, reason=reason)
