"""The team signs villagers up, approves applications and hands accounts over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tokodesa.core.numbers import posted_id
from tokodesa.core.whatsapp import wa_link
from tokodesa.villages.context_processors import canonical_base
from tokodesa.villages.decorators import team_only

from . import services
from .forms import SellerApplicationForm
from .models import Seller


@team_only
@require_http_methods(["GET", "POST"])
def applications(request):
    if request.method == "POST":
        seller = Seller.objects.filter(
            village=request.village, pk=posted_id(request.POST, "seller")
        ).first()
        if seller is None:
            raise Http404
        try:
            if "approve" in request.POST:
                services.seller_approve(seller=seller, actor=request.user)
            else:
                services.seller_reject(
                    seller=seller, actor=request.user, reason=request.POST.get("reason", "")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("sellers-team:applications")
    pending = Seller.objects.filter(village=request.village, status=Seller.Status.PENDING)
    return TemplateResponse(request, "sellers/team/applications.html", {"pending": pending})


@team_only
@require_http_methods(["GET", "POST"])
def sign_up(request):
    """Staff sign a villager up (many have no smartphone or no time); active at once."""
    form = SellerApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        seller = services.seller_register(
            village=request.village, status=Seller.Status.ACTIVE, **form.cleaned_data
        )
        messages.success(request, _("%(name)s can sell now.") % {"name": seller.display_name})
        return redirect("sellers-team:handover", seller_id=seller.pk)
    return TemplateResponse(request, "sellers/apply.html", {"form": form, "by_staff": True})


@team_only
def handover(request, seller_id: int):
    seller = Seller.objects.filter(village=request.village, pk=seller_id).first()
    if seller is None:
        raise Http404
    return TemplateResponse(request, "sellers/team/handover.html", {"seller": seller})


@team_only
@require_POST
def handover_link(request, seller_id: int):
    """Make a one-time link on which the villager chooses a password; send it on WhatsApp."""
    seller = Seller.objects.filter(village=request.village, pk=seller_id).first()
    if seller is None:
        raise Http404
    uid, token = services.seller_account_handover(seller=seller)
    url = canonical_base(request) + reverse(
        "sellers:activate", kwargs={"uidb64": uid, "token": token}
    )
    text = _("Hello %(name)s, this is your link to open your stall at %(shop)s: %(url)s") % {
        "name": seller.display_name,
        "shop": request.village.name,
        "url": url,
    }
    return TemplateResponse(
        request,
        "sellers/team/handover.html",
        {
            "seller": seller,
            "link": url,
            "wa": wa_link(seller.whatsapp, text) if seller.whatsapp else "",
        },
    )
