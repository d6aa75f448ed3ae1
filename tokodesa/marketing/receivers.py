"""How promotions answer what orders and the catalogue announce (connected in
``apps.MarketingConfig.ready``)."""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from tokodesa.orders.models import Order

from .services import voucher_release

#: A changed catalogue rebuilds its feeds this long after the first change (later changes in
#: that time are in the same rebuild).
FEED_DELAY = timedelta(minutes=10)


def give_back_when_unsold(*, order, to_status, **kwargs) -> None:
    """A cancelled or expired order gives its voucher use back, in the same transaction."""
    if to_status in (Order.Status.CANCELLED, Order.Status.EXPIRED):
        voucher_release(order=order)


def rebuild_feeds_later(*, village_id, **kwargs) -> None:
    """A village whose feeds are fetched gets them rebuilt by the worker shortly after its
    catalogue changed. Without a worker that can wait (tasks in-process, ``make run``), the
    next fetch finds the feed stale and rebuilds it then."""
    from .tasks import build_feeds

    base = cache.get(f"feed-base:{village_id}")
    if not base or not build_feeds.get_backend().supports_defer:
        return
    if cache.add(f"feed-due:{village_id}", 1, int(FEED_DELAY.total_seconds())):
        later = build_feeds.using(run_after=timezone.now() + FEED_DELAY)
        transaction.on_commit(lambda: later.enqueue(village_id, base))
