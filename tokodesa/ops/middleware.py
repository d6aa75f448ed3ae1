"""Health probes, and one log line per request."""

import logging
import time

from django.http import HttpResponse, JsonResponse

from .health import readiness

logger = logging.getLogger("tokodesa.requests")


class HealthMiddleware:
    """``/healthz``: the process answers (nothing else is touched). ``/readyz``: database,
    cache, storage and queue answer (503 naming what does not). On any host, before the
    tenant lookup, HTTPS redirects and sessions, so a probe never depends on them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return HttpResponse("ok\n", content_type="text/plain")
        if request.path == "/readyz":
            ready, report = readiness()
            response = JsonResponse(report, status=200 if ready else 503)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


class RequestLogMiddleware:
    """One line per request: method, path, status, duration, village, order code, user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = time.monotonic()
        response = self.get_response(request)
        village = getattr(request, "village", None)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        extra = {
            "method": request.method,
            "path": request.path[:300],
            "status": response.status_code,
            "duration_ms": round((time.monotonic() - began) * 1000),
            "village": village.slug if village is not None else None,
            "order": (match.kwargs.get("code") if match else None),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        }
        logger.info(
            "%s %s %s %sms",
            extra["method"],
            extra["path"],
            extra["status"],
            extra["duration_ms"],
            extra=extra,
        )
        return response
