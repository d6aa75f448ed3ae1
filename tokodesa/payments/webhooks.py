"""Midtrans over HTTP: the buyer's "Pay now" button, and Midtrans' payment notification.

The notification (``POST /pembayaran/midtrans/notifikasi/`` of the village shop, i.e.
``/<village-slug>/pembayaran/midtrans/notifikasi/`` on the platform host) is checked in this
order, and the first failure refuses it with a JSON error:

    body over 64 KB → 413; not a JSON object → 400; a required field missing → 400;
    the village has no usable server key → 403; ``signature_key`` is not SHA-512 of
    ``order_id + status_code + gross_amount + server_key`` (the values exactly as received)
    → 403; no order of this village with that code → 404; ``gross_amount`` is not the order's
    amount to pay, or the currency is not IDR → 422.

Every refused request leaves a REFUSED payment record (the reason, and a truncated copy of the
body without its signature); every verified one leaves a GATEWAY record. Only ``settlement``,
or ``capture`` with ``fraud_status`` ``accept``, marks the order paid, once per Midtrans
transaction however often it is repeated. An unexpected error answers 400 (Midtrans then sends
the notification again later), never 500.
"""

import hashlib
import hmac
import json
import logging
import re
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tokodesa.orders.models import Order
from tokodesa.orders.selectors import order_for_page
from tokodesa.orders.services import IllegalTransition

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
    order_url = reverse("orders:detail", kwargs={"code": order.code})
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


class Refused(Exception):
    def __init__(self, status: int, error: str, reason: str, *, order=None):
        super().__init__(reason)
        self.status, self.error, self.reason, self.order = status, error, reason, order


@csrf_exempt
@require_POST
def midtrans_notification(request):
    village = request.village
    body, data = b"", None
    try:
        body = _read_body(request)
        _check_size(request, body)
        data = _parse(body)
        with transaction.atomic():
            result = _handle(village, data)
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


def _handle(village, data: dict) -> str:
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
    order = (
        Order.objects.select_for_update().filter(village=village, code=code).first()
        if code
        else None
    )
    if order is None:
        raise Refused(404, "unknown_order", f"no order {data['order_id'][:60]} in this shop")

    try:
        gross = Decimal(data["gross_amount"])
    except InvalidOperation:
        gross = None
    if gross is None or not gross.is_finite() or gross != order.payable:
        raise Refused(
            422,
            "amount_mismatch",
            f"gross_amount {data['gross_amount'][:30]} is not the order's {order.payable}",
            order=order,
        )
    currency = data.get("currency")
    if currency is not None and currency != "IDR":
        raise Refused(422, "currency_mismatch", f"currency {str(currency)[:10]}", order=order)

    status = data["transaction_status"]
    fraud = data.get("fraud_status") if isinstance(data.get("fraud_status"), str) else ""
    if status == "settlement" or (status == "capture" and fraud == "accept"):
        result = _confirm(order, reference=data["transaction_id"][:120], amount=int(gross))
    elif status == "pending":
        # Waiting for the buyer (VA number or QR given). Never undoes a payment already made.
        result = "pending"
    elif status == "capture":
        # fraud_status "challenge": the village team accepts or denies it in the Midtrans
        # dashboard, and Midtrans notifies again.
        result = "challenged"
    elif status in ("expire", "cancel", "deny", "failure"):
        # This attempt failed; the order is left as it is. It keeps waiting for another
        # attempt, and its own expiry (orders) ends it when nobody pays in time.
        result = "failed"
    else:
        # refund, partial_refund, chargeback, authorize…: recorded for the village team; the
        # order is changed by hand (refunds are made and recorded in the team's pages).
        result = "recorded"
    _record(order, data, status=status, fraud=fraud, result=result, amount=int(gross))
    return result


def _confirm(order: Order, *, reference: str, amount: int) -> str:
    """Mark the order paid for this Midtrans transaction, at most once."""
    confirmed = PaymentRecord.objects.filter(
        kind=K.CONFIRMED, method=midtrans.METHOD, reference=reference
    )
    if confirmed.exists():
        return "already_confirmed"
    if order.status != Order.Status.AWAITING_PAYMENT:
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
    except IllegalTransition:
        order.refresh_from_db()
        return _paid_but_not_waiting(order, reference)
    return "confirmed"


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


def _record(order: Order, data: dict, *, status: str, fraud: str, result: str, amount: int):
    note = f"{status}{f' / {fraud}' if fraud else ''}: {result}"
    if result.startswith("paid_while_"):
        note += " (money received for an order that was not waiting for it: check by hand)"
    PaymentRecord.objects.create(
        village_id=order.village_id,
        order=order,
        kind=K.GATEWAY,
        method=midtrans.METHOD,
        amount=amount,
        reference=data["transaction_id"][:120],
        note=note[:300],
        raw=_raw_copy(b"", data),
        actor_label="Midtrans",
    )


def _refuse(village, refusal: Refused, body: bytes, data) -> None:
    logger.warning("Midtrans notification refused (%s): %s", refusal.status, refusal.reason)
    try:
        PaymentRecord.objects.create(
            village=village,
            order=refusal.order,
            kind=K.REFUSED,
            method=midtrans.METHOD,
            note=f"HTTP {refusal.status} {refusal.error}: {refusal.reason}"[:300],
            raw=_raw_copy(body, data),
            actor_label="Midtrans (unverified)",
        )
    except Exception:  # the answer matters more than the record
        logger.exception("Could not record a refused Midtrans notification")


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
    """What a payment record keeps of a notification: without its signature, at most
    RAW_MAX_CHARS characters (then as text, marked truncated)."""
    if isinstance(data, dict):
        copy = _without_signature(data)
        text = json.dumps(copy, ensure_ascii=False)
        if len(text) <= RAW_MAX_CHARS and "\\u0000" not in text:
            return copy
        return {"truncated": True, "body": _redact(text[:RAW_MAX_CHARS]).replace("\\u0000", "")}
    text = body[: RAW_MAX_CHARS * 4].decode("utf-8", errors="replace")
    return {"truncated": len(text) > RAW_MAX_CHARS, "body": _redact(text[:RAW_MAX_CHARS])}
