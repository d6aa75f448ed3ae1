"""The audit log: who did what sensitive thing in a village shop, when, before and after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.tenancy import VillageManager


class AuditEntry(models.Model):
    """A sensitive action in a village shop: who, when, what, before and after. Append-only."""

    class Action(models.TextChoices):
        PAYMENT_CONFIRMED = "payment_confirmed", _("payment confirmed")
        PAYMENT_REJECTED = "payment_rejected", _("payment rejected")
        ORDER_CANCELLED = "order_cancelled", _("order cancelled")
        PRICE_CHANGED = "price_changed", _("price changed")
        PAYOUT_RECORDED = "payout_recorded", _("payout recorded")
        ROLE_CHANGED = "role_changed", _("role changed")
        SELLER_APPROVED = "seller_approved", _("seller approved")
        SELLER_REJECTED = "seller_rejected", _("seller rejected")
        PAYMENT_REVERSED = "payment_reversed", _("payment taken back by the payment service")
        PAYMENT_ROUTE = "payment_route", _("where buyers pay changed")
        VILLAGE_STATUS = "village_status", _("shop status changed")
        DOMAIN = "domain", _("shop's own address")

    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=100)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    subject = models.CharField(_("about"), max_length=200)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        db_table = "backoffice_auditentry"  # the table kept its name when the model moved here

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject}"
