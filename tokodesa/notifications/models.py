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
