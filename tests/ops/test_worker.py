"""The database queue, its worker and the scheduler, run for real (``worker --batch``)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from sample_tasks import flaky, record

from tokodesa.core.tasks import enqueue_with_transaction
from tokodesa.ops.models import ScheduledJob
from tokodesa.ops.schedule import SCHEDULE
from tokodesa.ops.services import scheduler_tick, tasks_requeue_stale

pytestmark = pytest.mark.django_db(transaction=True)

S = TaskResultStatus


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_MAX_ATTEMPTS = 3


def work(worker_id="test-worker"):
    call_command("worker", batch=True, worker_id=worker_id, interval=0, verbosity=0)


def test_the_request_only_queues_and_the_worker_runs_it():
    result = record.enqueue("a")
    assert DBTaskResult.objects.get(pk=result.id).status == S.READY and not cache.get("ran:a")
    work()
    assert DBTaskResult.objects.get(pk=result.id).status == S.SUCCESSFUL and cache.get("ran:a")


def test_a_task_is_queued_with_the_transaction_that_asked_for_it():
    """Its row commits with the rows that made it (no order without its e-mail), and a
    transaction rolled back leaves no task behind."""
    from django.db import transaction

    with transaction.atomic():
        enqueue_with_transaction(record, "kept")
        assert DBTaskResult.objects.count() == 1  # written inside, before the commit
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_with_transaction(record, "rolled-back")
        raise RuntimeError
    assert [r.args_kwargs["args"] for r in DBTaskResult.objects.all()] == [["kept"]]
    work()
    assert cache.get("ran:kept") and not cache.get("ran:rolled-back")


def test_a_failed_task_is_tried_again_later_then_left_for_the_operator(caplog):
    flaky.enqueue("x")
    work()
    runs = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in runs] == [S.FAILED, S.READY]
    retry = runs.last()
    assert timezone.now() + timedelta(seconds=50) < retry.run_after  # 1 minute later
    for _ in range(2):  # the clock moves on: each retry is due
        DBTaskResult.objects.filter(status=S.READY).update(run_after=timezone.now())
        work()
    statuses = list(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses.count(S.FAILED) == 3 and S.READY not in statuses  # 3 attempts, then stop
    assert "failed 3 times and is left for the operator" in caplog.text
    assert cache.get("flaky:x") == 3


def test_a_retry_that_succeeds_ends_the_story():
    flaky.enqueue("y")
    work()
    cache.set("flaky-ok:y", True)
    DBTaskResult.objects.filter(status=S.READY).update(run_after=timezone.now())
    work()
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        S.FAILED,
        S.SUCCESSFUL,
    ]


def test_a_task_cut_off_by_a_killed_worker_runs_again_when_it_restarts():
    result = record.enqueue("cut")
    # What a worker killed mid-task leaves behind: claimed, running, never finished.
    DBTaskResult.objects.filter(pk=result.id).update(
        status=S.RUNNING, started_at=timezone.now(), worker_ids=["web1-worker"]
    )
    work(worker_id="another")  # a different worker leaves it alone (it may be running)
    assert DBTaskResult.objects.get(pk=result.id).status == S.RUNNING
    work(worker_id="web1-worker")  # the same worker, restarted
    assert DBTaskResult.objects.get(pk=result.id).status == S.SUCCESSFUL and cache.get("ran:cut")


def test_a_claim_older_than_the_timeout_is_put_back(settings):
    settings.TASK_TIMEOUT_SECONDS = 60
    old, fresh = record.enqueue("old"), record.enqueue("fresh")
    DBTaskResult.objects.filter(pk=old.id).update(
        status=S.RUNNING, started_at=timezone.now() - timedelta(minutes=5)
    )
    DBTaskResult.objects.filter(pk=fresh.id).update(status=S.RUNNING, started_at=timezone.now())
    assert tasks_requeue_stale() == 1
    assert DBTaskResult.objects.get(pk=old.id).status == S.READY
    assert DBTaskResult.objects.get(pk=fresh.id).status == S.RUNNING


def test_the_scheduler_queues_each_job_once_per_interval():
    now = timezone.now()
    assert scheduler_tick(now=now) == [job.name for job in SCHEDULE]
    assert scheduler_tick(now=now + timedelta(seconds=30)) == []  # a second scheduler, too
    assert DBTaskResult.objects.count() == len(SCHEDULE)
    later = scheduler_tick(now=now + timedelta(minutes=6))
    assert later == ["expire-orders", "flush-counts", "requeue-lost-tasks"]
    assert ScheduledJob.objects.get(name="analyze-db").last_run_at == now


def test_the_scheduled_jobs_run_on_the_worker():
    scheduler_tick()
    work()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {S.SUCCESSFUL}
