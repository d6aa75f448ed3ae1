from django.urls import path

from . import views

app_name = "api-team"
urlpatterns = [
    path("kelola/api/", views.keys_page, name="settings"),
]
