"""Queueing background work together with the rows that asked for it."""

from django.db import transaction


def enqueue_with_transaction(task, *args) -> None:
    """Queue ``task(*args)`` as part of the current transaction.

    With the queue in the database (production, ``TASKS_BACKEND=database``) the task's row is
    written inside the transaction: it commits with the rows that made it, or not at all, and
    costs no transaction of its own. With any other backend (in-process on a laptop) the task
    is enqueued once the transaction commits, so it never runs for rows rolled back.
    """
    from django_tasks_db import DatabaseBackend

    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
