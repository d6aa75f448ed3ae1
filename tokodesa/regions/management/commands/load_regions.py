"""``python -m tokodesa load_regions``: load Indonesia's administrative regions."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tokodesa.regions.models import Region
from tokodesa.regions.services import (
    DATA_FILE,
    RegionsFileError,
    RegionsInUse,
    regions_load,
)


class Command(BaseCommand):
    help = (
        "Load the official administrative regions (provinsi, kabupaten/kota, kecamatan, "
        "desa/kelurahan) shipped in tokodesa/regions/data/regions.csv.gz. Safe to run again: "
        "does nothing when the table already holds exactly the file's rows."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="rewrite every row even if nothing changed"
        )
        parser.add_argument(
            "--file", default=str(DATA_FILE), help="CSV (or .csv.gz) to load instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = regions_load(path=options["file"], force=options["force"])
        except (RegionsFileError, RegionsInUse, OSError) as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started

        if result.unchanged:
            self.stdout.write("Regions are already up to date; nothing to do (--force reloads).")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded regions in {elapsed:.1f} s: {result.created} created, "
                    f"{result.updated} updated, {result.deleted} deleted."
                )
            )
        for level, count in result.counts.items():
            self.stdout.write(f"  {Region.Level(level).label}: {count:,}")
        self.stdout.write(f"  total: {sum(result.counts.values()):,}")
