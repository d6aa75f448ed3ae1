"""What the village shop owes each villager: an append-only ledger of earnings and payouts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.tenancy import VillageManager


class Payout(models.Model):
    """Money the village shop handed to a seller (bank transfer or cash)."""

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("bank transfer")
        CASH = "cash", _("cash")

    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="payouts")
    amount = models.PositiveBigIntegerField(_("amount"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(_("paid by"), max_length=100)
    created_at = models.DateTimeField(_("paid at"), auto_now_add=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_positive")
        ]

    def __str__(self) -> str:
        return f"{self.seller} {self.amount}"


class LedgerEntry(models.Model):
    """One movement of a seller's balance. Rows are never changed; corrections are new rows.

    A seller's balance is the sum of ``amount`` over their entries (earnings positive, payouts
    negative). ``fee`` is what the village kept from the sale the entry comes from (negative
    when a voucher the village bears took more than its fee), ``discount`` the line's part of
    the order's voucher: amount + fee + discount = sale, and amount + fee = what the buyer paid
    for the line.
    """

    class Kind(models.TextChoices):
        EARNING = "earning", _("earning")
        PAYOUT = "payout", _("payout")
        CORRECTION = "correction", _("correction")

    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.BigIntegerField(_("amount"))
    fee = models.BigIntegerField(_("village fee"), default=0)
    sale = models.BigIntegerField(_("sale"), default=0)  # the line total an earning comes from
    discount = models.BigIntegerField(_("voucher discount"), default=0)  # the line's part
    order_line = models.OneToOneField(
        "orders.OrderLine", on_delete=models.PROTECT, null=True, blank=True, related_name="earning"
    )
    payout = models.OneToOneField(
        Payout, on_delete=models.PROTECT, null=True, blank=True, related_name="entry"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="earning", amount__gte=0, order_line__isnull=False)
                    | models.Q(kind="payout", amount__lt=0, payout__isnull=False)
                    | models.Q(kind="correction")
                ),
                name="ledger_entry_shape",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"
