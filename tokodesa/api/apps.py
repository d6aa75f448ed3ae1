from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tokodesa.api"
    verbose_name = _("API")

    def ready(self):
        from tokodesa.orders.signals import order_placed, order_status_changed

        from .receivers import order_moved
        from .receivers import order_placed as placed

        order_placed.connect(placed, dispatch_uid="api-webhooks-placed")
        order_status_changed.connect(order_moved, dispatch_uid="api-webhooks-moved")
