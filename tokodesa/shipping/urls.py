from django.urls import path

from . import views

app_name = "shipping"
urlpatterns = [path("kelola/ongkir/", views.rates, name="rates")]
