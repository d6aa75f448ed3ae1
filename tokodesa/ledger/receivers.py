"""How the ledger answers what orders announce (connected in ``apps.LedgerConfig.ready``)."""

from tokodesa.orders.models import Order

from .services import earnings_record


def earn_when_completed(*, order, to_status, **kwargs) -> None:
    """Each line of a completed order becomes its seller's earning, in the same transaction."""
    if to_status == Order.Status.COMPLETED:
        earnings_record(order=order)
