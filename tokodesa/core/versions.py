"""Version tokens shared by every process: "what state of this data do I show?"

A token is a random string in the shared cache (Redis in production): a change draws a new
one, so anything keyed by the old token (kept pages, counts, remembered lookups) is never
used again. Random, not a counter: a counter the cache lost would start again at 1 and meet
what was kept under the old 1.

Each process remembers a token for ``VERSION_MEMO_SECONDS`` (1 s by default, 0 in tests), so a
busy page does not ask the cache on every request; a change made in this process is seen here
at once, one made in another process within that second.
"""

import copy
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

_memo: dict[str, tuple[float, str]] = {}
_lock = threading.Lock()


def _remember(key: str, token: str) -> str:
    seconds = getattr(settings, "VERSION_MEMO_SECONDS", 1.0)
    if seconds > 0:
        with _lock:
            _memo[key] = (time.monotonic() + seconds, token)
    return token


def token(key: str) -> str:
    """The current token of ``key`` (a new one if the cache has none)."""
    hit = _memo.get(key)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    current = cache.get(key)
    if current is None:
        current = uuid.uuid4().hex[:16]
        if not cache.add(key, current, None):
            current = cache.get(key) or current
    return _remember(key, current)


def renew(key: str) -> str:
    """Draw a new token for ``key``: every process stops using the old one."""
    return _remember(key, _set(key))


def _set(key: str) -> str:
    fresh = uuid.uuid4().hex[:16]
    cache.set(key, fresh, None)
    return fresh


def changed(key: str) -> None:
    """What is kept under ``key`` changed: a new token now, and again when the change commits
    (so no process keeps what it read between the two)."""
    renew(key)
    transaction.on_commit(lambda: renew(key))


KEPT_SECONDS = 60  # a kept answer is read again at least this often
KEPT_MAX = 10_000
_kept: dict[str, tuple[str, float, object]] = {}


def kept(key: str, fetch, *, token_key: str = ""):
    """``fetch()``'s answer, kept in this process while the token of ``token_key`` (by default
    ``key`` itself) stands (every change of what ``fetch`` reads must call ``changed`` on it),
    for ``KEPT_SECONDS`` at most. Each caller gets its own shallow copy, so a request never
    changes another's object. An empty answer (None, []) is not kept: what is missing now
    may be added the next moment."""
    current, now = token(token_key or key), time.monotonic()
    hit = _kept.get(key)
    if hit is not None and hit[0] == current and now - hit[1] < KEPT_SECONDS:
        return copy.copy(hit[2])
    value = fetch()
    if not value:
        return value
    with _lock:
        if len(_kept) >= KEPT_MAX:
            _kept.clear()
        _kept[key] = (current, now, copy.copy(value))
    return value


def forget_memo() -> None:
    """Tests: start from what the shared cache says."""
    with _lock:
        _memo.clear()
        _kept.clear()
