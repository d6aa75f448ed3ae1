"""Probes and logs an operator's tools rely on."""

import json
import logging

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_on_any_host_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="unknown.example")
    assert response.status_code == 200 and response.content == b"ok\n"


def test_readyz_asks_every_part(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    report = response.json()
    assert report["database"] == report["cache"] == report["storage"] == "ok"
    assert report["queue"] == "in-process"
    assert response["Cache-Control"] == "no-store"


def test_readyz_names_the_part_that_does_not_answer(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nobody listens there
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    report = response.json()
    assert report["cache"].startswith("error:") and report["database"] == "ok"


def test_one_json_line_per_request_with_village_and_order(client, shop, caplog, settings):
    from tokodesa.ops.logs import JsonFormatter

    with caplog.at_level(logging.INFO, logger="tokodesa.requests"):
        client.get("/batu-ampar/pesanan/BTA-ABCDE/")
    [record] = [r for r in caplog.records if r.name == "tokodesa.requests"]
    line = json.loads(JsonFormatter().format(record))
    assert line["path"] == "/batu-ampar/pesanan/BTA-ABCDE/" and line["status"] == 200
    assert line["village"] == "batu-ampar" and line["order"] == "BTA-ABCDE"
    assert isinstance(line["duration_ms"], int) and line["level"] == "INFO"


@pytest.mark.django_db(transaction=True)  # the worker closes connections, as a process does
def test_the_operator_sees_failed_tasks_in_the_admin(admin_client, settings):
    from django.core.management import call_command
    from sample_tasks import flaky

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_MAX_ATTEMPTS = 1  # fails for good at once
    flaky.enqueue("admin")
    call_command("worker", batch=True, worker_id="t", interval=0, verbosity=0)
    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert page.status_code == 200 and "flaky" in page.content.decode()


def test_errors_go_to_sentry_when_a_dsn_is_set():
    import os
    import subprocess
    import sys

    script = (
        "import django, sentry_sdk; django.setup(); "
        "client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.options['send_default_pii'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tokodesa.settings",
        "SENTRY_DSN": "https://public@sentry.example.invalid/1",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "True False", done.stderr[-1000:]
