"""The worker's policy and the scheduler (ADR 13).

- A task that fails is queued again after 1, 4, 16 … minutes, up to TASK_MAX_ATTEMPTS runs in
  all; then it stays FAILED, logged as an error (and reported to Sentry when configured), for
  the operator to see in the admin ("Task results") and re-run.
- A task a worker claimed and never finished (the worker was killed, its machine died) is put
  back: at once when a worker with the same id starts again, else once its claim is older
  than TASK_TIMEOUT_SECONDS.
- The scheduler queues each periodic job of ``ops.schedule`` when it is due, once, however
  many schedulers run.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import ScheduledJob
from .schedule import SCHEDULE

logger = logging.getLogger("tokodesa.tasks")


def uses_database_queue() -> bool:
    """Tasks go to the database queue (a worker runs them), not in-process."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def task_retry_if_due(task_result) -> bool:
    """After a failed run: queue the task again unless it has failed TASK_MAX_ATTEMPTS times.
    Returns whether it was queued again."""
    if not uses_database_queue():
        return False
    row = DBTaskResult.objects.filter(pk=task_result.id).values("task_path", "args_kwargs").first()
    if row is None:
        return False
    failures = DBTaskResult.objects.filter(
        task_path=row["task_path"], args_kwargs=row["args_kwargs"], status=TaskResultStatus.FAILED
    ).count()
    if failures >= settings.TASK_MAX_ATTEMPTS:
        logger.error(
            "task %s failed %d times and is left for the operator (id %s)",
            row["task_path"],
            failures,
            task_result.id,
        )
        return False
    delay = timedelta(minutes=4 ** (failures - 1))
    task = task_result.task.using(run_after=timezone.now() + delay)
    task.enqueue(*task_result.args, **task_result.kwargs)
    logger.warning(
        "task %s failed (attempt %d of %d); again in %s",
        row["task_path"],
        failures,
        settings.TASK_MAX_ATTEMPTS,
        delay,
    )
    return True


def _requeue(claimed) -> int:
    return claimed.update(status=TaskResultStatus.READY, started_at=None)


def tasks_requeue_orphans(*, worker_id: str) -> int:
    """A worker starting again under its own id: whatever it held running was cut off."""
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    ids = [row.pk for row in running if row.worker_ids and row.worker_ids[-1] == worker_id]
    count = _requeue(DBTaskResult.objects.filter(pk__in=ids))
    if count:
        logger.warning(
            "worker %s put back %d task(s) it was running when stopped", worker_id, count
        )
    return count


def tasks_requeue_stale(*, now=None) -> int:
    """Tasks claimed longer ago than TASK_TIMEOUT_SECONDS and still running: put back."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.TASK_TIMEOUT_SECONDS)
    count = _requeue(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
    )
    if count:
        logger.warning("put back %d task(s) claimed before %s and never finished", count, cutoff)
    return count


def task_results_prune(*, now=None) -> int:
    """Finished tasks are kept 7 days, failed ones 30."""
    now = now or timezone.now()
    done, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - timedelta(days=7)
    ).delete()
    failed, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.FAILED, finished_at__lt=now - timedelta(days=30)
    ).delete()
    return done + failed


def scheduler_tick(*, now=None) -> list[str]:
    """Queue every periodic job that is due; return their names."""
    now = now or timezone.now()
    queued = []
    for job in SCHEDULE:
        with transaction.atomic():
            ScheduledJob.objects.get_or_create(name=job.name)
            row = ScheduledJob.objects.select_for_update().get(name=job.name)
            if row.last_run_at is not None and row.last_run_at > now - job.every:
                continue
            row.last_run_at = now
            row.save(update_fields=["last_run_at"])
            if uses_database_queue():
                job.task.enqueue()  # in this transaction: marked run only if really queued
            else:
                transaction.on_commit(job.task.enqueue)  # in-process: runs after commit
        queued.append(job.name)
    return queued
