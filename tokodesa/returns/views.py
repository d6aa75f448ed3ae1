"""The buyer reports a problem from the order page; the shop team decides."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.core.numbers import MAX_RUPIAH, parse_int, posted_id
from tokodesa.orders.selectors import order_for_page
from tokodesa.villages.decorators import team_only

from . import selectors, services
from .models import PHOTOS_MAX, ProblemReport


@require_http_methods(["GET", "POST"])
def report(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None:
        raise Http404
    if order.code not in request.session.get("orders", []):
        return redirect("checkout:order", code=order.code)  # asks for the WhatsApp number
    if request.method == "POST":
        try:
            services.problem_report(
                order=order,
                line_id=posted_id(request.POST, "line"),
                kind=str(request.POST.get("kind", "")),
                text=request.POST.get("text", ""),
                photos=request.FILES.getlist("photos")[: PHOTOS_MAX + 1],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The shop has your report and will answer on the order page.")
            )
        return redirect("returns:report", code=order.code)
    deadline = services.report_deadline(order)
    reported = selectors.reports_of_order(order=order)
    return TemplateResponse(
        request,
        "returns/report.html",
        {
            "order": order,
            "lines": [(line, reported.get(line.pk)) for line in order.lines.all()],
            "deadline": deadline,
            "open": deadline is not None and timezone.now() <= deadline,
            "kinds": ProblemReport.Kind.choices,
            "photos_max": PHOTOS_MAX,
        },
    )


@team_only
@require_http_methods(["GET", "POST"])
def team(request):
    if request.method == "POST":
        found = get_object_or_404(
            ProblemReport, village=request.village, pk=posted_id(request.POST, "report")
        )
        refund = parse_int(request.POST.get("refund", ""), maximum=MAX_RUPIAH, grouped=True)
        try:
            services.problem_decide(
                report=found,
                decision=str(request.POST.get("decision", "")),
                actor=request.user,
                refund=refund if refund is not None else -1,
                note=request.POST.get("note", ""),
                goods_back=request.POST.get("goods_back") == "1",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decided. The buyer sees it on the order page."))
        return redirect("returns:team")
    reports = selectors.reports_for_team(village=request.village)
    return TemplateResponse(request, "returns/team.html", {"reports": reports})
