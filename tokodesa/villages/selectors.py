from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from tokodesa.core.tenancy import across_villages

from .models import Domain, Village


def _with_primary_host() -> QuerySet:
    with across_villages("a village's own main host, read with the village"):
        primary = Domain.objects.filter(village=OuterRef("pk"), is_primary=True)
    return Village.objects.annotate(primary_host=Subquery(primary.values("host")[:1]))


def village_by_slug(*, slug: str) -> Village | None:
    """The village with this slug (any status), with ``primary_host``."""
    return _with_primary_host().filter(slug=slug).first()


def village_by_host(*, host: str) -> Village | None:
    """The village answering on this host name (any status), with ``primary_host``."""
    return _with_primary_host().filter(domains__host=host).first()


def open_villages() -> QuerySet:
    """Open village shops with their main host name and number of products on sale."""
    return (
        _with_primary_host()
        .filter(status=Village.Status.ACTIVE)
        .annotate(product_count=Count("products", filter=Q(products__status="active")))
        .order_by("province", "name")
    )
