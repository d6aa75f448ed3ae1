from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "tokodesa.reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from tokodesa.catalog import hooks

        from .selectors import product_page_reviews

        if product_page_reviews not in hooks.product_page_parts:
            hooks.product_page_parts.append(product_page_reviews)
