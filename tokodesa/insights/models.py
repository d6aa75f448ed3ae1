"""Figures across villages, added up by region and month ahead of time (``figures_refresh``),
so the portal and the regional dashboards read a handful of rows whatever the number of
villages. Aggregates only: no buyer, order or person is named here.

A row is one number pair for one region: Indonesia (``region_code`` ""), a province
(``17``), a kabupaten/kota (``17.08``), a kecamatan (``17.08.05``) or a desa
(``17.08.05.2007``), for a ``kind`` of figure, an optional ``month`` and ``key``:

- ``catalog``: ``key`` shops (open), preparing (draft), sellers, products (on sale); ``count``.
- ``sales``: per month; ``count`` orders sold, ``amount`` rupiah of goods (no shipping).
- ``category``: per month and top-level category slug; ``count`` items, ``amount`` rupiah.
- ``buyers``: per month and the buyer's province code; ``count`` orders, ``amount`` rupiah.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Figure(models.Model):
    class Kind(models.TextChoices):
        CATALOG = "catalog"
        SALES = "sales"
        CATEGORY = "category"
        BUYERS = "buyers"

    region_code = models.CharField(max_length=13, blank=True)
    level = models.PositiveSmallIntegerField()  # 0 Indonesia, 1 province … 4 desa
    kind = models.CharField(max_length=10, choices=Kind.choices)
    month = models.DateField(null=True, blank=True)  # the first day, in WIB
    key = models.CharField(max_length=80, blank=True)
    count = models.PositiveBigIntegerField(default=0)
    amount = models.PositiveBigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["region_code", "kind", "month"], name="figure_region_kind_month"),
            # A level of regions under a parent: a range of codes (portal pages, sitemaps).
            models.Index(fields=["kind", "level", "region_code"], name="figure_kind_level_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region_code or 'ID'} {self.kind} {self.month or ''} {self.key}"


class Refresh(models.Model):
    """When the figures were last added up (one row)."""

    finished_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.finished_at:%Y-%m-%d %H:%M} ({self.seconds:.1f} s)"


class Monitor(models.Model):
    """A pemantau: a person of a dinas, a kabupaten or the ministry who reads the figures of
    one region (a kabupaten/kota, a province, or all Indonesia: ``region_code`` "") and
    nothing else: aggregates only, read-only. Granted by the platform operator; a person may
    watch more than one region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="monitoring",
        verbose_name=_("person"),
    )
    region_code = models.CharField(_("region"), max_length=5, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150)
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        verbose_name = _("regional monitor (pemantau)")
        verbose_name_plural = _("regional monitors (pemantau)")
        constraints = [
            models.UniqueConstraint(fields=["user", "region_code"], name="monitor_user_region")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.region_code or 'Indonesia'}"

    def covers(self, code: str) -> bool:
        """Whether ``code`` ("" for Indonesia) is this monitor's region or inside it."""
        mine = self.region_code
        return not mine or code == mine or code.startswith(mine + ".")
