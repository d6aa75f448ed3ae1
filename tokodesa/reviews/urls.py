from django.urls import path

from . import team_views, views

app_name = "reviews"
urlpatterns = [
    path("pesanan/<str:code>/ulasan/", views.write, name="write"),
    path("kelola/ulasan/", team_views.reviews, name="team"),
]
