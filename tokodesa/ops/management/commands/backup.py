"""``python -m tokodesa backup FILE``: every row and file of the installation in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand

from tokodesa.ops.backup import backup


class Command(BaseCommand):
    help = "Write the database and the media (disk or object storage) to one archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", type=Path, help="e.g. /srv/backup/tokodesa-2026-12-03.tar.gz"
        )

    def handle(self, *args, archive, **options):
        manifest = backup(archive)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"{archive}: {rows} rows, {len(manifest['files'])} files")
