"""A buyer's report of a problem with a received line (damaged, wrong, missing), and the shop
team's decision: refund in full or in part, replace, or decline with a reason."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.fields import PhotoField
from tokodesa.core.tenancy import VillageManager

TEXT_MAX = 1000
PHOTOS_MAX = 3


class ProblemReport(models.Model):
    class Kind(models.TextChoices):
        DAMAGED = "damaged", _("arrived damaged")
        WRONG = "wrong", _("not what I ordered")
        MISSING = "missing", _("missing from the parcel")

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the shop")
        REFUNDED = "refunded", _("money to be given back")
        REPLACED = "replaced", _("to be replaced")
        DECLINED = "declined", _("declined")

    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    order_line = models.OneToOneField(
        "orders.OrderLine", on_delete=models.CASCADE, related_name="problem"
    )
    kind = models.CharField(_("problem"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("what happened"), max_length=TEXT_MAX, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    refund = models.PositiveBigIntegerField(_("refund"), default=0)
    reversed_earning = models.PositiveBigIntegerField(default=0)  # taken back from the seller
    goods_back = models.BooleanField(_("the goods came back"), default=False)
    decision_note = models.CharField(_("note to the buyer"), max_length=300, blank=True)
    decided_by = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.order_line_id}"


class ProblemPhoto(models.Model):
    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(ProblemReport, on_delete=models.CASCADE, related_name="photos")
    image = PhotoField(upload_to="problems/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)

    objects = VillageManager()

    def __str__(self) -> str:
        return self.image.name
