"""The public, read-only JSON API: open villages and their products, paged by cursor, with
ETags, Indonesian and English error bodies, and query counts constant in the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import jpeg_bytes, make_product, upload

from tokodesa.catalog.services import product_image_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(seller):
    products = [make_product(seller, f"Produk {n}", price=1000 * (n + 1)) for n in range(12)]
    product_image_add(product=products[0], upload=upload(jpeg_bytes()))
    return products


def test_the_schema_and_its_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "TokoDesa"
    assert {"/api/v1/desa", "/api/v1/desa/{slug}/produk"} <= set(schema["paths"])
    assert client.get("/api/v1/docs").status_code == 200


def test_villages_are_listed_by_region_and_paged_by_cursor(client, village, other_village):
    everyone = client.get("/api/v1/desa?limit=1").json()
    assert len(everyone["items"]) == 1 and everyone["next_cursor"]
    rest = client.get(f"/api/v1/desa?limit=1&after={everyone['next_cursor']}").json()
    assert rest["items"][0]["slug"] != everyone["items"][0]["slug"]
    yogya = client.get("/api/v1/desa?provinsi=34").json()["items"]
    assert [v["slug"] for v in yogya] == ["bangunjiwo"]


def test_products_page_by_cursor_with_constant_queries_and_an_etag(client, village, catalogue):
    def fetch(limit):
        with CaptureQueriesContext(connection) as seen:
            response = client.get(f"/api/v1/desa/batu-ampar/produk?limit={limit}")
        return response, len(seen)

    fetch(1)
    (_small, few), (big, many) = fetch(2), fetch(10)
    assert few == many  # the page size does not change the number of queries
    body = big.json()
    assert len(body["items"]) == 10 and body["next_cursor"]
    first = body["items"][0]
    assert first["variants"][0]["price"] == 1000 and first["photo"].startswith("/media/")
    assert first["url"].endswith("/batu-ampar/produk/produk-0/")
    more = client.get(f"/api/v1/desa/batu-ampar/produk?after={body['next_cursor']}").json()
    assert [p["name"] for p in more["items"]] == ["Produk 10", "Produk 11"]
    assert more["next_cursor"] is None
    tag = big["ETag"]
    again = client.get("/api/v1/desa/batu-ampar/produk?limit=10", HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304


def test_errors_say_what_is_wrong_in_both_languages(client, village, catalogue):
    missing = client.get("/api/v1/desa/tidak-ada/produk")
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "code": "not_found",
        "message_id": "Toko desa itu tidak ada.",
        "message_en": "There is no such village shop.",
    }
    for query in ("limit=0", "limit=1000", "after=-1", "limit=abc"):
        bad = client.get(f"/api/v1/desa/batu-ampar/produk?{query}")
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request", query
    one = client.get("/api/v1/desa/batu-ampar/produk/produk-3").json()
    assert one["name"] == "Produk 3" and one["price_min"] == 4000
    assert client.get("/api/v1/desa/batu-ampar/produk/tidak-ada").status_code == 404


def test_categories_search_across_villages_sellers_and_transparency(
    client, village, other_village, seller, catalogue
):
    from factories import make_seller

    from tokodesa.villages.services import village_update

    theirs = make_seller(other_village, display_name="Pak Gerabah")
    make_product(theirs, "Kristal Gula Semut", price=30_000)
    make_product(seller, "Kristal Gula Aren", price=25_000)
    tree = client.get("/api/v1/kategori").json()["items"]
    gula = next(c for c in tree if c["slug"] == "gula-pemanis")
    assert gula["parent"] and any(c["slug"] == gula["parent"] for c in tree)

    found = client.get("/api/v1/cari?q=kristal").json()
    assert {(h["name"], h["village"]["slug"]) for h in found["items"]} == {
        ("Kristal Gula Aren", "batu-ampar"),
        ("Kristal Gula Semut", "bangunjiwo"),
    }
    assert found["count"] == 2 and found["next_page"] is None and not found["more_than_count"]
    urls = {h["url"].split("/", 3)[3] for h in found["items"]}
    assert urls == {"batu-ampar/produk/kristal-gula-aren/", "bangunjiwo/produk/kristal-gula-semut/"}
    yogya = client.get("/api/v1/cari?q=kristal&provinsi=34").json()["items"]
    assert [h["village"]["slug"] for h in yogya] == ["bangunjiwo"]
    near = client.get("/api/v1/cari?q=kristal&dekat=34").json()["items"]
    assert near[0]["village"]["slug"] == "bangunjiwo"  # the buyer's province first
    cheap = client.get("/api/v1/cari?harga_max=2000").json()
    assert [h["name"] for h in cheap["items"]] == ["Produk 1", "Produk 0"]
    assert client.get("/api/v1/cari?kategori=tidak-ada").status_code == 404
    assert client.get("/api/v1/cari?page=40").json()["items"] == []

    [siti] = client.get("/api/v1/desa/batu-ampar/penjual").json()["items"]
    assert siti["products"] == 13 and siti["url"].endswith(f"/penjual/{seller.slug}/")
    assert siti["rating"] is None and siti["rating_count"] == 0

    assert client.get("/api/v1/desa/batu-ampar/transparansi").status_code == 200
    village_update(village=village, actor=None, transparency_public=False)
    hidden = client.get("/api/v1/desa/batu-ampar/transparansi")
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"


def test_a_search_page_costs_the_same_queries_whatever_the_catalogue(client, seller):
    def queries():
        with CaptureQueriesContext(connection) as seen:
            assert client.get("/api/v1/cari?q=kopi").status_code == 200
        return len(seen)

    make_product(seller, "Kopi Robusta")
    few = queries()
    for n in range(30):
        make_product(seller, f"Kopi Bubuk {n}")
    assert queries() == few


def test_a_product_and_the_sellers_answer_304_until_the_catalogue_changes(client, catalogue):
    from tokodesa.catalog.services import variant_stock_adjust

    for path in ("/api/v1/desa/batu-ampar/produk/produk-0", "/api/v1/desa/batu-ampar/penjual"):
        first = client.get(path)
        tag = first["ETag"]
        assert client.get(path, HTTP_IF_NONE_MATCH=tag).status_code == 304
    variant_stock_adjust(variant=catalogue[0].variants.get(), delta=1)
    assert client.get(path, HTTP_IF_NONE_MATCH=tag).status_code == 200
