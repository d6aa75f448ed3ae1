"""Midtrans over HTTP: the buyer's "Pay now" button, and Midtrans' payment notification.

The notification (``POST /pembayaran/midtrans/notifikasi/`` of the village shop, i.e.
``/<village-slug>/pembayaran/midtrans/notifikasi/`` on the platform host) is checked in this
order, and the first failure refuses it with a JSON error:

    body over 64 KB → 413; not a JSON object → 400; a required field missing → 400;
    the village has no usable server key → 403; ``signature_key`` is not SHA-512 of
    ``order_id + status_code + gross_amount + server_key`` (the values exactly as received)
    → 403; no order of this village with that code → 404; ``gross_amount`` is not the order's
    amount to pay, or the currency is not IDR → 422; a body that says ``settlement`` or
    ``capture`` with a ``status_code`` other than 200 → 400.

The signature covers only ``order_id``, ``status_code`` and ``gross_amount``, so the rest of a
genuine body can be edited and replayed. A notification is therefore only a hint: before money
is recorded (paid) or taken back (cancelled, denied, refunded or charged back after it was
paid), Midtrans' own status API (``GET /v2/<order_id>/status``) is asked and its answer is what
counts; when it cannot be asked the call is answered 503 and Midtrans sends it again later.

Refused calls are counted per village, day and reason with the latest one kept as a sample
(payments.GatewayRefusal), so a flood costs a row, not a row per call; every verified one
leaves a GATEWAY record. Only a settlement, or a capture with ``fraud_status`` ``accept``, that
the status API confirms marks the order paid, once per Midtrans transaction. An unexpected
error answers 400 (Midtrans then sends the notification again later), never 500.
"""

import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tokodesa.orders.models import Order
from tokodesa.orders.selectors import order_for_page

from . import services
from .gateways import midtrans
from .models import PaymentRecord

logger = logging.getLogger(__name__)

K = PaymentRecord.Kind
MAX_BODY_BYTES = 64 * 1024
RAW_MAX_CHARS = 4000  # what a payment record keeps of a notification's body
REQUIRED_FIELDS = (
    "order_id",
    "status_code",
    "gross_amount",
    "signature_key",
    "transaction_status",
    "transaction_id",
)
SIGNATURE_TEXT_RE = re.compile(r'("signature_key"\s*:\s*")[^"]*("|$)')
HEX_RUN_RE = re.compile(r"[0-9a-fA-F]{64,}")


# -- the buyer's "Pay now" -----------------------------------------------------------------


@require_POST
def midtrans_pay(request, code: str):
    """Open a Snap payment page for the order and send the buyer there."""
    order = order_for_page(village=request.village, code=code)
    if order is None or order.code not in request.session.get("orders", []):
        raise Http404
    order_url = reverse("checkout:order", kwargs={"code": order.code})
    if order.payment_method != midtrans.METHOD:
        raise Http404
    # The addresses the buyer used (platform /<slug>/… or the village's own domain).
    notification_url = request.build_absolute_uri(reverse("payments:midtrans_notification"))
    try:
        redirect_url = midtrans.create_transaction(
            order,
            finish_url=request.build_absolute_uri(order_url),
            # Midtrans only reaches public https addresses; otherwise the notification address
            # set in the village's Midtrans dashboard is used.
            notification_url=notification_url if notification_url.startswith("https://") else "",
        )
    except midtrans.GatewayError as error:
        messages.error(request, error.message)
        return redirect(order_url)
    return HttpResponseRedirect(redirect_url)


# -- Midtrans' notification ----------------------------------------------------------------

#: What a body may claim and what it means; "paid" claims need status_code 200.
PAID_STATUSES = ("settlement", "capture")
#: Statuses that take back money once paid (a capture later cancelled, denied, refunded…).
REVERSAL_STATUSES = (
    "cancel",
    "deny",
    "expire",
    "failure",
    "refund",
    "partial_refund",
    "chargeback",
    "partial_chargeback",
)


class Refused(Exception):
    def __init__(self, status: int, error: str, reason: str, *, order=None):
        super().__init__(reason)
        self.status, self.error, self.reason, self.order = status, error, reason, order


@dataclass
class Notice:
    """A notification whose signature, order and amount were checked."""

    data: dict
    order: Order
    keys: midtrans.MidtransKeys
    amount: int
    status: str
    fraud: str


@csrf_exempt
@require_POST
def midtrans_notification(request):
    village = request.village
    body, data = b"", None
    try:
        body = _read_body(request)
        _check_size(request, body)
        data = _parse(body)
        notice = _verify(village, data)
        truth = _ask_midtrans(notice) if _needs_check(notice) else None
        with transaction.atomic():
            result = _apply(notice, truth)
    except Refused as refusal:
        _refuse(village, refusal, body, data)
        return JsonResponse(
            {"ok": False, "error": refusal.error, "message": _public_message(refusal)},
            status=refusal.status,
        )
    except Exception:  # Midtrans must get an answer it retries, never a 500
        logger.exception("Midtrans notification for village %s failed", village.pk)
        refusal = Refused(400, "error", "unexpected error while handling the notification")
        _refuse(village, refusal, body, data)
        return JsonResponse(
            {"ok": False, "error": "error", "message": "try again later"}, status=400
        )
    return JsonResponse({"ok": True, "result": result})


