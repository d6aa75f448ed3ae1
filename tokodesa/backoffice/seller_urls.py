from django.urls import path

from . import seller_views

app_name = "sellers-portal"
urlpatterns = [
    path("", seller_views.dashboard, name="dashboard"),
    path("uang/", seller_views.money, name="money"),
    path("ulasan/", seller_views.reviews, name="reviews"),
    path("produk/baru/", seller_views.product_edit, name="product-new"),
    path("produk/<id:product_id>/", seller_views.product_edit, name="product-edit"),
    path("produk/<id:product_id>/jeda/", seller_views.pause, name="product-pause"),
    path("produk/<id:product_id>/potongan/", seller_views.price_cut, name="price-cut"),
    path("produk/<id:product_id>/foto/hapus/", seller_views.photo_remove, name="photo-remove"),
    path("stok/<id:variant_id>/", seller_views.stock, name="stock"),
]
