"""The catalogue: one national category tree; each village's products, variants and photos."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from tokodesa.core.fields import PhotoField
from tokodesa.core.tenancy import VillageManager


class Category(models.Model):
    """A node of the national category tree, shared by every village (the portal browses it)."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        """A category can never sit under itself, however deep (the tree must stay a tree)."""
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": _(
                            "A category cannot be placed under itself or its own subcategory."
                        )
                    }
                )
            seen.add(node.pk)
            node = node.parent


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        ACTIVE = "active", _("on sale")
        ARCHIVED = "archived", _("archived")

    class Unit(models.TextChoices):
        KG = "kg", _("kg")
        GRAM = "gram", _("gram")
        PCS = "pcs", _("piece")
        BOTTLE = "botol", _("bottle")
        PACK = "bungkus", _("pack")
        JAR = "toples", _("jar")
        BUNCH = "ikat", _("bunch")
        SET = "set", _("set")
        LITRE = "liter", _("litre")

    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("village"),
    )
    seller = models.ForeignKey(
        "sellers.Seller",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("seller"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("web address"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PCS)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    is_featured = models.BooleanField(_("featured on the home page"), default=False)
    # Seasons: ordered now, ready later (the stock is how many can be ordered), and the month
    # a seasonal product comes back.
    ready_on = models.DateField(_("ready around"), null=True, blank=True)
    season_month = models.PositiveSmallIntegerField(
        _("next season (month)"), null=True, blank=True, choices=list(MONTHS.items())
    )
    # A pre-order may ask for a deposit (uang muka, DP): this percent of the line now, the rest
    # when the batch is ready (orders.pricing.deposit_amount). None: paid in full at once.
    deposit_percent = models.PositiveSmallIntegerField(
        _("deposit (percent)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(90)],
    )

    # Food facts, where they apply.
    net_weight_g = models.PositiveIntegerField(_("net weight (grams)"), null=True, blank=True)
    pirt_number = models.CharField(_("P-IRT number"), max_length=30, blank=True)
    halal_number = models.CharField(_("halal certificate number"), max_length=40, blank=True)
    bpom_number = models.CharField(_("BPOM number"), max_length=30, blank=True)
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"), null=True, blank=True)
    ingredients = models.CharField(_("ingredients"), max_length=300, blank=True)

    # Kept in step with the variants by catalog.services (lists sort and filter on them).
    price_min = models.PositiveIntegerField(_("lowest price"), default=0, editable=False)
    price_max = models.PositiveIntegerField(_("highest price"), default=0, editable=False)
    # The lowest price before a price cut, while one is on (cards strike it through).
    list_price_min = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Buyers' ratings shown (reviews): how many and their sum, kept by reviews.services.
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    rating_total = models.PositiveIntegerField(default=0, editable=False)
    stock_total = models.PositiveIntegerField(_("stock"), default=0, editable=False)
    # Lists show what can be bought first (a sold-out product never heads a category); the
    # database keeps it with the stock, and the lists' indexes start with it.
    sold_out = models.GeneratedField(
        expression=models.Case(
            models.When(stock_total=0, then=models.Value(True)),
            default=models.Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    # Normalised, stemmed words for search (catalog.search); name apart so it ranks first.
    search_name = models.TextField(default="", editable=False)
    search_text = models.TextField(default="", editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "slug"], name="product_slug_unique_in_village"
            ),
            models.CheckConstraint(
                condition=Q(price_min__lte=models.F("price_max")), name="product_price_range"
            ),
        ]
        indexes = [
            models.Index(
                fields=["village", "status", "sold_out", "-created_at"], name="product_newest"
            ),
            models.Index(
                fields=["village", "status", "sold_out", "price_min"], name="product_price"
            ),
            models.Index(fields=["village", "status", "sold_out", "name"], name="product_name"),
            # Covers the per-category counts (the seller join needs seller_id).
            models.Index(
                fields=["village", "status", "category", "seller"], name="product_category"
            ),
            models.Index(
                fields=["village", "status", "-stock_total", "name"],
                condition=Q(is_featured=True),
                name="product_featured",
            ),
            models.Index(fields=["village", "status", "seller"], name="product_seller"),
            models.Index(fields=["status", "category"], name="product_national_category"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_stock(self) -> bool:
        return self.stock_total > 0

    @property
    def is_preorder(self) -> bool:
        """Ordered now, ready later ("pesan dulu"): its ready date is still to come."""
        return bool(self.ready_on and self.ready_on > timezone.localdate())

    @property
    def rating(self) -> float | None:
        """The average of the buyers' ratings shown, to one decimal (None before any)."""
        return round(self.rating_total / self.rating_count, 1) if self.rating_count else None

    @property
    def has_food_facts(self) -> bool:
        return bool(
            self.net_weight_g
            or self.pirt_number
            or self.halal_number
            or self.bpom_number
            or self.shelf_life_days
            or self.ingredients
        )


