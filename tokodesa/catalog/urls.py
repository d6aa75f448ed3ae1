from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("produk/", views.product_list, name="products"),
    path("produk/<slug:slug>/", views.product_detail, name="product"),
    path("kategori/<slug:category_slug>/", views.product_list, name="category"),
    path("cari/", views.search, name="search"),
    path("penjual/<slug:slug>/", views.seller_detail, name="seller"),
]
