"""Checkout and the buyer's order page."""

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
from tokodesa.payments.methods import payment_method, payment_options
from tokodesa.payments.selectors import order_payment_records
from tokodesa.shipping.methods import Destination, Parcel, delivery_options, tracking_url
from tokodesa.villages.context_processors import canonical_base
from tokodesa.villages.decorators import is_village_team

from . import services
from .forms import LEVELS, CheckoutForm
from .models import Order
from .selectors import order_for_page
from .whatsapp import chat_message, order_message, wa_link

# Guesses of the WhatsApp number of an order, counted on the server: per order code (known
# or not) and per client address, whatever session or cookie the guesser uses.
LOOKUPS_PER_CODE = 10
LOOKUPS_PER_ADDRESS = 30
LOOKUP_WINDOW = 3600


def _draft_key(request) -> str:
    return f"checkout:{request.village.pk}"


def _destination(data) -> Destination:
    return Destination(*(str(data.get(level) or "")[:13] for level in LEVELS))


def _options(request, summary, data):
    parcel = Parcel(
        weight_g=summary.weight_g, subtotal=summary.subtotal, volume_cm3=summary.volume_cm3
    )
    delivery = delivery_options(
        village=request.village, destination=_destination(data), parcel=parcel
    )
    chosen = next((o for o in delivery if o.code == data.get("delivery")), None)
    chosen = chosen or (delivery[0] if delivery else None)
    payment = payment_options(
        village=request.village,
        total=summary.subtotal + (chosen.fee if chosen else 0),
        delivery_code=chosen.code if chosen else "",
    )
    return delivery, payment


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
    return canonical_base(request) + reverse("orders:detail", kwargs={"code": order.code})


@require_http_methods(["GET", "POST"])
def checkout(request):
    cart, summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    via_whatsapp = (request.POST.get("via") or request.GET.get("via")) == "whatsapp"
    draft = request.session.get(_draft_key(request), {})
    data = request.POST if request.method == "POST" else draft
    delivery, payment = _options(request, summary, data)
    kwargs = {
        "delivery_options": delivery,
        "payment_options": payment,
        "via_whatsapp": via_whatsapp,
    }
    if request.method == "GET":
        form = CheckoutForm(initial=draft, **kwargs)
        return _render_checkout(request, form, summary, show_errors=False)

    form = CheckoutForm(request.POST, **kwargs)
    if "refresh" in request.POST:  # the region pickers without JavaScript: show the next level
        return _render_checkout(request, form, summary, show_errors=False)
    if not form.is_valid():
        return _render_checkout(request, form, summary, show_errors=True)
    request.session[_draft_key(request)] = dict(form.cleaned_data)
    if not via_whatsapp:
        return redirect("orders:review")
    try:
        order = _place(
            request,
            cart,
            form.cleaned_data,
            delivery_code=services.WHATSAPP_METHOD,
            payment_code=services.WHATSAPP_METHOD,
            key=uuid.uuid4().hex,
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _render_checkout(request, form, summary, show_errors=True)
    message = order_message(order, order.lines.all(), _order_url(request, order))
    return HttpResponseRedirect(wa_link(order.village.whatsapp, message))


def _render_checkout(request, form, summary, *, show_errors: bool):
    return TemplateResponse(
        request,
        "orders/checkout.html",
        {
            "form": form,
            "summary": summary,
            "show_errors": show_errors,
            "region_fields": [form[level] for level in LEVELS],
            "via_whatsapp": form.via_whatsapp,
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _place(request, cart, data, *, delivery_code, payment_code, key, expected_total=None):
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
        user=request.user,
    )
    _grant(request, order)
    request.session.pop(_draft_key(request), None)
    remember_count(village=request.village, session=request.session, count=0)
    return order


@require_http_methods(["GET", "POST"])
def review(request):
    if request.method == "POST" and (key := request.POST.get("key")):
        # A second tap on "Place order" after the first one went through.
        order = Order.objects.filter(village=request.village, idempotency_key=key[:64]).first()
        if order is not None and order.code in request.session.get("orders", []):
            return redirect("orders:detail", code=order.code)
    draft = request.session.get(_draft_key(request))
    if not draft:
        return redirect("orders:checkout")
    cart, summary, bounce = _cart_or_redirect(request)
    if bounce:
        return bounce
    delivery, payment = _options(request, summary, draft)
    chosen_delivery = next((o for o in delivery if o.code == draft.get("delivery")), None)
    chosen_payment = next((o for o in payment if o.code == draft.get("payment")), None)
    if chosen_delivery is None or chosen_payment is None:
        messages.warning(request, _("Please choose the delivery and payment again."))
        return redirect("orders:checkout")
    total = summary.subtotal + chosen_delivery.fee
    if request.method == "POST":
        expected = parse_int(request.POST.get("total", ""), maximum=MAX_RUPIAH)
        if expected is None:
            expected = -1
        try:
            order = _place(
                request,
                cart,
                draft,
                delivery_code=chosen_delivery.code,
                payment_code=chosen_payment.code,
                key=str(request.POST.get("key", ""))[:64],
                expected_total=expected,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            if getattr(error, "code", "") == "out_of_stock":
                return redirect("cart:detail")
            return redirect("orders:review")
        return redirect("orders:detail", code=order.code)
    return TemplateResponse(
        request,
        "orders/review.html",
        {
            "summary": summary,
            "draft": draft,
            "delivery": chosen_delivery,
            "payment": chosen_payment,
            "total": total,
            "key": uuid.uuid4().hex,
            "region_label": _region_label(draft),
        },
    )


def _region_label(draft) -> str:
    from tokodesa.regions.selectors import region_path

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
        method.context(order=order) if method and order.status == "awaiting_payment" else {}
    )
    url = _order_url(request, order)
    return TemplateResponse(
        request,
        "orders/detail.html",
        {
            "order": order,
            "lines": lines,
            "events": list(order.events.all()),
            "payment_template": method.template if method else None,
            "payment": payment_context,
            "last_payment": next(
                (
                    r
                    for r in reversed(order_payment_records(order=order))
                    if r.kind in ("claimed", "rejected")
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
            return redirect("orders:detail", code=order.code)
        else:
            error, status = _("This WhatsApp number does not match the order."), 403
    return TemplateResponse(
        request,
        "orders/lookup.html",
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
            redirect("orders:detail", code=code)
            if _valid_code(code)
            else TemplateResponse(
                request,
                "orders/find.html",
                {"error": _("Write the code as it was given, e.g. BTA-7K3Q9.")},
            )
        )
    return TemplateResponse(request, "orders/find.html", {})


def _valid_code(code: str) -> bool:
    prefix, dash, body = code.partition("-")
    return bool(dash) and prefix.isalpha() and len(body) == 5 and body.isalnum()


@require_http_methods(["POST"])
def confirm_received(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None or order.code not in request.session.get("orders", []):
        raise Http404
    try:
        services.order_confirm_received(order=order)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you! We hope you enjoy it."))
    return redirect("orders:detail", code=order.code)


def invoice(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None or not (
        order.code in request.session.get("orders", []) or _is_team(request, order)
    ):
        raise Http404
    return TemplateResponse(
        request,
        "orders/invoice.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
        },
    )
