"""The public JSON API, read-only (``/api/v1/``; OpenAPI at ``/api/v1/openapi.json``, docs at
``/api/v1/docs``): the open villages and their products, paged by cursor (the last id seen),
with an ETag on catalogue reads. Every read goes through the selectors the pages use."""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext, gettext_noop, override
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tokodesa.catalog.search import MAX_QUERY_CHARS, MAX_RANKED, fold
from tokodesa.catalog.selectors import (
    CategoryTree,
    catalog_version,
    products_for_feed,
    sellers_with_figures,
)
from tokodesa.core.clients import attempt, client_ip
from tokodesa.core.numbers import MAX_ID, MAX_RUPIAH
from tokodesa.core.tenancy import across_villages, village_scope
from tokodesa.portal.selectors import ProductFilters, portal_products
from tokodesa.reports.selectors import transparency_figures
from tokodesa.villages.models import Village
from tokodesa.villages.selectors import shop_url

from .schemas import (
    CategoryList,
    Error,
    ProductOut,
    ProductPage,
    SearchPage,
    SellerList,
    TransparencyOut,
    VillagePage,
)

READS_PER_MINUTE = 120  # per client address
MAX_SEARCH_PAGE = 42  # 24 a page: the 1,001 best matches


class ApiError(Exception):
    """An answer other than 2xx. ``message`` is an English msgid translated both ways, or,
    with ``english`` given, the Indonesian text itself (a rule a service refused)."""

    def __init__(self, status: int, code: str, message: str, *, english: str | None = None):
        self.status, self.code, self.message, self.english = status, code, message, english


def _error(request, status: int, code: str, message: str, english: str | None = None):
    if english is None:
        with override("id"):
            indonesian = gettext(message)
        with override("en"):
            english = gettext(message)
    else:
        indonesian = message
    body = {"error": {"code": code, "message_id": indonesian, "message_en": english}}
    return api.create_response(request, body, status=status)


api = NinjaAPI(
    title="TokoDesa",
    version="1",
    urls_namespace="api",
    description=(
        "The open village shops of TokoDesa and their products (no key), and, with a village's "
        "key, its orders, stock and prices, reports and balances (docs/api.md)."
    ),
)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _error(request, exc.status, exc.code, exc.message, exc.english)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    """Ninja's own refusals (a body that is not JSON, …), in the API's error body."""
    return _error(
        request, exc.status_code, "bad_request", gettext_noop("Some parameters are not valid.")
    )


@api.exception_handler(AuthenticationError)
def _no_key(request, exc):
    return _error(
        request,
        401,
        "unauthorized",
        gettext_noop("Send a valid API key: Authorization: Bearer tdk_…"),
    )


@api.exception_handler(NinjaValidationError)
def _bad_input(request, exc):
    return _error(request, 400, "bad_request", gettext_noop("Some parameters are not valid."))


def _throttle(request) -> None:
    if not attempt("api-read", client_ip(request), limit=READS_PER_MINUTE, window=60):
        raise ApiError(
            429, "too_many_requests", gettext_noop("Too many requests. Please wait a minute.")
        )


class Page(Schema):
    after: int = Field(0, ge=0, le=MAX_ID, description="the last id of the page before")
    limit: int = Field(20, ge=1, le=100)


class VillageFilter(Page):
    provinsi: str = Field("", max_length=2, description="a province code, e.g. 17")
    kabupaten: str = Field("", max_length=5, description="a regency code, e.g. 17.08")


@api.get("/desa", response={200: VillagePage, 400: Error, 429: Error}, tags=["villages"])
def villages(request, filters: Query[VillageFilter]):
    """The open village shops, by id; filter by province or regency code."""
    _throttle(request)
    after, limit = filters.after, filters.limit
    with across_villages("the public API lists every open village"):
        rows = Village.objects.filter(status=Village.Status.ACTIVE, pk__gt=after).order_by("pk")
        if filters.kabupaten:
            rows = rows.filter(region_code__startswith=filters.kabupaten[:5] + ".")
        elif filters.provinsi:
            rows = rows.filter(region_code__startswith=filters.provinsi[:2] + ".")
        page = list(rows[: limit + 1])
    items = [
        {
            "slug": v.slug,
            "name": v.name,
            "region_code": v.region_code,
            "district": v.district,
            "regency": v.regency,
            "province": v.province,
            "url": f"/{v.slug}/",
        }
        for v in page[:limit]
    ]
    return {"items": items, "next_cursor": page[limit - 1].pk if len(page) > limit else None}


