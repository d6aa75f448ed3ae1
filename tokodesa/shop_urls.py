"""The urlconf of one village shop, on its own domain or under /<village-slug>/."""

from django.contrib.auth.views import LoginView, LogoutView
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from tokodesa.backoffice.seller_views import after_login
from tokodesa.catalog.sitemaps import ProductSitemap


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
    path("lapak/", include("tokodesa.backoffice.seller_urls")),
    path("", include("tokodesa.sellers.team_urls")),
    path("", include("tokodesa.backoffice.urls")),
    path("", include("tokodesa.catalog.team_urls")),
    path("", include("tokodesa.marketing.team_urls")),
    path("", include("tokodesa.marketing.urls")),
    path("", include("tokodesa.reviews.urls")),
    path("", include("tokodesa.notifications.urls")),
    path("", include("tokodesa.returns.urls")),
    path("", include("tokodesa.api.team_urls")),
    path("masuk/", LoginView.as_view(redirect_authenticated_user=False), name="login"),
    path("masuk/lanjut/", after_login, name="after-login"),
    path("keluar/", LogoutView.as_view(next_page="catalog:home"), name="logout"),
    path("", include("tokodesa.checkout.urls")),
    path("kelola/", include("tokodesa.backoffice.order_urls")),
]

handler400 = "tokodesa.core.views.bad_request"
handler500 = "tokodesa.core.views.server_error"
