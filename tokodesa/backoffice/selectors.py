"""What the village shop team should look at today (a handful of counting queries)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from tokodesa.audit.models import AuditEntry
from tokodesa.catalog.models import Product, Variant
from tokodesa.orders.models import Order
from tokodesa.payments.models import PaymentRecord
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
        "payments_to_check": orders.filter(status="awaiting_payment")
        .filter(Exists(claimed))
        .count(),
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


def audit_log(*, village, limit: int = 200):
    return AuditEntry.objects.filter(village=village).order_by("-created_at", "-id")[:limit]
