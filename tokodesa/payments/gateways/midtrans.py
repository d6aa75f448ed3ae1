"""Midtrans Snap: a village's keys, and a thin client that opens a Snap payment page.

Each village has its own Midtrans account. Its server key is stored encrypted
(payments.secrets); when it cannot be decrypted the method is simply not offered.

``create_transaction`` asks Snap for a payment page for an order and returns its address. Every
attempt has its own Midtrans ``order_id``, ``<order code>-<n>`` (Midtrans refuses an
``order_id`` it has seen before, so a buyer who comes back gets a fresh attempt), and leaves a
GATEWAY payment record whose reference is that id, also when it failed: the next attempt
then takes the next number even if Midtrans did create the one that timed out. Nothing here
marks an order paid; Midtrans' verified notification does (payments.webhooks).
"""

import logging
import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.orders.models import Order
from tokodesa.payments import secrets
from tokodesa.payments.models import PaymentRecord, PaymentSettings
from tokodesa.payments.selectors import payment_settings, payment_settings_changed

logger = logging.getLogger(__name__)

METHOD = "midtrans"
SANDBOX_SNAP_URL = "https://app.sandbox.midtrans.com/snap/v1/transactions"
PRODUCTION_SNAP_URL = "https://app.midtrans.com/snap/v1/transactions"
# The Core API, whose ``GET /v2/<order_id>/status`` tells a transaction's real state.
SANDBOX_API_URL = "https://api.sandbox.midtrans.com"
PRODUCTION_API_URL = "https://api.midtrans.com"
SERVER_KEY_RE = re.compile(r"(SB-)?Mid-server-[A-Za-z0-9_-]{8,80}")
CLIENT_KEY_RE = re.compile(r"(SB-)?Mid-client-[A-Za-z0-9_-]{8,80}")
# ``<order code>-<attempt>``; order codes are ``<2–4 capitals>-<5 characters>``.
ATTEMPT_RE = re.compile(r"(?P<code>[A-Z]{2,4}-[A-Z0-9]{5})-(?P<n>[1-9][0-9]{0,5})")
REDIRECT_HOST = "midtrans.com"  # Snap pages live on (app.sandbox.)midtrans.com
ITEM_NAME_MAX = 50  # Midtrans refuses longer item names and ids
SECRET_FIELDS = {"server_key", "client_key", "signature_key", "authorization"}
K = PaymentRecord.Kind


# -- the village's keys ------------------------------------------------------------------------


@dataclass(frozen=True)
class MidtransKeys:
    server_key: str = field(repr=False)
    client_key: str
    production: bool


def midtrans_keys(village, config: PaymentSettings | None = None) -> MidtransKeys | None:
    """The village's usable keys, or None when it has none or they cannot be decrypted
    (``config``: its PaymentSettings when already read)."""
    config = config or payment_settings(village)
    if not config.midtrans_server_key_encrypted:
        return None
    server_key = secrets.decrypt_or_none(config.midtrans_server_key_encrypted)
    if server_key is None:
        logger.warning(
            "The Midtrans server key of village %s cannot be decrypted (SECRET_KEY or "
            "PAYMENT_SECRETS_KEY changed?): Midtrans is not offered until it is entered again.",
            config.village_id,
        )
        return None
    return MidtransKeys(server_key, config.midtrans_client_key, config.midtrans_production)


@transaction.atomic
def midtrans_keys_set(
    *, village, actor, server_key: str, client_key: str, production: bool = False
) -> PaymentSettings:
    """Store the village's Midtrans keys, the server key encrypted. Checks their shapes:
    ``SB-Mid-server-…`` (sandbox) or ``Mid-server-…``; a sandbox key cannot be used in
    production. The client key (only needed for Snap's pop-up) may be left empty."""
    server_key, client_key = server_key.strip(), client_key.strip()
    errors = {}
    if not SERVER_KEY_RE.fullmatch(server_key):
        errors["server_key"] = _(
            "A Midtrans server key looks like SB-Mid-server-… (sandbox) or Mid-server-…."
        )
    elif production and server_key.startswith("SB-"):
        errors["server_key"] = _(
            "This is a sandbox key (SB-…); production needs a key without SB-."
        )
    if client_key and not CLIENT_KEY_RE.fullmatch(client_key):
        errors["client_key"] = _(
            "A Midtrans client key looks like SB-Mid-client-… (sandbox) or Mid-client-…."
        )
    elif client_key and client_key.startswith("SB-") != server_key.startswith("SB-"):
        errors["client_key"] = _("The client key and the server key are from different accounts.")
    if errors:
        raise ValidationError(errors)
    config, _created = PaymentSettings.objects.get_or_create(village=village)
    config.midtrans_server_key_encrypted = secrets.encrypt(server_key)
    config.midtrans_client_key = client_key
    config.midtrans_production = production
    config.save(
        update_fields=[
            "midtrans_server_key_encrypted",
            "midtrans_client_key",
            "midtrans_production",
        ]
    )
    _audit_keys(village, actor, client_key, production)
    payment_settings_changed(village_id=village.pk)
    return config


