"""Read queries on the regions, for address pickers and region pages.

Every function accepts any string as a code and answers "nothing" (None, an empty list or an
empty queryset) for a malformed one, so user input can be passed straight in.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tokodesa.core import versions

from .models import Region, normalize_code

MAX_SEARCH_LIMIT = 100


def region_children(*, parent_code: str | None) -> QuerySet[Region]:
    """The direct children of a region, ordered by name; the provinces when ``parent_code`` is None.

    One query over the (parent, name) index. An unknown or malformed code gives an empty queryset.
    """
    if parent_code is None:
        return Region.objects.filter(parent__isnull=True).order_by("name", "code")
    code = normalize_code(parent_code)
    if code is None:
        return Region.objects.none()
    return Region.objects.filter(parent_id=code).order_by("name", "code")


def region_exists() -> bool:
    """Whether the official list has been loaded (``load_regions``)."""
    return Region.objects.exists()


def region_get(*, code: str) -> Region | None:
    """The region with this code (dotted, or bare digits like ``"1708052007"``), or None."""
    normalized = normalize_code(code)
    if normalized is None:
        return None
    return Region.objects.filter(pk=normalized).first()


def region_path(*, code: str) -> list[Region]:
    """The region and its ancestors, province first: [provinsi, kab/kota, kecamatan, desa].

    One query (none for a malformed code), then kept in the process until the official list is
    loaded again (``regions_changed``): checkout asks on every step. Empty when the region
    does not exist.
    """
    normalized = normalize_code(code)
    if normalized is None:
        return []
    return versions.kept(
        f"region-path:{normalized}", lambda: _path(normalized), token_key=REGIONS_KEY
    )


REGIONS_KEY = "regions"


def provinces() -> list[Region]:
    """The provinces by name, kept in the process like the paths (product pages ask)."""
    return versions.kept(
        "provinces", lambda: list(region_children(parent_code=None)), token_key=REGIONS_KEY
    )


def regions_changed() -> None:
    """The official list was loaded again: every process forgets the paths it kept."""
    versions.changed(REGIONS_KEY)


def _path(normalized: str) -> list[Region]:
    parts = normalized.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    regions = {region.code: region for region in Region.objects.filter(code__in=codes)}
    if normalized not in regions:
        return []
    return [regions[c] for c in codes if c in regions]


def region_search(*, query: str, level: int | None = None, limit: int = 20) -> QuerySet[Region]:
    """Regions whose name contains ``query`` (case-insensitive), larger regions first.

    Ordered by level, then name, then code; at most ``limit`` rows (capped at 100). Whitespace
    in the query is collapsed; an empty query or an unknown level gives no rows. Many villages
    share a name ("Batu Ampar" names 18 of them), so callers should show each result's path
    and keep its code.
    """
    words = query.split() if isinstance(query, str) else []
    limit = max(0, min(int(limit), MAX_SEARCH_LIMIT))
    if not words or limit == 0:
        return Region.objects.none()
    regions = Region.objects.filter(name__icontains=" ".join(words))
    if level is not None:
        if level not in Region.Level.values:
            return Region.objects.none()
        regions = regions.filter(level=level)
    return regions.order_by("level", "name", "code")[:limit]
