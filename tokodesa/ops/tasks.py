"""The platform's housekeeping, run by the worker when the scheduler queues it."""

from django.core.management import call_command
from django_tasks import task


@task()
def analyze_db() -> None:
    """Refresh the query planner's statistics."""
    call_command("analyze_db", verbosity=0)


@task()
def clear_sessions() -> None:
    """Delete expired sessions (their carts expired with them)."""
    call_command("clearsessions")


@task()
def requeue_lost_tasks() -> int:
    """Put back tasks a worker claimed and never finished (it was killed or its machine died)."""
    from .services import tasks_requeue_stale

    return tasks_requeue_stale()


@task()
def prune_task_results() -> int:
    """Forget finished tasks after a while (failed ones stay longer, for the operator)."""
    from .services import task_results_prune

    return task_results_prune()


@task()
def backup_daily() -> str:
    """Write today's archive to BACKUP_DIR and keep the newest BACKUP_KEEP of them."""
    from datetime import date
    from pathlib import Path

    from django.conf import settings

    from .backup import backup

    folder = Path(settings.BACKUP_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"tokodesa-{date.today():%Y%m%d}.tar.gz"
    partial = target.with_suffix(".partial")
    backup(partial)
    partial.replace(target)  # a half-written archive never looks like a backup
    for old in sorted(folder.glob("tokodesa-*.tar.gz"))[: -settings.BACKUP_KEEP]:
        old.unlink()
    return str(target)
