"""Catalogue feeds at stable addresses, for a village shop and for the national portal."""

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from tokodesa.villages.context_processors import canonical_base

from .selectors import catalog_feed, feed_version
from .tasks import build_feeds

CONTENT_TYPES = {"google": "application/xml; charset=utf-8", "meta": "text/csv; charset=utf-8"}
# One rebuild asked per feed, catalogue version and reason, however many fetches come.
REBUILD_ASKED_SECONDS = 600


def _serve(request, *, village, kind: str, base: str):
    feed = catalog_feed(village=village, kind=kind)
    version = feed_version(village=village)
    asked = f"feed-asked:{village.pk if village else 'id'}:{kind}:{version}"

    def rebuild(why: str):
        """Ask the worker (once); returns the feed as it is now (built already in-process)."""
        if cache.add(f"{asked}:{why}", 1, REBUILD_ASKED_SECONDS):
            build_feeds.enqueue(village.pk if village else None, base)
        return catalog_feed(village=village, kind=kind)

    if feed is None or feed.version != version or feed.base != base:
        feed = rebuild("stale")
    handle = _open(feed)
    if feed is not None and handle is None:  # the file is gone (replaced meanwhile, or lost)
        handle = _open(rebuild("gone"))
    if handle is None:
        response = HttpResponse(
            _("The feed is being prepared. Please try again in a few minutes."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "300"
        return response
    response = FileResponse(handle, content_type=CONTENT_TYPES[kind])
    response["Cache-Control"] = "public, max-age=900"
    return response


def _open(feed):
    if feed is None:
        return None
    try:
        return default_storage.open(feed.path)
    except OSError:
        return None


def shop_feed(request, kind: str):
    base = canonical_base(request) + request.path.removesuffix(request.path_info)
    return _serve(request, village=request.village, kind=kind, base=base.rstrip("/"))


def portal_feed(request, kind: str):
    return _serve(request, village=None, kind=kind, base=canonical_base(request))
