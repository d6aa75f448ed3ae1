"""``python -m tokodesa village_export <slug> FILE``: one village, to move it elsewhere."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tokodesa.ops.village_transfer import village_export
from tokodesa.villages.models import Village


class Command(BaseCommand):
    help = "Write one village's profile, settings, sellers and catalogue (with photos) to a file."

    def add_arguments(self, parser):
        parser.add_argument("village")
        parser.add_argument("archive", type=Path)

    def handle(self, *args, village, archive, **options):
        found = Village.objects.filter(slug=village).first()
        if found is None:
            raise CommandError(f"No village with the address {village!r}.")
        document = village_export(found, archive)
        self.stdout.write(
            f"{archive}: {len(document['sellers'])} sellers, {len(document['products'])} products"
        )
