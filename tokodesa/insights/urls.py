from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("pantau/", views.index, name="index"),
    path("pantau/<str:code>/", views.dashboard, name="dashboard"),
    path("pantau/<str:code>/<slug:what>.csv", views.export, name="export"),
    path("pantau/<str:code>/<slug:what>.xlsx", views.export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("statistik/", views.statistics, name="statistics"),
    path("operator/pemantau/", views.monitors, name="monitors"),
]
