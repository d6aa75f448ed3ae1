from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("kelola/laporan/", views.report, name="report"),
    path("kelola/laporan/<slug:what>.csv", views.export, name="export"),
    path("kelola/laporan/<slug:what>.xlsx", views.export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("transparansi/", views.transparency, name="transparency"),
]
