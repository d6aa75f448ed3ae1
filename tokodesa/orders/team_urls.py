from django.urls import path

from . import team_views

app_name = "orders-team"
urlpatterns = [
    path("pesanan/", team_views.order_list, name="list"),
    path("pesanan/<str:code>/", team_views.order_manage, name="manage"),
]
