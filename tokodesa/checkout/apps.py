from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    """From cart to paid order: prices once (the quote), then orders, payments and shipping
    through their services; it is also where payments and orders meet (``receivers``)."""

    name = "tokodesa.checkout"
    verbose_name = _("Checkout")

    def ready(self):
        from tokodesa.payments.signals import payment_accepted

        from .receivers import order_paid_when_accepted

        payment_accepted.connect(order_paid_when_accepted, dispatch_uid="checkout-order-paid")
