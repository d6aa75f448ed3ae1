"""Reads about money: a village's payment settings, and what an order has been paid."""

from django.db.models import Exists, OuterRef, Q, Sum

from .models import BankAccount, PaymentRecord, PaymentSettings

K = PaymentRecord.Kind


def payment_settings(village) -> PaymentSettings:
    """The village's settings, or unsaved defaults when it has none yet (no write on read),
    with ``has_bank_account``: whether it has an active account to transfer to (one query)."""
    active = BankAccount.objects.filter(village=OuterRef("village"), is_active=True)
    found = (
        PaymentSettings.objects.filter(village=village)
        .annotate(has_bank_account=Exists(active))
        .first()
    )
    if found:
        return found
    config = PaymentSettings(village=village)
    config.has_bank_account = BankAccount.objects.filter(village=village, is_active=True).exists()
    return config


def order_paid_amount(*, order) -> int:
    """Money received for the order minus money given back (by the team, or taken back by a
    gateway), from the payment records."""
    sums = PaymentRecord.objects.filter(order=order).aggregate(
        received=Sum("amount", filter=Q(kind__in=[K.CONFIRMED, K.CASH_COLLECTED])),
        returned=Sum("amount", filter=Q(kind__in=[K.REFUNDED, K.REVERSED])),
    )
    return (sums["received"] or 0) - (sums["returned"] or 0)


def order_refund_outstanding(*, order) -> int:
    sums = PaymentRecord.objects.filter(order=order).aggregate(
        due=Sum("amount", filter=Q(kind=K.REFUND_DUE)),
        done=Sum("amount", filter=Q(kind=K.REFUNDED)),
    )
    return (sums["due"] or 0) - (sums["done"] or 0)


def order_payment_records(*, order) -> list[PaymentRecord]:
    return list(PaymentRecord.objects.filter(order=order).order_by("created_at", "id"))
