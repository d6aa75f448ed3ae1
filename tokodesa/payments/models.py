"""Money coming in: the village's payment settings and every payment event, append-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core import storage
from tokodesa.core.tenancy import VillageManager


def private_storage():
    """Files only the village team may see (payment proofs); never under MEDIA_URL."""
    return storage.private_storage


class BankAccount(models.Model):
    """A bank account of the village shop that buyers transfer to."""

    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.CASCADE,
        related_name="bank_accounts",
        verbose_name=_("village"),
    )
    bank_name = models.CharField(
        _("bank"), max_length=60, help_text=_("E.g. BRI, BNI, Bank Bengkulu.")
    )
    account_number = models.CharField(_("account number"), max_length=30)
    account_holder = models.CharField(_("account holder"), max_length=100)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = VillageManager()

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_number} a.n. {self.account_holder}"


class PaymentSettings(models.Model):
    """How a village shop takes money, beyond its bank accounts."""

    village = models.OneToOneField(
        "villages.Village", on_delete=models.CASCADE, related_name="payment_settings"
    )
    unique_code = models.BooleanField(
        _("add a unique code to transfer amounts"),
        default=True,
        help_text=_("Adds Rp1–999 to each total so a transfer can be matched by its amount."),
    )
    qris_payload = models.TextField(_("static QRIS code"), blank=True)
    qris_merchant_name = models.CharField(_("QRIS merchant name"), max_length=60, blank=True)
    qris_merchant_city = models.CharField(_("QRIS merchant city"), max_length=60, blank=True)
    cod_enabled = models.BooleanField(_("cash on delivery / pay at pickup"), default=False)
    cod_max_amount = models.PositiveBigIntegerField(_("largest cash order (Rp)"), default=1_000_000)
    # Midtrans: the server key is kept encrypted (payments.secrets); empty = not offered.
    midtrans_client_key = models.CharField(max_length=100, blank=True)
    midtrans_server_key_encrypted = models.TextField(blank=True)
    midtrans_production = models.BooleanField(default=False)

    objects = VillageManager()

    class Meta:
        verbose_name = _("payment settings")
        verbose_name_plural = _("payment settings")

    def __str__(self) -> str:
        return str(self.village)


#: Payment methods whose confirmations come from a gateway, keyed by its transaction id.
GATEWAY_METHODS = ("midtrans",)


class PaymentRecord(models.Model):
    """One thing that happened to an order's money. Never edited; corrections are new rows.

    What an order has been paid is derived from these rows (payments.selectors), never typed.
    """

    class Kind(models.TextChoices):
        CLAIMED = "claimed", _("buyer says paid")
        CONFIRMED = "confirmed", _("payment confirmed")
        REJECTED = "rejected", _("payment rejected")
        CASH_COLLECTED = "cash_collected", _("cash collected")
        REFUND_DUE = "refund_due", _("refund to be made")
        REFUNDED = "refunded", _("refunded")
        GATEWAY = "gateway", _("gateway notification")
        REVERSED = "reversed", _("payment reversed by the gateway")

    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.PROTECT,
        related_name="payment_records",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    method = models.CharField(_("method"), max_length=40)
    amount = models.PositiveBigIntegerField(_("amount"), default=0)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    proof = models.FileField(
        _("proof of payment"), upload_to="proofs/", blank=True, storage=private_storage
    )
    raw = models.JSONField(null=True, blank=True)  # a gateway's message, as received
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("by"), max_length=100)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("payment record")
        verbose_name_plural = _("payment records")
        ordering = ["created_at", "id"]
        constraints = [
            # A gateway transaction (the village's own gateway account) is confirmed at most
            # once, however often its notification arrives. Staff confirmations carry no
            # gateway reference: their words are a note, never a key.
            models.UniqueConstraint(
                fields=["village", "method", "reference"],
                condition=models.Q(kind="confirmed", method__in=GATEWAY_METHODS)
                & ~models.Q(reference=""),
                name="one_gateway_confirmation_per_transaction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class GatewayRefusal(models.Model):
    """Calls to a gateway's notification address that were refused, counted per village, day
    and reason, with the latest one kept as a sample: a flood of forged calls costs one row,
    never one row per call."""

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    method = models.CharField(_("method"), max_length=40)
    day = models.DateField(_("day"))
    error = models.CharField(_("reason"), max_length=40)
    count = models.PositiveIntegerField(_("calls"), default=0)
    last_status = models.PositiveSmallIntegerField(_("answer"), default=400)
    last_note = models.CharField(_("note"), max_length=300, blank=True)
    sample = models.TextField(_("latest call (shortened)"), blank=True)
    last_at = models.DateTimeField(_("last call"))

    objects = VillageManager()

    class Meta:
        verbose_name = _("refused gateway call")
        verbose_name_plural = _("refused gateway calls")
        ordering = ["-day", "-last_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "method", "day", "error"], name="one_refusal_tally_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.error} ×{self.count}"
