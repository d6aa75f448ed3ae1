"""Who is asking: the client's address, and counting what it tries.

Behind a reverse proxy (``TRUSTED_PROXY_COUNT`` proxies, e.g. 1 for nginx) the address is
read from ``X-Forwarded-For``, counting from the right: the left part of that header is
written by the client and cannot be trusted. Without a proxy it is ``REMOTE_ADDR``.

``attempt`` counts tries in the cache (Redis in production, shared by every app server; local
memory on a laptop), per key and time window, so a guess is counted however many sessions
or cookies the guesser uses.
"""

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (a value, not a bind)
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            remote = hops[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return "0.0.0.0"  # noqa: S104


def attempt(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one try of ``key`` in ``scope``; True while at most ``limit`` tries were made in
    the last ``window`` seconds (a fixed window, started by the first try)."""
    digest = hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]
    name = f"tries:{scope}:{digest}"
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window)
        count = 1
    return count <= limit
