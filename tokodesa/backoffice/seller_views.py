"""The seller's own pages (lapak): products, stock, what to bring, sales, balance.

A seller sees and changes only their own products and order lines: every lookup is filtered
by the seller, so a changed id in the address gives a 404.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tokodesa.catalog import services as catalog
from tokodesa.catalog.forms import PriceCutForm, ProductForm, VariantFormSet
from tokodesa.catalog.models import PriceCut, Product, ProductImage, Variant
from tokodesa.core import images
from tokodesa.core.numbers import MAX_STOCK, parse_int
from tokodesa.ledger.selectors import seller_statement
from tokodesa.ledger.services import seller_balance
from tokodesa.marketing.selectors import product_views
from tokodesa.orders.selectors import preorder_batches, seller_lines
from tokodesa.reviews.models import Review
from tokodesa.reviews.selectors import reviews_for_seller
from tokodesa.reviews.services import review_reply
from tokodesa.sellers.models import Seller


def seller_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("login"))
        seller = (
            Seller.objects.filter(village=request.village, user=request.user)
            .exclude(status=Seller.Status.SUSPENDED)
            .first()
        )
        if seller is None:
            raise Http404
        request.seller = seller
        return view(request, *args, **kwargs)

    return wrapper


def _own_product(request, product_id) -> Product:
    product = (
        Product.objects.filter(pk=product_id, seller=request.seller)
        .select_related("village")
        .first()
    )
    if product is None:
        raise Http404
    return product


@seller_only
def dashboard(request):
    seller = request.seller
    products = list(
        seller.products.prefetch_related(
            "variants",
            Prefetch(
                "images",
                queryset=ProductImage.objects.order_by("position", "id"),
                to_attr="photos",
            ),
        ).order_by("name")
    )
    seen = product_views(village=request.village, product_ids=[p.pk for p in products])
    for product in products:
        product.views = seen.get(product.pk, 0)  # "Dilihat": page views, last 30 days
    return TemplateResponse(
        request,
        "backoffice/seller/dashboard.html",
        {
            "seller": seller,
            "products": products,
            "to_bring": seller_lines(seller=seller, statuses=("paid", "processing")),
            "preorders": preorder_batches(village=request.village, seller=seller),
            "balance": seller_balance(seller=seller),
        },
    )


@seller_only
def money(request):
    seller = request.seller
    return TemplateResponse(
        request,
        "backoffice/seller/money.html",
        {
            "seller": seller,
            "balance": seller_balance(seller=seller),
            "entries": seller_statement(seller=seller),
            "sold": seller_lines(seller=request.seller, statuses=("completed",), limit=100),
        },
    )


def _variant_changes(formset):
    return [
        catalog.VariantChange(
            id=f.cleaned_data.get("id"),
            label=f.cleaned_data["label"],
            price=f.cleaned_data["price"],
            weight_g=f.cleaned_data["weight_g"],
            stock=f.cleaned_data["stock"],
            stock_seen=f.cleaned_data.get("stock_seen"),
        )
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


FOOD = (
    "net_weight_g",
    "pirt_number",
    "halal_number",
    "shelf_life_days",
    "ready_on",  # seasons, kept with the food facts: optional, None when empty
    "deposit_percent",
    "season_month",
)


@seller_only
@require_http_methods(["GET", "POST"])
def product_edit(request, product_id: int | None = None):
    product = _own_product(request, product_id) if product_id else None
    if request.method == "POST":
        form = ProductForm(request.POST, request.FILES)
        formset = VariantFormSet(request.POST, prefix="v")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            food = {
                k: data[k] if data[k] is not None else ("" if "number" in k else None) for k in FOOD
            }
            try:
                # One transaction: a photo the pipeline refuses leaves no product behind, so
                # sending the form again cannot make a duplicate.
                with transaction.atomic():
                    if product is None:
                        saved = catalog.product_create(
                            seller=request.seller,
                            category=data["category"],
                            name=data["name"],
                            description=data["description"],
                            unit=data["unit"],
                            variants=[
                                catalog.VariantData(v.label, v.price, v.weight_g, v.stock)
                                for v in _variant_changes(formset)
                            ],
                            **food,
                        )
                        catalog.product_submit(product=saved)
                    else:
                        saved = catalog.product_update(
                            product=product,
                            by_seller=True,
                            actor=request.user,
                            variants=_variant_changes(formset),
                            name=data["name"],
                            category=data["category"],
                            description=data["description"],
                            unit=data["unit"],
                            **food,
                        )
                    if data.get("photo"):
                        try:
                            catalog.product_image_add(
                                product=saved, upload=data["photo"], alt=saved.name
                            )
                        except ValidationError as error:
                            form.add_error("photo", error)
                            raise
            except ValidationError as error:
                if not form.has_error("photo"):
                    form.add_error(None, error)
                if product is not None:
                    product.refresh_from_db()
            else:
                messages.success(request, _saved_message(saved))
                return redirect("sellers-portal:dashboard")
    elif product is None:
        form, formset = ProductForm(), VariantFormSet(prefix="v")
    else:
        form = ProductForm(
            initial={
                "name": product.name,
                "category": product.category_id,
                "unit": product.unit,
                "description": product.description,
                **{k: getattr(product, k) for k in FOOD},
            }
        )
        formset = VariantFormSet(
            prefix="v",
            initial=[
                {
                    "id": v.pk,
                    "label": v.label,
                    "price": v.price,
                    "weight_g": v.weight_g,
                    "stock": v.stock,
                    "stock_seen": v.stock,
                }
                for v in product.variants.all()
            ],
        )
    return TemplateResponse(
        request,
        "backoffice/seller/product_form.html",
        {
            "form": form,
            "formset": formset,
            "product": product,
            "photos": list(product.images.all()) if product else [],
            "photo_side": images.MASTER_MAX_SIDE,  # the browser shrinks photos to this
            **(_price_cut_context(product) if product else {}),
        },
    )


def _price_cut_context(product) -> dict:
    return {
        "price_cut": PriceCut.objects.filter(product=product, ended=False).first(),
        "cut_form": PriceCutForm(product=product, initial={"starts_on": timezone.localdate()}),
    }


@seller_only
@require_POST
def price_cut(request, product_id: int):
    """The seller cuts the prices of her product for some days, or ends the cut."""
    product = _own_product(request, product_id)
    if "end" in request.POST:
        cut = PriceCut.objects.filter(product=product, ended=False).first()
        if cut is not None:
            catalog.price_cut_end(cut=cut, actor=request.user)
            messages.success(
                request, _("The prices of %(name)s are back.") % {"name": product.name}
            )
        return redirect("sellers-portal:product-edit", product_id=product.pk)
    form = PriceCutForm(request.POST, product=product)
    if form.is_valid():
        data = form.cleaned_data
        try:
            catalog.price_cut_set(
                product=product,
                percent=data["percent"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Price cut saved."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("sellers-portal:product-edit", product_id=product.pk)


def _saved_message(product) -> str:
    if product.status == Product.Status.REVIEW:
        return _("Saved. The village shop checks it before it goes on sale.")
    return _("Saved.")


@seller_only
@require_POST
def stock(request, variant_id: int):
    variant = Variant.objects.filter(pk=variant_id, product__seller=request.seller).first()
    if variant is None:
        raise Http404
    delta = parse_int(request.POST.get("delta", ""), minimum=-MAX_STOCK, maximum=MAX_STOCK)
    try:
        if delta is None:
            raise ValueError(delta)
        catalog.variant_stock_adjust(variant=variant, delta=delta)
    except (ValueError, ValidationError) as error:
        messages.error(
            request,
            " ".join(getattr(error, "messages", [_("Change the stock by a whole number.")])),
        )
    return redirect("sellers-portal:dashboard")


@seller_only
@require_POST
def pause(request, product_id: int):
    product = _own_product(request, product_id)
    action = (
        catalog.product_pause if product.status in ("active", "review") else catalog.product_submit
    )
    try:
        action(product=product)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("sellers-portal:dashboard")


def after_login(request):
    """Where a person lands after logging in to a village shop: their stall or the orders."""
    from tokodesa.villages.decorators import is_village_team

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if is_village_team(request.user, request.village):
        return redirect("backoffice:dashboard")
    if Seller.objects.filter(village=request.village, user=request.user).exists():
        return redirect("sellers-portal:dashboard")
    return redirect("catalog:home")


@seller_only
@require_POST
def photo_remove(request, product_id: int):
    product = _own_product(request, product_id)
    catalog.product_image_remove(product=product, image_id=request.POST.get("image", ""))
    return redirect("sellers-portal:product-edit", product_id=product.pk)


@seller_only
@require_http_methods(["GET", "POST"])
def reviews(request):
    """Buyers' reviews of the seller's products; she replies once to each."""
    seller = request.seller
    if request.method == "POST":
        review = Review.objects.filter(
            village=request.village, seller=seller, pk=parse_int(request.POST.get("review"))
        ).first()
        if review is None:
            raise Http404
        try:
            review_reply(review=review, seller=seller, text=request.POST.get("reply", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your reply is shown under the review."))
        return redirect("sellers-portal:reviews")
    return TemplateResponse(
        request,
        "backoffice/seller/reviews.html",
        {"seller": seller, "reviews": reviews_for_seller(seller=seller)},
    )
