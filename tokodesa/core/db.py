"""What the database connection does for a long job rather than a page."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def parallel_reads(workers: int = 2):
    """Let PostgreSQL read with parallel workers inside this block (a background job adding
    up the whole country). Connections start without them (settings.py): on a small server a
    page's short query pays more to start a worker than the worker saves."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = %s", [int(workers)])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET max_parallel_workers_per_gather")
