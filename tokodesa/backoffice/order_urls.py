from django.urls import path

from . import order_views

app_name = "orders-team"
urlpatterns = [
    path("pesanan/", order_views.order_list, name="list"),
    path("pesanan/sekaligus/", order_views.bulk, name="bulk"),
    path("pesanan/<str:code>/", order_views.order_manage, name="manage"),
    path("pesanan/<str:code>/label/", order_views.shipping_label, name="label"),
    path("kemas/", order_views.packing_list, name="packing"),
    path("pesan-dulu/", order_views.preorders, name="preorders"),
]
