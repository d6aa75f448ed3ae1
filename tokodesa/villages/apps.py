from django.apps import AppConfig
from django.contrib.admin import apps as django_admin
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "tokodesa.villages"
    verbose_name = _("Villages")


class AdminConfig(django_admin.AdminConfig):
    """django.contrib.admin with the village-scoped site (villages.admin_site)."""

    default = False
    default_site = "tokodesa.villages.admin_site.AdminSite"
