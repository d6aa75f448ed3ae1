"""The village admin's page for the API: keys (made, shown once, revoked) and webhooks (made,
switched off and on, their deliveries)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.core.numbers import parse_int
from tokodesa.sellers.models import Seller
from tokodesa.villages.decorators import admin_only

from . import services
from .models import SELLER_SCOPES, ApiKey, Event, Scope, Webhook, WebhookDelivery


@admin_only
@require_http_methods(["GET", "POST"])
def keys_page(request):
    village = request.village
    shown = None  # a token or a secret, shown once after it is made
    errors: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "key":
                seller = None
                if seller_id := parse_int(request.POST.get("seller", ""), maximum=2**62):
                    seller = Seller.objects.filter(village=village, pk=seller_id).first()
                    if seller is None:
                        raise ValidationError({"seller": _("Choose a seller of this village.")})
                key, token = services.key_create(
                    village=village,
                    actor=request.user,
                    name=request.POST.get("name", ""),
                    scopes=request.POST.getlist("scopes")[:10],
                    seller=seller,
                )
                shown = {"what": _("Key %(name)s") % {"name": key.name}, "value": token}
            elif action == "revoke":
                key = ApiKey.objects.filter(
                    village=village, pk=parse_int(request.POST.get("key", ""), maximum=2**62)
                ).first()
                if key is not None:
                    services.key_revoke(key=key, actor=request.user)
                    messages.success(request, _("The key no longer works."))
                return redirect("api-team:settings")
            elif action == "webhook":
                hook, secret = services.webhook_create(
                    village=village,
                    actor=request.user,
                    url=request.POST.get("url", ""),
                    events=request.POST.getlist("events")[:10],
                )
                shown = {
                    "what": _("Signing secret for %(url)s") % {"url": hook.url},
                    "value": secret,
                }
            elif action in ("webhook-off", "webhook-on"):
                hook = Webhook.objects.filter(
                    village=village, pk=parse_int(request.POST.get("webhook", ""), maximum=2**62)
                ).first()
                if hook is not None:
                    services.webhook_switch(
                        hook=hook, actor=request.user, on=action == "webhook-on"
                    )
                return redirect("api-team:settings")
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    return TemplateResponse(
        request,
        "api/settings.html",
        {
            "shown": shown,
            "errors": errors,
            "keys": ApiKey.objects.filter(village=village).select_related("seller"),
            "scopes": Scope.choices,
            "seller_scopes": SELLER_SCOPES,
            "sellers": Seller.objects.filter(village=village, status="active").order_by(
                "display_name"
            ),
            "webhooks": Webhook.objects.filter(village=village),
            "events": Event.choices,
            "deliveries": WebhookDelivery.objects.filter(village=village).select_related("webhook")[
                :50
            ],
        },
    )
