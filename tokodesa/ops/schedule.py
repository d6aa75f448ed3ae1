"""Every periodic job of the platform, in one place (run by ``python -m tokodesa scheduler``).

Each entry: a name, how often, and the task it queues; the worker runs it. Times are
intervals, not clock times: a job missed while the scheduler was down runs once when it is
back, never once per missed interval.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task_path: str

    @property
    def task(self):
        return import_string(self.task_path)


SCHEDULE = [
    Job("expire-orders", timedelta(minutes=5), "tokodesa.orders.tasks.expire_due_orders"),
    Job(
        "complete-shipped-orders",
        timedelta(hours=1),
        "tokodesa.shipping.tasks.complete_shipped_orders",
    ),
    Job("flush-counts", timedelta(minutes=1), "tokodesa.marketing.tasks.flush_counts"),
    Job("stock-alerts", timedelta(minutes=15), "tokodesa.notifications.tasks.send_stock_alerts"),
    Job("apply-price-cuts", timedelta(hours=1), "tokodesa.catalog.tasks.apply_price_cuts"),
    Job("forget-api-answers", timedelta(days=1), "tokodesa.api.tasks.forget_old_answers"),
    Job("requeue-lost-tasks", timedelta(minutes=5), "tokodesa.ops.tasks.requeue_lost_tasks"),
    Job("analyze-db", timedelta(days=1), "tokodesa.ops.tasks.analyze_db"),
    Job("clear-sessions", timedelta(days=1), "tokodesa.ops.tasks.clear_sessions"),
    Job("prune-task-results", timedelta(days=1), "tokodesa.ops.tasks.prune_task_results"),
    Job(
        "refresh-figures",
        timedelta(minutes=settings.FIGURES_REFRESH_MINUTES),
        "tokodesa.insights.tasks.refresh_figures",
    ),
]
if settings.BACKUP_DIR:  # a daily archive on this machine (copy it elsewhere, too)
    SCHEDULE.append(Job("backup", timedelta(days=1), "tokodesa.ops.tasks.backup_daily"))
