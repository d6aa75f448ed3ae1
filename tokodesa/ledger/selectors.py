from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from tokodesa.sellers.models import Seller

from .models import LedgerEntry, Payout


def sellers_with_balances(*, village):
    """Every seller of the village with what they earned, were paid and are owed (1 query)."""
    return (
        Seller.objects.filter(village=village)
        .annotate(
            earned=Coalesce(
                Sum("ledger_entries__amount", filter=Q(ledger_entries__kind="earning")), 0
            ),
            balance=Coalesce(Sum("ledger_entries__amount"), 0),
        )
        .order_by("display_name")
    )


def seller_statement(*, seller, limit: int = 200):
    return LedgerEntry.objects.filter(seller=seller).order_by("-created_at", "-id")[:limit]


def payout_for_receipt(*, village, payout_id: int) -> Payout | None:
    return Payout.objects.filter(village=village, pk=payout_id).select_related("seller").first()
