"""Storefront pages of a village shop. Thin: read the request, call selectors, render."""

import hashlib
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from tokodesa.core.images import share_card
from tokodesa.core.pagecache import page_for_everybody
from tokodesa.core.templatetags.photos import photo_url
from tokodesa.core.templatetags.rupiah import format_rupiah
from tokodesa.sellers.selectors import seller_by_slug
from tokodesa.villages.context_processors import canonical_base, canonical_path

from . import hooks, selectors
from .pagecache import storefront_version
from .search import MAX_QUERY_CHARS, fold
from .selectors import DEFAULT_SORT, SORTS, CategoryTree


def _sort(request) -> str:
    sort = request.GET.get("sort", DEFAULT_SORT)
    return sort if sort in SORTS else DEFAULT_SORT


def _sort_choices():
    return [
        ("terbaru", _("Newest")),
        ("termurah", _("Price: low to high")),
        ("termahal", _("Price: high to low")),
        ("nama", _("Name A–Z")),
    ]


@page_for_everybody(storefront_version)
def home(request):
    village = request.village
    tree = CategoryTree.load()
    featured, newest = selectors.home_products(village=village)
    return TemplateResponse(
        request,
        "catalog/home.html",
        {
            "categories": selectors.village_categories(
                tree=tree, counts=selectors.category_counts(village=village)
            ),
            "featured": featured,
            "newest": newest,
        },
    )


@page_for_everybody(storefront_version)
def product_list(request, category_slug: str | None = None):
    village = request.village
    tree = CategoryTree.load()
    category = None
    slug = category_slug or request.GET.get("category", "")
    if slug:
        category = tree.by_slug(slug)
        if category is None and category_slug:
            raise Http404(_("There is no such category."))
    seller = None
    if seller_slug := request.GET.get("seller", ""):
        seller = seller_by_slug(village=village, slug=seller_slug[:80])
    sort = _sort(request)
    counts = selectors.category_counts(village=village)
    page = selectors.product_page(
        village=village,
        category_ids=tree.descendant_ids(category) if category else None,
        seller_id=seller.pk if seller else None,
        sort=sort,
        page=request.GET.get("page"),
    )
    return TemplateResponse(
        request,
        "catalog/product_list.html",
        {
            "page": page,
            "category": category,
            "breadcrumb": tree.ancestors(category) if category else [],
            "subcategories": (
                selectors.subcategories_with_products(tree=tree, category=category, counts=counts)
                if category
                else []
            ),
            "top_categories": (
                [] if category else selectors.village_categories(tree=tree, counts=counts)
            ),
            "sellers": selectors.sellers_with_products(village=village),
            "seller": seller,
            "sort": sort,
            "sort_choices": _sort_choices(),
        },
    )


@page_for_everybody(storefront_version)
def search(request):
    raw = request.GET.get("q", "")
    query = raw[:MAX_QUERY_CHARS].strip()
    page = (
        selectors.product_page(village=request.village, query=query, page=request.GET.get("page"))
        if fold(query)
        else None
    )
    return TemplateResponse(
        request,
        "catalog/search.html",
        {
            "query": query,
            "query_too_long": len(raw) > MAX_QUERY_CHARS,
            "page": page,
        },
    )


@page_for_everybody(storefront_version)
def product_detail(request, slug: str):
    village = request.village
    product = selectors.product_detail(village=village, slug=slug[:140])
    if product is None:
        raise Http404(_("This product is not (or no longer) sold here."))
    tree = CategoryTree.load()
    category = tree.nodes.get(product.category_id, product.category)
    variants, images = list(product.variants.all()), list(product.images.all())
    base = canonical_base(request)
    url = base + canonical_path(request)
    image_urls = [_absolute(base, photo_url(image)) for image in images]
    card = reverse("catalog:product-card", kwargs={"slug": product.slug})
    short = base + reverse("catalog:short", kwargs={"product_id": product.pk})
    parts = {}
    for part in hooks.product_page_parts:
        parts.update(part(product))
    text = _("%(name)s – %(price)s from %(village)s") % {
        "name": product.name,
        "price": format_rupiah(product.price_min),
        "village": village.name,
    }
    return TemplateResponse(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "variants": variants,
            "first_available": next((v for v in variants if v.stock), None),
            "price_cut": selectors.price_cut_on(product=product)
            if product.list_price_min
            else None,
            # Sold by weight: each size's price per kg too, so that sizes compare honestly.
            "by_weight": product.unit in (product.Unit.KG, product.Unit.GRAM),
            "images": images,
            "breadcrumb": tree.ancestors(category),
            "related": selectors.related_products(product=product),
            "og_image": f"{base}{card}?v={_card_version(product, images, village)}",
            "jsonld_data": _product_jsonld(
                product, variants, image_urls, url, village.name, parts.get("reviews", [])
            ),
            # "Gula Aren – Rp22.000 dari Desa Batu Ampar" and a short link that says where it
            # was shared (the shop's visit counts read ``src``).
            "share_whatsapp": quote(f"{text}\n{short}?src=wa"),
            "share_facebook": quote(f"{short}?src=fb", safe=""),
            "ask_text": quote(
                _("Hello, I would like to order %(name)s (%(url)s)")
                % {"name": product.name, "url": url}
            ),
            **parts,
        },
    )


