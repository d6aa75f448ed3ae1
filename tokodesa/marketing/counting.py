"""First-party, cookie-less counting of what turns visits into orders (ADR 19).

A storefront page view, an add-to-cart and a checkout started are counted by day, village,
page (and product) and source, and nothing else: no address, no browser, no cookie, no
identifier of any kind. ``DNT: 1`` and ``Sec-GPC: 1`` are honoured by not counting at all,
and robots are not counted.

Counts are buffered in the shared cache, never written to the database by a page view: each
process claims one of ``SLOTS`` slots and adds its counts to the key of its slot and the
current minute (one reader-writer per key, so a read-modify-write loses nothing); the worker
(``flush_counts``, every minute) adds finished minutes to ``DailyCount`` rows and deletes them.
"""

import os
import threading
import time
from urllib.parse import parse_qs, urlsplit

from django.core.cache import cache
from django.utils import timezone

SLOTS = 64
SLOT_LEASE_SECONDS = 3600  # a slot of a process gone is free again an hour later
KEPT_SECONDS = 3 * 3600  # counts the worker has not flushed in 3 hours are dropped
SOURCE_MAX = 40
ROBOTS = ("bot", "crawl", "spider", "slurp", "facebookexternalhit", "whatsapp", "preview")

_lock = threading.Lock()
_slot: dict[str, float | int] = {}


def counting_allowed(request) -> bool:
    """Not when the visitor asked not to be tracked, nor for robots and link previews."""
    headers = request.headers
    if headers.get("DNT") == "1" or headers.get("Sec-GPC") == "1":
        return False
    agent = headers.get("User-Agent", "").lower()
    return bool(agent) and not any(word in agent for word in ROBOTS)


def source_of(url: str, *, host: str = "") -> str:
    """Where a visit came from, from its address (``src``, then ``utm_source``) or, for a
    referrer on another site, that site's domain: ``wa``, ``facebook.com``; "" when direct
    or from the shop itself."""
    parts = urlsplit(url or "")
    query = parse_qs(parts.query)
    for name in ("src", "utm_source"):
        if value := (query.get(name) or [""])[0].strip().lower():
            return "".join(ch for ch in value if ch.isalnum() or ch in "._-")[:SOURCE_MAX]
    domain = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if domain and domain != host.lower().split(":")[0].removeprefix("www."):
        return domain[:SOURCE_MAX]
    return ""


def _my_slot() -> int:
    """This process's slot, claimed in the cache (renewed while the process counts)."""
    now = time.monotonic()
    with _lock:
        if _slot and _slot["pid"] == os.getpid() and _slot["until"] > now:
            return int(_slot["n"])
    me = f"{os.uname().nodename}:{os.getpid()}"
    mine = _slot.get("n") if _slot.get("pid") == os.getpid() else None
    chosen = SLOTS - 1  # all taken (a storm of restarts): share the last one
    for n in ([mine] if mine is not None else []) + list(range(SLOTS)):
        key = f"hits-slot:{n}"
        if cache.add(key, me, SLOT_LEASE_SECONDS) or cache.get(key) == me:
            cache.touch(key, SLOT_LEASE_SECONDS)
            chosen = n
            break
    with _lock:
        _slot.update(pid=os.getpid(), n=chosen, until=now + SLOT_LEASE_SECONDS / 4)
    return chosen


def _minute(at=None) -> int:
    return int((at or time.time()) // 60)


def count(*, village_id: int, kind: str, page: str = "", item: str = "", source: str = "") -> None:
    """Add one to today's count of ``kind`` (view, cart, checkout) of ``page`` (and ``item``,
    a product's slug) from ``source``, in the village's calendar day."""
    day = timezone.localdate().isoformat()  # the request runs in the village's time zone
    key = f"hits:{_my_slot()}:{_minute()}"
    field = (village_id, day, kind, page, item, source)
    with _lock:  # threads of this process share the slot's key
        counts = cache.get(key) or {}
        counts[field] = counts.get(field, 0) + 1
        cache.set(key, counts, KEPT_SECONDS)


def take_finished(*, now=None) -> dict[tuple, int]:
    """Remove and return the counts of the minutes that ended (the worker's). The minute just
    ended is left for the next run, so a page still writing into it loses nothing."""
    last = _minute(now) - 2
    first = cache.get("hits-flushed", last - KEPT_SECONDS // 60) + 1
    totals: dict[tuple, int] = {}
    for minute in range(max(first, last - KEPT_SECONDS // 60), last + 1):
        keys = [f"hits:{n}:{minute}" for n in range(SLOTS)]
        found = cache.get_many(keys)
        for counts in found.values():
            for field, n in counts.items():
                totals[field] = totals.get(field, 0) + n
        if found:
            cache.delete_many(list(found))
    cache.set("hits-flushed", last, None)
    return totals


def pending(*, village_id: int, now=None) -> dict[tuple, int]:
    """The village's counts still in the cache (read, not taken), so the team's page shows
    the last minutes too: {(day, kind, page, item, source): n}."""
    current = _minute(now)
    first = cache.get("hits-flushed", current - KEPT_SECONDS // 60) + 1
    totals: dict[tuple, int] = {}
    for minute in range(max(first, current - KEPT_SECONDS // 60), current + 1):
        for counts in cache.get_many([f"hits:{n}:{minute}" for n in range(SLOTS)]).values():
            for (village, *rest), n in counts.items():
                if village == village_id:
                    totals[tuple(rest)] = totals.get(tuple(rest), 0) + n
    return totals
