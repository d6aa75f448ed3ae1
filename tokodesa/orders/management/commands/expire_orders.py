"""``python -m tokodesa expire_orders``: the sweep the scheduler queues every 5 minutes, by hand."""

from django.core.management.base import BaseCommand

from tokodesa.orders.services import orders_expire_due


class Command(BaseCommand):
    help = "Expire unpaid orders whose payment time is up and put their stock back on sale."

    def handle(self, *args, **options):
        count = orders_expire_due()
        self.stdout.write(f"Expired {count} order(s).")
