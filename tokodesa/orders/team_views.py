"""The village shop team's order pages (a phone-sized start of the back office)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.payments import selectors as payment_selectors
from tokodesa.payments import services as payments

from . import services
from .models import Order
from .selectors import order_for_page, orders_for_team


def _paid(*, order, actor, reason):
    return payments.payment_confirm(order=order, actor=actor, reference=reason).order


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


def team_only(view):
    """Village admin or staff of this shop (or a platform operator); others go to log in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "/admin/login/")
        if not (
            user.is_superuser
            or request.village.memberships.filter(user=user, role__in=["admin", "staff"]).exists()
        ):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@team_only
def order_list(request):
    status = request.GET.get("status", "")
    if status not in Order.Status.values:
        status = ""
    return TemplateResponse(
        request,
        "orders/team/list.html",
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
        if action is services.order_confirm:
            try:
                kwargs["shipping_fee"] = int(request.POST.get("shipping_fee", "").replace(".", ""))
            except ValueError:
                kwargs["shipping_fee"] = -1
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
        "orders/team/manage.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
            "events": list(order.events.all()),
            "records": payment_selectors.order_payment_records(order=order),
            "paid": payment_selectors.order_paid_amount(order=order),
            "refund_due": payment_selectors.order_refund_outstanding(order=order),
        },
    )
