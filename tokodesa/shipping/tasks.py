"""Shipping's scheduled work, through the tasks framework (queued by ``ops.schedule``)."""

from django_tasks import task


@task()
def complete_shipped_orders() -> int:
    """Complete orders shipped long ago (each village's "complete after" days)."""
    from .services import orders_complete_shipped

    return orders_complete_shipped()
