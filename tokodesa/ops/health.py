"""Is this installation ready to serve? Each part it needs, asked for real, quickly."""

import time
import uuid

from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 10)
    if cache.get(key) != 1:
        raise RuntimeError("the cache does not keep what it is given")
    cache.delete(key)
    return "ok"


def _storage() -> str:
    for name in ("default", "private"):
        storages[name].exists("readyz-probe")  # reaches the bucket (or the folder)
    return "ok"


def _queue() -> str:
    from django_tasks_db.models import DBTaskResult

    from .services import uses_database_queue

    if not uses_database_queue():
        return "in-process"

    waiting = DBTaskResult.objects.ready().count()
    failed = DBTaskResult.objects.failed().count()
    return f"ok ({waiting} waiting, {failed} failed)"


CHECKS = {"database": _database, "cache": _cache, "storage": _storage, "queue": _queue}


def readiness() -> tuple[bool, dict[str, str]]:
    """(all parts answer, what each said)."""
    report, ready = {}, True
    for name, check in CHECKS.items():
        began = time.monotonic()
        try:
            report[name] = check()
        except Exception as error:  # a readiness probe reports, never raises
            report[name] = f"error: {type(error).__name__}: {str(error)[:200]}"
            ready = False
        report[f"{name}_ms"] = str(round((time.monotonic() - began) * 1000))
    return ready, report
