"""``python -m tokodesa import_products <village-slug> FILE.csv``: products from a spreadsheet
(columns: ``tokodesa/catalog/imports.py``), all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tokodesa.catalog.services import products_import
from tokodesa.core.tenancy import village_scope
from tokodesa.villages.models import Village


class Command(BaseCommand):
    help = "Add a village's products from a CSV file (every wrong row is listed, none saved)."

    def add_arguments(self, parser):
        parser.add_argument("village")
        parser.add_argument("file", type=Path)
        parser.add_argument("--draft", action="store_true", help="not on sale yet")

    def handle(self, *args, village, file, draft, **options):
        found = Village.objects.filter(slug=village).first()
        if found is None:
            raise CommandError(f"No village with the address {village!r}.")
        with village_scope(found):
            result = products_import(village=found, data=file.read_bytes(), on_sale=not draft)
        if result.problems:
            raise CommandError("\n".join(str(p) for p in result.problems))
        self.stdout.write(f"{result.created} products, {result.variants} variants added.")
