"""Orders: what a buyer bought from a village shop, frozen at the moment of buying."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.tenancy import VillageManager

#: The amount an order's buyer transfers first: a pre-order's deposit with the kode unik, or
#: everything (``Order.due_now`` while it is open).
FIRST_TRANSFER = models.Case(
    models.When(deposit__gt=0, then=models.F("deposit") + models.F("unique_code")),
    default=models.F("payable"),
    output_field=models.PositiveBigIntegerField(),
)


class Order(models.Model):
    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("awaiting confirmation by the shop")
        AWAITING_PAYMENT = "awaiting_payment", _("awaiting payment")
        # A pre-order with a deposit (DP): the deposit is paid, the goods are not ready yet;
        # then they are, and the rest is due (see ``due_now``).
        DEPOSIT_PAID = "deposit_paid", _("deposit paid, waiting for the goods")
        AWAITING_BALANCE = "awaiting_balance", _("ready, awaiting the rest of the payment")
        PAID = "paid", _("paid")
        PROCESSING = "processing", _("being prepared")
        SHIPPED = "shipped", _("shipped")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("expired")

    class Channel(models.TextChoices):
        WEB = "web", _("website")
        WHATSAPP = "whatsapp", _("WhatsApp")

    OPEN_STATUSES = (Status.AWAITING_CONFIRMATION, Status.AWAITING_PAYMENT)
    #: Statuses in which the buyer is asked for money (the deposit, everything, or the rest).
    PAYING_STATUSES = (Status.AWAITING_PAYMENT, Status.AWAITING_BALANCE)
    CANCELLABLE_STATUSES = (
        *OPEN_STATUSES,
        Status.DEPOSIT_PAID,
        Status.AWAITING_BALANCE,
        Status.PAID,
        Status.PROCESSING,
    )
    ENDED_STATUSES = (Status.COMPLETED, Status.CANCELLED, Status.EXPIRED)

    village = models.ForeignKey(
        "villages.Village",
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("village"),
    )
    code = models.CharField(_("order code"), max_length=12, unique=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    channel = models.CharField(
        _("ordered through"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    # Where the buyer came from (the cart's source: a campaign, not a person).
    source = models.CharField(_("source"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
    )

    buyer_name = models.CharField(_("name"), max_length=100)
    buyer_whatsapp = models.CharField(_("WhatsApp number"), max_length=16, db_index=True)
    buyer_email = models.EmailField(_("e-mail"), blank=True)
    note = models.TextField(_("note to the shop"), blank=True)

    # Delivery address, as chosen from the official regions (codes) and as shown (names).
    province_code = models.CharField(max_length=2, blank=True)
    regency_code = models.CharField(max_length=5, blank=True)
    district_code = models.CharField(max_length=8, blank=True)
    village_code = models.CharField(max_length=13, blank=True)
    region_label = models.CharField(_("region"), max_length=300, blank=True)
    street = models.CharField(_("street and house number"), max_length=200, blank=True)
    rt_rw = models.CharField(_("RT/RW"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    delivery_method = models.CharField(_("delivery"), max_length=40)
    delivery_label = models.CharField(_("delivery"), max_length=120)
    payment_method = models.CharField(_("payment"), max_length=40)
    payment_label = models.CharField(_("payment"), max_length=120)
    # What the chosen delivery and payment mean for the order's course, frozen when it is
    # placed (the state machine reads these, never the method codes above).
    pays_on_delivery = models.BooleanField(
        _("paid in cash on delivery or at pickup"), default=False
    )
    collected_at_shop = models.BooleanField(_("collected at the village shop"), default=False)

    subtotal = models.PositiveBigIntegerField(_("subtotal"))
    shipping_fee = models.PositiveBigIntegerField(_("shipping fee"), default=0)
    # A voucher's part (marketing): off the goods (split over the lines) and off the shipping.
    voucher_code = models.CharField(_("voucher"), max_length=20, blank=True)
    discount = models.PositiveBigIntegerField(_("discount"), default=0)
    shipping_discount = models.PositiveBigIntegerField(_("shipping discount"), default=0)
    total = models.PositiveBigIntegerField(_("total"))
    # A pre-order's deposit (uang muka, DP): what is paid first (plus the kode unik); the rest
    # of the total is paid when the goods are ready. 0: everything at once.
    deposit = models.PositiveBigIntegerField(_("deposit"), default=0)
    # Bank transfer with kode unik: Rp1–999 added so a transfer is matched by its amount alone.
    unique_code = models.PositiveSmallIntegerField(_("unique code"), default=0)
    payable = models.PositiveBigIntegerField(_("amount to pay"), default=0)
    weight_g = models.PositiveIntegerField(_("weight (grams)"))
    # The village fee in force when the order was placed: a later change of the village's fee
    # never rewrites what sellers earn on orders already taken.
    fee_basis_points = models.PositiveIntegerField(
        _("village fee (hundredths of a percent)"),
        default=0,
        validators=[MaxValueValidator(10_000)],
    )

    # Shipping: the courier (set when placed for a courier delivery, which then needs a resi to
    # ship) and its tracking number (resi), entered when the parcel leaves.
    tracking_courier = models.CharField(_("courier"), max_length=40, blank=True)
    tracking_number = models.CharField(_("tracking number (resi)"), max_length=40, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("pay before"), null=True, blank=True, db_index=True)
    # A checkout form posted twice (double tap, retry) must make one order: the form carries
    # a key, unique per village.
    idempotency_key = models.CharField(max_length=64, blank=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["village", "status", "-created_at"], name="order_village_status")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="order_idempotency_key_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    total=models.F("subtotal")
                    + models.F("shipping_fee")
                    - models.F("discount")
                    - models.F("shipping_discount")
                ),
                name="order_total_is_subtotal_plus_shipping_less_discounts",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    discount__lte=models.F("subtotal"),
                    shipping_discount__lte=models.F("shipping_fee"),
                ),
                name="order_discounts_within_what_they_cut",
            ),
            models.CheckConstraint(
                condition=models.Q(deposit__lt=models.F("total")) | models.Q(deposit=0),
                name="order_deposit_below_total",
            ),
            models.CheckConstraint(
                condition=models.Q(payable=models.F("total") + models.F("unique_code")),
                name="order_payable_is_total_plus_unique_code",
            ),
            # Never two open orders of a village with the same amount to transfer first.
            models.UniqueConstraint(
                models.F("village"),
                FIRST_TRANSFER,
                condition=models.Q(
                    status__in=["awaiting_confirmation", "awaiting_payment"], unique_code__gt=0
                ),
                name="unique_first_transfer_among_open_orders",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def can_be_cancelled(self) -> bool:
        return self.status in self.CANCELLABLE_STATUSES

    @property
    def balance(self) -> int:
        """What is left to pay after a pre-order's deposit (0 without one)."""
        return self.total - self.deposit if self.deposit else 0

    @property
    def due_now(self) -> int:
        """What the buyer is asked to pay now: the deposit with its kode unik first, then the
        balance once the goods are ready; everything at once for an order without deposit."""
        if self.status == self.Status.AWAITING_BALANCE:
            return self.balance
        if self.deposit and self.status in self.OPEN_STATUSES:
            return self.deposit + self.unique_code
        return self.payable

    @property
    def paying_deposit(self) -> bool:
        return bool(self.deposit) and self.status in self.OPEN_STATUSES

    @property
    def address_lines(self) -> list[str]:
        lines = [self.street]
        if self.rt_rw:
            lines[0] = f"{self.street}, RT/RW {self.rt_rw}".strip(", ")
        lines += [self.region_label, self.postal_code]
        return [line for line in lines if line]


