"""``python -m tokodesa complete_shipped_orders``: the scheduler's hourly job, by hand."""

from django.core.management.base import BaseCommand

from tokodesa.shipping.services import orders_complete_shipped


class Command(BaseCommand):
    help = "Complete orders shipped longer ago than the village's 'complete after' days."

    def handle(self, *args, **options):
        self.stdout.write(f"Completed {orders_complete_shipped()} order(s).")
