from django.urls import path

from . import views

app_name = "cart"
urlpatterns = [
    path("keranjang/", views.cart_detail, name="detail"),
    path("keranjang/tambah/", views.cart_add, name="add"),
    path("keranjang/ubah/", views.cart_update, name="update"),
    path("keranjang/voucher/", views.cart_voucher, name="voucher"),
]
