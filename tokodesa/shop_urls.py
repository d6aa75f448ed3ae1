"""The urlconf of one village shop, on its own domain or under /<village-slug>/."""

from django.contrib.auth.views import LoginView, LogoutView
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from tokodesa.catalog.sitemaps import ProductSitemap
from tokodesa.sellers.portal import after_login
from tokodesa.sellers.team_views import ActivateView
from tokodesa.sellers.team_views import apply as seller_apply


def shop_sitemap(request):
    return sitemap(request, sitemaps={"produk": ProductSitemap(request.village)})


urlpatterns = [
    path("", include("tokodesa.core.urls")),
    path("", include("tokodesa.regions.urls")),
    path("sitemap.xml", shop_sitemap, name="sitemap"),
    path("", include("tokodesa.catalog.urls")),
    path("", include("tokodesa.sellers.urls")),
    path("", include("tokodesa.cart.urls")),
    path("", include("tokodesa.payments.urls")),
    path("", include("tokodesa.shipping.urls")),
    path("", include("tokodesa.ledger.urls")),
    path("", include("tokodesa.reports.urls")),
    path("lapak/", include("tokodesa.sellers.portal_urls")),
    path("lapak/aktifkan/<uidb64>/<token>/", ActivateView.as_view(), name="sellers-activate"),
    path("jual/", seller_apply, name="sellers-apply"),
    path("", include("tokodesa.sellers.team_urls")),
    path("", include("tokodesa.backoffice.urls")),
    path("", include("tokodesa.villages.urls")),
    path("", include("tokodesa.catalog.team_urls")),
    path("masuk/", LoginView.as_view(redirect_authenticated_user=False), name="login"),
    path("masuk/lanjut/", after_login, name="after-login"),
    path("keluar/", LogoutView.as_view(next_page="catalog:home"), name="logout"),
    path("", include("tokodesa.orders.urls")),
    path("kelola/", include("tokodesa.orders.team_urls")),
]

handler400 = "tokodesa.core.views.bad_request"
handler500 = "tokodesa.core.views.server_error"
