"""Write use-cases of payments. Every money event is a PaymentRecord. Payments never move an
order: they announce money accepted (``signals.payment_accepted``) and answer an order's
cancellation with the refund due (``receivers``), each in the same transaction."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.core.people import actor_label
from tokodesa.core.tasks import enqueue_with_transaction
from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.notifications.services import CLAIMED_TEMPLATE, tell_shop
from tokodesa.orders.models import Order

from .models import BankAccount, GatewayRefusal, PaymentRecord, PaymentSettings
from .proofs import clean_proof
from .qris import QrisError, parse_static
from .selectors import order_paid_amount, order_refund_outstanding, payment_settings_changed
from .signals import payment_accepted
from .tasks import notify_payment_rejected

K = PaymentRecord.Kind
#: Claims ("I have paid") an order takes; each may carry a proof to be checked and stored.
MAX_PROOFS_PER_ORDER = 5


def _account_text(account: BankAccount) -> dict:
    return {
        "bank": account.bank_name,
        "number": account.account_number,
        "holder": account.account_holder,
        "in_use": account.is_active,
    }


def _audit_money_route(village, actor, subject: str, before, after) -> None:
    """Who gets the buyers' money changed: always written down."""
    audit_record(
        village_id=village.pk,
        actor=actor,
        action="payment_route",
        subject=subject,
        before=before,
        after=after,
    )


@transaction.atomic
def bank_account_add(
    *, village, actor, bank_name: str, account_number: str, account_holder: str
) -> BankAccount:
    account = BankAccount(
        village=village,
        bank_name=bank_name.strip(),
        account_number=account_number.strip(),
        account_holder=account_holder.strip(),
        position=BankAccount.objects.filter(village=village).count(),
    )
    account.full_clean()
    account.save()
    _audit_money_route(village, actor, _("bank account"), None, _account_text(account))
    payment_settings_changed(village_id=village.pk)
    return account


@transaction.atomic
def bank_account_change(*, village, actor, account_id, **fields) -> BankAccount:
    """Change a bank account's details or take it out of use (``is_active=False``)."""
    account = BankAccount.objects.select_for_update().get(village=village, pk=account_id)
    before = _account_text(account)
    for name in ("bank_name", "account_number", "account_holder", "is_active", "position"):
        if name in fields:
            value = fields[name]
            setattr(account, name, value.strip() if isinstance(value, str) else value)
    account.full_clean()
    account.save()
    if _account_text(account) != before:
        _audit_money_route(village, actor, _("bank account"), before, _account_text(account))
    payment_settings_changed(village_id=village.pk)
    return account


#: Settings that decide where a buyer's money goes; a change to any of them is audited.
MONEY_ROUTE_FIELDS = ("qris_payload", "midtrans_client_key", "midtrans_server_key_encrypted")


