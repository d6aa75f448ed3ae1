"""The platform's host: the national portal, the admin, and (through the tenant middleware)
every village shop under /<village-slug>/."""

from django.contrib import admin
from django.contrib.auth.views import LoginView, LogoutView
from django.shortcuts import redirect
from django.urls import include, path

from tokodesa.api.api import api as public_api
from tokodesa.marketing.views import portal_feed
from tokodesa.portal import views as portal


def after_login(request):
    """Where a person lands after logging in on the platform's host: the operator in the
    admin, a pemantau on their dashboard, anyone else on the portal."""
    from tokodesa.insights.selectors import monitor_regions

    if request.user.is_staff:
        return redirect("admin:index")
    if monitor_regions(request.user):
        return redirect("insights:index")
    return redirect("portal-home")


urlpatterns = [
    path("", include("tokodesa.core.urls")),
    path("", include("tokodesa.regions.urls")),
    path("masuk/", LoginView.as_view(), name="login"),
    path("masuk/lanjut/", after_login, name="after-login"),
    path("keluar/", LogoutView.as_view(next_page="portal-home"), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", public_api.urls),
    path("", include("tokodesa.onboarding.urls")),
    path("", include("tokodesa.insights.urls")),
    path("sitemap.xml", portal.sitemap_index, name="sitemap"),
    path("sitemap-kategori.xml", portal.sitemap_categories, name="portal-sitemap-categories"),
    path(
        "sitemap-wilayah-<int:level>-<int:page>.xml",
        portal.sitemap_regions,
        name="portal-sitemap-regions",
    ),
    path("feed/google.xml", portal_feed, {"kind": "google"}, name="portal-feed-google"),
    path("feed/meta.csv", portal_feed, {"kind": "meta"}, name="portal-feed-meta"),
    path("cari/", portal.products, name="portal-search"),
    path("kategori/<slug:category_slug>/", portal.products, name="portal-category"),
    path("jelajah/", portal.browse, name="portal-browse"),
    path("jelajah/<str:code>/", portal.browse, name="portal-region"),
    path("", portal.home, name="portal-home"),
]

handler400 = "tokodesa.core.views.bad_request"
handler500 = "tokodesa.core.views.server_error"
