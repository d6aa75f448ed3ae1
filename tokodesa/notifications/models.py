"""Messages the platform sends for a village shop (WhatsApp first), each logged on its order."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.tenancy import VillageManager


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent (tried again later)")
        BY_HAND = "by_hand", _("to send by hand (no WhatsApp service set up)")

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(
        "orders.Order", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    to = models.CharField(_("to"), max_length=16)  # a WhatsApp number, E.164
    to_label = models.CharField(max_length=120, blank=True)  # "Ibu Siti (penjual)"
    template = models.CharField(max_length=60)  # the approved template's name
    params = models.JSONField(default=list)  # the template's body parameters, in order
    text = models.TextField()  # the same message written out (click-to-chat, the history)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    provider_id = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = VillageManager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.template} → {self.to_label or self.to}"


class StockAlert(models.Model):
    """ "Kabari saya": a buyer asks to be told once when a sold-out product is back. Deleted once
    told, or after ``KEEP_DAYS`` (the number is kept for nothing else)."""

    KEEP_DAYS = 90

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    whatsapp = models.CharField(max_length=16, blank=True)
    email = models.EmailField(blank=True)
    link = models.URLField(max_length=300)  # the product page, as the buyer saw it
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = VillageManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "whatsapp"], condition=~models.Q(whatsapp=""),
                name="one_alert_per_number",
            ),
            models.UniqueConstraint(
                fields=["product", "email"], condition=~models.Q(email=""),
                name="one_alert_per_email",
            ),
            models.CheckConstraint(
                condition=~models.Q(whatsapp="", email=""), name="alert_has_a_contact"
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.product_id} → {self.whatsapp or self.email}"


class OptOut(models.Model):
    """A buyer who asked a village shop for no more messages they did not need for an order
    (back-in-stock and harvest notices, anything promotional). Order messages still reach them.
    Kept until the same person asks for a notice again ("Kabari saya": consent given anew)."""

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    contact = models.CharField(max_length=254)  # a WhatsApp number (E.164) or an e-mail, lower
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VillageManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["village", "contact"], name="one_opt_out_per_contact")
        ]

    def __str__(self) -> str:
        return self.contact
