"""The national portal: products of every village found by words, category and place; the
regions browsed level by level; a fixed number of queries whatever the number of villages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import make_product, make_seller, make_village

from tokodesa.insights.services import figures_refresh
from tokodesa.portal.models import Highlight

pytestmark = pytest.mark.django_db


@pytest.fixture
def nation(village, other_village, regions):
    gula = make_product(make_seller(village), "Gula Aren Cetak", price=22000)
    make_product(make_seller(village), "Kopi Bubuk Robusta", category_slug="kopi-teh", price=35000)
    gerabah = make_product(make_seller(other_village), "Gula Jawa Bantul", price=18000)
    make_product(
        make_seller(other_village), "Pot Gerabah Kasongan", category_slug="kerajinan-bambu"
    )
    figures_refresh()
    return {"gula": gula, "gula_jawa": gerabah}


def test_search_finds_products_of_every_village_and_links_to_their_shops(client, nation):
    html = client.get("/cari/", {"q": "gula"}).content.decode()
    assert "Gula Aren Cetak" in html and "Gula Jawa Bantul" in html and "Kopi" not in html
    assert 'href="/batu-ampar/produk/gula-aren-cetak/"' in html
    assert "Desa Bangunjiwo" in html and "Desa Batu Ampar" in html
    assert "keranjangnya sendiri" in html  # a cart per village shop, said plainly


def test_filters_by_place_price_and_category_and_nearest_first(client, nation):
    html = client.get("/cari/", {"q": "gula", "provinsi": "34"}).content.decode()
    assert "Gula Jawa Bantul" in html and "Gula Aren Cetak" not in html
    html = client.get("/cari/", {"harga_min": "20.000", "harga_max": "30000"}).content.decode()
    assert "Gula Aren Cetak" in html and "Gula Jawa" not in html and "Kopi" not in html
    html = client.get("/cari/", {"q": "gula", "dekat": "34"}).content.decode()
    assert html.index("Gula Jawa Bantul") < html.index("Gula Aren Cetak")
    html = client.get("/cari/", {"q": "gula", "dekat": "17"}).content.decode()
    assert html.index("Gula Aren Cetak") < html.index("Gula Jawa Bantul")
    html = client.get("/kategori/kopi-teh/").content.decode()
    assert "Kopi Bubuk Robusta" in html and "Gula" not in html.split("<main")[-1].split("grid")[-1]


@pytest.mark.parametrize(
    "params",
    [
        {"harga_min": "abc"},
        {"harga_max": "-5"},
        {"provinsi": "zz"},
        {"kabupaten": "17.08", "provinsi": "34"},
        {"dekat": "99.99"},
        {"page": "99999"},
        {"q": "x" * 500},
        {"urut": "'; drop table"},
        {"q": "\u202egula"},
    ],
)
def test_bad_input_never_breaks_the_search(client, nation, params):
    assert client.get("/cari/", params).status_code == 200


def test_regions_are_browsed_level_by_level(client, nation):
    html = client.get("/jelajah/").content.decode()
    assert 'href="/jelajah/17/"' in html and 'href="/jelajah/34/"' in html
    html = client.get("/jelajah/17/").content.decode()
    assert "Kab. Kepahiang" in html and "1 toko" in html
    html = client.get("/jelajah/17.08.05.2007/").content.decode()
    assert 'href="/batu-ampar/"' in html and '"@type":"Organization"' in html
    for bad in ("99", "17.08.99", "1708", "17..08", "x" * 300):
        assert client.get(f"/jelajah/{bad}/").status_code == 404
    assert client.get("/jelajah/%00/").status_code == 400  # the NUL guard, as everywhere


def test_the_front_page_shows_provinces_highlights_and_new_villages(client, nation, village):
    Highlight.objects.create(shop=village, product=nation["gula"], position=1)
    html = client.get("/").content.decode()
    assert "Gula Aren Cetak" in html and "Daerah Istimewa Yogyakarta" in html
    assert "Desa baru bulan ini" in html and 'href="/daftar-desa/"' in html


def test_portal_pages_cost_the_same_queries_with_many_villages(client, nation, regions, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "fresh"  # a fresh render, never a kept page

    def counts():
        result = {}
        for path in ("/cari/?q=gula", "/cari/", "/kategori/kopi-teh/", "/jelajah/", "/jelajah/34/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            result[path] = len(queries)
        return result

    counts()  # what is kept in the process (regions, settings) is kept from here on
    before = counts()
    for n in range(12):
        shop = make_village(slug=f"desa-{n}", name=f"Desa Contoh {n}", region_code="34.02.16.2001")
        make_product(make_seller(shop), f"Gula Semut {n}", price=15000 + n)
    figures_refresh()
    assert counts() == before


def test_sitemaps_list_regions_with_shops_and_categories(client, nation):
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-wilayah-4-1.xml" in index and "/batu-ampar/sitemap.xml" in index
    desa = client.get("/sitemap-wilayah-4-1.xml").content.decode()
    assert "/jelajah/17.08.05.2007/" in desa and "/jelajah/34.02.16.2001/" in desa
    assert "/kategori/kopi-teh/" in client.get("/sitemap-kategori.xml").content.decode()
    assert client.get("/sitemap-wilayah-9-1.xml").status_code == 404


def test_long_lists_count_no_further_than_they_show(client, nation, monkeypatch):
    from tokodesa.core import paging

    monkeypatch.setattr(paging, "CAP", 1)
    html = client.get("/cari/").content.decode()
    assert "Lebih dari 1 produk" in html
    response = client.get("/cari/", {"page": "999"})  # past the end: the last page
    assert response.status_code == 200 and 'class="card' in response.content.decode()
    assert "Lebih dari 1 produk" in client.get("/batu-ampar/produk/").content.decode()


def test_kept_portal_pages_follow_the_figures(client, nation, village):
    from factories import make_seller

    first = client.get("/cari/", {"q": "madu"})
    assert "Madu Kelulut" not in first.content.decode()
    make_product(make_seller(village), "Madu Kelulut", price=90000)
    assert client.get("/cari/", {"q": "madu"})["X-Page"] == "kept"  # until the next figures
    figures_refresh()
    assert "Madu Kelulut" in client.get("/cari/", {"q": "madu"}).content.decode()