class OrderLine(models.Model):
    """One variant in an order, with everything the buyer saw copied in."""

    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    product_name = models.CharField(_("product"), max_length=120)
    variant_label = models.CharField(_("variant"), max_length=60)
    seller_name = models.CharField(_("seller"), max_length=120)
    sku = models.CharField(max_length=40, blank=True)
    unit_price = models.PositiveIntegerField(_("price"))
    quantity = models.PositiveIntegerField(_("quantity"))
    weight_g = models.PositiveIntegerField(_("weight per unit (grams)"))
    line_total = models.PositiveBigIntegerField(_("line total"))
    # A pre-order ("pesan dulu"): when the goods should be ready, as the buyer was told.
    ready_on = models.DateField(_("ready around"), null=True, blank=True)
    # … and when the team said its batch is ready (orders.services.preorder_batch_ready).
    ready_at = models.DateTimeField(_("ready since"), null=True, blank=True)
    # The line's part of the order's voucher discount, and who bears it (ADR 18).
    discount = models.PositiveBigIntegerField(_("discount"), default=0)
    discount_bearer = models.CharField(max_length=10, blank=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(line_total=models.F("unit_price") * models.F("quantity")),
                name="order_line_total",
            ),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="order_line_qty"),
            models.CheckConstraint(
                condition=models.Q(discount__lte=models.F("line_total")),
                name="order_line_discount_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name} ({self.variant_label})"


class OrderEvent(models.Model):
    """A change of an order's state: who, when, from what to what, and why."""

    village = models.ForeignKey("villages.Village", on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, choices=Order.Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Order.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=100)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = VillageManager()

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order history")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"