def _public_message(refusal: Refused) -> str:
    """What the sender is told: the reason, except numbers it could probe for."""
    return {
        "amount_mismatch": "gross_amount does not match the order",
        "currency_mismatch": "currency must be IDR",
    }.get(refusal.error, refusal.reason)


def _read_body(request) -> bytes:
    """At most MAX_BODY_BYTES + 1 bytes of the body (a longer one is refused, its start kept)."""
    return request.read(MAX_BODY_BYTES + 1)


def _check_size(request, body: bytes) -> None:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if len(body) > MAX_BODY_BYTES or declared > MAX_BODY_BYTES:
        raise Refused(413, "too_large", f"body of {max(declared, len(body))} bytes is too large")


def _parse(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise Refused(400, "malformed_json", "body is not JSON") from error
    if not isinstance(data, dict):
        raise Refused(400, "malformed_json", "body is not a JSON object")
    return data


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _verify(village, data: dict) -> Notice:
    missing = [n for n in REQUIRED_FIELDS if not isinstance(data.get(n), str) or not data[n]]
    if missing:
        raise Refused(400, "missing_fields", "missing or not text: " + ", ".join(missing))

    keys = midtrans.midtrans_keys(village)
    if keys is None:
        raise Refused(403, "not_configured", "this shop has no usable Midtrans server key")
    expected = hashlib.sha512(
        (data["order_id"] + data["status_code"] + data["gross_amount"] + keys.server_key).encode()
    ).hexdigest()
    if not hmac.compare_digest(expected.encode(), data["signature_key"].encode()):
        raise Refused(403, "invalid_signature", "signature_key does not match")

    code = midtrans.parse_attempt_id(data["order_id"])
    order = Order.objects.filter(village=village, code=code).first() if code else None
    if order is None:
        raise Refused(404, "unknown_order", f"no order {data['order_id'][:60]} in this shop")

    gross = _amount(data["gross_amount"])
    asked = midtrans.attempt_amount(order, data["order_id"])
    if gross != asked:
        raise Refused(
            422,
            "amount_mismatch",
            f"gross_amount {data['gross_amount'][:30]} is not the {asked} asked",
            order=order,
        )
    currency = data.get("currency")
    if currency is not None and currency != "IDR":
        raise Refused(422, "currency_mismatch", f"currency {str(currency)[:10]}", order=order)

    status = data["transaction_status"]
    fraud = data.get("fraud_status") if isinstance(data.get("fraud_status"), str) else ""
    claims_paid = status == "settlement" or (status == "capture" and fraud == "accept")
    if claims_paid and data["status_code"] != "200":
        # The signed status_code says this is not a payment (201 pending, 202 denied…).
        raise Refused(
            400,
            "status_mismatch",
            f"{status[:20]} with status_code {data['status_code'][:5]}",
            order=order,
        )
    return Notice(data, order, keys, int(gross), status, fraud)


def _needs_check(notice: Notice) -> bool:
    """Ask Midtrans whenever money would move: a payment, or one taken back."""
    if notice.status in PAID_STATUSES:
        return notice.status == "settlement" or notice.fraud == "accept"
    if notice.status in REVERSAL_STATUSES:
        return PaymentRecord.objects.filter(
            order=notice.order, kind=K.CONFIRMED, method=midtrans.METHOD
        ).exists()
    return False


def _ask_midtrans(notice: Notice) -> midtrans.TransactionStatus:
    try:
        truth = midtrans.transaction_status(notice.keys, notice.data["order_id"])
    except midtrans.StatusUnavailable as error:
        raise Refused(
            503, "unverified", f"Midtrans' status API did not confirm it: {error}"[:200]
        ) from error
    if _amount(truth.gross_amount) != notice.amount or truth.currency != "IDR":
        raise Refused(
            422,
            "amount_mismatch",
            f"status API gross_amount {truth.gross_amount[:30]} {truth.currency[:5]}",
            order=notice.order,
        )
    return truth


def _apply(notice: Notice, truth: midtrans.TransactionStatus | None) -> str:
    """Act on the notification, believing the status API where it was asked."""
    order = Order.objects.select_for_update().get(pk=notice.order.pk)
    status, fraud = (truth.status, truth.fraud_status) if truth else (notice.status, notice.fraud)
    reference = (truth.transaction_id if truth else notice.data["transaction_id"])[:120]
    if truth is not None and truth.is_paid:
        result = _confirm(order, reference=reference, amount=notice.amount)
    elif truth is not None and status in REVERSAL_STATUSES:
        result = _reverse(order, truth)
    elif truth is not None:
        # The body said paid (or taken back), Midtrans says otherwise: nothing moves.
        result = f"not_{notice.status}_per_midtrans"
    elif status == "pending":
        # Waiting for the buyer (VA number or QR given). Never undoes a payment already made.
        result = "pending"
    elif status == "capture":
        # fraud_status "challenge": the village team accepts or denies it in the Midtrans
        # dashboard, and Midtrans notifies again.
        result = "challenged"
    elif status in REVERSAL_STATUSES:
        # This attempt failed before anything was paid; the order keeps waiting for another
        # attempt, and its own expiry (orders) ends it when nobody pays in time.
        result = "failed"
    else:
        # authorize and other states: recorded for the village team.
        result = "recorded"
    note = f"{status}{f' / {fraud}' if fraud else ''}: {result}"
    if truth is not None and truth.status != notice.status:
        note += f" (the notification said {notice.status[:20]})"
    if result.startswith("paid_while_"):
        note += " (money received for an order that was not waiting for it: check by hand)"
    services.gateway_event_record(
        order=order,
        method=midtrans.METHOD,
        reference=reference,
        amount=notice.amount,
        note=note,
        raw=_raw_copy(b"", notice.data),
    )
    return result


def _confirm(order: Order, *, reference: str, amount: int) -> str:
    """Mark the order paid for this Midtrans transaction, at most once."""
    confirmed = PaymentRecord.objects.filter(
        village_id=order.village_id, kind=K.CONFIRMED, method=midtrans.METHOD, reference=reference
    )
    if confirmed.exists():
        return "already_confirmed"
    if order.status not in Order.PAYING_STATUSES:
        return _paid_but_not_waiting(order, reference)
    try:
        with transaction.atomic():
            services.payment_confirm(
                order=order,
                actor=None,
                amount=amount,
                reference=reference,
                method=midtrans.METHOD,
            )
    except IntegrityError:  # the same transaction confirmed at the same moment
        return "already_confirmed"
    except ValidationError:  # IllegalTransition among them
        # Moved on meanwhile, or an older attempt (a deposit's) paid while the rest is due.
        order.refresh_from_db()
        return _paid_but_not_waiting(order, reference)
    return "confirmed"


def _reverse(order: Order, truth: midtrans.TransactionStatus) -> str:
    """Midtrans took back a payment it had settled: the team must see it."""
    confirmed = PaymentRecord.objects.filter(
        order=order, kind=K.CONFIRMED, method=midtrans.METHOD, reference=truth.transaction_id
    ).first()
    if confirmed is None:
        return "failed"  # another attempt of this order failed; the paid one stands
    amount = confirmed.amount
    if truth.status.startswith("partial_"):
        amount = min(int(_amount(truth.refund_amount) or 0), confirmed.amount)
    record = services.payment_reverse(
        order=order,
        method=midtrans.METHOD,
        reference=truth.transaction_id,
        amount=amount,
        reason=f"Midtrans: {truth.status}",
    )
    if record is None:
        return "already_reversed"
    logger.warning(
        "Midtrans reversed %s of order %s (%s): the team must act",
        truth.transaction_id,
        order.code,
        truth.status,
    )
    return "reversed"


def _paid_but_not_waiting(order: Order, reference: str) -> str:
    """Money for an order that no longer waits for it: paid already by another transaction
    (a second attempt paid too), or ended (expired, cancelled). The village team sorts it out
    (refund, or restore the order); the GATEWAY record says so."""
    logger.warning(
        "Midtrans settled %s for order %s, which is %s: check it by hand",
        reference,
        order.code,
        order.status,
    )
    return f"paid_while_{order.status}"


def _refuse(village, refusal: Refused, body: bytes, data) -> None:
    logger.warning("Midtrans notification refused (%s): %s", refusal.status, refusal.reason)
    copy = _raw_copy(body, data)
    sample = copy["body"] if "body" in copy else json.dumps(copy, ensure_ascii=False)
    try:
        services.gateway_refusal_count(
            village=village,
            method=midtrans.METHOD,
            error=refusal.error,
            status=refusal.status,
            note=refusal.reason,
            sample=sample,
        )
    except Exception:  # the answer matters more than the count
        logger.exception("Could not count a refused Midtrans notification")


def _redact(text: str) -> str:
    text = SIGNATURE_TEXT_RE.sub(r"\1…\2", text)
    return HEX_RUN_RE.sub("…", text).replace("\x00", "")


def _without_signature(value):
    if isinstance(value, dict):
        return {k: _without_signature(v) for k, v in value.items() if k != "signature_key"}
    if isinstance(value, list):
        return [_without_signature(v) for v in value]
    return value


def _raw_copy(body: bytes, data) -> dict:
    """What is kept of a notification: without its signature, at most RAW_MAX_CHARS
    characters (then as text, marked truncated), never a NUL character."""
    if isinstance(data, dict):
        copy = _without_signature(data)
        text = json.dumps(copy, ensure_ascii=False)
        if len(text) <= RAW_MAX_CHARS and "\\u0000" not in text and "\x00" not in text:
            return copy
        return {"truncated": True, "body": _redact(text[:RAW_MAX_CHARS]).replace("\\u0000", "")}
    text = body[: RAW_MAX_CHARS * 4].decode("utf-8", errors="replace")
    return {"truncated": len(text) > RAW_MAX_CHARS, "body": _redact(text[:RAW_MAX_CHARS])}
