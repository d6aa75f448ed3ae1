from django.urls import path

from . import views

app_name = "checkout"
urlpatterns = [
    path("pesan/", views.checkout, name="form"),
    path("pesan/periksa/", views.review, name="review"),
    path("pesanan/", views.find_order, name="find"),
    path("pesanan/<str:code>/", views.order_detail, name="order"),
    path("pesanan/<str:code>/diterima/", views.confirm_received, name="received"),
    path("pesanan/<str:code>/faktur/", views.invoice, name="invoice"),
]