@transaction.atomic
def payment_settings_update(*, village, actor, **fields) -> PaymentSettings:
    """Change how the village takes money. A QRIS code is checked and its merchant read back.
    A new QRIS or new Midtrans keys are audited (never the secret itself)."""
    config, _created = PaymentSettings.objects.select_for_update().get_or_create(village=village)
    before = {name: getattr(config, name) for name in MONEY_ROUTE_FIELDS}
    before_merchant = config.qris_merchant_name
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
    changed = [name for name in MONEY_ROUTE_FIELDS if getattr(config, name) != before[name]]
    if changed:
        _audit_money_route(
            village,
            actor,
            _("payment settings"),
            {"changed": changed, "qris_merchant": before_merchant},
            {"changed": changed, "qris_merchant": config.qris_merchant_name},
        )
    payment_settings_changed(village_id=village.pk)
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
    """The buyer says they paid what is due now, with or without a proof (photo or PDF of the
    receipt)."""
    if order.status not in Order.PAYING_STATUSES:
        raise ValidationError(_("This order is not waiting for a payment."))
    claims = PaymentRecord.objects.filter(order=order, kind=K.CLAIMED).count()
    if claims >= MAX_PROOFS_PER_ORDER:
        raise ValidationError(
            _(
                "This order already has %(n)d payment confirmations. Please send any other "
                "proof to the shop on WhatsApp."
            )
            % {"n": claims}
        )
    record = PaymentRecord(
        village_id=order.village_id,
        order=order,
        kind=K.CLAIMED,
        method=order.payment_method,
        amount=order.due_now,
        note=note.strip()[:300],
        actor_label=order.buyer_name[:100],
    )
    if proof is not None:
        cleaned = clean_proof(proof)
        suffix = cleaned.name.rsplit(".", 1)[-1]
        record.proof.save(f"{order.village_id}/{uuid.uuid4().hex}.{suffix}", cleaned, save=False)
    record.save()
    tell_shop(order=order, template=CLAIMED_TEMPLATE)
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
    """Money due now for the order arrived (staff saw it in the bank, or a verified gateway
    said so): everything, a pre-order's deposit, or the rest of it (``Order.due_now``).

    The order moves on once, however often this is called with the same reference.
    """
    due = order.due_now
    amount = due if amount is None else amount
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError({"amount": _("Enter the amount received in rupiah.")})
    if amount < due:
        raise ValidationError(
            {
                "amount": _("%(amount)s is less than the %(payable)s to pay.")
                % {"amount": format_rupiah(amount), "payable": format_rupiah(due)}
            }
        )
    # The order moves on in answer (checkout connects it), in this transaction: a confirmation
    # the order cannot take (already paid, cancelled) raises and records nothing.
    payment_accepted.send(
        sender=PaymentRecord, order=order, actor=actor, reason=(reference or note)[:300]
    )
    audit_record(
        village_id=order.village_id,
        actor=actor,
        action="payment_confirmed",
        subject=order.code,
        after={
            "amount": amount,
            "reference": reference[:120],
            "note": note[:300],
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
    if order.status not in Order.PAYING_STATUSES:
        raise ValidationError(_("This order is not waiting for a payment."))
    record = _record(order, K.REJECTED, actor=actor, note=reason[:300])
    audit_record(
        village_id=order.village_id,
        actor=actor,
        action="payment_rejected",
        subject=order.code,
        after={"reason": reason[:300]},
    )
    enqueue_with_transaction(notify_payment_rejected, record.village_id, record.pk)
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


def refund_record_due(
    *, order: Order, actor, reason: str, amount: int | None = None
) -> PaymentRecord | None:
    """Money to give back (refunds are made by hand, then marked done): all that was paid and
    is not owed back yet (a paid order cancelled), or ``amount`` of it (a problem with a line,
    returns.services); never more than was paid."""
    paid = order_paid_amount(order=order)
    already = order_refund_outstanding(order=order)
    left = paid - already
    if amount is not None:
        if amount > left:
            raise ValidationError(
                {"refund": _("At most %(max)s can be given back.") % {"max": format_rupiah(left)}}
            )
        left = amount
    if left <= 0:
        return None
    return _record(order, K.REFUND_DUE, actor=actor, amount=left, note=reason[:300])


@transaction.atomic
def refund_mark_done(*, order: Order, actor, reference: str = "") -> PaymentRecord:
    outstanding = order_refund_outstanding(order=order)
    if outstanding <= 0:
        raise ValidationError(_("No refund is due for this order."))
    return _record(order, K.REFUNDED, actor=actor, amount=outstanding, reference=reference[:120])


# -- gateways --------------------------------------------------------------------------------


def gateway_event_record(
    *, order: Order, method: str, reference: str, amount: int, note: str, raw=None
) -> PaymentRecord:
    """What a verified gateway notification said about the order (kept for the team)."""
    return PaymentRecord.objects.create(
        village_id=order.village_id,
        order=order,
        kind=K.GATEWAY,
        method=method,
        amount=max(int(amount), 0),
        reference=reference[:120],
        note=note[:300],
        raw=raw,
        actor_label=method.capitalize(),
    )


@transaction.atomic
def payment_reverse(
    *, order: Order, method: str, reference: str, amount: int, reason: str
) -> PaymentRecord | None:
    """The gateway took back money it had confirmed (cancelled or denied after capture,
    refunded, charged back). The money no longer counts as paid; the team sees it on its
    dashboard and in the audit log and decides what happens to the order.

    Returns None when this transaction was never confirmed or is reversed in full already.
    """
    confirmed = PaymentRecord.objects.filter(
        order=order, kind=K.CONFIRMED, method=method, reference=reference
    ).first()
    if confirmed is None:
        return None
    reversed_before = sum(
        PaymentRecord.objects.filter(
            order=order, kind=K.REVERSED, method=method, reference=reference
        ).values_list("amount", flat=True)
    )
    amount = min(int(amount), confirmed.amount - reversed_before)
    if amount <= 0:
        return None
    record = PaymentRecord.objects.create(
        village_id=order.village_id,
        order=order,
        kind=K.REVERSED,
        method=method,
        amount=amount,
        reference=reference[:120],
        note=reason[:300],
        actor_label=method.capitalize(),
    )
    audit_record(
        village_id=order.village_id,
        actor=None,
        action="payment_reversed",
        subject=order.code,
        after={"amount": amount, "reference": reference[:120], "method": method, "why": reason},
    )
    return record


def gateway_refusal_count(
    *, village, method: str, error: str, status: int, note: str, sample: str
) -> None:
    """Count a refused call to a gateway's notification address; keep the latest as a sample.

    One row per village, method, day and reason, whatever the number of calls. Never raises:
    the caller must answer the sender whatever happens here.
    """
    now = timezone.now()
    fields = {
        "count": F("count") + 1,
        "last_status": status,
        "last_note": note.replace("\x00", "")[:300],
        "sample": sample.replace("\x00", "")[:2000],
        "last_at": now,
    }
    key = {"village": village, "method": method[:40], "day": now.date(), "error": error[:40]}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                if GatewayRefusal.objects.filter(**key).update(**fields):
                    return
                GatewayRefusal.objects.create(**key, **{**fields, "count": 1})
                return
        except IntegrityError:  # created by a simultaneous call: count on that row
            continue
