from django.urls import path

from . import team_views

app_name = "sellers-team"
urlpatterns = [
    path("kelola/pendaftar/", team_views.applications, name="applications"),
    path("kelola/warga-baru/", team_views.sign_up, name="new"),
    path("kelola/warga/<id:seller_id>/akun/", team_views.handover, name="handover"),
    path(
        "kelola/warga/<id:seller_id>/akun/tautan/", team_views.handover_link, name="handover-link"
    ),
]
