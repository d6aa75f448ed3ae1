"""How a village ships: pickup details, its own courier's areas, and its courier rates."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.tenancy import VillageManager


class ShippingSettings(models.Model):
    village = models.OneToOneField(
        "villages.Village", on_delete=models.CASCADE, related_name="shipping_settings"
    )
    packing_allowance_g = models.PositiveIntegerField(
        _("packing allowance (grams)"),
        default=200,
        help_text=_("Added to every parcel's weight for the box, paper and tape."),
    )
    opening_hours = models.CharField(
        _("pickup hours"),
        max_length=120,
        blank=True,
        help_text=_("E.g. Monday–Saturday 08.00–16.00"),
    )
    map_url = models.URLField(_("map link"), blank=True)
    local_enabled = models.BooleanField(_("village courier delivers"), default=False)
    local_free_minimum = models.PositiveBigIntegerField(
        _("free village delivery from (Rp)"), default=0, help_text=_("0 means never free.")
    )
    couriers_enabled = models.BooleanField(
        _("ship with couriers (JNE, J&T, POS, SiCepat)"), default=True
    )
    # The village's own courier rate table (shipping.tariffs.Table.to_json); empty = shipped one.
    rate_table = models.JSONField(null=True, blank=True, editable=False)
    auto_complete_days = models.PositiveSmallIntegerField(
        _("complete shipped orders after (days)"), default=10
    )

    objects = VillageManager()

    class Meta:
        verbose_name = _("shipping settings")
        verbose_name_plural = _("shipping settings")

    def __str__(self) -> str:
        return str(self.village)


class LocalDeliveryArea(models.Model):
    """A kecamatan or desa the village courier delivers to, and the fee there."""

    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, related_name="local_delivery_areas"
    )
    region_code = models.CharField(_("kecamatan or desa code"), max_length=13)
    region_name = models.CharField(_("area"), max_length=120)
    fee = models.PositiveIntegerField(_("fee (Rp)"))

    objects = VillageManager()

    class Meta:
        verbose_name = _("village delivery area")
        verbose_name_plural = _("village delivery areas")
        ordering = ["region_name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "region_code"], name="one_fee_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.region_name}: {self.fee}"
