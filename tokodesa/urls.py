"""The platform's host: the national portal, the admin, and (through the tenant middleware)
every village shop under /<village-slug>/."""

from django.contrib import admin
from django.urls import include, path

from tokodesa.portal import views as portal

urlpatterns = [
    path("", include("tokodesa.core.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", portal.sitemap_index, name="sitemap"),
    path("", portal.home, name="portal-home"),
]