@transaction.atomic
def midtrans_keys_clear(*, village, actor) -> None:
    """Stop offering Midtrans: forget the village's keys."""
    cleared = PaymentSettings.objects.filter(village=village).exclude(
        midtrans_server_key_encrypted=""
    )
    if cleared.update(
        midtrans_server_key_encrypted="", midtrans_client_key="", midtrans_production=False
    ):
        _audit_keys(village, actor, "", False)
        payment_settings_changed(village_id=village.pk)


def _audit_keys(village, actor, client_key: str, production: bool) -> None:
    """New Midtrans keys send the buyers' money elsewhere: written down (never the secret)."""
    audit_record(
        village_id=village.pk,
        actor=actor,
        action="payment_route",
        subject="Midtrans",
        after={"client_key": client_key, "production": production} if client_key else None,
    )


# -- Snap ----------------------------------------------------------------------------------


class GatewayError(Exception):
    """Snap could not open a payment page. ``message`` is for the buyer (translated),
    ``detail`` for the logs and the payment record."""

    def __init__(self, message: str, *, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail


def _unavailable() -> str:
    return _(
        "Online payment is not available right now. Please try again later, or ask the shop "
        "on WhatsApp."
    )


def snap_url(*, production: bool) -> str:
    urls = getattr(settings, "MIDTRANS_SNAP_URL", None) or {}
    if production:
        return urls.get("production") or PRODUCTION_SNAP_URL
    return urls.get("sandbox") or SANDBOX_SNAP_URL


def api_url(*, production: bool) -> str:
    urls = getattr(settings, "MIDTRANS_API_URL", None) or {}
    if production:
        return (urls.get("production") or PRODUCTION_API_URL).rstrip("/")
    return (urls.get("sandbox") or SANDBOX_API_URL).rstrip("/")


def _timeout() -> httpx.Timeout:
    return httpx.Timeout(
        getattr(settings, "MIDTRANS_READ_TIMEOUT", 10.0),
        connect=getattr(settings, "MIDTRANS_CONNECT_TIMEOUT", 5.0),
    )


def next_attempt_id(order) -> str:
    prefix = f"{order.code}-"
    references = PaymentRecord.objects.filter(
        order=order, kind=K.GATEWAY, method=METHOD, reference__startswith=prefix
    ).values_list("reference", flat=True)
    numbers = [int(ref[len(prefix) :]) for ref in references if ref[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def attempt_amount(order, attempt_id: str) -> int:
    """What the Snap transaction ``attempt_id`` asked for: the whole order, its deposit or
    the rest (recorded when it was created; the whole order for an attempt not found)."""
    created = (
        PaymentRecord.objects.filter(
            order=order, kind=K.GATEWAY, method=METHOD, reference=attempt_id, amount__gt=0
        )
        .values_list("amount", flat=True)
        .first()
    )
    return created or order.payable


def parse_attempt_id(order_id: str) -> str | None:
    """The order code in a Midtrans ``order_id`` made by ``next_attempt_id``, else None."""
    found = ATTEMPT_RE.fullmatch(order_id)
    return found["code"] if found else None


def _item_details(order) -> list[dict]:
    if order.due_now != order.payable:  # a pre-order's deposit, or the rest of it: one item
        name = (
            _("Deposit for order %(code)s") if order.paying_deposit else _("Rest of order %(code)s")
        ) % {"code": order.code}
        return [
            {"id": order.code, "price": order.due_now, "quantity": 1, "name": name[:ITEM_NAME_MAX]}
        ]
    items = [
        {
            "id": (line.sku or f"V{line.variant_id or line.pk}")[:ITEM_NAME_MAX],
            "price": line.unit_price,
            "quantity": line.quantity,
            "name": f"{line.product_name} ({line.variant_label})"[:ITEM_NAME_MAX],
        }
        for line in order.lines.all()
    ]
    if order.shipping_fee:
        name = f"{_('Shipping')}: {order.delivery_label}"[:ITEM_NAME_MAX]
        items.append({"id": "ONGKIR", "price": order.shipping_fee, "quantity": 1, "name": name})
    if order.unique_code:
        items.append(
            {"id": "KODE-UNIK", "price": order.unique_code, "quantity": 1, "name": _("Unique code")}
        )
    if order.discount or order.shipping_discount:  # Midtrans takes a negative item as a discount
        name = _("Voucher %(code)s") % {"code": order.voucher_code}
        off = order.discount + order.shipping_discount
        items.append({"id": "VOUCHER", "price": -off, "quantity": 1, "name": name[:ITEM_NAME_MAX]})
    if sum(item["price"] * item["quantity"] for item in items) != order.payable:
        # Never expected (the lines make the subtotal); Midtrans refuses items that do not add
        # up to gross_amount, so the order then goes as one item.
        logger.error("Order %s: its lines do not add up to the amount to pay", order.code)
        name = _("Order %(code)s") % {"code": order.code}
        items = [{"id": order.code, "price": order.payable, "quantity": 1, "name": name}]
    return items


def snap_request(order, *, attempt_id: str, finish_url: str = "") -> dict:
    """The body of Snap's "create transaction" request for one attempt to pay ``order``."""
    customer = {"first_name": order.buyer_name[:255], "phone": order.buyer_whatsapp}
    if order.buyer_email:
        customer["email"] = order.buyer_email
    body = {
        "transaction_details": {"order_id": attempt_id, "gross_amount": int(order.due_now)},
        "item_details": _item_details(order),
        "customer_details": customer,
    }
    if order.expires_at:
        # The payment (VA number, QR…) expires with the order, not 24 hours after it.
        now = timezone.now()
        minutes = math.ceil((order.expires_at - now).total_seconds() / 60)
        start = now.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M:%S %z")
        body["expiry"] = {"start_time": start, "unit": "minutes", "duration": max(minutes, 1)}
    if finish_url:
        body["callbacks"] = {"finish": finish_url}
    return body


def _scrub(value):
    """A copy of a gateway message without anything secret in it."""
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if str(k).lower() not in SECRET_FIELDS}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _response_excerpt(response: httpx.Response):
    try:
        return _scrub(response.json())
    except ValueError:
        return response.text[:1000].replace("\x00", "")


def _record_attempt(order, attempt_id: str, *, note: str, raw, amount: int = 0) -> PaymentRecord:
    return PaymentRecord.objects.create(
        village_id=order.village_id,
        order=order,
        kind=K.GATEWAY,
        method=METHOD,
        amount=amount,
        reference=attempt_id[:120],
        note=note[:300],
        raw=raw,
        actor_label="Midtrans",
    )


def _valid_redirect(url) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and (host == REDIRECT_HOST or host.endswith("." + REDIRECT_HOST))


def create_transaction(order, *, finish_url: str = "", notification_url: str = "") -> str:
    """Open a Snap payment page for ``order`` and return its address (to redirect the buyer to).

    ``finish_url`` is where Snap sends the buyer back; ``notification_url``, when given,
    overrides the notification address set in the village's Midtrans dashboard for this
    transaction. Raises GatewayError with a message for the buyer; nothing is marked paid.
    """
    if order.status not in Order.PAYING_STATUSES:
        raise GatewayError(_("This order is not waiting for a payment."), detail=order.status)
    if order.expires_at and order.expires_at <= timezone.now():
        raise GatewayError(_("The time to pay for this order has passed."), detail="expired")
    keys = midtrans_keys(order.village)
    if keys is None:
        raise GatewayError(_unavailable(), detail="no usable server key")

    attempt_id = next_attempt_id(order)
    body = snap_request(order, attempt_id=attempt_id, finish_url=finish_url)
    headers = {"Accept": "application/json"}
    if notification_url:
        headers["X-Override-Notification"] = notification_url
    url = snap_url(production=keys.production)

    def fail(message: str, detail: str, raw=None):
        logger.warning("Midtrans Snap for order %s (%s): %s", order.code, attempt_id, detail)
        _record_attempt(
            order,
            attempt_id,
            note=f"Snap failed: {detail}",
            raw={"order_id": attempt_id, "response": raw},
        )
        return GatewayError(message, detail=detail)

    try:
        with httpx.Client(timeout=_timeout(), follow_redirects=False) as client:
            response = client.post(url, json=body, headers=headers, auth=(keys.server_key, ""))
    except httpx.TimeoutException as error:
        raise fail(
            _("The payment service did not answer in time. Please try again in a moment."),
            f"timeout ({type(error).__name__})",
        ) from error
    except httpx.HTTPError as error:
        raise fail(_unavailable(), f"{type(error).__name__}: {error}"[:200]) from error

    if response.status_code not in (200, 201):
        raise fail(_unavailable(), f"HTTP {response.status_code}", raw=_response_excerpt(response))
    try:
        data = response.json()
    except ValueError as error:
        raise fail(_unavailable(), "malformed JSON", raw=_response_excerpt(response)) from error
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("token"), str)
        or not _valid_redirect(data.get("redirect_url"))
    ):
        raise fail(_unavailable(), "no token or redirect_url", raw=_scrub(data))

    _record_attempt(
        order,
        attempt_id,
        note="Snap transaction created",
        amount=int(order.due_now),
        raw={
            "order_id": attempt_id,
            "gross_amount": int(order.due_now),
            "response": _scrub(data),
        },
    )
    return data["redirect_url"]