# An amount in a variant's label: "500 g", "1 kg", "1,5 kg", "250gr".
_AMOUNT = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)\s*(kg|kilo|g|gr|gram)\b", re.IGNORECASE)


class Variant(models.Model):
    """What a buyer actually puts in the cart: a size or kind of a product, with its stock."""

    village = models.ForeignKey(
        "villages.Village", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="variants", verbose_name=_("product")
    )
    label = models.CharField(_("label"), max_length=60, help_text=_("E.g. 250 g, 1 kg, large."))
    sku = models.CharField(_("SKU"), max_length=40, blank=True)
    price = models.PositiveIntegerField(_("price (Rp)"))
    # While a price cut is on (PriceCut): the price before it, shown struck through.
    list_price = models.PositiveIntegerField(_("price before the cut (Rp)"), null=True, blank=True)
    weight_g = models.PositiveIntegerField(_("weight incl. packing (grams)"))
    stock = models.PositiveIntegerField(_("stock"), default=0)
    # Packed size, for couriers' volumetric weight (L × W × H / 6000); empty for small items.
    length_cm = models.PositiveSmallIntegerField(_("packed length (cm)"), null=True, blank=True)
    width_cm = models.PositiveSmallIntegerField(_("packed width (cm)"), null=True, blank=True)
    height_cm = models.PositiveSmallIntegerField(_("packed height (cm)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = VillageManager()

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "price", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "sku"],
                condition=~Q(sku=""),
                name="variant_sku_unique_in_village",
            ),
            # PositiveIntegerField already checks >= 0; named so the rule is visible.
            models.CheckConstraint(condition=Q(stock__gte=0), name="variant_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} – {self.label}" if self.product_id else self.label

    @property
    def grams(self) -> int | None:
        """The amount the label names ("500 g", "1,5 kg"), in grams; None if it names none."""
        found = _AMOUNT.search(self.label)
        if not found:
            return None
        amount = float(found[1].replace(",", "."))
        grams = amount * (1000 if found[2].lower() in ("kg", "kilo") else 1)
        return round(grams) if grams >= 1 else None

    @property
    def price_per_kg(self) -> int | None:
        """The price of a kilogram at this variant's price (for comparing sizes honestly)."""
        grams = self.grams
        return round(self.price * 1000 / grams) if grams else None

    @property
    def volume_cm3(self) -> int:
        if self.length_cm and self.width_cm and self.height_cm:
            return self.length_cm * self.width_cm * self.height_cm
        return 0


class ProductImage(models.Model):
    """A product photo: a cleaned master (EXIF stripped, WebP) and WebP renditions."""

    village = models.ForeignKey(
        "villages.Village", on_delete=models.PROTECT, related_name="+", verbose_name=_("village")
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    image = PhotoField(
        _("photo"), upload_to="products/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    # Widths for which a rendition file exists (tokodesa.core.images.rendition_name).
    rendition_widths = models.JSONField(default=list, editable=False)
    alt = models.CharField(_("description of the photo"), max_length=160, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = VillageManager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt or self.image.name


class PriceCut(models.Model):
    """A product's prices cut by a percentage for some days, by its seller or the shop team.

    ``catalog.services.price_cuts_apply`` (scheduled) cuts the variants' prices on the first
    day, keeping each old price as ``Variant.list_price`` (struck through on the pages, the
    feeds' regular price), and puts them back after the last day: carts, orders, sorting and
    search simply read ``price``.
    """

    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_cuts")
    percent = models.PositiveSmallIntegerField(
        _("percent off"), validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    applied = models.BooleanField(default=False)
    ended = models.BooleanField(default=False)
    actor_label = models.CharField(_("by"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("price cut")
        verbose_name_plural = _("price cuts")
        ordering = ["starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=Q(ended=False), name="one_price_cut_at_a_time"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="price_cut_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} −{self.percent}%"
