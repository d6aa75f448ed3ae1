"""Villagers who sell through their village shop (pelapak)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.fields import PhotoField
from tokodesa.core.tenancy import VillageManager
from tokodesa.core.validators import validate_whatsapp


class Seller(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting approval")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")

    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.PROTECT,
        related_name="sellers",
        verbose_name=_("village"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sellers",
        verbose_name=_("login"),
    )
    display_name = models.CharField(
        _("name"), max_length=120, help_text=_("The villager's own name, e.g. Ibu Siti Aminah.")
    )
    shop_name = models.CharField(
        _("shop name"), max_length=120, blank=True, help_text=_("Optional, e.g. Gula Aren Bu Siti.")
    )
    slug = models.SlugField(_("web address"), max_length=80)
    story = models.TextField(_("story"), blank=True)
    photo = PhotoField(_("photo"), upload_to="sellers/", blank=True, max_side=480)
    whatsapp = models.CharField(
        _("WhatsApp number"), max_length=16, blank=True, validators=[validate_whatsapp]
    )
    payout_account = models.CharField(
        _("bank account for payouts"),
        max_length=120,
        blank=True,
        help_text=_("E.g. BRI 0123-01-000456-30-1 a.n. Siti Aminah. Empty: paid in cash."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("seller")
        verbose_name_plural = _("sellers")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "slug"], name="seller_slug_unique_in_village"
            ),
        ]

    def __str__(self) -> str:
        return self.shop_name or self.display_name

    @property
    def title(self) -> str:
        return self.shop_name or self.display_name
