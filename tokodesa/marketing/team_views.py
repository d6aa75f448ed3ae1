"""The shop team's promotions: its vouchers, what they cost, and a form to make one."""

import csv
import io
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from tokodesa.reports.views import MAX_DAYS, parse_date_safe
from tokodesa.villages.decorators import team_only

from . import selectors, services
from .forms import VoucherForm
from .models import Voucher


@team_only
def vouchers(request):
    return TemplateResponse(
        request,
        "marketing/team/vouchers.html",
        {"vouchers": selectors.vouchers_for_team(village=request.village)},
    )


@team_only
@require_http_methods(["GET", "POST"])
def voucher_edit(request, voucher_id: int | None = None):
    voucher = None
    if voucher_id is not None:
        voucher = get_object_or_404(Voucher, village=request.village, pk=voucher_id)
    initial = {
        "kind": Voucher.Kind.PERCENT,
        "shipping": Voucher.Shipping.NONE,
        "bearer": Voucher.Bearer.VILLAGE,
        "per_buyer": 1,
        "starts_on": timezone.localdate(),
    }
    if voucher is not None:
        initial = {
            name: getattr(voucher, name)
            for name in VoucherForm.base_fields
            if name not in services.SCOPES
        }
        initial.update({name: getattr(voucher, name).all() for name in services.SCOPES})
        for name in ("value", "max_discount", "min_subtotal", "shipping_off"):
            initial[name] = initial[name] or ""
    form = VoucherForm(request.POST or None, initial=initial, village=request.village)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.voucher_save(
                village=request.village, voucher=voucher, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Voucher %(code)s is saved.") % {"code": saved.code})
            return redirect("marketing-team:vouchers")
    return TemplateResponse(
        request, "marketing/team/voucher_form.html", {"form": form, "voucher": voucher}
    )


@team_only
@require_POST
def voucher_switch(request, voucher_id: int):
    voucher = get_object_or_404(Voucher, village=request.village, pk=voucher_id)
    active = request.POST.get("active") == "1"
    services.voucher_switch(voucher=voucher, active=active)
    if active:
        messages.success(request, _("Voucher %(code)s can be used again.") % {"code": voucher.code})
    else:
        messages.success(request, _("Voucher %(code)s is stopped.") % {"code": voucher.code})
    return redirect("marketing-team:vouchers")


def _period(request) -> tuple[date, date]:
    """?dari=…&sampai=… (days), else the last 30 days; swapped when the wrong way round."""
    today = timezone.localdate()
    start = parse_date_safe(request.GET.get("dari")) or today - timedelta(days=29)
    end = parse_date_safe(request.GET.get("sampai")) or today
    if end < start:
        start, end = end, start
    return max(start, end - timedelta(days=MAX_DAYS)), end


@team_only
def marketing(request):
    """Views → carts → orders per source and per product, per day, and the vouchers' cost."""
    services.counts_flush()  # what the worker has not added yet (or no worker: make run)
    start, end = _period(request)
    figures = selectors.marketing_figures(village=request.village, start=start, end=end)
    fmt = request.GET.get("unduh", "")
    if fmt in ("sumber", "produk"):
        return _csv(request, fmt, figures, start, end)
    return TemplateResponse(
        request,
        "marketing/team/marketing.html",
        {
            "start": start,
            "end": end,
            "figures": figures,
            "view_chart": [(date_format(d, "j M"), v) for d, v, _o in figures.days][-31:],
            "order_chart": [(date_format(d, "j M"), o) for d, _v, o in figures.days if o][-31:],
            "source_label": SOURCE_LABELS,
        },
    )


SOURCE_LABELS = {"": gettext_lazy("direct or unknown"), "wa": "WhatsApp", "fb": "Facebook"}


def _csv(request, what: str, figures, start, end):
    out = io.StringIO()
    writer = csv.writer(out)
    if what == "sumber":
        writer.writerow(["source", "views", "carts", "checkouts", "orders", "turnover_rupiah"])
        for row in figures.sources:
            writer.writerow(
                [row.source, row.views, row.carts, row.checkouts, row.orders, row.turnover]
            )
    else:
        writer.writerow(["product", "views", "carts", "orders", "quantity"])
        for row in figures.products:
            writer.writerow([row.name, row.views, row.carts, row.orders, row.quantity])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{request.village.slug}-pemasaran-{what}-{start}-{end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
