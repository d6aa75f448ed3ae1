"""Whole pages kept for visitors who see exactly what everybody sees.

A storefront page is the same for every visitor who has no session (no cart, not logged in,
no message waiting): the village, its catalogue, the address and the language decide it. Such
a page is rendered once and kept in the shared cache under a key made of those; the view's
``version(request)`` says which state of the data it shows (the catalogue's version and the
villages' generation), so any change makes a new key and the old page is never served again.

The one per-visitor thing in such a page is the CSRF token of its forms (add to cart, the
language switch): while a page is rendered for keeping, ``{% csrf_token %}`` writes a marker
(``csrf_marker``, a context processor), and every response, kept or fresh, gets the visitor's
own token in its place (which also sets their CSRF cookie, as a fresh render would).

Visitors with a session cookie, logged-in people and anything but GET/HEAD always get a fresh
render. Nothing is kept that sets a cookie of its own, is not a 200 HTML page, or is an error.
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token

PAGE_SECONDS = 300  # a bound on anything no version tracks (e.g. the portal's counts)
# The most asked pages are also kept in this process (their keys carry the versions, so a
# change of data never finds an old one here either): a hit costs no trip to the cache.
LOCAL_PAGES = 256
_local: OrderedDict[str, tuple[float, tuple[str, str]]] = OrderedDict()
_lock = threading.Lock()
MARKER = "tokodesa-csrf-marker-5c1e0b6f9a"
_RENDERING = "_tokodesa_page_for_everybody"


def csrf_marker(request):
    """Context processor: the marker instead of the token while a page is rendered to keep."""
    return {"csrf_token": MARKER} if getattr(request, _RENDERING, False) else {}


def _for_everybody(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and len(request.get_full_path()) <= 500
    )


@functools.cache
def release() -> str:
    """What the code that renders the pages is: a digest of the package's files (their names,
    sizes and times), so that a deployed change (a template, a translation, a view) is never
    answered with a page the old code made. The same in every process of one installation."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.suffix in RELEASE_SUFFIXES and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


RELEASE_SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"}


def _key(request, version: str) -> str:
    where = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(where.encode("utf-8", "replace")).hexdigest()[:40]
    return f"page:{release()}:{version}:{getattr(request, 'LANGUAGE_CODE', '')}:{digest}"


def _with_token(request, body: str) -> str:
    return body.replace(MARKER, get_token(request)) if MARKER in body else body


def _local_get(key: str):
    hit = _local.get(key)
    if hit is None or hit[0] < time.monotonic():
        return None
    return hit[1]


def _local_put(key: str, kept) -> None:
    with _lock:
        _local[key] = (time.monotonic() + PAGE_SECONDS, kept)
        _local.move_to_end(key)
        while len(_local) > LOCAL_PAGES:
            _local.popitem(last=False)


def page_for_everybody(version):
    """Keep the view's page for visitors without a session; ``version(request)`` → str."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _for_everybody(request):
                return view(request, *args, **kwargs)
            key = _key(request, version(request))
            kept = _local_get(key)
            if kept is None and (kept := cache.get(key)) is not None:
                _local_put(key, kept)
            if kept is not None:
                response = HttpResponse(_with_token(request, kept[1]), content_type=kept[0])
                response["X-Page"] = "kept"
                return response
            setattr(request, _RENDERING, True)
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
            finally:
                setattr(request, _RENDERING, False)
            if getattr(response, "streaming", False):
                return response
            body = response.content.decode(response.charset or "utf-8")
            kind = response.get("Content-Type", "")
            if (
                response.status_code == 200
                and not response.cookies
                and kind.startswith("text/html")
            ):
                cache.set(key, (kind, body), PAGE_SECONDS)
            response.content = _with_token(request, body)
            return response

        return wrapper

    return decorator
