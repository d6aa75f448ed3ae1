from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "tokodesa.notifications"
    verbose_name = _("Messages")

    def ready(self):
        from tokodesa.orders.signals import order_status_changed

        from .receivers import tell_buyer, tell_sellers

        order_status_changed.connect(tell_sellers, dispatch_uid="notifications-sellers")
        order_status_changed.connect(tell_buyer, dispatch_uid="notifications-buyer")
