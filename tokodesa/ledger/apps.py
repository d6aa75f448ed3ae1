from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "tokodesa.ledger"
    verbose_name = _("Ledger")

    def ready(self):
        from tokodesa.orders.signals import order_status_changed

        from .receivers import earn_when_completed

        order_status_changed.connect(earn_when_completed, dispatch_uid="ledger-earnings")
