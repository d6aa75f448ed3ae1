from django_tasks import task

from tokodesa.core.tenancy import across_villages, village_scope


@task()
def build_feeds(village_id: int | None, base: str) -> int:
    """Build a village's catalogue feeds (or, with no village, the national portal's) from the
    catalogue as it is now."""
    from tokodesa.villages.models import Village

    from .selectors import feed_version
    from .services import feed_build

    if village_id is None:
        with across_villages("the national catalogue feed"):
            return len(feed_build(village=None, base=base, version=feed_version(village=None)))
    village = Village.objects.filter(pk=village_id).first()
    if village is None:
        return 0
    with village_scope(village):
        return len(feed_build(village=village, base=base, version=feed_version(village=village)))


@task()
def flush_counts() -> int:
    """Add the visits counted in the cache to the daily counts (scheduled every minute)."""
    from .services import counts_flush

    return counts_flush()
