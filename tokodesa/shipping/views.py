"""The shop team's courier rate page: see the rates in use, import the village's own CSV."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.villages.decorators import team_only

from . import services
from .selectors import rate_table, shipping_settings


@team_only
@require_http_methods(["GET", "POST"])
def rates(request):
    errors = []
    if request.method == "POST":
        if "reset" in request.POST:
            services.rate_table_reset(village=request.village)
            messages.success(request, _("The standard TokoDesa rates are in use again."))
            return redirect("shipping:rates")
        upload = request.FILES.get("csv")
        if upload is None:
            messages.error(request, _("Choose a CSV file."))
        else:
            result = services.rate_table_import(
                village=request.village, csv_text=upload.read(services.MAX_CSV_BYTES + 1)
            )
            if result.errors:
                errors = result.errors
                messages.error(
                    request, _("Nothing was imported: fix the rows below and try again.")
                )
            else:
                messages.success(
                    request, _("%(n)d rates imported and in use.") % {"n": result.imported}
                )
                return redirect("shipping:rates")
    config = shipping_settings(request.village)
    return TemplateResponse(
        request,
        "shipping/rates.html",
        {
            "errors": errors,
            "own_table": bool(config.rate_table),
            "table": rate_table(config),
        },
    )
