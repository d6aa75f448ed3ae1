from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("kelola/penjual/", views.balances, name="balances"),
    path("kelola/penjual/<int:seller_id>/", views.seller_account, name="seller"),
    path("kelola/pembayaran-penjual/<int:payout_id>/", views.receipt, name="receipt"),
]
