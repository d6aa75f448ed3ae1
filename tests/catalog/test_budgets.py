"""Budgets from DESIGN.md that are behaviour: query counts and page weight."""

import gzip
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import bulk_products, jpeg_bytes, make_product, make_seller, upload

from tokodesa.catalog.services import VariantData, product_image_add

pytestmark = pytest.mark.django_db


def _pages(product, seller):
    return [
        "/",
        "/produk/",
        "/produk/?sort=termurah&page=2",
        "/kategori/hasil-pertanian/",
        f"/produk/{product.slug}/",
        f"/penjual/{seller.slug}/",
        "/cari/?q=produk",
        "/cari/?q=kopi gula",
    ]


def _query_counts(shop, product, seller) -> dict[str, int]:
    shop.get("/")  # steady state: the village lookup is remembered after the first request
    counts = {}
    for path in _pages(product, seller):
        with CaptureQueriesContext(connection) as queries:
            response = shop.get(path)
        assert response.status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_storefront_pages_cost_the_same_queries_with_10_or_1000_products(shop, village):
    sellers = [make_seller(village) for _ in range(3)]
    product = make_product(
        sellers[0],
        "Kopi Gula Aren",
        is_featured=True,
        variants=[VariantData("100 g", 15000, 130, 5), VariantData("250 g", 32000, 290, 3)],
    )
    for n in range(2):
        product_image_add(product=product, upload=upload(jpeg_bytes()), alt=f"foto {n}")
    bulk_products(sellers, 9)
    small = _query_counts(shop, product, sellers[0])

    sellers += [make_seller(village) for _ in range(5)]
    bulk_products(
        sellers,
        990,
        category_slugs=("gula-pemanis", "kopi-teh", "sayur-umbi", "kerajinan-bambu", "anyaman"),
    )
    large = _query_counts(shop, product, sellers[0])

    assert large == small
    assert max(small.values()) <= 12, small


def test_product_list_page_is_under_50_kb_compressed(shop, village):
    sellers = [make_seller(village) for _ in range(6)]
    bulk_products(sellers, 60)
    from tokodesa.catalog.selectors import SORTS

    for product in village.products.order_by(*SORTS["terbaru"])[:24]:  # the first page's
        product_image_add(product=product, upload=upload(jpeg_bytes(size=(300, 300))))
    response = shop.get("/produk/")
    html = response.content
    assert html.count(b"<img") >= 24  # the page carries its pictures' markup
    css = Path(finders.find("tokodesa/shop.css")).read_bytes()
    scripts = b""  # the storefront ships no JavaScript
    total = sum(len(gzip.compress(part, 9)) for part in (html, css, scripts) if part)
    assert total < 50 * 1024, f"{total} bytes gzip"


def test_responses_are_gzip_compressed_for_phones(shop, village):
    bulk_products([make_seller(village)], 30)
    response = shop.get("/produk/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