def _card_version(product, images, village) -> str:
    """Changes whenever what the share card shows changes (name, price, photo, village)."""
    photo = images[0].image.name if images else ""
    seen = f"{product.name}|{product.price_min}|{photo}|{village.name}"
    return hashlib.sha256(seen.encode()).hexdigest()[:12]


def product_card(request, slug: str):
    """The product's share card (og:image, 1200×630 JPEG): made once per version through the
    photo pipeline, kept in storage, then served from there."""
    village = request.village
    product = selectors.product_detail(village=village, slug=slug[:140])
    if product is None:
        raise Http404(_("This product is not (or no longer) sold here."))
    images = list(product.images.all())
    name = f"cards/{village.pk}/{product.pk}-{_card_version(product, images, village)}.jpg"
    if not default_storage.exists(name):
        photo = images[0].image.open("rb") if images else None
        try:
            data = share_card(
                photo, title=product.name, price=format_rupiah(product.price_min), shop=village.name
            )
        finally:
            if photo is not None:
                photo.close()
        name = default_storage.save(name, ContentFile(data))
    response = FileResponse(default_storage.open(name), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=604800"  # the URL names the version
    return response


def short_link(request, product_id: int):
    """``/p/<id>/``: the product page, with the link's query string (``src``, ``utm_*``)."""
    slug = selectors.product_slug(village=request.village, product_id=product_id)
    if slug is None:
        raise Http404(_("This product is not (or no longer) sold here."))
    target = reverse("catalog:product", kwargs={"slug": slug})
    query = request.META.get("QUERY_STRING", "")[:500]
    return HttpResponseRedirect(f"{target}?{query}" if query else target)


def _absolute(base: str, url: str) -> str:
    return url if "://" in url else base + url


def _product_jsonld(product, variants, image_urls, url: str, village_name: str, reviews) -> dict:
    """schema.org Product with one Offer per variant, and the buyers' ratings and reviews."""
    availability = "https://schema.org/InStock"
    rated = {}
    if product.rating_count:
        rated["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": product.rating,
            "reviewCount": product.rating_count,
            "bestRating": 5,
            "worstRating": 1,
        }
        rated["review"] = [
            {
                "@type": "Review",
                "reviewRating": {"@type": "Rating", "ratingValue": r.rating, "bestRating": 5},
                "author": {"@type": "Person", "name": r.buyer_label},
                "datePublished": r.created_at.date().isoformat(),
                **({"reviewBody": r.text[:500]} if r.text else {}),
            }
            for r in reviews[:5]
        ]
    return {
        **rated,
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description[:500],
        "image": image_urls,
        "url": url,
        "brand": {"@type": "Brand", "name": product.seller.title},
        "category": product.category.name,
        "offers": {
            "@type": "AggregateOffer",
            "priceCurrency": "IDR",
            "lowPrice": product.price_min,
            "highPrice": product.price_max,
            "offerCount": len(variants),
            "availability": availability if product.in_stock else "https://schema.org/OutOfStock",
            "seller": {"@type": "Organization", "name": village_name},
            "offers": [
                {
                    "@type": "Offer",
                    "name": v.label,
                    "price": v.price,
                    "priceCurrency": "IDR",
                    "availability": (availability if v.stock else "https://schema.org/OutOfStock"),
                    "url": url,
                    # While a price cut is on, the price before it (Google's strikethrough).
                    **(
                        {
                            "priceSpecification": {
                                "@type": "UnitPriceSpecification",
                                "priceType": "https://schema.org/StrikethroughPrice",
                                "price": v.list_price,
                                "priceCurrency": "IDR",
                            }
                        }
                        if v.list_price
                        else {}
                    ),
                }
                for v in variants
            ],
        },
    }


@page_for_everybody(storefront_version)
def seller_detail(request, slug: str):
    """A seller's page: who they are and everything they sell."""
    seller = seller_by_slug(village=request.village, slug=slug[:80])
    if seller is None:
        raise Http404(_("There is no such seller in this village shop."))
    page = selectors.product_page(
        village=request.village, seller_id=seller.pk, page=request.GET.get("page")
    )
    count, average = selectors.seller_rating(village=request.village, seller_id=seller.pk)
    return TemplateResponse(
        request,
        "catalog/seller.html",
        {"seller": seller, "page": page, "rating_count": count, "rating": average},
    )
