"""Pages read without parallel workers (each costs a short query more than it saves on a
small server); the long jobs that add up the whole country read with them."""

from django.db import connection

from tokodesa.core.db import parallel_reads


def _workers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


def test_pages_read_alone_and_long_jobs_with_parallel_workers(db):
    if connection.vendor != "postgresql":
        with parallel_reads():  # nothing to set on SQLite, and nothing breaks
            return
    assert _workers() == "0"
    with parallel_reads():
        assert _workers() == "2"
    assert _workers() == "0"