def _village(slug: str) -> Village:
    with across_villages("the public API finds an open village by its slug"):
        village = Village.objects.filter(slug=slug[:80], status=Village.Status.ACTIVE).first()
    if village is None:
        raise ApiError(404, "not_found", gettext_noop("There is no such village shop."))
    return village


def _card(product, base: str) -> dict:
    """What a list shows of a product (``covers`` prefetched); ``base`` is its shop's address."""
    return {
        "slug": product.slug,
        "name": product.name,
        "price_min": product.price_min,
        "price_max": product.price_max,
        "in_stock": product.in_stock,
        "rating": product.rating,
        "rating_count": product.rating_count,
        "ready_on": product.ready_on.isoformat() if product.is_preorder else None,
        "photo": product.covers[0].image.url if product.covers else None,
        "url": f"{base}/produk/{product.slug}/",
    }


def _product(product, base: str) -> dict:
    return {
        **_card(product, base),
        "description": product.description,
        "category": product.category.name,
        "seller": product.seller.title,
        "unit": product.unit,
        "variants": [
            {
                "id": v.pk,
                "label": v.label,
                "price": v.price,
                "list_price": v.list_price,
                "in_stock": v.stock > 0,
                "weight_g": v.weight_g,
            }
            for v in product.variants.all()
        ],
    }


@api.get(
    "/desa/{slug}/produk",
    response={200: ProductPage, 304: None, 400: Error, 404: Error, 429: Error},
    tags=["products"],
)
def products(request, slug: str, page: Query[Page]):
    """A village shop's products on sale, by id, with their variants (3 queries a page)."""
    _throttle(request)
    after, limit = page.after, page.limit
    village = _village(slug)

    def page_of_products():
        with village_scope(village):
            rows = products_for_feed(village=village, after_id=after, limit=limit + 1)
            base = shop_url(village, "").rstrip("/")
            items = [_product(p, base) for p in rows[:limit]]
        return {"items": items, "next_cursor": rows[limit - 1].pk if len(rows) > limit else None}

    return _tagged(request, _etag(village, request.get_full_path()), ProductPage, page_of_products)


@api.get(
    "/desa/{slug}/produk/{product_slug}",
    response={200: ProductOut, 304: None, 404: Error, 429: Error},
    tags=["products"],
)
def product(request, slug: str, product_slug: str):
    _throttle(request)
    village = _village(slug)

    def one_product():
        with village_scope(village):
            rows = products_for_feed(village=village, slug=product_slug, limit=1)
            if not rows:
                raise ApiError(
                    404, "not_found", gettext_noop("This product is not (or no longer) sold here.")
                )
            return _product(rows[0], shop_url(village, "").rstrip("/"))

    return _tagged(request, _etag(village, request.get_full_path()), ProductOut, one_product)


@api.get("/kategori", response={200: CategoryList, 429: Error}, tags=["catalogue"])
def categories(request):
    """The national category tree every shop files its products under (parent by slug)."""
    _throttle(request)
    tree = CategoryTree.load()
    nodes = sorted(tree.nodes.values(), key=lambda c: (c.parent_id or 0, c.name))
    return {
        "items": [
            {
                "slug": c.slug,
                "name": c.name,
                "parent": tree.nodes[c.parent_id].slug if c.parent_id else None,
            }
            for c in nodes
        ]
    }


class SearchQuery(Schema):
    q: str = Field("", max_length=MAX_QUERY_CHARS, description="words, e.g. gula aren")
    kategori: str = Field("", max_length=80, description="a category slug (and those below)")
    provinsi: str = Field("", pattern=r"^(\d{2})?$", description="where the village is")
    kabupaten: str = Field("", pattern=r"^(\d{2}\.\d{2})?$")
    harga_min: int | None = Field(None, ge=0, le=MAX_RUPIAH)
    harga_max: int | None = Field(None, ge=0, le=MAX_RUPIAH)
    dekat: str = Field("", pattern=r"^(\d{2})?$", description="the buyer's province: first")
    page: int = Field(1, ge=1, le=MAX_SEARCH_PAGE)


