from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("pesanan/<str:code>/bayar/", views.claim, name="claim"),
    path("kelola/bukti/<int:record_id>/", views.proof, name="proof"),
]
