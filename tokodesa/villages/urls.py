from django.urls import path

from . import views

app_name = "villages"
urlpatterns = [path("kelola/desa/", views.settings_page, name="settings")]
