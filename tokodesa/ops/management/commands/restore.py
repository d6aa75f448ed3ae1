"""``python -m tokodesa restore FILE``: bring a backup back on a fresh, migrated installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tokodesa.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore an archive made by `backup` into an empty installation (run migrate first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        try:
            manifest = restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"restored {rows} rows and {len(manifest['files'])} files")
