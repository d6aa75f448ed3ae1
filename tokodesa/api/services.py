"""API keys (made, checked, revoked), idempotent answers, and webhooks (ADR 22)."""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.core import versions
from tokodesa.core.tasks import enqueue_with_transaction
from tokodesa.core.tenancy import across_villages
from tokodesa.payments import secrets as vault

from .models import SELLER_SCOPES, ApiKey, Event, IdempotentAnswer, Scope, Webhook, WebhookDelivery

KEY_START = "tdk_"
LAST_USED_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often
ANSWERS_KEPT = timedelta(days=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def key_create(*, village, actor, name: str, scopes: list[str], seller=None) -> tuple[ApiKey, str]:
    """A new key for ``village`` (or one of its sellers): returns the key and its token, which
    is shown once and never stored."""
    name = " ".join(str(name or "").split())[:60]
    if not name:
        raise ValidationError({"name": _("Give the key a name, e.g. the program that uses it.")})
    scopes = sorted({s for s in scopes if s in Scope.values})
    if not scopes:
        raise ValidationError({"scopes": _("Choose what the key may do.")})
    if seller is not None:
        if seller.village_id != village.pk:
            raise ValidationError({"seller": _("Choose a seller of this village.")})
        if set(scopes) - set(SELLER_SCOPES):
            raise ValidationError(
                {"scopes": _("A seller's key may only change her own products' stock and prices.")}
            )
    prefix = secrets.token_hex(6)
    token = f"{KEY_START}{prefix}_{secrets.token_urlsafe(30)}"
    key = ApiKey.objects.create(
        village=village,
        seller=seller,
        name=name,
        prefix=prefix,
        secret_hash=_hash(token),
        scopes=scopes,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        village_id=village.pk,
        actor=actor,
        action="api_key_created",
        subject=f"{name} ({prefix})",
        after={"scopes": scopes, "seller": seller.display_name if seller else None},
    )
    return key, token


@transaction.atomic
def key_revoke(*, key: ApiKey, actor) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(
            village_id=key.village_id,
            actor=actor,
            action="api_key_revoked",
            subject=f"{key.name} ({key.prefix})",
        )
    return key


def key_authenticate(token: str) -> ApiKey | None:
    """The live key this token is, or None (unknown, wrong secret, revoked, village closed)."""
    token = str(token or "")[:200]
    if not token.startswith(KEY_START) or token.count("_") < 2:
        return None
    prefix = token[len(KEY_START) :].split("_", 1)[0]
    with across_villages("an API key names its village"):
        key = (
            ApiKey.objects.filter(prefix=prefix[:16], revoked_at__isnull=True)
            .select_related("village", "seller")
            .first()
        )
    if key is None or not hmac.compare_digest(key.secret_hash, _hash(token)):
        return None
    if key.village.status != "active" or (key.seller and key.seller.status != "active"):
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
        with across_villages("the key's own row"):
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


# -- idempotency -------------------------------------------------------------------------------


def request_fingerprint(payload) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def answer_find(*, key: ApiKey, idempotency_key: str) -> IdempotentAnswer | None:
    return IdempotentAnswer.objects.filter(api_key=key, key=idempotency_key[:64]).first()


def answer_keep(
    *, key: ApiKey, idempotency_key: str, fingerprint: str, status: int, body
) -> IdempotentAnswer | None:
    """Remember what a POST answered; None when a request with the same key was answered
    meanwhile (that answer stands)."""
    try:
        with transaction.atomic():
            return IdempotentAnswer.objects.create(
                village_id=key.village_id,
                api_key=key,
                key=idempotency_key[:64],
                request_hash=fingerprint,
                status=status,
                body=body,
            )
    except IntegrityError:
        return None


def answers_forget_old() -> int:
    with across_villages("the daily clean-up of every village's API answers"):
        old = IdempotentAnswer.objects.filter(created_at__lt=timezone.now() - ANSWERS_KEPT)
        return old.delete()[0]


# -- webhooks ----------------------------------------------------------------------------------


def _check_url(url: str) -> str:
    url = str(url or "").strip()[:300]
    try:
        URLValidator(schemes=["https"] if not settings.WEBHOOK_ALLOW_HTTP else ["https", "http"])(
            url
        )
    except ValidationError as error:
        raise ValidationError(
            {"url": _("Enter the full https:// address of your program.")}
        ) from error
    return url


def webhook_create(*, village, actor, url: str, events: list[str]) -> tuple[Webhook, str]:
    """A new webhook: returns it and its signing secret (shown once, kept encrypted)."""
    url = _check_url(url)
    events = sorted({e for e in events if e in Event.values})
    if not events:
        raise ValidationError({"events": _("Choose at least one event.")})
    secret = "whsec_" + secrets.token_urlsafe(32)
    hook = Webhook.objects.create(
        village=village, url=url, events=events, secret_encrypted=vault.encrypt(secret)
    )
    versions.changed(_webhooks_key(village.pk))
    audit_record(
        village_id=village.pk,
        actor=actor,
        action="webhook_created",
        subject=url,
        after={"events": events},
    )
    return hook, secret


def webhook_switch(*, hook: Webhook, actor, on: bool) -> Webhook:
    if hook.is_active != on:
        hook.is_active = on
        hook.save(update_fields=["is_active"])
        versions.changed(_webhooks_key(hook.village_id))
        audit_record(
            village_id=hook.village_id,
            actor=actor,
            action="webhook_switched",
            subject=hook.url,
            after={"on": on},
        )
    return hook


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">``: what the receiver checks."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _webhooks_key(village_id: int) -> str:
    return f"webhooks:{village_id}"


def _live_webhooks(village_id: int) -> list[tuple[int, tuple]]:
    """(id, events) of the village's webhooks that are on, kept in each process until one is
    added or switched: every order placed or moved asks, and most villages have none."""
    return versions.kept(
        _webhooks_key(village_id),
        lambda: [
            [
                (pk, tuple(events))
                for pk, events in Webhook.objects.filter(
                    village_id=village_id, is_active=True
                ).values_list("pk", "events")
            ]
        ],  # wrapped: an empty list is worth keeping too
    )[0]


def webhooks_tell(*, order, event: str) -> int:
    """Queue a delivery of ``event`` to each of the village's webhooks that asks for it, in the
    caller's transaction (the order's): no event for a change rolled back."""
    from .tasks import webhook_deliver

    hooks = [pk for pk, events in _live_webhooks(order.village_id) if event in events]
    if not hooks:
        return 0
    payload = {
        "event": event,
        "created_at": timezone.now().isoformat(),
        "order": {
            "code": order.code,
            "status": order.status,
            "total": order.total,
            "payable": order.payable,
            "tracking_number": order.tracking_number,
        },
    }
    for hook_id in hooks:
        delivery = WebhookDelivery.objects.create(
            village_id=order.village_id, webhook_id=hook_id, event=event, payload=payload
        )
        enqueue_with_transaction(webhook_deliver, order.village_id, delivery.pk)
    return len(hooks)


class DeliveryFailed(Exception):
    pass


def _public_address(host: str) -> bool:
    """Whether every address ``host`` resolves to is on the internet (never the server's own
    network: a webhook must not reach the database or the cache)."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return all(ipaddress.ip_address(info[4][0]).is_global for info in infos)


def webhook_send(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """POST the delivery, signed. Raises DeliveryFailed (written down) for the worker to try
    again later (1, 4, 16 minutes: ops.services)."""
    import httpx

    hook = delivery.webhook
    body = json.dumps({"id": delivery.pk, **delivery.payload}, separators=(",", ":")).encode()
    secret = vault.decrypt_or_none(hook.secret_encrypted)
    delivery.attempts += 1
    error, status = "", None
    if secret is None:
        error = "the signing secret cannot be read: make a new webhook"
    elif not settings.WEBHOOK_ALLOW_PRIVATE and not _public_address(urlsplit(hook.url).hostname):
        error = "the address is not on the internet"
    else:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "TokoDesa-Webhook/1",
            "X-TokoDesa-Event": delivery.event,
            "X-TokoDesa-Delivery": str(delivery.pk),
            "X-TokoDesa-Signature": signature(secret, int(time.time()), body),
        }
        try:
            with httpx.Client(timeout=httpx.Timeout(10.0, connect=5.0)) as client:
                response = client.post(hook.url, content=body, headers=headers)
            status = response.status_code
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"[:300]
    delivery.response_status = status
    delivery.error = error[:300]
    if error:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
    delivery.save(update_fields=["attempts", "response_status", "error", "status", "delivered_at"])
    if error:
        raise DeliveryFailed(error)
    return delivery
