"""The buyer writes reviews from the order page (order code + WhatsApp number already shown)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.orders.selectors import order_for_page

from . import selectors, services
from .forms import ReviewForm
from .models import PHOTOS_MAX


@require_http_methods(["GET", "POST"])
def write(request, code: str):
    order = order_for_page(village=request.village, code=code)
    if order is None or order.code not in request.session.get("orders", []):
        # Not this browser's order (or none): the order page asks for the WhatsApp number.
        if order is None:
            raise Http404
        return redirect("checkout:order", code=order.code)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose 1 to 5 stars."))
            return redirect("reviews:write", code=order.code)
        try:
            services.review_add(
                order=order,
                line_id=form.cleaned_data["line"],
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                photos=request.FILES.getlist("photos")[: PHOTOS_MAX + 1],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your review!"))
        return redirect("reviews:write", code=order.code)
    done = selectors.reviews_of_order(order=order)
    lines = [(line, done.get(line.pk)) for line in order.lines.all()]
    return TemplateResponse(
        request,
        "reviews/write.html",
        {
            "order": order,
            "lines": lines,
            "form": ReviewForm(),
            "photos_max": PHOTOS_MAX,
            "can_review": order.status == "completed",
        },
    )
