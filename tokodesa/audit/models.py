"""The audit log: who did what sensitive thing in a village shop, when, before and after."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.core.tenancy import VillageManager

#: What the keys of ``before`` and ``after`` mean to the team reading the log.
FIELD_LABELS = {
    "role": _("role"),
    "status": _("status"),
    "domain": _("address"),
    "verified": _("checked"),
    "basis_points": _("village's share"),
    "reason": _("reason"),
    "why": _("reason"),
    "decision": _("decision"),
    "by_buyer": _("by the buyer"),
    "balance": _("balance"),
    "amount": _("amount"),
    "method": _("method"),
    "reference": _("reference"),
    "note": _("note"),
    "bank": _("bank"),
    "number": _("account number"),
    "holder": _("account holder"),
    "in_use": _("in use"),
    "changed": _("changed"),
    "qris_merchant": _("QRIS merchant"),
    "qris_payload": _("QRIS code"),
    "midtrans_client_key": _("Midtrans client key"),
    "midtrans_server_key_encrypted": _("Midtrans server key"),
    "client_key": _("Midtrans client key"),
    "production": _("live payments"),
    "scopes": _("allowed"),
    "seller": _("seller"),
    "events": _("events"),
    "on": _("on"),
    "orders": _("orders"),
    "asked_for_balance": _("asked for the rest"),
}
#: Stored codes shown as words (roles and shop states).
VALUE_LABELS = {
    "admin": _("village admin"),
    "staff": _("shop staff"),
    "seller": _("seller"),
    "draft": _("being prepared"),
    "active": _("open"),
    "suspended": _("closed"),
    "refunded": _("money to be given back"),
    "replaced": _("to be replaced"),
    "declined": _("declined"),
}
MONEY_FIELDS = {"amount", "balance"}


def _shown(key: str, value, *, money: bool = False) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(
            pgettext_lazy("audit value", "yes") if value else pgettext_lazy("audit value", "no")
        )
    if (money or key in MONEY_FIELDS) and isinstance(value, int):
        return format_rupiah(value)
    if key == "basis_points" and isinstance(value, int):
        return f"{value / 100:g} %"
    if isinstance(value, list):
        return ", ".join(str(FIELD_LABELS.get(item, item)) for item in value)
    return str(VALUE_LABELS.get(value, value)) if isinstance(value, str) else str(value)


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
        REVIEW_HIDDEN = "review_hidden", _("review hidden")
        PROBLEM_DECIDED = "problem_decided", _("problem with an order decided")
        PREORDER_READY = "preorder_ready", _("pre-ordered goods marked ready")
        API_KEY_CREATED = "api_key_created", _("API key made")
        API_KEY_REVOKED = "api_key_revoked", _("API key revoked")
        WEBHOOK_CREATED = "webhook_created", _("webhook added")
        WEBHOOK_SWITCHED = "webhook_switched", _("webhook switched on or off")

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

    @property
    def changes(self) -> list[tuple[str, str, str | None]]:
        """(what, before, after) per key, in words; ``before`` is None when there was nothing
        before (a reason or an amount recorded with the action) or it did not change."""
        before, after = self.before or {}, self.after or {}
        money = self.action == self.Action.PRICE_CHANGED  # keyed by the variants' labels
        rows = []
        for key in dict.fromkeys([*before, *after]):
            label = str(FIELD_LABELS.get(key, key))
            now = _shown(key, after.get(key), money=money)
            was = _shown(key, before[key], money=money) if before and key in before else None
            if was == now:
                was = None  # unchanged: said once
            rows.append((label, was, now))
        return rows
