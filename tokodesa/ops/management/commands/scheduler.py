"""``python -m tokodesa scheduler``: queue the periodic jobs of ``ops.schedule`` when due.

One process is enough (a second one is harmless: each run is queued once). The worker runs
what it queues. ``--once`` queues what is due now and stops (for a test or a timer).
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from tokodesa.ops.services import scheduler_tick

logger = logging.getLogger("tokodesa.tasks")


class Command(BaseCommand):
    help = "Queue the platform's periodic jobs (expire orders, complete shipped ones, …)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=float, default=30.0)

    def handle(self, *args, once, interval, **options):
        running = True

        def stop(signum, frame):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            close_old_connections()
            for name in scheduler_tick():
                logger.info("queued %s", name, extra={"job": name})
            if once:
                return
            time.sleep(interval)
