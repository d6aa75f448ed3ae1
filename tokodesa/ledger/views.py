"""The team's pages for money owed to villagers: balances, payouts, receipts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.villages.decorators import team_only

from . import selectors, services


@team_only
def balances(request):
    return TemplateResponse(
        request,
        "ledger/balances.html",
        {
            "sellers": selectors.sellers_with_balances(village=request.village),
        },
    )


@team_only
@require_http_methods(["GET", "POST"])
def seller_account(request, seller_id: int):
    seller = request.village.sellers.filter(pk=seller_id).first()
    if seller is None:
        raise Http404
    if request.method == "POST":
        try:
            payout = services.payout_record(
                seller=seller,
                amount=request.POST.get("amount", ""),
                method=request.POST.get("method", ""),
                actor=request.user,
                reference=request.POST.get("reference", ""),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Payout recorded."))
            return redirect("ledger:receipt", payout_id=payout.pk)
        return redirect("ledger:seller", seller_id=seller.pk)
    return TemplateResponse(
        request,
        "ledger/seller.html",
        {
            "seller": seller,
            "balance": services.seller_balance(seller=seller),
            "entries": selectors.seller_statement(seller=seller),
        },
    )


@team_only
def receipt(request, payout_id: int):
    payout = selectors.payout_for_receipt(village=request.village, payout_id=payout_id)
    if payout is None:
        raise Http404
    return TemplateResponse(request, "ledger/receipt.html", {"payout": payout})
