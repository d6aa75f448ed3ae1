"""What the village shop team should look at today (a handful of counting queries)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.audit.models import AuditEntry
from tokodesa.catalog.models import Product, Variant
from tokodesa.orders.models import Order
from tokodesa.payments.models import PaymentRecord
from tokodesa.payments.selectors import payment_settings
from tokodesa.sellers.models import Seller

LOW_STOCK = 3
LATE_AFTER_DAYS = 2


def today(*, village) -> dict:
    now = timezone.localtime()
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    orders = Order.objects.filter(village=village)
    claimed = PaymentRecord.objects.filter(order=OuterRef("pk"), kind="claimed")
    reversed_ = PaymentRecord.objects.filter(order=OuterRef("pk"), kind="reversed")
    return {
        "new_orders": orders.filter(created_at__gte=start).count(),
        "to_confirm": orders.filter(status="awaiting_confirmation").count(),
        # Every number is what its link shows.
        "awaiting_payment": orders.filter(status="awaiting_payment").count(),
        "payments_claimed": orders.filter(status="awaiting_payment")
        .filter(Exists(claimed))
        .count(),
        "to_pack": orders.filter(status__in=["paid", "processing"]).count(),
        "preorders": orders.filter(status__in=["deposit_paid", "awaiting_balance"]).count(),
        "products_to_review": Product.objects.filter(village=village, status="review").count(),
        "applications": Seller.objects.filter(village=village, status="pending").count(),
        "low_stock": list(
            Variant.objects.filter(village=village, product__status="active", stock__lte=LOW_STOCK)
            .select_related("product")
            .order_by("stock", "product__name")[:20]
        ),
        # Money a gateway took back after the order was paid: the team decides what happens.
        "taken_back": list(
            orders.filter(Exists(reversed_))
            .exclude(status__in=["cancelled", "expired"])
            .order_by("-created_at")[:20]
        ),
        "late": list(
            orders.filter(
                status__in=["paid", "processing"],
                created_at__lt=now - timedelta(days=LATE_AFTER_DAYS),
            ).order_by("created_at")[:20]
        ),
    }


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    url: str  # where it is done
    needed_to_open: bool = False


@dataclass(frozen=True)
class Checklist:
    steps: list[Step]

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def ready_to_open(self) -> bool:
        """A buyer can pay and find something to buy."""
        return all(step.done for step in self.steps if step.needed_to_open)


def setup_checklist(*, village) -> Checklist:
    """A new shop's first steps, each done or not, in the order a team does them."""
    payments = payment_settings(village)
    settings_url = reverse("backoffice:village-settings")
    return Checklist(
        [
            Step("logo", _("Put up the village's logo"), bool(village.logo), settings_url),
            Step("story", _("Tell the village's story"), bool(village.story.strip()), settings_url),
            Step(
                "payment",
                _("Add a bank account or the QRIS code"),
                payments.has_bank_account or bool(payments.qris_payload),
                reverse("payments:settings"),
                needed_to_open=True,
            ),
            Step(
                "pickup",
                _("Write the shop's address for pickup"),
                bool(village.address.strip()),
                settings_url,
            ),
            Step(
                "seller",
                _("Sign up the first villager who sells"),
                Seller.objects.filter(village=village, status="active").exists(),
                reverse("sellers-team:new"),
                needed_to_open=True,
            ),
            Step(
                "product",
                _("Put the first product on sale"),
                Product.objects.filter(village=village, status="active").exists(),
                reverse("catalog-team:import"),
                needed_to_open=True,
            ),
        ]
    )


def audit_log(*, village, limit: int = 200):
    return AuditEntry.objects.filter(village=village).order_by("-created_at", "-id")[:limit]
