from django.urls import path

from . import team_views

app_name = "catalog-team"
urlpatterns = [path("kelola/produk/", team_views.review, name="review")]
