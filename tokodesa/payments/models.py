from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_number} a.n. {self.account_holder}"
