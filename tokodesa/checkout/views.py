"""Checkout and the buyer's order page (where they pay and follow it)."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.cart.selectors import cart_summary
from tokodesa.cart.services import cart_get, remember_count
from tokodesa.core.clients import attempt, client_ip
from tokodesa.core.numbers import MAX_RUPIAH, parse_int
from tokodesa.core.validators import normalize_whatsapp
from tokodesa.core.whatsapp import wa_link
from tokodesa.marketing.counting import count, counting_allowed
from tokodesa.orders.models import Order
from tokodesa.orders.selectors import order_for_page, unique_code_choose
from tokodesa.orders.services import order_confirm_received
from tokodesa.orders.whatsapp import chat_message, order_message
from tokodesa.payments.methods import payment_method
from tokodesa.payments.selectors import order_payment_records
from tokodesa.regions.selectors import region_path
from tokodesa.shipping.methods import Destination, default_option, tracking_url
from tokodesa.villages.context_processors import canonical_base
from tokodesa.villages.decorators import is_village_team

from . import services
from .forms import LEVELS, CheckoutForm
from .selectors import checkout_quote

# Guesses of the WhatsApp number of an order, counted on the server: per order code (known
# or not) and per client address, whatever session or cookie the guesser uses.
LOOKUPS_PER_CODE = 10
LOOKUPS_PER_ADDRESS = 30
LOOKUP_WINDOW = 3600


def _draft_key(request) -> str:
    return f"checkout:{request.village.pk}"


def _destination(data) -> Destination:
    return Destination(*(str(data.get(level) or "")[:13] for level in LEVELS))


def _whatsapp(data) -> str:
    try:
        return normalize_whatsapp(str(data.get("whatsapp") or "")[:30])
    except ValidationError:
        return ""


def _quote(request, cart, summary, data):
    """The one quote of this request, for the address, choices and buyer in ``data`` and the
    voucher kept with the cart."""
    return checkout_quote(
        village=request.village,
        summary=summary,
        destination=_destination(data),
        delivery_code=str(data.get("delivery") or ""),
        payment_code=str(data.get("payment") or ""),
        voucher_code=cart.voucher_code,
        whatsapp=_whatsapp(data),
    )


def _cart_or_redirect(request):
    cart = cart_get(village=request.village, session=request.session)
    summary = cart_summary(cart=cart)
    if not summary.can_check_out:
        messages.warning(request, _("Your cart is empty or has items to fix first."))
        return cart, summary, redirect("cart:detail")
    return cart, summary, None


def _grant(request, order: Order) -> None:
    """This browser may see the order without typing the WhatsApp number again."""
    codes = request.session.get("orders", [])
    if order.code not in codes:
        request.session["orders"] = [*codes, order.code][-20:]


def _order_url(request, order) -> str:
    return canonical_base(request) + reverse("checkout:order", kwargs={"code": order.code})


@require_http_methods(["GET", "POST"])
def checkout(request):
    cart, summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    via_whatsapp = (request.POST.get("via") or request.GET.get("via")) == "whatsapp"
    draft = request.session.get(_draft_key(request), {})
    data = request.POST if request.method == "POST" else draft
    quote = _quote(request, cart, summary, data)
    default = default_option(
        quote.delivery_options, village=request.village, destination=_destination(data)
    )
    kwargs = {
        "delivery_options": quote.delivery_options,
        "payment_options": quote.payment_options,
        "default_delivery": default,
        "via_whatsapp": via_whatsapp,
    }
    if request.method == "GET":
        _count_checkout(request, cart)
        form = CheckoutForm(initial=draft, **kwargs)
        return _render_checkout(request, form, summary, show_errors=False, quote=quote)

    if "refresh" in request.POST:  # a region was chosen (the pickers, or JS on the desa)
        data = request.POST.copy()
        # The address changed, so did the deliveries that reach it and their prices: the
        # default for the new address, never the old one's (pickup for a far buyer).
        data["delivery"] = default.code if default else ""
        if not data.get("postal_code", "").strip():  # the desa's code, as JavaScript does
            path = region_path(code=data.get("village", ""))
            data["postal_code"] = path[-1].postal_code if len(path) == 4 else ""
        form = CheckoutForm(data, **kwargs)
        return _render_checkout(request, form, summary, show_errors=False, quote=quote)
    form = CheckoutForm(request.POST, **kwargs)
    if not form.is_valid():
        return _render_checkout(request, form, summary, show_errors=True, quote=quote)
    request.session[_draft_key(request)] = dict(form.cleaned_data)
    if not via_whatsapp:
        return redirect("checkout:review")
    try:
        order = _place(
            request,
            cart,
            form.cleaned_data,
            delivery_code=services.WHATSAPP_METHOD,
            payment_code=services.WHATSAPP_METHOD,
            key=uuid.uuid4().hex,
            quote=quote,
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _render_checkout(request, form, summary, show_errors=True, quote=quote)
    message = order_message(order, order.lines.all(), _order_url(request, order))
    return HttpResponseRedirect(wa_link(order.village.whatsapp, message))


def _count_checkout(request, cart) -> None:
    """A checkout started, counted once per cart (marketing.counting: no personal data)."""
    if request.session.get("checkout-counted") != str(cart.token) and counting_allowed(request):
        request.session["checkout-counted"] = str(cart.token)
        count(village_id=request.village.pk, kind="checkout", source=cart.source)


def _render_checkout(request, form, summary, *, show_errors: bool, quote):
    return TemplateResponse(
        request,
        "checkout/checkout.html",
        {
            "form": form,
            "summary": summary,
            "deal": quote.deal,
            "voucher_problem": quote.voucher_problem,
            "show_errors": show_errors,
            "region_fields": form.region_fields,
            "via_whatsapp": form.via_whatsapp,
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _place(
    request,
    cart,
    data,
    *,
    delivery_code,
    payment_code,
    key,
    quote,
    expected_total=None,
    unique_code=0,
):
    order = services.order_place(
        cart=cart,
        buyer=services.BuyerDetails(
            name=data["name"],
            whatsapp=data["whatsapp"],
            email=data.get("email", ""),
            note=data.get("note", ""),
        ),
        address=services.AddressDetails(
            village_code=data["village"],
            street=data["street"],
            rt_rw=data.get("rt_rw", ""),
            postal_code=data.get("postal_code", ""),
        ),
        delivery_code=delivery_code,
        payment_code=payment_code,
        idempotency_key=key,
        expected_total=expected_total,
        unique_code=unique_code,
        user=request.user,
        quote=quote,
        voucher_code=cart.voucher_code,
    )
    _grant(request, order)
    request.session["placed"] = {key: order.code}
    request.session.pop(_draft_key(request), None)
    remember_count(village=request.village, session=request.session, count=0)
    return order


@require_http_methods(["GET", "POST"])
def review(request):
    if request.method == "POST" and (placed := _placed(request, request.POST.get("key"))):
        return redirect("checkout:order", code=placed)  # a second tap after the first went in
    draft = request.session.get(_draft_key(request))
    if not draft:
        return redirect("checkout:form")
    cart, summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    quote = _quote(request, cart, summary, draft)
    if quote.delivery is None or quote.payment is None:
        messages.warning(request, _("Please choose the delivery and payment again."))
        return redirect("checkout:form")
    # The kode unik is chosen when the buyer first sees the total, so the amount on this
    # page is the amount to pay; it is kept in the (server-side) session, never the form.
    shown_total, shown_code = draft.get("unique_code") or (0, 0)
    if request.method == "POST":
        expected = parse_int(request.POST.get("total", ""), maximum=MAX_RUPIAH)
        if expected is None:
            expected = -1
        try:
            order = _place(
                request,
                cart,
                draft,
                delivery_code=quote.delivery.code,
                payment_code=quote.payment.code,
                key=str(request.POST.get("key", ""))[:64],
                expected_total=expected,
                unique_code=shown_code if shown_total == quote.total else 0,
                quote=quote,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            if getattr(error, "code", "") == "out_of_stock":
                return redirect("cart:detail")
            return redirect("checkout:review")
        return redirect("checkout:order", code=order.code)
    code = 0
    if quote.payment.unique_code:
        keep = shown_code if shown_total == quote.total else 0
        code = unique_code_choose(
            village=request.village, total=quote.total, keep=keep, deposit=quote.deposit
        )
        if (shown_total, shown_code) != (quote.total, code):
            request.session[_draft_key(request)] = {**draft, "unique_code": [quote.total, code]}
    return TemplateResponse(
        request,
        "checkout/review.html",
        {
            "summary": summary,
            "draft": draft,
            "delivery": quote.delivery,
            "payment": quote.payment,
            "total": quote.total,
            "deal": quote.deal,
            "voucher_code": cart.voucher_code,
            "voucher_problem": quote.voucher_problem,
            "unique_code": code,
            "payable": quote.total + code,
            "deposit": quote.deposit,
            "deposit_now": quote.deposit + code if quote.deposit else 0,
            "balance": quote.total - quote.deposit if quote.deposit else 0,
            "key": uuid.uuid4().hex,
            "region_label": _region_label(draft),
        },
    )


def _placed(request, key) -> str | None:
    """The code of the order this browser placed with this form key, if any."""
    return request.session.get("placed", {}).get(str(key or "")[:64])


def _region_label(draft) -> str:
    return ", ".join(r.short_name for r in reversed(region_path(code=draft.get("village", ""))))


@require_http_methods(["GET", "POST"])
def order_detail(request, code: str):
    order = order_for_page(village=request.village, code=code)
    allowed = order is not None and (
        order.code in request.session.get("orders", []) or _is_team(request, order)
    )
    if not allowed:
        # An unknown code is answered exactly as a known one: the form, then "no match".
        return _lookup(request, order, code=code)
    lines = list(order.lines.all())
    method = payment_method(order.payment_method)
    payment_context = (
        method.context(order=order) if method and order.status in Order.PAYING_STATUSES else {}
    )
    url = _order_url(request, order)
    return TemplateResponse(
        request,
        "checkout/order.html",
        {
            "order": order,
            "lines": lines,
            "events": list(order.events.all()),
            "payment_template": method.template if method else None,
            "payment": payment_context,
            "ready_on": max((line.ready_on for line in lines if line.ready_on), default=None),
            "last_payment": next(
                (
                    r
                    for r in reversed(order_payment_records(order=order))
                    if r.kind in ("claimed", "rejected", "confirmed")  # this round's
                ),
                None,
            ),
            "send_link": wa_link(order.village.whatsapp, order_message(order, lines, url))
            if order.village.whatsapp
            else "",
            "tracking_link": tracking_url(order.tracking_number) if order.tracking_number else "",
            "chat_link": wa_link(order.village.whatsapp, chat_message(order))
            if order.village.whatsapp
            else "",
        },
    )


def _lookup(request, order, *, code: str):
    """Ask for the WhatsApp number used for the order before showing it."""
    error, status = "", 200
    if request.method == "POST":
        village = request.village.pk
        per_code = attempt(
            "order-code", f"{village}:{code.upper()}", limit=LOOKUPS_PER_CODE, window=LOOKUP_WINDOW
        )
        per_address = attempt(
            "order-ip", client_ip(request), limit=LOOKUPS_PER_ADDRESS, window=LOOKUP_WINDOW
        )
        try:
            number = normalize_whatsapp(request.POST.get("whatsapp", "")[:30])
        except ValidationError:
            number = ""
        if not (per_code and per_address):
            error, status = _("Too many tries. Please ask the shop on WhatsApp."), 429
        elif order is not None and number and number == order.buyer_whatsapp:
            _grant(request, order)
            return redirect("checkout:order", code=order.code)
        else:
            error, status = _("This WhatsApp number does not match the order."), 403
    return TemplateResponse(
        request,
        "checkout/lookup.html",
        {"code": code.upper()[:12], "error": error},
        status=status,
    )


def _is_team(request, order) -> bool:
    return is_village_team(request.user, order.village)


def find_order(request):
    """The 'follow my order' form: an order code, then the order page asks for the number."""
    code = request.GET.get("kode", "").strip().upper()[:12]
    if code:
        return (
            redirect("checkout:order", code=code)
            if _valid_code(code)
            else TemplateResponse(
                request,
                "checkout/find.html",
                {"error": _("Write the code as it was given, e.g. BTA-7K3Q9.")},
            )
        )
    return TemplateResponse(request, "checkout/find.html", {})


def _valid_code(code: str) -> bool:
    prefix, dash, body = code.partition("-")
    return bool(dash) and prefix.isalpha() and len(body) == 5 and body.isalnum()


@require_http_methods(["POST"])
def confirm_received(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None or order.code not in request.session.get("orders", []):
        raise Http404
    try:
        order_confirm_received(order=order)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you! We hope you enjoy it."))
    return redirect("checkout:order", code=order.code)


def invoice(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None or not (
        order.code in request.session.get("orders", []) or _is_team(request, order)
    ):
        raise Http404
    return TemplateResponse(
        request,
        "checkout/invoice.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
        },
    )
