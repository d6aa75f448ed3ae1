from django.urls import path

from . import views

app_name = "backoffice"
urlpatterns = [
    path("kelola/", views.dashboard, name="dashboard"),
    path("kelola/catatan/", views.audit, name="audit"),
    path("kelola/desa/", views.village_settings, name="village-settings"),
]
