from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("pesanan/<str:code>/masalah/", views.report, name="report"),
    path("kelola/masalah/", views.team, name="team"),
]
