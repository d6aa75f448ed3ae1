"""A buyer's cart in one village shop, kept on the server behind the session."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.tenancy import VillageManager

MAX_QUANTITY = 999


class Cart(models.Model):
    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.CASCADE,
        related_name="carts",
        verbose_name=_("village"),
    )
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carts",
    )
    # The voucher the buyer typed (checked again whenever the cart is priced).
    voucher_code = models.CharField(_("voucher"), max_length=20, blank=True)
    # Where the buyer came from when the cart began (``src``, UTM source, or the referring
    # site): a campaign's name, never anything about the buyer (marketing.counting).
    source = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return str(self.token)


class CartItem(models.Model):
    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    # The price the buyer saw when adding, to warn when it changed since.
    price_seen = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="one_line_per_variant"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1, quantity__lte=MAX_QUANTITY),
                name="cart_quantity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id}"
