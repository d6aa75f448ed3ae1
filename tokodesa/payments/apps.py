from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "tokodesa.payments"
    verbose_name = _("Payments")

    def ready(self):
        from tokodesa.orders.signals import order_status_changed

        from .receivers import refund_due_when_cancelled

        order_status_changed.connect(refund_due_when_cancelled, dispatch_uid="payments-refund")
