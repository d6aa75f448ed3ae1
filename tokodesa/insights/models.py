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

from django.db import models


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
