"""The baseline: Django with no apps and no middleware, one view returning 5 KB.

Served by the same gunicorn as the shop (``gunicorn bare_app:application`` from bench/), it
says what the framework and the server cost by themselves on this machine, so the storefront's
figures can be read as a share of it.
"""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-view",  # noqa: S106 - a benchmark that serves nothing secret
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

BODY = b"<!doctype html><title>bare</title>" + b"x" * (5 * 1024 - 35)


def page(request):
    return HttpResponse(BODY)


urlpatterns = [path("", page)]
application = get_wsgi_application()
