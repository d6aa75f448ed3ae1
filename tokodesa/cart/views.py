"""The cart: plain forms that work without JavaScript; with it, shop.js swaps the cart in place."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.marketing.counting import count, counting_allowed, source_of
from tokodesa.marketing.selectors import cart_deal

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
    code = cart.voucher_code if cart else ""
    deal, problem = cart_deal(village=request.village, code=code, lines=summary.lines)
    return TemplateResponse(
        request,
        template,
        {
            "summary": summary,
            "fragment": fragment,
            "voucher_code": code,
            "deal": deal,
            "voucher_problem": problem,
            "goods_total": summary.subtotal - (deal.discount if deal else 0),
        },
    )


@require_POST
def cart_voucher(request):
    """Use a voucher code (checked against the cart at once), or forget it ("remove")."""
    cart = services.cart_get(village=request.village, session=request.session)
    back = "checkout:review" if request.POST.get("next") == "review" else "cart:detail"
    if cart is None or not cart.items.exists():
        messages.error(request, _("Put something in your cart first."))
        return redirect("cart:detail")
    if "remove" in request.POST:
        services.cart_voucher_set(cart=cart, code="")
        messages.success(request, _("The voucher is no longer used."))
        return redirect(back)
    code = str(request.POST.get("code", ""))[:40]
    deal, problem = cart_deal(
        village=request.village, code=code, lines=cart_summary(cart=cart).lines
    )
    if deal is None:
        messages.error(request, problem or _("Write the voucher code."))
    else:
        services.cart_voucher_set(cart=cart, code=deal.code)
        if deal.discount:
            messages.success(
                request,
                _("Voucher %(code)s used: %(amount)s off.")
                % {"code": deal.code, "amount": format_rupiah(deal.discount)},
            )
        else:
            messages.success(
                request,
                _("Voucher %(code)s used: the shipping discount is shown at checkout.")
                % {"code": deal.code},
            )
    return redirect(back)


@require_POST
def cart_add(request):
    cart = services.cart_get_or_create(village=request.village, session=request.session)
    referer = request.headers.get("Referer", "")
    source = source_of(referer, host=request.get_host())
    try:
        change = services.cart_add(
            cart=cart,
            variant_id=request.POST.get("variant"),
            quantity=request.POST.get("quantity", 1),
            source=source,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = request.POST.get("next", "")
        return redirect(
            back if back.startswith("/") and not back.startswith("//") else "cart:detail"
        )
    if counting_allowed(request):
        product = change.item.variant.product
        count(
            village_id=request.village.pk, kind="cart", page="product", item=product.slug,
            source=cart.source or source,
        )  # fmt: skip
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
