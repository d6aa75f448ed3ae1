"""Reads of the figures across villages (see models): a fixed number of queries per page,
whatever the number of villages."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .models import Figure, Refresh

K = Figure.Kind
# The version token renewed each time the figures are added up (pages kept under it).
FIGURES_TOKEN = "figures-version"  # noqa: S105 - a cache key, not a password


@dataclass(frozen=True)
class Catalog:
    shops: int = 0
    preparing: int = 0
    applying: int = 0
    sellers: int = 0
    products: int = 0


def figures_age() -> timedelta | None:
    """How old the figures are (None: never added up)."""
    last = Refresh.objects.order_by("-finished_at").values_list("finished_at", flat=True).first()
    return None if last is None else timezone.now() - last


_UNKNOWN = object()


def figures_stale(age=_UNKNOWN) -> bool:
    """Older than FIGURES_REFRESH_MINUTES, or never added up (``age`` from figures_age())."""
    age = figures_age() if age is _UNKNOWN else age
    return age is None or age > timedelta(minutes=settings.FIGURES_REFRESH_MINUTES)


def catalog_figures(*, codes: list[str]) -> dict[str, Catalog]:
    """Shops, sellers and products of each region in ``codes`` ("" for Indonesia)."""
    found: dict[str, dict[str, int]] = {code: {} for code in codes}
    for code, key, count in Figure.objects.filter(
        region_code__in=codes, kind=K.CATALOG
    ).values_list("region_code", "key", "count"):
        found[code][key] = count
    return {code: Catalog(**values) for code, values in found.items()}


def child_catalog_figures(*, parent_code: str, level: int) -> dict[str, Catalog]:
    """The same for every region one level below ``parent_code`` that has anything."""
    rows = Figure.objects.filter(level=level, kind=K.CATALOG)
    if parent_code:  # a range of codes, which the index serves (a LIKE would not)
        rows = rows.filter(region_code__gte=parent_code + ".", region_code__lt=parent_code + "/")
    found: dict[str, dict[str, int]] = {}
    for code, key, count in rows.values_list("region_code", "key", "count"):
        found.setdefault(code, {})[key] = count
    return {code: Catalog(**values) for code, values in found.items()}


def monthly_sales(*, code: str, since: date) -> list[tuple[date, int, int]]:
    """(month, orders, rupiah) of the region from ``since``, oldest first."""
    return list(
        Figure.objects.filter(region_code=code, kind=K.SALES, month__gte=since)
        .order_by("month")
        .values_list("month", "count", "amount")
    )


def top_keys(*, code: str, kind: str, since: date, limit: int = 10) -> list[tuple[str, int, int]]:
    """(key, count, rupiah) of a kind (categories, buyers' provinces) since a month, largest
    first."""
    return list(
        Figure.objects.filter(region_code=code, kind=kind, month__gte=since)
        .values("key")
        .annotate(n=Sum("count"), rupiah=Sum("amount"))
        .order_by("-rupiah", "key")
        .values_list("key", "n", "rupiah")[:limit]
    )