# -- the status API ------------------------------------------------------------------------


@dataclass(frozen=True)
class TransactionStatus:
    """What Midtrans' own status API says of one attempt (``order_id``)."""

    order_id: str
    transaction_id: str
    status: str  # settlement, capture, pending, cancel, deny, expire, refund, …
    fraud_status: str
    status_code: str
    gross_amount: str
    currency: str
    refund_amount: str = ""

    @property
    def is_paid(self) -> bool:
        return self.status_code == "200" and (
            self.status == "settlement"
            or (self.status == "capture" and self.fraud_status == "accept")
        )


class StatusUnavailable(Exception):
    """Midtrans' status API could not be asked, or gave an answer that cannot be used."""


MAX_STATUS_BYTES = 64 * 1024


def transaction_status(keys: MidtransKeys, order_id: str) -> TransactionStatus:
    """Ask Midtrans what happened to ``order_id`` (``GET /v2/<order_id>/status``).

    A notification is only a hint that something changed: its body is believed for nothing
    that moves money. Raises StatusUnavailable when the answer is missing or malformed.
    """
    if not ATTEMPT_RE.fullmatch(order_id):
        raise StatusUnavailable("not one of our order ids")
    url = f"{api_url(production=keys.production)}/v2/{order_id}/status"
    try:
        with httpx.Client(timeout=_timeout(), follow_redirects=False) as client:
            response = client.get(
                url, headers={"Accept": "application/json"}, auth=(keys.server_key, "")
            )
    except httpx.HTTPError as error:
        raise StatusUnavailable(f"{type(error).__name__}: {error}"[:200]) from error
    if response.status_code != 200 or len(response.content) > MAX_STATUS_BYTES:
        raise StatusUnavailable(f"HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError as error:
        raise StatusUnavailable("malformed JSON") from error
    if not isinstance(data, dict):
        raise StatusUnavailable("not a JSON object")

    def text(name: str) -> str:
        value = data.get(name)
        return value if isinstance(value, str) else ""

    found = TransactionStatus(
        order_id=text("order_id"),
        transaction_id=text("transaction_id")[:120],
        status=text("transaction_status"),
        fraud_status=text("fraud_status"),
        status_code=text("status_code"),
        gross_amount=text("gross_amount"),
        currency=text("currency") or "IDR",
        refund_amount=text("refund_amount"),
    )
    if found.order_id != order_id or not found.transaction_id or not found.status:
        # Midtrans answers an unknown order_id with HTTP 200 and status_code "404".
        raise StatusUnavailable(f"status_code {found.status_code[:5] or '?'} for {order_id}")
    return found
