"""Write use-cases of payments. Every money event is a PaymentRecord; orders change state
through orders.services in the same transaction."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tokodesa.backoffice.services import audit_record
from tokodesa.core.people import actor_label
from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.orders import services as orders
from tokodesa.orders.models import Order

from .models import BankAccount, PaymentRecord, PaymentSettings
from .proofs import clean_proof
from .qris import QrisError, parse_static
from .selectors import order_paid_amount, order_refund_outstanding
from .tasks import notify_payment_rejected

K = PaymentRecord.Kind


@transaction.atomic
def bank_account_add(
    *, village, bank_name: str, account_number: str, account_holder: str
) -> BankAccount:
    account = BankAccount(
        village=village,
        bank_name=bank_name.strip(),
        account_number=account_number.strip(),
        account_holder=account_holder.strip(),
        position=village.bank_accounts.count(),
    )
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def payment_settings_update(*, village, **fields) -> PaymentSettings:
    """Change how the village takes money. A QRIS code is checked and its merchant read back."""
    config, _created = PaymentSettings.objects.get_or_create(village=village)
    if "qris_payload" in fields:
        payload = (fields.pop("qris_payload") or "").strip()
        if payload:
            try:
                parsed = parse_static(payload)
            except QrisError as error:
                raise ValidationError({"qris_payload": str(error)}) from error
            config.qris_merchant_name = parsed.merchant_name
            config.qris_merchant_city = parsed.merchant_city
        else:
            config.qris_merchant_name = config.qris_merchant_city = ""
        config.qris_payload = payload
    for name, value in fields.items():
        setattr(config, name, value)
    config.full_clean()
    config.save()
    return config


def _record(order: Order, kind: str, *, actor=None, label: str = "", **fields) -> PaymentRecord:
    return PaymentRecord.objects.create(
        village_id=order.village_id,
        order=order,
        kind=kind,
        method=fields.pop("method", order.payment_method),
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label(actor, label or order.buyer_name),
        **fields,
    )


@transaction.atomic
def payment_claim(*, order: Order, proof=None, note: str = "") -> PaymentRecord:
    """The buyer says they paid, with or without a proof (photo or PDF of the receipt)."""
    if order.status != Order.Status.AWAITING_PAYMENT:
        raise ValidationError(_("This order is not waiting for a payment."))
    record = PaymentRecord(
        village_id=order.village_id,
        order=order,
        kind=K.CLAIMED,
        method=order.payment_method,
        amount=order.payable,
        note=note.strip()[:300],
        actor_label=order.buyer_name[:100],
    )
    if proof is not None:
        cleaned = clean_proof(proof)
        suffix = cleaned.name.rsplit(".", 1)[-1]
        record.proof.save(f"{order.village_id}/{uuid.uuid4().hex}.{suffix}", cleaned, save=False)
    record.save()
    return record


@transaction.atomic
def payment_confirm(
    *,
    order: Order,
    actor,
    amount: int | None = None,
    reference: str = "",
    note: str = "",
    method: str = "",
) -> PaymentRecord:
    """Money for the order arrived (staff saw it in the bank, or a verified gateway said so).

    The order becomes paid once, however often this is called with the same reference.
    """
    amount = order.payable if amount is None else amount
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError({"amount": _("Enter the amount received in rupiah.")})
    if amount < order.payable:
        raise ValidationError(
            {
                "amount": _("%(amount)s is less than the %(payable)s to pay.")
                % {
                    "amount": format_rupiah(amount),
                    "payable": format_rupiah(order.payable),
                }
            }
        )
    orders.order_mark_paid(order=order, actor=actor, reason=reference[:300])
    audit_record(
        village_id=order.village_id,
        actor=actor,
        action="payment_confirmed",
        subject=order.code,
        after={
            "amount": amount,
            "reference": reference[:120],
            "method": method or order.payment_method,
        },
    )
    return _record(
        order,
        K.CONFIRMED,
        actor=actor,
        amount=amount,
        reference=reference[:120],
        note=note[:300],
        method=method or order.payment_method,
    )


@transaction.atomic
def payment_reject(*, order: Order, actor, reason: str) -> PaymentRecord:
    """The buyer's claim does not match any money received; the order keeps waiting."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the buyer why the payment was not accepted.")})
    if order.status != Order.Status.AWAITING_PAYMENT:
        raise ValidationError(_("This order is not waiting for a payment."))
    record = _record(order, K.REJECTED, actor=actor, note=reason[:300])
    audit_record(
        village_id=order.village_id,
        actor=actor,
        action="payment_rejected",
        subject=order.code,
        after={"reason": reason[:300]},
    )
    transaction.on_commit(lambda: notify_payment_rejected.enqueue(record.pk))
    return record


@transaction.atomic
def cash_collect(*, order: Order, actor, amount: int | None = None) -> PaymentRecord:
    """Cash for a pay-on-delivery order reached the village shop."""
    outstanding = order.payable - order_paid_amount(order=order)
    amount = outstanding if amount is None else amount
    if order.payment_method != "cod":
        raise ValidationError(_("This order is not paid in cash."))
    if order.status in (Order.Status.CANCELLED, Order.Status.EXPIRED):
        raise ValidationError(_("This order was cancelled."))
    if not isinstance(amount, int) or amount <= 0 or amount > outstanding:
        raise ValidationError(
            {
                "amount": _("Enter the cash received, at most %(max)s.")
                % {"max": format_rupiah(max(outstanding, 0))}
            }
        )
    return _record(order, K.CASH_COLLECTED, actor=actor, amount=amount)


def refund_record_due(*, order: Order, actor, reason: str) -> PaymentRecord | None:
    """After a paid order is cancelled: the money to give back (refunds are made by hand)."""
    paid = order_paid_amount(order=order)
    already = order_refund_outstanding(order=order)
    if paid - already <= 0:
        return None
    return _record(order, K.REFUND_DUE, actor=actor, amount=paid - already, note=reason[:300])


@transaction.atomic
def refund_mark_done(*, order: Order, actor, reference: str = "") -> PaymentRecord:
    outstanding = order_refund_outstanding(order=order)
    if outstanding <= 0:
        raise ValidationError(_("No refund is due for this order."))
    return _record(order, K.REFUNDED, actor=actor, amount=outstanding, reference=reference[:120])
