"""The platform's host: the national portal, the admin, and (through the tenant middleware)
every village shop under /<village-slug>/."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from tokodesa.portal import views as portal

urlpatterns = [
    path("", include("tokodesa.core.urls")),
    path("", include("tokodesa.regions.urls")),
    # After logging in on the platform's host (the admin's login): the admin's front page.
    path(
        "admin/lanjut/",
        RedirectView.as_view(pattern_name="admin:index"),
        name="after-login",
    ),
    path("admin/", admin.site.urls),
    path("", include("tokodesa.onboarding.urls")),
    path("sitemap.xml", portal.sitemap_index, name="sitemap"),
    path("sitemap-kategori.xml", portal.sitemap_categories, name="portal-sitemap-categories"),
    path(
        "sitemap-wilayah-<int:level>-<int:page>.xml",
        portal.sitemap_regions,
        name="portal-sitemap-regions",
    ),
    path("cari/", portal.products, name="portal-search"),
    path("kategori/<slug:category_slug>/", portal.products, name="portal-category"),
    path("jelajah/", portal.browse, name="portal-browse"),
    path("jelajah/<str:code>/", portal.browse, name="portal-region"),
    path("", portal.home, name="portal-home"),
]

handler400 = "tokodesa.core.views.bad_request"
handler500 = "tokodesa.core.views.server_error"
