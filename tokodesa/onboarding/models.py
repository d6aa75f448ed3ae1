"""A village's application to open its shop on the platform, and its review by the operator.

Not a village's row: it exists before the village does, and only the platform operator reads
it (the applicant is told by WhatsApp or e-mail). One open or approved application per
desa/kelurahan: one shop per desa.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.storage import private_storage
from tokodesa.core.validators import validate_whatsapp


def _private():
    return private_storage


class VillageApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for review")
        MORE_INFO = "more_info", _("more information asked")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    class RunBy(models.TextChoices):
        GOVERNMENT = "government", _("the village government")
        BUMDES = "bumdes", _("the village's BUMDes")

    OPEN_STATUSES = (Status.SUBMITTED, Status.MORE_INFO)

    region_code = models.CharField(_("Kemendagri code of the desa/kelurahan"), max_length=13)
    village_name = models.CharField(_("desa/kelurahan"), max_length=120)
    region_label = models.CharField(_("where"), max_length=300)
    run_by = models.CharField(_("run by"), max_length=12, choices=RunBy.choices)
    organisation = models.CharField(_("name of the BUMDes"), max_length=160, blank=True)
    leader_name = models.CharField(_("Kepala Desa or BUMDes director"), max_length=120)
    contact_name = models.CharField(_("contact person"), max_length=120)
    contact_whatsapp = models.CharField(
        _("contact WhatsApp"), max_length=16, validators=[validate_whatsapp]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    message = models.TextField(_("what the village wants to sell"), blank=True)
    document = models.FileField(
        _("letter (SK or BUMDes letter)"), upload_to="applications/", blank=True, storage=_private
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    review_note = models.TextField(_("note from the platform"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # The shop an approval made. Named ``shop``, not ``village``: an application is the
    # platform's row, not one of the village's (no village team reads it).
    shop = models.OneToOneField(
        "villages.Village",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("village application")
        verbose_name_plural = _("village applications")
        ordering = ["-created_at"]
        constraints = [
            # One shop per desa: one application in review or approved at a time.
            models.UniqueConstraint(
                fields=["region_code"],
                condition=models.Q(status__in=["submitted", "more_info", "approved"]),
                name="one_live_application_per_desa",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.village_name} ({self.region_code})"

    @property
    def number(self) -> str:
        """What the applicant quotes: PD-000042."""
        return f"PD-{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
