"""Tasks for the worker tests: one that fails until told otherwise, one that records its run."""

from django.core.cache import cache
from django_tasks import task


@task()
def flaky(label: str) -> str:
    runs = cache.get_or_set(f"flaky:{label}", 0)
    cache.set(f"flaky:{label}", runs + 1)
    if not cache.get(f"flaky-ok:{label}"):
        raise RuntimeError(f"not yet ({label})")
    return label


@task()
def record(label: str) -> str:
    cache.set(f"ran:{label}", True)
    return label


@task()
def slow(marker: str, seconds: float) -> str:
    """Takes a while, then leaves a file: a worker killed meanwhile leaves no file."""
    import time
    from pathlib import Path

    time.sleep(seconds)
    Path(marker).write_text("done")
    return marker