@api.get(
    "/cari", response={200: SearchPage, 400: Error, 404: Error, 429: Error}, tags=["catalogue"]
)
def search_products(request, query: Query[SearchQuery]):
    """Products of every open village shop, by the same search as the shops and the portal
    (best matches first; without words, newest first), 24 a page."""
    _throttle(request)
    tree = CategoryTree.load()
    category = tree.by_slug(query.kategori) if query.kategori else None
    if query.kategori and category is None:
        raise ApiError(404, "not_found", gettext_noop("There is no such category."))
    regency = query.kabupaten
    filters = ProductFilters(
        query=query.q if fold(query.q) else "",
        category_ids=tree.descendant_ids(category) if category else None,
        province=regency[:2] if regency else query.provinsi,
        regency=regency,
        price_min=query.harga_min,
        price_max=query.harga_max,
        near=query.dekat,
    )
    page = portal_products(filters=filters, page=query.page)
    beyond = query.page > page.paginator.num_pages  # the paginator shows the last page then
    items = [] if beyond else [_hit(product) for product in page.object_list]
    count = page.paginator.count
    return {
        "items": items,
        "count": min(count, MAX_RANKED),
        "more_than_count": count > MAX_RANKED,
        "next_page": page.next_page_number() if items and page.has_next() else None,
    }


def _hit(product) -> dict:
    village = product.village
    return {
        **_card(product, f"{settings.SITE_URL.rstrip('/')}/{village.slug}"),
        "village": {
            "slug": village.slug,
            "name": village.name,
            "regency": village.regency,
            "province": village.province,
        },
    }


@api.get(
    "/desa/{slug}/penjual",
    response={200: SellerList, 304: None, 404: Error, 429: Error},
    tags=["villages"],
)
def sellers(request, slug: str):
    """The villagers selling in a shop, with how many products they have on sale and their
    buyers' ratings (one query)."""
    _throttle(request)
    village = _village(slug)
    return _tagged(
        request, _etag(village, request.get_full_path()), SellerList, lambda: _sellers(village)
    )


def _sellers(village) -> dict:
    base = shop_url(village, "").rstrip("/")
    with village_scope(village):
        rows = sellers_with_figures(village=village)
        return {
            "items": [
                {
                    "slug": s.slug,
                    "name": s.display_name,
                    "shop_name": s.shop_name,
                    "story": s.story,
                    "products": s.on_sale,
                    "rating": round(s.stars / s.rated, 1) if s.rated else None,
                    "rating_count": s.rated,
                    "url": f"{base}/penjual/{s.slug}/",
                }
                for s in rows
            ]
        }


@api.get(
    "/desa/{slug}/transparansi",
    response={200: TransparencyOut, 404: Error, 429: Error},
    tags=["villages"],
)
def transparency(request, slug: str):
    """What a village shop sold in the last twelve months, as its public transparency page
    shows it (404 when the village keeps it private). No buyer data."""
    _throttle(request)
    village = _village(slug)
    if not village.transparency_public:
        raise ApiError(404, "not_found", gettext_noop("This village does not publish its figures."))
    with village_scope(village), override("id"):
        figures = transparency_figures(village=village)
    return {
        "start": figures["period"].start.isoformat(),
        "end": figures["period"].end.isoformat(),
        **figures["summary"],
        "sellers": figures["sellers"],
        "months": [{"month": m, "turnover": t} for m, t in figures["months"]],
        "products_top": [{"name": n, "amount": a} for n, a in figures["products"]],
    }


def _etag(village, path: str) -> str:
    seen = f"{catalog_version(village_id=village.pk)}|{path}"
    return '"' + hashlib.sha256(seen.encode()).hexdigest()[:20] + '"'


def _tagged(request, tag: str, schema, build):
    """A catalogue read with an ETag (the village's catalogue version and the address): an
    ``If-None-Match`` that still matches is a 304 and ``build`` never runs."""
    if request.headers.get("If-None-Match") == tag:
        return HttpResponse(status=304, headers={"ETag": tag})
    response = api.create_response(request, schema(**build()).dict(), status=200)
    response["ETag"] = tag
    return response


# The routes that need a village's key (registered last: they use ApiError above).
from .keyed import router as keyed_router  # noqa: E402

api.add_router("", keyed_router)
