"""Write use-cases for the regions: loading the shipped data file into the database."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Count, ProtectedError

from .models import CODE_LENGTHS, Region, level_of, normalize_code, parent_code_of
from .selectors import regions_changed

#: The regions shipped with the project (see data/README.md for its provenance).
DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.csv.gz"
BATCH_SIZE = 2000
_FIELDS = ("name", "level", "parent", "postal_code")


class RegionRow(NamedTuple):
    """One region as the file and the table both describe it."""

    code: str
    name: str
    level: int
    parent_code: str | None
    postal_code: str


class RegionsFileError(ValueError):
    """The data file is malformed; the message names the line."""


class RegionsInUse(Exception):
    """Regions missing from the new file are still referenced elsewhere; nothing was changed."""


@dataclass(frozen=True)
class RegionsLoadResult:
    unchanged: bool
    created: int = 0
    updated: int = 0
    deleted: int = 0
    counts: dict[int, int] = field(default_factory=dict)


def regions_read_file(path: Path | str = DATA_FILE) -> list[RegionRow]:
    """Read and check a ``code,name,postal_code`` CSV (gzip if the name ends in ``.gz``).

    Rows must come parents first, with well-formed dotted codes, unique codes, a parent for
    every non-province and a five-digit postal code on villages only. Raises RegionsFileError.
    """
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    reader = csv.reader(io.StringIO(raw.decode("utf-8"), newline=""))
    header = next(reader, None)
    if header != ["code", "name", "postal_code"]:
        raise RegionsFileError(f"{path}: expected the header code,name,postal_code, got {header}")
    rows: list[RegionRow] = []
    seen: set[str] = set()
    for line, record in enumerate(reader, start=2):
        if len(record) != 3:
            raise RegionsFileError(f"{path}:{line}: expected 3 columns, got {len(record)}")
        code, name, postal_code = record
        level = level_of(code)
        if normalize_code(code) != code or len(code) != CODE_LENGTHS[level - 1]:
            raise RegionsFileError(f"{path}:{line}: malformed code {code!r}")
        if code in seen:
            raise RegionsFileError(f"{path}:{line}: duplicate code {code}")
        parent_code = parent_code_of(code)
        if parent_code is not None and parent_code not in seen:
            raise RegionsFileError(f"{path}:{line}: parent {parent_code} of {code} not above it")
        if not name.strip() or len(name) > Region._meta.get_field("name").max_length:
            raise RegionsFileError(f"{path}:{line}: bad name {name!r}")
        is_village = level == Region.Level.VILLAGE
        if is_village != (len(postal_code) == 5 and postal_code.isdigit()):
            raise RegionsFileError(f"{path}:{line}: bad postal code {postal_code!r} for {code}")
        seen.add(code)
        rows.append(RegionRow(code, name.strip(), level, parent_code, postal_code))
    return rows


def _table_rows() -> set[RegionRow]:
    return {
        RegionRow(*values)
        for values in Region.objects.order_by().values_list(
            "code", "name", "level", "parent_id", "postal_code"
        )
    }


def _to_model(row: RegionRow) -> Region:
    return Region(
        code=row.code,
        name=row.name,
        level=row.level,
        parent_id=row.parent_code,
        postal_code=row.postal_code,
    )


def _save(rows: Iterable[RegionRow], *, upsert: bool) -> None:
    objs = [_to_model(row) for row in rows]
    if upsert:
        Region.objects.bulk_create(
            objs,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=list(_FIELDS),
        )
    else:
        Region.objects.bulk_create(objs, batch_size=BATCH_SIZE)


def regions_count_by_level() -> dict[int, int]:
    """Number of regions in the table per level, levels 1–4 always present."""
    counts = dict.fromkeys(Region.Level.values, 0)
    for row in Region.objects.order_by().values("level").annotate(n=Count("*")):
        counts[row["level"]] = row["n"]
    return counts


def regions_load(*, path: Path | str = DATA_FILE, force: bool = False) -> RegionsLoadResult:
    """Make the regions table hold exactly the rows of the data file, in one transaction.

    Does nothing when it already does (unless ``force``, which rewrites every row). Otherwise
    inserts new regions, updates changed ones in place (so rows that other tables point at
    keep their key) and deletes regions that left the file, villages first. Raises
    RegionsFileError for a malformed file and RegionsInUse when a region to delete is still
    referenced; then nothing is saved.
    """
    rows = regions_read_file(path)
    with transaction.atomic():
        current = _table_rows()
        wanted = set(rows)
        if current == wanted and not force:
            return RegionsLoadResult(unchanged=True, counts=regions_count_by_level())

        current_codes = {row.code for row in current}
        wanted_codes = {row.code for row in rows}
        if not current:
            _save(rows, upsert=False)
        else:
            # Keep the file's order (parents first) for the rows that need writing.
            _save((row for row in rows if force or row not in current), upsert=True)
        created = len(wanted_codes - current_codes)
        updated = (
            len(wanted_codes & current_codes)
            if force
            else sum(1 for row in wanted - current if row.code in current_codes)
        )

        gone = current_codes - wanted_codes
        try:
            for level in sorted(Region.Level.values, reverse=True):  # children before parents
                codes = sorted(c for c in gone if level_of(c) == level)
                for start in range(0, len(codes), BATCH_SIZE):
                    Region.objects.filter(code__in=codes[start : start + BATCH_SIZE]).delete()
        except ProtectedError as exc:
            users = ", ".join(
                f"{obj._meta.label} {obj.pk}" for obj in list(exc.protected_objects)[:5]
            )
            raise RegionsInUse(
                f"regions missing from {path} are still referenced, e.g. by {users}"
            ) from exc
        regions_changed()
        if connection.vendor == "postgresql":
            # Fresh statistics, so the planner uses the indexes right after a bulk load.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE " + connection.ops.quote_name(Region._meta.db_table))
        return RegionsLoadResult(
            unchanged=False,
            created=created,
            updated=updated,
            deleted=len(gone),
            counts=regions_count_by_level(),
        )
