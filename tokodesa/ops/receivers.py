"""One log line per task run (village, duration, outcome), and the retry policy."""

import logging
import time

from django_tasks import TaskResultStatus

from .services import task_retry_if_due

logger = logging.getLogger("tokodesa.tasks")
_started: dict[str, float] = {}


def task_started(*, task_result, **kwargs) -> None:
    _started[task_result.id] = time.monotonic()


def task_finished(*, task_result, **kwargs) -> None:
    began = _started.pop(task_result.id, None)
    duration_ms = round((time.monotonic() - began) * 1000) if began is not None else None
    failed = task_result.status == TaskResultStatus.FAILED
    args = list(task_result.args)
    extra = {
        "task": task_result.task.module_path,
        "task_id": str(task_result.id),
        "status": str(task_result.status),
        "duration_ms": duration_ms,
        # The house's convention: a task working for one village takes village_id first.
        "village_id": args[0] if args and isinstance(args[0], int) else None,
    }
    if failed:
        error = task_result.errors[-1] if task_result.errors else None
        extra["error"] = error.exception_class_path if error else ""
        logger.warning("task %s failed", extra["task"], extra=extra)
        task_retry_if_due(task_result)
    else:
        logger.info("task %s done in %s ms", extra["task"], duration_ms, extra=extra)
