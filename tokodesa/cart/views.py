"""The cart: plain forms that work without JavaScript; with it, shop.js swaps the cart in place."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .selectors import cart_summary


def _remember(request, summary) -> None:
    services.remember_count(village=request.village, session=request.session, count=summary.count)


def cart_detail(request):
    cart = services.cart_get(village=request.village, session=request.session)
    summary = cart_summary(cart=cart, covers=True)
    _remember(request, summary)
    fragment = bool(request.headers.get("X-Fragment"))
    template = "cart/_cart.html" if fragment else "cart/cart.html"
    return TemplateResponse(request, template, {"summary": summary, "fragment": fragment})


@require_POST
def cart_add(request):
    cart = services.cart_get_or_create(village=request.village, session=request.session)
    try:
        change = services.cart_add(
            cart=cart,
            variant_id=request.POST.get("variant"),
            quantity=request.POST.get("quantity", 1),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = request.POST.get("next", "")
        return redirect(
            back if back.startswith("/") and not back.startswith("//") else "cart:detail"
        )
    if change.note:
        messages.warning(request, change.note)
    else:
        messages.success(request, _("Added to your cart."))
    _remember(request, cart_summary(cart=cart))
    return redirect("cart:detail")


@require_POST
def cart_update(request):
    cart = services.cart_get(village=request.village, session=request.session)
    if cart is not None:
        try:
            if "remove" in request.POST:
                services.cart_remove(cart=cart, item_id=request.POST.get("remove"))
            else:
                change = services.cart_set_quantity(
                    cart=cart,
                    item_id=request.POST.get("item"),
                    quantity=request.POST.get("quantity"),
                )
                if change.note:
                    messages.warning(request, change.note)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return cart_detail(request) if request.headers.get("X-Fragment") else redirect("cart:detail")
