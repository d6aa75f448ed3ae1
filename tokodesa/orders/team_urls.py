from django.urls import path

from . import team_views

app_name = "orders-team"
urlpatterns = [
    path("pesanan/", team_views.order_list, name="list"),
    path("pesanan/sekaligus/", team_views.bulk, name="bulk"),
    path("pesanan/<str:code>/", team_views.order_manage, name="manage"),
    path("pesanan/<str:code>/label/", team_views.shipping_label, name="label"),
    path("kemas/", team_views.packing_list, name="packing"),
]
