from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("daftar-desa/", views.apply, name="apply"),
    path("operator/desa/", views.review_list, name="review-list"),
    path("operator/desa/<id:pk>/", views.review, name="review"),
    path("operator/desa/<id:pk>/surat/", views.document, name="document"),
    path("akun/aktifkan/<uidb64>/<token>/", views.ActivateView.as_view(), name="activate"),
]
