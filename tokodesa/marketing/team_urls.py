from django.urls import path

from . import team_views

app_name = "marketing-team"
urlpatterns = [
    path("kelola/pemasaran/", team_views.marketing, name="marketing"),
    path("kelola/voucher/", team_views.vouchers, name="vouchers"),
    path("kelola/voucher/baru/", team_views.voucher_edit, name="voucher-new"),
    path("kelola/voucher/<id:voucher_id>/", team_views.voucher_edit, name="voucher-edit"),
    path(
        "kelola/voucher/<id:voucher_id>/status/", team_views.voucher_switch, name="voucher-switch"
    ),
]
