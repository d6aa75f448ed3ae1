"""The buyer's "I have paid" form and the team's view of a payment proof."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tokodesa.core.numbers import whole_rupiah
from tokodesa.core.storage import private_file_response
from tokodesa.orders.selectors import order_for_page
from tokodesa.villages.decorators import admin_only, team_only

from . import services
from .models import BankAccount, PaymentRecord


@require_POST
def claim(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None or order.code not in request.session.get("orders", []):
        raise Http404
    try:
        services.payment_claim(
            order=order, proof=request.FILES.get("proof"), note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. The shop will check your payment and confirm it."))
    return redirect("checkout:order", code=order.code)


@team_only
def proof(request, record_id: int):
    record = PaymentRecord.objects.filter(pk=record_id, village=request.village).first()
    if record is None or not record.proof:
        raise Http404
    return private_file_response(record.proof)


@admin_only
@require_http_methods(["GET", "POST"])
def settings_page(request):
    """How the village takes money: QRIS, kode unik, cash, Midtrans keys (village admins:
    these decide who gets the buyers' money; every change of route is audited)."""
    from .gateways.midtrans import midtrans_keys_clear, midtrans_keys_set
    from .selectors import payment_settings

    village = request.village
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        part = request.POST.get("part")
        try:
            if part == "qris":
                services.payment_settings_update(
                    village=village,
                    actor=request.user,
                    qris_payload=request.POST.get("qris_payload", "")[:600],
                )
            elif part == "options":
                services.payment_settings_update(
                    village=village,
                    actor=request.user,
                    unique_code="unique_code" in request.POST,
                    cod_enabled="cod_enabled" in request.POST,
                    cod_max_amount=whole_rupiah(request.POST.get("cod_max_amount", "0")),
                )
            elif part == "midtrans":
                if "clear" in request.POST:
                    midtrans_keys_clear(village=village, actor=request.user)
                else:
                    midtrans_keys_set(
                        village=village,
                        actor=request.user,
                        server_key=request.POST.get("server_key", "")[:120],
                        client_key=request.POST.get("client_key", "")[:120],
                        production="production" in request.POST,
                    )
            else:
                raise Http404
        except ValidationError as error:
            errors = (
                error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
            )
        else:
            messages.success(request, _("Saved."))
            return redirect("payments:settings")
    config = payment_settings(village)
    return TemplateResponse(
        request,
        "payments/settings.html",
        {
            "config": config,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "qris_value": request.POST.get("qris_payload", config.qris_payload)
            if errors.get("qris_payload")
            else config.qris_payload,
            "midtrans_on": bool(config.midtrans_server_key_encrypted),
            "accounts": BankAccount.objects.filter(village=village),
        },
    )
