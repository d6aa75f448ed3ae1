from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from tokodesa.catalog.selectors import product_page

from .selectors import seller_by_slug


def seller_detail(request, slug: str):
    seller = seller_by_slug(village=request.village, slug=slug[:80])
    if seller is None:
        raise Http404(_("There is no such seller in this village shop."))
    page = product_page(village=request.village, seller_id=seller.pk, page=request.GET.get("page"))
    return TemplateResponse(request, "sellers/detail.html", {"seller": seller, "page": page})
