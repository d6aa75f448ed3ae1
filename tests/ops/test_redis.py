"""Redis as the platform's cache and session store, for real (127.0.0.1:6379, or REDIS_URL)."""

import os
import subprocess
import sys
import uuid

import pytest
import redis

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_cache(settings):
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield prefix
    _forget(prefix)


def _forget(prefix: str) -> None:
    """Delete this test's keys (what a Redis restart does to all of them)."""
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def _in_another_process(prefix: str, code: str) -> str:
    """Run ``code`` in a separate Python process of the app, sharing only Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tokodesa.settings",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
    }
    script = f"import django; django.setup()\n{code}"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_a_catalogue_change_in_one_process_is_seen_by_another(redis_cache, village):
    from tokodesa.catalog.selectors import catalog_version

    before = catalog_version(village_id=village.pk)
    _in_another_process(
        redis_cache,
        "from tokodesa.catalog.services import catalog_changed\n"
        f"catalog_changed(village_id={village.pk})",
    )
    after = catalog_version(village_id=village.pk)
    assert after != before
    seen = _in_another_process(
        redis_cache,
        "from tokodesa.catalog.selectors import catalog_version\n"
        f"print(catalog_version(village_id={village.pk}))",
    )
    assert seen == after


def test_guesses_are_counted_across_processes(redis_cache):
    from tokodesa.core.clients import attempt

    for _ in range(3):
        assert attempt("order-code", "BTA-XXXXX", limit=4, window=60)
    other = _in_another_process(
        redis_cache,
        "from tokodesa.core.clients import attempt\n"
        "print(attempt('order-code', 'BTA-XXXXX', limit=4, window=60),"
        " attempt('order-code', 'BTA-XXXXX', limit=4, window=60))",
    )
    assert other == "True False"  # the 4th try passes, the 5th is refused, wherever made


def test_a_redis_restart_empties_nobodys_cart(redis_cache, client, village, seller):
    from factories import make_product

    variant = make_product(seller, "Gula Aren").variants.get()
    client.post("/batu-ampar/keranjang/tambah/", {"variant": variant.pk, "quantity": 2})
    _forget(redis_cache)
    page = client.get("/batu-ampar/keranjang/").content.decode()
    assert "Gula Aren" in page
