"""The national portal: every village shop and its products, found by place, category or
search; each product is bought in its own village's shop (a cart per village shop)."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import escape

from tokodesa.catalog.search import MAX_QUERY_CHARS, fold
from tokodesa.catalog.selectors import CategoryTree
from tokodesa.core.numbers import MAX_RUPIAH, parse_int
from tokodesa.core.pagecache import page_for_everybody
from tokodesa.insights.pages import figures_page_version, fresh_figures
from tokodesa.regions.models import normalize_code
from tokodesa.regions.selectors import region_children
from tokodesa.villages.selectors import open_villages

from . import selectors


@page_for_everybody(figures_page_version)
def home(request):
    fresh_figures()
    tree = CategoryTree.load()
    return TemplateResponse(
        request,
        "portal/home.html",
        {
            "home": selectors.portal_home(),
            "provinces": selectors.provinces_with_figures(),
            "categories": tree.children.get(None, []),
            "statistics": settings.PUBLIC_STATISTICS,
        },
    )


def _region_code(value, *, level: int) -> str:
    code = normalize_code(value) or ""
    return code if code.count(".") + 1 == level else ""


@page_for_everybody(figures_page_version)
def products(request, category_slug: str = ""):
    """Search and browse products of every village: by words, category, where the village is,
    price; the buyer's province first when asked (cheaper, faster shipping)."""
    tree = CategoryTree.load()
    category = None
    if category_slug:
        category = tree.by_slug(category_slug[:80])
        if category is None:
            raise Http404
    raw = request.GET.get("q", "")
    query = raw[:MAX_QUERY_CHARS].strip()
    province = _region_code(request.GET.get("provinsi"), level=1)
    regency = _region_code(request.GET.get("kabupaten"), level=2)
    if regency and not regency.startswith(province + "."):
        province = regency.split(".")[0]
    price_min = parse_int(request.GET.get("harga_min", ""), maximum=MAX_RUPIAH, grouped=True)
    price_max = parse_int(request.GET.get("harga_max", ""), maximum=MAX_RUPIAH, grouped=True)
    filters = selectors.ProductFilters(
        query=query if fold(query) else "",
        category_ids=tree.descendant_ids(category) if category else None,
        province=province,
        regency=regency,
        price_min=price_min,
        price_max=price_max,
        near=_region_code(request.GET.get("dekat"), level=1),
        sort=request.GET.get("urut", "")[:20],
    )
    page = selectors.portal_products(filters=filters, page=request.GET.get("page"))
    provinces = list(region_children(parent_code=None))
    return TemplateResponse(
        request,
        "portal/products.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "query_too_long": len(raw) > MAX_QUERY_CHARS,
            "category": category,
            "category_path": tree.ancestors(category) if category else [],
            "categories": tree.children.get(category.pk if category else None, []),
            "provinces": provinces,
            "regencies": list(region_children(parent_code=province)) if province else [],
            "sorts": selectors.SORTS,
        },
    )


@page_for_everybody(figures_page_version)
def browse(request, code: str = ""):
    """The map without a map: Indonesia → province → kabupaten/kota → kecamatan → desa, with
    the shops and products at each level."""
    if code and normalize_code(code) != code:
        raise Http404
    age = fresh_figures()
    page = selectors.region_page(code=code)
    if page is None:
        raise Http404
    return TemplateResponse(request, "portal/browse.html", {"page": page, "figures_age": age})


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_URLS = 40_000  # a sitemap holds at most 50,000 addresses


def sitemap_index(request):
    """A sitemap index: the portal's pages by level of region (and categories), and each
    open village shop's own sitemap."""
    base = f"{request.scheme}://{request.get_host()}"
    entries = [f"{base}/sitemap-kategori.xml"]
    for level, count in selectors.regions_with_shops_per_level().items():
        for page in range(1, (count - 1) // SITEMAP_URLS + 2):
            entries.append(f"{base}/sitemap-wilayah-{level}-{page}.xml")
    for village in open_villages():
        entries.append(
            f"https://{village.primary_host}/sitemap.xml"
            if village.primary_host
            else f"{base}/{village.slug}/sitemap.xml"
        )
    body = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in entries)
    return _xml(f'<sitemapindex xmlns="{SITEMAP_NS}">{body}</sitemapindex>')


def sitemap_regions(request, level: int, page: int):
    """The region pages of one level (1 province … 4 desa) with an open shop in them."""
    if not 1 <= level <= 4 or page < 1:
        raise Http404
    codes = selectors.regions_with_shops(
        level=level, offset=(page - 1) * SITEMAP_URLS, limit=SITEMAP_URLS
    )
    if not codes and page > 1:
        raise Http404
    base = f"{request.scheme}://{request.get_host()}/jelajah/"
    body = "".join(f"<url><loc>{escape(base + code)}/</loc></url>" for code in codes)
    return _xml(f'<urlset xmlns="{SITEMAP_NS}">{body}</urlset>')


def sitemap_categories(request):
    base = f"{request.scheme}://{request.get_host()}"
    urls = [f"{base}/jelajah/", f"{base}/cari/"]
    urls += [f"{base}/kategori/{c.slug}/" for c in CategoryTree.load().nodes.values()]
    body = "".join(f"<url><loc>{escape(url)}</loc></url>" for url in urls)
    return _xml(f'<urlset xmlns="{SITEMAP_NS}">{body}</urlset>')


def _xml(body: str) -> HttpResponse:
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", content_type="application/xml"
    )
