"""Routes every host has, the portal's and each village shop's alike."""

from django.conf import settings
from django.urls import path, re_path
from django.views.i18n import set_language

from .views import favicon, media, robots_txt

urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("bahasa/", set_language, name="set_language"),
]
if settings.SERVE_MEDIA:
    prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(
        re_path(rf"^{prefix}(?P<path>.+)$", media, {"document_root": settings.MEDIA_ROOT})
    )
