"""What the platform operator puts forward on the national portal."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Highlight(models.Model):
    """A village shop or one of its products shown first on the portal's home, chosen by the
    platform operator (in the admin), for a period."""

    shop = models.ForeignKey(
        "villages.Village",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("village shop"),
    )
    product = models.ForeignKey(
        "catalog.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product (empty: the shop itself)"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    starts = models.DateField(_("from"), null=True, blank=True)
    ends = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("highlight on the portal")
        verbose_name_plural = _("highlights on the portal")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return str(self.product_id and self.product or self.shop)
