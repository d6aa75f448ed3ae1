"""The shop team's promotions: its vouchers, what they cost, and a form to make one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

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
