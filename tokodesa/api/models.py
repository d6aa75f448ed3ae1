"""Keys for the API with a village's data, what their POSTs answered (idempotency), and the
village's outgoing webhooks with every delivery tried (ADR 22)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tokodesa.core.tenancy import VillageManager


class Scope(models.TextChoices):
    ORDERS_READ = "orders:read", _("read orders")
    ORDERS_WRITE = "orders:write", _("place and move orders")
    STOCK_WRITE = "stock:write", _("change stock and prices")
    REPORTS_READ = "reports:read", _("read reports and balances")


#: What a seller's key may be given: only her own products' stock and prices.
SELLER_SCOPES = (Scope.STOCK_WRITE,)


class ApiKey(models.Model):
    """A key a village admin made for a program (a kabupaten site, a bookkeeping tool, a bot).
    Only a hash of the secret is kept; the key is shown once, when made."""

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    # A seller's key touches only that seller's products (SELLER_SCOPES).
    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=60)
    prefix = models.CharField(max_length=16, unique=True)  # the key's public part, shown
    secret_hash = models.CharField(max_length=64)  # sha256 of the whole key
    scopes = models.JSONField(_("allowed"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = VillageManager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def scope_labels(self) -> list[str]:
        return [Scope(s).label for s in self.scopes if s in Scope.values]


class IdempotentAnswer(models.Model):
    """What a POST with an ``Idempotency-Key`` answered, replayed to the same key and body
    for a day (a retry after a lost answer never makes a second order)."""

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = VillageManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="one_answer_per_key")
        ]

    def __str__(self) -> str:
        return self.key


class Event(models.TextChoices):
    PLACED = "order.placed", _("order placed")
    PAID = "order.paid", _("order paid")
    SHIPPED = "order.shipped", _("order shipped")
    COMPLETED = "order.completed", _("order completed")
    CANCELLED = "order.cancelled", _("order cancelled")


class Webhook(models.Model):
    """An address of the village's own program, told of its orders' events (signed)."""

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    url = models.URLField(_("address"), max_length=300)
    secret_encrypted = models.TextField()  # payments.secrets: the signing secret, shown once
    events = models.JSONField(_("events"), default=list)
    is_active = models.BooleanField(_("on"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VillageManager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url

    @property
    def event_labels(self) -> list[str]:
        return [Event(e).label for e in self.events if e in Event.values]


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed (tried again later)")

    village = models.ForeignKey("villages.Village", on_delete=models.CASCADE, related_name="+")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = VillageManager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id}"
