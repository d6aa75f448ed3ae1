from django.urls import path

from . import portal

app_name = "sellers-portal"
urlpatterns = [
    path("", portal.dashboard, name="dashboard"),
    path("uang/", portal.money, name="money"),
    path("produk/baru/", portal.product_edit, name="product-new"),
    path("produk/<id:product_id>/", portal.product_edit, name="product-edit"),
    path("produk/<id:product_id>/jeda/", portal.pause, name="product-pause"),
    path("produk/<id:product_id>/foto/hapus/", portal.photo_remove, name="photo-remove"),
    path("stok/<id:variant_id>/", portal.stock, name="stock"),
]
