from django.urls import path

from . import views

app_name = "sellers"
urlpatterns = [
    path("jual/", views.apply, name="apply"),
    path("lapak/aktifkan/<uidb64>/<token>/", views.ActivateView.as_view(), name="activate"),
]
