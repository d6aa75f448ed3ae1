from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "tokodesa.catalog"
    verbose_name = _("Catalog")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from tokodesa.sellers.models import Seller

        from .services import catalog_changed

        def seller_changed(instance, **kwargs):
            # Sellers' names and pages are part of the shop's pages (cards, product pages).
            catalog_changed(village_id=instance.village_id)

        for signal in (post_save, post_delete):
            signal.connect(seller_changed, sender=Seller, weak=False, dispatch_uid="catalog-seller")
