from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("produk/<slug:slug>/kabari/", views.notify_me, name="notify-me"),
    path("berhenti/<str:token>/", views.stop, name="stop"),
]
