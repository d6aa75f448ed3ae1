"""Reads of the figures across villages (see models): a fixed number of queries per page,
whatever the number of villages."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Figure, Refresh

K = Figure.Kind
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")  # the figures' months are counted in WIB
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


# What a dashboard may show: this many months back (the figures keep 24).
MONTH_CHOICES = (3, 6, 12, 24)
DEFAULT_MONTHS = 12


def months_back(today: date, months: int) -> list[date]:
    """The first days of the last ``months`` months up to ``today``'s, oldest first."""
    first = today.year * 12 + today.month - 1 - (months - 1)
    return [date((first + i) // 12, (first + i) % 12 + 1, 1) for i in range(months)]


@dataclass(frozen=True)
class RegionRow:
    """A region one level below the dashboard's: its catalogue and its sales in the period."""

    region: object  # regions.Region
    catalog: Catalog
    orders: int
    turnover: int


@dataclass(frozen=True)
class Dashboard:
    code: str  # "" for Indonesia
    path: list  # [province, kabupaten/kota, kecamatan] (Region), empty for Indonesia
    catalog: Catalog
    months: list[tuple[date, int, int]]  # (month, orders, rupiah), every month, oldest first
    orders: int
    turnover: int
    categories: list[tuple[str, int, int]]  # (name, items, rupiah), largest first
    buyers: list[tuple[str, int, int]]  # (buyers' province, orders, rupiah), largest first
    children: list[RegionRow]
    age: timedelta | None  # how old the figures are

    @property
    def region(self):
        return self.path[-1] if self.path else None

    @property
    def level(self) -> int:
        return len(self.path)


def region_dashboard(*, code: str, months: int = DEFAULT_MONTHS, today: date | None = None):
    """Everything a regional dashboard (and the national statistics page) shows for the region
    ``code`` ("" for Indonesia, else a province, kabupaten/kota or kecamatan code): a fixed
    number of queries on the figures, whatever the number of villages below. None for a code
    that is not a region down to a kecamatan."""
    from tokodesa.catalog.selectors import CategoryTree
    from tokodesa.regions.selectors import region_children, region_path

    path = region_path(code=code) if code else []
    if (code and not path) or len(path) > 3:
        return None
    today = today or timezone.localdate(timezone=WIB)
    calendar = months_back(today, months)
    since = calendar[0]
    sold = {month: (n, amount) for month, n, amount in monthly_sales(code=code, since=since)}
    month_rows = [(month, *sold.get(month, (0, 0))) for month in calendar]

    tree = CategoryTree.load()
    categories = []
    for slug, n, amount in top_keys(code=code, kind=K.CATEGORY, since=since):
        node = tree.by_slug(slug)
        categories.append((node.name if node else _("Other"), n, amount))
    provinces = {r.code: r.short_name for r in region_children(parent_code=None)}
    buyers = [
        (provinces.get(key, _("Unknown")), n, amount)
        for key, n, amount in top_keys(code=code, kind=K.BUYERS, since=since, limit=40)
    ]

    level = len(path) + 1
    below = child_catalog_figures(parent_code=code, level=level)
    sales = _child_sales(parent_code=code, level=level, since=since)
    names = {r.code: r for r in region_children(parent_code=code or None)}
    children = sorted(
        (
            RegionRow(names[c], below.get(c, Catalog()), *sales.get(c, (0, 0)))
            for c in set(below) | set(sales)
            if c in names
        ),
        key=lambda row: (-row.turnover, -row.catalog.shops, row.region.name),
    )
    return Dashboard(
        code=code,
        path=path,
        catalog=catalog_figures(codes=[code])[code],
        months=month_rows,
        orders=sum(row[1] for row in month_rows),
        turnover=sum(row[2] for row in month_rows),
        categories=categories,
        buyers=buyers,
        children=children,
        age=figures_age(),
    )


def _child_sales(*, parent_code: str, level: int, since: date) -> dict[str, tuple[int, int]]:
    rows = Figure.objects.filter(kind=K.SALES, level=level, month__gte=since)
    if parent_code:
        rows = rows.filter(region_code__gte=parent_code + ".", region_code__lt=parent_code + "/")
    return {
        code: (n, amount)
        for code, n, amount in rows.values("region_code")
        .annotate(n=Sum("count"), rupiah=Sum("amount"))
        .values_list("region_code", "n", "rupiah")
    }


def monitor_regions(user) -> list:
    """The regions ``user`` may watch, as Monitor rows (Indonesia first, then by code)."""
    from .models import Monitor

    if not user.is_authenticated:
        return []
    return list(Monitor.objects.filter(user=user).order_by("region_code"))
