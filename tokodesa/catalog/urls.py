from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("produk/", views.product_list, name="products"),
    path("produk/<slug:slug>/", views.product_detail, name="product"),
    path("produk/<slug:slug>/kartu.jpg", views.product_card, name="product-card"),
    path("p/<id:product_id>/", views.short_link, name="short"),
    path("kategori/<slug:category_slug>/", views.product_list, name="category"),
    path("cari/", views.search, name="search"),
    path("penjual/<slug:slug>/", views.seller_detail, name="seller"),
]
