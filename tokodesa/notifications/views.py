"""Buyers ask to be told when a sold-out product is back ("Kabari saya")."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tokodesa.catalog.selectors import product_detail
from tokodesa.core.clients import attempt, client_ip
from tokodesa.villages.context_processors import canonical_base

from .services import opt_out, stock_alert_add, stop_token_read

ALERTS_PER_ADDRESS = 20  # an hour: enough for a family, not for a robot filling the table


@require_POST
def notify_me(request, slug: str):
    product = product_detail(village=request.village, slug=slug[:140])
    if product is None:
        raise Http404
    page = reverse("catalog:product", kwargs={"slug": product.slug})
    if not attempt("stock-alert", client_ip(request), limit=ALERTS_PER_ADDRESS, window=3600):
        messages.error(request, _("Too many tries. Please ask the shop on WhatsApp."))
        return redirect(page)
    try:
        stock_alert_add(
            product=product,
            contact=request.POST.get("contact", ""),
            link=canonical_base(request) + page,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("We will tell you once, when it is back. Your contact is then deleted.")
        )
    return redirect(page)


@require_http_methods(["GET", "POST"])
def stop(request, token: str):
    """ "No more such messages": the link in every notice. A GET only asks (link previews and
    scanners open links); the button stops them."""
    read = stop_token_read(token)
    if read is None or read[0] != request.village.pk:
        return TemplateResponse(request, "notifications/stop.html", {"invalid": True}, status=404)
    done = request.method == "POST"
    if done:
        opt_out(village=request.village, contact=read[1])
    return TemplateResponse(request, "notifications/stop.html", {"done": done})
