"""``python -m tokodesa worker``: run queued tasks (TASKS_BACKEND=database).

django-tasks-db's worker, with a stable id (``--worker-id``, default: this host's name): on
start it puts back whatever a previous run under the same id was running when it was killed,
so a task cut off mid-way runs again instead of staying "running" for ever. Stop it with
SIGTERM: the task at hand finishes first.
"""

import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand

from tokodesa.ops.services import tasks_requeue_orphans


class Command(BaseCommand):
    help = "Run queued background tasks (photo renditions, e-mails, scheduled jobs)."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default=f"{socket.gethostname()}-worker"[:64])
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued now, then stop"
        )
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, worker_id, batch, interval, **options):
        tasks_requeue_orphans(worker_id=worker_id)
        call_command(
            "db_worker",
            worker_id=worker_id,
            batch=batch,
            interval=interval,
            startup_delay=not batch,
            queue_name="*",
            reload=False,
            verbosity=options["verbosity"],
        )
