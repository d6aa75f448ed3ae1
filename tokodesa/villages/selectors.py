import threading
import time
import zoneinfo
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from tokodesa.core import versions
from tokodesa.core.tenancy import across_villages

from .models import Domain, Village

# Every request looks its village up by host or slug. The answer is kept in this process
# (LOCAL_SECONDS at most) under the generation token in the shared cache; any change of a
# village or a domain, in any process, draws a new token (villages_changed), so the next
# request everywhere reads the database again.
GENERATION_KEY = "villages-generation"
LOCAL_SECONDS = 60
LOCAL_MAX = 10_000
_local: dict[tuple[str, str], tuple[str, float, dict | None]] = {}
_lock = threading.Lock()
_FIELDS = [f.attname for f in Village._meta.concrete_fields]


def _with_primary_host() -> QuerySet:
    with across_villages("a village's own main host, read with the village"):
        primary = Domain.objects.filter(
            village=OuterRef("pk"), is_primary=True, verified_at__isnull=False
        )
    return Village.objects.annotate(primary_host=Subquery(primary.values("host")[:1]))


def village_today(village: Village) -> date:
    """Today in the village's own calendar (WIB, WITA or WIT)."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(village.time_zone))


def shop_url(village: Village, path: str = "/") -> str:
    """The absolute address of ``path`` in the village's shop, for messages sent without a
    request (e-mails, WhatsApp): its own verified main domain, else ``SITE_URL/<slug>``."""
    with across_villages("a village's own main host"):
        host = (
            Domain.objects.filter(village=village.pk, is_primary=True, verified_at__isnull=False)
            .values_list("host", flat=True)
            .first()
        )
    base = f"https://{host}" if host else f"{settings.SITE_URL.rstrip('/')}/{village.slug}"
    return base + path


def village_by_slug(*, slug: str) -> Village | None:
    """The village with this slug (any status), with ``primary_host``."""
    return _remembered("slug", slug, lambda: _with_primary_host().filter(slug=slug).first())


def village_by_host(*, host: str) -> Village | None:
    """The village answering on this host name (any status), with ``primary_host``."""
    return _remembered(
        "host",
        host,
        lambda: (
            _with_primary_host()
            .filter(domains__host=host, domains__verified_at__isnull=False)
            .first()
        ),
    )


def village_by_region_code(*, region_code: str) -> Village | None:
    """The shop of this desa/kelurahan, if it has one (any status)."""
    return Village.objects.filter(region_code=region_code).first()


def villages_changed() -> None:
    """A village or a domain changed: every process forgets its lookups (now, and again
    when the change commits, so nobody keeps what it read just before)."""
    versions.renew(GENERATION_KEY)
    transaction.on_commit(lambda: versions.renew(GENERATION_KEY))


def villages_generation() -> str:
    """The current generation token of every village's lookups and pages."""
    return versions.token(GENERATION_KEY)


def _remembered(kind: str, key: str, fetch) -> Village | None:
    generation, now = villages_generation(), time.monotonic()
    hit = _local.get((kind, key))
    if hit is not None and hit[0] == generation and now - hit[1] < LOCAL_SECONDS:
        return _rebuilt(hit[2])
    village = fetch()
    kept = None
    if village is not None:
        kept = {name: getattr(village, name) for name in _FIELDS}
        kept["primary_host"] = village.primary_host
    with _lock:
        if len(_local) >= LOCAL_MAX:
            _local.clear()
        _local[(kind, key)] = (generation, now, kept)
    return village


def _rebuilt(kept: dict | None) -> Village | None:
    """A fresh instance for this request (never one shared with other requests)."""
    if kept is None:
        return None
    village = Village.from_db("default", _FIELDS, [kept[name] for name in _FIELDS])
    village.primary_host = kept["primary_host"]
    return village


def open_villages() -> QuerySet:
    """Open village shops with their main host name and number of products on sale."""
    return (
        _with_primary_host()
        .filter(status=Village.Status.ACTIVE)
        .annotate(product_count=Count("products", filter=Q(products__status="active")))
        .order_by("province", "name")
    )


def team_emails(village) -> list[str]:
    """The shop's own address and those of its team (admins and staff) who gave one."""
    emails = {village.email} if village.email else set()
    emails |= set(
        village.memberships.filter(role__in=["admin", "staff"])
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(emails)
