"""Promotions of a village shop: vouchers the team hands out, and who used them."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.tenancy import VillageManager


class Voucher(models.Model):
    """A code a buyer types at the cart: money off the goods, the shipping, or both.

    ``used`` counts the uses of orders that have not ended unsold; it only moves by one
    conditional UPDATE (``WHERE used < quota``), as stock does, so racing buyers never take
    more uses than the quota.
    """

    class Kind(models.TextChoices):
        PERCENT = "percent", _("percent off")
        AMOUNT = "amount", _("rupiah off")

    class Shipping(models.TextChoices):
        NONE = "none", _("no shipping discount")
        FREE = "free", _("free shipping")
        AMOUNT = "amount", _("shipping discount up to an amount")

    class Bearer(models.TextChoices):
        VILLAGE = "village", _("the village shop (from its fee)")
        SELLER = "seller", _("the seller (from the earning)")

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=20)
    description = models.CharField(_("description"), max_length=120, blank=True)
    kind = models.CharField(_("discount"), max_length=10, choices=Kind.choices)
    value = models.PositiveIntegerField(_("percent or rupiah off"), default=0)
    min_subtotal = models.PositiveBigIntegerField(_("minimum purchase (Rp)"), default=0)
    max_discount = models.PositiveBigIntegerField(_("largest discount (Rp)"), default=0)
    shipping = models.CharField(
        _("shipping"), max_length=10, choices=Shipping.choices, default=Shipping.NONE
    )
    shipping_off = models.PositiveIntegerField(_("shipping discount up to (Rp)"), default=0)
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"), null=True, blank=True)
    quota = models.PositiveIntegerField(_("number of uses"), null=True, blank=True)
    used = models.PositiveIntegerField(_("used"), default=0)
    per_buyer = models.PositiveSmallIntegerField(
        _("uses per WhatsApp number"), default=1, validators=[MinValueValidator(1)]
    )
    bearer = models.CharField(
        _("who bears the discount"), max_length=10, choices=Bearer.choices, default=Bearer.VILLAGE
    )
    # Where it applies: every product of the shop when all three are empty.
    sellers = models.ManyToManyField("sellers.Seller", blank=True, related_name="+")
    categories = models.ManyToManyField("catalog.Category", blank=True, related_name="+")
    products = models.ManyToManyField("catalog.Product", blank=True, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["village", "code"], name="voucher_code_per_village"),
            models.CheckConstraint(
                condition=models.Q(quota__isnull=True) | models.Q(used__lte=models.F("quota")),
                name="voucher_used_within_quota",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="percent") | models.Q(value__lte=100),
                name="voucher_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class VoucherUse(models.Model):
    """One order's use of a voucher, with what it took off; released when the order ends
    unsold (cancelled or expired), which gives the use back to the quota."""

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="uses")
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="+")
    buyer_whatsapp = models.CharField(max_length=16)
    discount = models.PositiveBigIntegerField(default=0)
    shipping_discount = models.PositiveBigIntegerField(default=0)
    released = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VillageManager()

    class Meta:
        indexes = [models.Index(fields=["voucher", "buyer_whatsapp"], name="voucher_use_buyer")]

    def __str__(self) -> str:
        return f"{self.voucher_id} → {self.order_id}"


class CatalogFeed(models.Model):
    """A catalogue feed file as last built (``marketing.feeds``): for one village shop, or for
    the national portal (``village`` empty). Rebuilt by the worker when the catalogue changed
    since ``version``; the shop's address it links to is ``base``."""

    class Kind(models.TextChoices):
        GOOGLE = "google", "Google Merchant Center"
        META = "meta", "Meta"

    village = models.ForeignKey(
        "villages.Village", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    version = models.CharField(max_length=64)
    base = models.CharField(max_length=200)
    path = models.CharField(max_length=200)
    items = models.PositiveIntegerField(default=0)
    built_at = models.DateTimeField()

    objects = VillageManager()  # the national feed (no village) is read across villages

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["village", "kind"], name="one_feed_per_kind"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(village__isnull=True), name="one_national_feed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.village_id or 'ID'}"


class DailyCount(models.Model):
    """How often something happened in a village shop on one day, from one source: a page
    viewed (``page``: home, products, category, search, product, seller), a product put in a
    cart, a checkout started. Counts only: nothing about who (ADR 19)."""

    class Kind(models.TextChoices):
        VIEW = "view", _("page views")
        CART = "cart", _("added to cart")
        CHECKOUT = "checkout", _("checkouts started")

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    page = models.CharField(max_length=20, blank=True)
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=40, blank=True)
    n = models.PositiveIntegerField(default=0)

    objects = VillageManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["village", "day", "kind", "page", "product", "source"],
                name="one_count_per_day_and_thing",
            )
        ]
        indexes = [models.Index(fields=["village", "day"], name="count_village_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.page} {self.n}"
