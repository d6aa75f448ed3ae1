"""Reads about money: a village's payment settings, and what an order has been paid."""

from django.db.models import Q, Sum

from tokodesa.core import versions

from .models import BankAccount, PaymentRecord, PaymentSettings

K = PaymentRecord.Kind


def payment_settings(village) -> PaymentSettings:
    """The village's settings, or unsaved defaults when it has none yet (no write on read),
    with ``has_bank_account``: whether it has an active account to transfer to. Kept in the
    process until the settings or an account change (``payment_settings_changed``): checkout
    reads them on every step."""
    return versions.kept(_settings_key(village.pk), lambda: _payment_settings(village))


def _settings_key(village_id: int) -> str:
    return f"payment-settings:{village_id}"


def payment_settings_changed(*, village_id: int) -> None:
    versions.changed(_settings_key(village_id))


def _payment_settings(village) -> PaymentSettings:
    config = PaymentSettings.objects.filter(village=village).first()
    if config is None:
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
