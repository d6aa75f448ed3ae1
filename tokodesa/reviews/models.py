"""Reviews by buyers whose order was completed: one per order line, a seller's one reply, and
the shop team's hiding (with a reason, audited), never editing."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.fields import PhotoField
from tokodesa.core.tenancy import VillageManager

TEXT_MAX = 1000
REPLY_MAX = 500
PHOTOS_MAX = 3


class Review(models.Model):
    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    order_line = models.OneToOneField(
        "orders.OrderLine", on_delete=models.CASCADE, related_name="review"
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="reviews")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), max_length=TEXT_MAX, blank=True)
    buyer_label = models.CharField(max_length=60)  # "Rina W.": the first name and an initial
    variant_label = models.CharField(max_length=60, blank=True)
    reply = models.TextField(_("seller's reply"), max_length=REPLY_MAX, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(_("why it is hidden"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["product", "hidden", "-created_at"], name="review_product")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.product_id}"


class ReviewPhoto(models.Model):
    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="photos")
    image = PhotoField(upload_to="reviews/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    rendition_widths = models.JSONField(default=list, editable=False)

    objects = VillageManager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name
