from django.urls import path

from . import views

app_name = "sellers"
urlpatterns = [
    path("penjual/<slug:slug>/", views.seller_detail, name="detail"),
]
