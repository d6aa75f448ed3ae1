from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("kelola/penjual/", views.balances, name="balances"),
    path("kelola/penjual/<id:seller_id>/", views.seller_account, name="seller"),
    path("kelola/pembayaran-penjual/<id:payout_id>/", views.receipt, name="receipt"),
]
