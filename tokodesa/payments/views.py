"""The buyer's "I have paid" form and the team's view of a payment proof."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tokodesa.orders.selectors import order_for_page
from tokodesa.villages.decorators import team_only

from . import services
from .models import PaymentRecord


@require_POST
def claim(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None or order.code not in request.session.get("orders", []):
        raise Http404
    try:
        services.payment_claim(
            order=order, proof=request.FILES.get("proof"), note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. The shop will check your payment and confirm it."))
    return redirect("orders:detail", code=order.code)


@team_only
def proof(request, record_id: int):
    record = PaymentRecord.objects.filter(pk=record_id, village=request.village).first()
    if record is None or not record.proof:
        raise Http404
    response = FileResponse(record.proof.open("rb"), as_attachment=False)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
