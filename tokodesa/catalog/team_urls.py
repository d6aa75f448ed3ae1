from django.urls import path

from . import team_views

app_name = "catalog-team"
urlpatterns = [
    path("kelola/produk/", team_views.review, name="review"),
    path("kelola/produk/impor/", team_views.product_import, name="import"),
    path("kelola/potongan-harga/", team_views.price_cuts, name="price-cuts"),
    path("kelola/produk/impor/contoh.csv", team_views.product_import_sample, name="import-sample"),
]
