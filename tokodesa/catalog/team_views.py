"""The shop team approves or returns products sellers put up for sale, and adds products from
a spreadsheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.core.numbers import posted_id
from tokodesa.villages.decorators import team_only

from . import services
from .forms import PriceCutForm
from .imports import sample_csv
from .models import PriceCut, Product


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


@team_only
@require_http_methods(["GET", "POST"])
def product_import(request):
    """Products from a spreadsheet (CSV): all of them, or a list of the rows to fix."""
    problems, upload = [], request.FILES.get("csv")
    if request.method == "POST":
        if upload is None:
            problems = [_("Choose the CSV file saved from your spreadsheet.")]
        else:
            try:
                result = services.products_import(
                    village=request.village,
                    data=upload.read(services.IMPORT_MAX_BYTES + 1),
                    on_sale="draft" not in request.POST,
                )
            except ValidationError as error:  # a rule the file reader cannot see
                problems = error.messages
            else:
                problems = [str(p) for p in result.problems]
                if not problems:
                    messages.success(
                        request,
                        _("%(products)d products with %(variants)d variants added.")
                        % {"products": result.created, "variants": result.variants},
                    )
                    return redirect("catalog-team:import")
    return TemplateResponse(request, "catalog/team/import.html", {"problems": problems})


@team_only
def product_import_sample(request):
    response = HttpResponse(sample_csv(request.village), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contoh-produk.csv"'
    return response


@team_only
@require_http_methods(["GET", "POST"])
def price_cuts(request):
    """The shop's price cuts: on now, coming, and a form to cut a product's prices."""
    village = request.village
    form = PriceCutForm(
        request.POST or None, village=village, initial={"starts_on": timezone.localdate()}
    )
    if request.method == "POST" and "end" in request.POST:
        cut = get_object_or_404(PriceCut, village=village, pk=posted_id(request.POST, "end"))
        services.price_cut_end(cut=cut, actor=request.user)
        messages.success(
            request, _("The prices of %(name)s are back.") % {"name": cut.product.name}
        )
        return redirect("catalog-team:price-cuts")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.price_cut_set(
                product=data["product"],
                percent=data["percent"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                actor=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Price cut saved."))
            return redirect("catalog-team:price-cuts")
    cuts = PriceCut.objects.filter(village=village, ended=False).select_related("product")
    return TemplateResponse(request, "catalog/team/price_cuts.html", {"form": form, "cuts": cuts})


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
