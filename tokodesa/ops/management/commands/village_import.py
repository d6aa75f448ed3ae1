"""``python -m tokodesa village_import FILE [--slug NEW]``: a village moved from elsewhere."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tokodesa.ops.village_transfer import TransferError, village_import


class Command(BaseCommand):
    help = "Rebuild a village from a village_export file, as a draft shop (nothing else changes)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--slug", default="", help="another web address for it here")
        parser.add_argument("--with-domains", action="store_true")

    def handle(self, *args, archive, slug, with_domains, **options):
        try:
            village = village_import(archive, slug=slug, with_domains=with_domains)
        except (TransferError, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError("; ".join(messages)) from error
        self.stdout.write(f"{village.name} ({village.slug}) imported as a draft shop.")
