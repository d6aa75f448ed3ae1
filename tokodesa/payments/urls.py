from django.urls import path

from . import views, webhooks

app_name = "payments"
urlpatterns = [
    path("pesanan/<str:code>/bayar/", views.claim, name="claim"),
    path("pesanan/<str:code>/bayar/midtrans/", webhooks.midtrans_pay, name="midtrans_pay"),
    path(
        "pembayaran/midtrans/notifikasi/",
        webhooks.midtrans_notification,
        name="midtrans_notification",
    ),
    path("kelola/bukti/<id:record_id>/", views.proof, name="proof"),
    path("kelola/pembayaran/", views.settings_page, name="settings"),
]
