from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketingConfig(AppConfig):
    name = "tokodesa.marketing"
    verbose_name = _("Marketing")

    def ready(self):
        from tokodesa.catalog.signals import catalog_changed
        from tokodesa.orders.signals import order_status_changed

        from .receivers import give_back_when_unsold, rebuild_feeds_later

        order_status_changed.connect(give_back_when_unsold, dispatch_uid="marketing-vouchers")
        catalog_changed.connect(rebuild_feeds_later, dispatch_uid="marketing-feeds")
