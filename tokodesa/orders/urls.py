from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("pesan/", views.checkout, name="checkout"),
    path("pesan/periksa/", views.review, name="review"),
    path("pesanan/", views.find_order, name="find"),
    path("pesanan/<str:code>/", views.order_detail, name="detail"),
    path("pesanan/<str:code>/diterima/", views.confirm_received, name="received"),
    path("pesanan/<str:code>/faktur/", views.invoice, name="invoice"),
]
