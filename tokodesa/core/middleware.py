import logging

from django.conf import settings
from django.middleware.gzip import GZipMiddleware as _GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)


class LanguageMiddleware:
    """Bahasa Indonesia unless the visitor chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on many phones
    and on every crawler is English; a village shop speaks Indonesian first (docs/adr/0003).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class NulGuardMiddleware:
    """A NUL character is never part of anything a person types: a request carrying one in
    its path, query string, form fields or file names is answered 400 with a plain page, before
    any view, form or database (PostgreSQL refuses NUL in text) can trip over it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A cookie with NUL in it was not set by us: it is dropped, not looked up.
        request.COOKIES = {k: v for k, v in request.COOKIES.items() if "\x00" not in k + v}
        if _has_nul(request):
            return bad_request_page(request)
        return self.get_response(request)


def _has_nul(request) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
    ):
        return True
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return True
        for key, files in request.FILES.lists():
            if "\x00" in key or any("\x00" in (f.name or "") for f in files):
                return True
    return False


def plain_page(request, template: str, status: int):
    """A page that needs neither the database nor a context processor (errors, busy)."""
    from django.http import HttpResponse
    from django.template import loader

    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        html = loader.get_template(template).render({"LANGUAGE_CODE": language})
    return HttpResponse(html, status=status)


def bad_request_page(request):
    if request.path.startswith("/api/"):  # the API answers in its own error shape, in JSON
        from django.http import JsonResponse
        from django.utils.translation import gettext, override

        message = "Some parameters are not valid."
        with override("id"):
            indonesian = gettext(message)
        body = {"code": "bad_request", "message_id": indonesian, "message_en": message}
        return JsonResponse({"error": body}, status=400)
    return plain_page(request, "400.html", 400)


def busy_page(request):
    response = plain_page(request, "busy.html", 503)
    response["Retry-After"] = "5"
    return response


def database_away(error) -> bool:
    """A database that is briefly unreachable or busy: restarting, failing over, or (SQLite)
    locked by another writer longer than its busy timeout."""
    from django.db import InterfaceError, OperationalError

    return isinstance(error, InterfaceError | OperationalError)


class BusyDatabaseMiddleware:
    """A database briefly away while a view runs gives the buyer a "try again" page (503)
    instead of an error; each write is one transaction, so nothing half-done was saved.
    (Outside views, in other middleware, handler500 does the same: core.views.server_error.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_away(exception):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return busy_page(request)
        return None


class GZipMiddleware(_GZipMiddleware):
    """Django's gzip, except for what is compressed already: photos (WebP, JPEG, PNG), fonts
    and archives come out larger when gzipped again."""

    def process_response(self, request, response):
        kind = response.get("Content-Type", "").split(";", 1)[0].strip()
        if kind.startswith(("image/", "font/", "video/", "audio/")) and kind != "image/svg+xml":
            return response
        if kind in ("application/zip", "application/gzip", "application/pdf"):
            return response
        return super().process_response(request, response)
