"""The shop team approves or returns products sellers put up for sale."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.core.numbers import posted_id
from tokodesa.villages.decorators import team_only

from . import services
from .models import Product


@team_only
@require_http_methods(["GET", "POST"])
def review(request):
    if request.method == "POST":
        product = Product.objects.filter(
            village=request.village, pk=posted_id(request.POST, "product")
        ).first()
        if product is None:
            raise Http404
        action = services.product_approve if "approve" in request.POST else services.product_reject
        try:
            action(product=product)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": product.name, "status": product.get_status_display()},
            )
        return redirect("catalog-team:review")
    products = (
        Product.objects.filter(village=request.village, status=Product.Status.REVIEW)
        .select_related("seller", "category")
        .prefetch_related("variants", "images")
    )
    return TemplateResponse(request, "catalog/team/review.html", {"products": products})
