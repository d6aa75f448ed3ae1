"""The village shop team's order pages (a phone-sized start of the back office)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.core.numbers import MAX_RUPIAH, parse_int
from tokodesa.core.whatsapp import wa_link
from tokodesa.notifications.selectors import order_messages
from tokodesa.orders import services
from tokodesa.orders.models import Order
from tokodesa.orders.selectors import (
    order_for_page,
    orders_awaiting_balance,
    orders_for_team,
    packing_groups,
    preorder_batches,
)
from tokodesa.payments import selectors as payment_selectors
from tokodesa.payments import services as payments
from tokodesa.villages.decorators import team_only


def _paid(*, order, actor, reason):
    return payments.payment_confirm(order=order, actor=actor, note=reason).order


def _rejected(*, order, actor, reason):
    return payments.payment_reject(order=order, actor=actor, reason=reason).order


def _cash(*, order, actor, reason):
    return payments.cash_collect(order=order, actor=actor).order


def _refunded(*, order, actor, reason):
    return payments.refund_mark_done(order=order, actor=actor, reference=reason).order


ACTIONS = {
    "confirm": services.order_confirm,
    "paid": _paid,
    "reject": _rejected,
    "cash": _cash,
    "refunded": _refunded,
    "prepare": services.order_start_preparing,
    "ship": services.order_ship,
    "complete": services.order_complete,
    "cancel": services.order_cancel,
}


BULK = {"prepare": services.order_start_preparing, "complete": services.order_complete}


@team_only
@require_http_methods(["POST"])
def bulk(request):
    """Move many orders at once (e.g. every paid order to packing); each one through the same
    service as one at a time, so illegal moves are refused and reported by order."""
    action = BULK.get(request.POST.get("action", ""))
    codes = request.POST.getlist("order")[:200]
    if action is None or not codes:
        messages.error(request, _("Choose orders and an action."))
        return redirect("orders-team:list")
    done, failed = 0, []
    for order in Order.objects.filter(village=request.village, code__in=codes):
        try:
            action(order=order, actor=request.user)
            done += 1
        except ValidationError:
            failed.append(order.code)
    if done:
        messages.success(request, _("%(n)d order(s) updated.") % {"n": done})
    if failed:
        messages.error(request, _("Not possible for: %(codes)s") % {"codes": ", ".join(failed)})
    return redirect("orders-team:list")


@team_only
def order_list(request):
    status = request.GET.get("status", "")
    if status not in Order.Status.values:
        status = ""
    return TemplateResponse(
        request,
        "backoffice/orders/list.html",
        {
            "orders": orders_for_team(village=request.village, status=status or None),
            "status": status,
            "statuses": Order.Status.choices,
        },
    )


@team_only
@require_http_methods(["GET", "POST"])
def order_manage(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None:
        raise Http404
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, _("Unknown action."))
            return redirect("orders-team:manage", code=order.code)
        kwargs = {
            "order": order,
            "actor": request.user,
            "reason": request.POST.get("reason", "")[:300],
        }
        if action is services.order_ship:
            kwargs["tracking_number"] = request.POST.get("tracking_number", "")[:60]
            kwargs["courier"] = request.POST.get("courier", "")[:40]
        if action is services.order_confirm:
            fee = parse_int(request.POST.get("shipping_fee", ""), maximum=MAX_RUPIAH, grouped=True)
            kwargs["shipping_fee"] = -1 if fee is None else fee
        try:
            order = action(**kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Order %(code)s is now: %(status)s.")
                % {"code": order.code, "status": order.get_status_display()},
            )
        return redirect("orders-team:manage", code=order.code)
    return TemplateResponse(
        request,
        "backoffice/orders/manage.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
            "events": list(order.events.all()),
            "records": payment_selectors.order_payment_records(order=order),
            "paid": payment_selectors.order_paid_amount(order=order),
            "refund_due": payment_selectors.order_refund_outstanding(order=order),
            "sent": [(m, wa_link(m.to, m.text)) for m in order_messages(order=order)],
        },
    )


@team_only
def packing_list(request):
    """Which villager brings which items, for which orders, to be packed at the shop."""
    return TemplateResponse(
        request,
        "backoffice/orders/packing.html",
        {
            "groups": packing_groups(village=request.village),
        },
    )


@team_only
@require_http_methods(["GET", "POST"])
def preorders(request):
    """Pre-orders by ready date, one batch per product: mark a batch ready (buyers who paid a
    deposit are asked for the rest) or failed (its orders are cancelled and refunded)."""
    if request.method == "POST":
        product_id = parse_int(request.POST.get("product", ""), maximum=2**62)
        action = request.POST.get("action", "")
        try:
            if product_id is None or action not in ("ready", "failed"):
                raise ValidationError(_("Choose a pre-order and what happened to it."))
            if action == "ready":
                asked = services.preorder_batch_ready(
                    village=request.village, product_id=product_id, actor=request.user
                )
                messages.success(
                    request,
                    _("Marked ready. %(n)d buyer(s) were asked for the rest of the payment.")
                    % {"n": len(asked)},
                )
            else:
                cancelled = services.preorder_batch_failed(
                    village=request.village,
                    product_id=product_id,
                    actor=request.user,
                    reason=request.POST.get("reason", "")[:300],
                )
                messages.success(
                    request,
                    _("%(n)d order(s) cancelled. Refund what they paid from their order pages.")
                    % {"n": len(cancelled)},
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("orders-team:preorders")
    return TemplateResponse(
        request,
        "backoffice/orders/preorders.html",
        {
            "batches": preorder_batches(village=request.village),
            "awaiting_balance": orders_awaiting_balance(village=request.village),
            "now": timezone.now(),
        },
    )


@team_only
def shipping_label(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None:
        raise Http404
    size = "58mm" if request.GET.get("ukuran") == "58mm" else "a6"
    return TemplateResponse(
        request,
        "backoffice/orders/label.html",
        {
            "order": order,
            "size": size,
            "items": sum(line.quantity for line in order.lines.all()),
        },
    )
