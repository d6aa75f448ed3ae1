from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log of sensitive actions: a low room every app writes to, knowing no feature."""

    name = "tokodesa.audit"
    verbose_name = _("Audit log")
