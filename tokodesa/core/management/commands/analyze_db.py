"""``python -m tokodesa analyze_db``: refresh the query planner's statistics.

SQLite never gathers them by itself, and without them it picks poor indexes once the catalogue
grows (the storefront benchmark: a product page's related products 270–630 ms → 16 ms at
100,000 products). Run after loading data, and from time to time (e.g. daily with cron).
"""

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Refresh the database's query planner statistics (ANALYZE)."

    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA optimize")
        self.stdout.write("Statistics refreshed.")
