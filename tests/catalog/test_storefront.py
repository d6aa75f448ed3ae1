import json
import re

import pytest
from factories import make_product, make_seller

from tokodesa.catalog.services import VariantData

pytestmark = pytest.mark.django_db


def test_village_home_shows_story_categories_and_products(shop, seller):
    make_product(seller, "Gula Aren Cetak", is_featured=True)
    make_product(seller, "Cangkir Bambu", category_slug="kerajinan-bambu")
    response = shop.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Desa Batu Ampar" in html
    assert "Desa di kaki Bukit Barisan." in html
    assert "Hasil Pertanian" in html and "Kerajinan Tangan" in html
    assert "Gula Aren Cetak" in html and "Cangkir Bambu" in html
    assert "https://wa.me/6281234567801" in html
    assert 'lang="id"' in html


def test_listing_sorts_by_price_and_name(shop, seller):
    make_product(seller, "Beta", price=30000)
    make_product(seller, "Alfa", price=50000)
    make_product(seller, "Gama", price=10000)

    def names(sort):
        html = shop.get(f"/produk/?sort={sort}").content.decode()
        return re.findall(r"<h3>(\w+)</h3>", html)

    assert names("termurah") == ["Gama", "Beta", "Alfa"]
    assert names("termahal") == ["Alfa", "Beta", "Gama"]
    assert names("nama") == ["Alfa", "Beta", "Gama"]
    assert names("terbaru") == ["Gama", "Alfa", "Beta"]


def test_category_page_includes_subcategories_and_filters_by_seller(shop, village, seller):
    other = make_seller(village, display_name="Pak Darmawan")
    make_product(seller, "Gula Aren", category_slug="gula-pemanis")
    make_product(other, "Kopi Robusta", category_slug="kopi-teh")
    make_product(other, "Cangkir Bambu", category_slug="kerajinan-bambu")

    html = shop.get("/kategori/hasil-pertanian/").content.decode()
    assert "Gula Aren" in html and "Kopi Robusta" in html and "Cangkir Bambu" not in html

    html = shop.get(f"/kategori/hasil-pertanian/?seller={other.slug}").content.decode()
    assert "Kopi Robusta" in html and "Gula Aren" not in html

    html = shop.get("/produk/?category=kerajinan-tangan").content.decode()
    assert "Cangkir Bambu" in html and "Gula Aren" not in html


def test_pagination_and_out_of_range_pages(shop, seller):
    for n in range(30):
        make_product(seller, f"Produk {n:02d}")
    first = shop.get("/produk/?sort=nama").content.decode()
    assert "Produk 00" in first and "Produk 29" not in first
    assert "Halaman 1 dari 2" in first
    last = shop.get("/produk/?sort=nama&page=2").content.decode()
    assert "Produk 29" in last
    assert shop.get("/produk/?sort=nama&page=99999").content.decode().count("Produk 29") == 1
    assert "Produk 00" in shop.get("/produk/?sort=nama&page=abc").content.decode()


def test_out_of_stock_is_shown_on_cards_and_product_page(shop, seller):
    product = make_product(seller, "Rebung Segar", stock=0)
    assert "Stok habis" in shop.get("/produk/").content.decode()
    html = shop.get(f"/produk/{product.slug}/").content.decode()
    assert "Stok sedang habis" in html


def test_product_page_has_variants_seller_food_facts_share_and_structured_data(shop, seller):
    product = make_product(
        seller,
        "Kopi Bubuk Robusta",
        category_slug="kopi-teh",
        variants=[VariantData("100 g", 15000, 130, 5), VariantData("250 g", 32000, 290, 0)],
        pirt_number="2061708010067-28",
        shelf_life_days=365,
        description="Kopi petik merah.",
    )
    response = shop.get(f"/produk/{product.slug}/")
    html = response.content.decode()
    assert "Rp15.000" in html and "Rp32.000" in html and "habis" in html
    assert seller.display_name in html and f"/batu-ampar/penjual/{seller.slug}/" in html
    assert "2061708010067-28" in html and "365 hari" in html
    assert "https://wa.me/?text=" in html and "facebook.com/sharer" in html
    assert '<meta property="og:title" content="Kopi Bubuk Robusta – Rp15.000">' in html
    assert '<meta property="product:price:amount" content="15000">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["@type"] == "Product" and data["name"] == "Kopi Bubuk Robusta"
    assert data["offers"]["lowPrice"] == 15000 and data["offers"]["highPrice"] == 32000
    assert data["offers"]["priceCurrency"] == "IDR"
    assert [o["availability"].rsplit("/", 1)[1] for o in data["offers"]["offers"]] == [
        "InStock",
        "OutOfStock",
    ]


def test_prices_say_what_they_buy(shop, seller):
    """Not "Rp22.000 – Rp40.000 / kg" when 500 g costs Rp22.000: each size with its price, and
    for products sold by weight the price of a kilogram, to compare sizes."""
    gula = make_product(
        seller,
        "Gula Aren Cetak",
        unit="kg",
        variants=[VariantData("500 g", 22000, 550, 5), VariantData("1 kg", 40000, 1050, 5)],
    )
    html = shop.get(f"/produk/{gula.slug}/").content.decode()
    price = re.search(r'<p class="price big">(.*?)</p>', html)[1]
    assert price.strip() == "Rp22.000 – Rp40.000"  # no unit: each choice says its own
    assert "(Rp44.000/kg)" in html  # 500 g at Rp22.000; the 1 kg needs no such note
    assert html.count("/kg)") == 1

    one = make_product(seller, "Kolang-kaling", unit="bungkus", price=15000)
    price = re.search(
        r'<p class="price big">(.*?)</p>', shop.get(f"/produk/{one.slug}/").content.decode()
    )[1]
    assert "Rp15.000" in price and "/ 500 g" in price
    pots = make_product(
        seller,
        "Pot Gerabah",
        category_slug="pot-hiasan-taman",
        variants=[VariantData("kecil", 15000, 900, 5), VariantData("besar", 35000, 2500, 5)],
    )
    assert "/kg)" not in shop.get(f"/produk/{pots.slug}/").content.decode()  # by the piece


@pytest.mark.parametrize(
    ("label", "grams"),
    [
        ("500 g", 500),
        ("1 kg", 1000),
        ("1,5 kg", 1500),
        ("250gr", 250),
        ("isi 12", None),
        ("", None),
    ],
)
def test_a_variant_knows_the_amount_its_label_names(label, grams):
    from tokodesa.catalog.models import Variant

    assert Variant(label=label, price=10000).grams == grams


def test_seller_page_shows_story_and_only_their_products(shop, village, seller):
    other = make_seller(village)
    make_product(seller, "Gula Aren")
    make_product(other, "Pot Bunga", category_slug="pot-hiasan-taman")
    html = shop.get(f"/penjual/{seller.slug}/").content.decode()
    assert "Gula Aren" in html and "Pot Bunga" not in html


def test_pending_and_suspended_sellers_and_unpublished_products_are_hidden(shop, village, seller):
    pending = make_seller(village, status="pending")
    make_product(pending, "Madu Hutan")
    make_product(seller, "Draf Produk", status="draft")
    draft = make_product(seller, "Arsip Produk", status="archived")
    html = shop.get("/produk/").content.decode()
    assert "Madu Hutan" not in html and "Draf Produk" not in html and "Arsip Produk" not in html
    assert shop.get(f"/produk/{draft.slug}/").status_code == 404
    assert shop.get(f"/penjual/{pending.slug}/").status_code == 404


def test_english_is_available_through_the_language_switch(client, shop, seller):
    make_product(seller, "Gula Aren", stock=0)
    response = client.post("/bahasa/", {"language": "en", "next": "/batu-ampar/produk/"})
    assert response.status_code == 302
    html = shop.get("/produk/").content.decode()
    assert 'lang="en"' in html and "Out of stock" in html and "All products" in html


def test_browser_language_does_not_override_indonesian(shop, seller):
    html = shop.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html and "Toko ini belum punya produk yang dijual." in html


@pytest.mark.parametrize(
    "path",
    [
        "/produk/tidak-ada/",
        "/kategori/tidak-ada/",
        "/penjual/tidak-ada/",
        "/produk/?page=abc",
        "/produk/?page=99999",
        "/produk/?page=-1",
        "/produk/?page=1e9",
        "/produk/?sort=<script>alert(1)</script>",
        "/produk/?category=<b>x</b>&seller=%27%20OR%201=1--",
        "/cari/?q=" + "kopi" * 2500,
        "/cari/?q=%27%3B%20DROP%20TABLE%20catalog_product%3B--",
        "/cari/?q=<script>alert(1)</script>",
        "/cari/?q=&page=abc",
        "/cari/?q=%F0%9F%8D%AC%20gula",
        "/produk/%E2%80%8B/",
    ],
)
def test_bad_input_never_gives_a_server_error(shop, seller, path):
    make_product(seller, "Kopi Bubuk")
    response = shop.get(path)
    assert response.status_code in (200, 404)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if response.status_code == 404:
        assert "Halaman tidak ditemukan" in html


def test_long_search_is_cut_with_a_note(shop, seller):
    make_product(seller, "Kopi Bubuk")
    html = shop.get("/cari/?q=kopi%20" + "x" * 10_000).content.decode()
    assert "Kopi Bubuk" in html
    assert "hanya bagian awalnya" in html


def test_sitemap_and_robots(client, shop, seller):
    product = make_product(seller, "Gula Aren")
    make_product(seller, "Draf", status="draft")
    sitemap = shop.get("/sitemap.xml").content.decode()
    assert f"http://testserver/batu-ampar/produk/{product.slug}/" in sitemap
    assert "draf" not in sitemap
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/batu-ampar/sitemap.xml" in index
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_server_error_page_is_indonesian(client, settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Maaf" in html and "Tidak ada data Anda yang hilang" in html


def test_a_locked_database_gives_a_try_again_page_not_an_error(shop, seller, monkeypatch):
    from django.db import OperationalError

    from tokodesa.catalog import selectors

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(selectors, "home_products", locked)
    response = shop.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Coba" in response.content.decode() or "coba" in response.content.decode()


def test_the_category_tree_cannot_be_made_a_loop(admin_client, shop, seller):
    """An operator who puts a category under its own subcategory is told no; and if such
    data ever exists, the shop pages still answer (they once looped until out of memory)."""
    from tokodesa.catalog.models import Category

    make_product(seller, "Gula Aren", category_slug="gula-pemanis")
    top = Category.objects.get(slug="hasil-pertanian")
    child = Category.objects.get(slug="gula-pemanis")
    for category, parent in ((top, child), (top, top)):
        response = admin_client.post(
            f"/admin/catalog/category/{category.pk}/change/",
            {"name": category.name, "slug": category.slug, "parent": parent.pk, "position": 0},
        )
        assert response.status_code == 200
        assert "tidak bisa ditaruh di bawah" in response.content.decode()
    top.refresh_from_db()
    assert top.parent_id is None

    Category.objects.filter(pk=top.pk).update(parent=child)  # bad data from elsewhere
    response = shop.get("/kategori/hasil-pertanian/")
    assert response.status_code == 200 and "Gula Aren" in response.content.decode()


def test_the_search_hint_names_the_shops_own_products(client, village, other_village, seller):
    make_product(seller, "Gula Aren Cetak", is_featured=True)
    make_product(seller, "Kopi Bubuk Robusta", category_slug="kopi-teh")
    make_product(seller, "Gula Semut")  # one "gula" is enough
    potter = make_seller(other_village)
    make_product(potter, "Pot Gerabah Kasongan", category_slug="pot-hiasan-taman")
    html = client.get("/batu-ampar/").content.decode()
    hint = re.search(r'id="q"[^>]*placeholder="([^"]*)"', html)[1]
    assert hint == "Cari: gula aren, kopi bubuk…"
    html = client.get("/bangunjiwo/").content.decode()
    hint = re.search(r'id="q"[^>]*placeholder="([^"]*)"', html)[1]
    assert "pot gerabah" in hint and "gula" not in hint and "kopi" not in hint


def test_the_home_page_shows_each_product_once_in_stock_first(shop, seller):
    for n in range(5):
        make_product(seller, f"Gula Andalan {n}", is_featured=True)
    make_product(seller, "Rebung Segar", stock=0)
    make_product(seller, "Kolang-kaling")
    html = shop.get("/").content.decode()
    # Four favourites (two rows on a phone), then the newest of the rest: each product once.
    assert html.count('<li class="card') == 6
    assert all(html.count(f"Gula Andalan {n}<") == 1 for n in range(5)), html
    assert "Kolang-kaling" in html
    assert "Rebung Segar" not in html  # sold out: not among the newest on the front page


def test_the_product_page_says_where_it_ships_from_and_what_a_courier_costs(shop, seller, regions):
    gula = make_product(seller, "Gula Aren Cetak", price=22000)  # 500 g, 550 g packed
    html = shop.get(f"/produk/{gula.slug}/").content.decode()
    assert "Dikirim dari Kec. Merigi, Kabupaten Kepahiang, Bengkulu." in html
    assert '<option value="34">Daerah Istimewa Yogyakarta</option>' in html
    html = shop.get(f"/produk/{gula.slug}/?ke=34").content.decode()
    estimate = re.search(r'<p class="estimate">(.*?)</p>', html, re.S)[1]
    assert "Ke Daerah Istimewa Yogyakarta mulai <strong>Rp" in estimate
    assert "hari, untuk 750 g beserta kemasannya" in estimate  # 550 g and the 200 g packing
    assert '<option value="34" selected>' in html
    for junk in ("99", "zz", "'><script>", "1"):
        response = shop.get(f"/produk/{gula.slug}/?ke={junk}")
        assert response.status_code == 200 and "mulai <strong>" not in response.content.decode()
    html = shop.get(f"/produk/{gula.slug}/?ke=99").content.decode()
    assert "Belum ada kurir dengan tarif ke provinsi itu" in html


def test_a_sold_out_product_never_heads_a_list(shop, seller):
    make_product(seller, "Gula Aren Cetak", price=22000)
    rebung = make_product(seller, "Rebung Segar", price=9000, stock=0)  # newest and cheapest
    for path in ("/produk/", "/produk/?sort=termurah", "/kategori/hasil-pertanian/"):
        html = shop.get(path).content.decode()
        assert html.index("Gula Aren Cetak") < html.index("Rebung Segar"), path
    from tokodesa.catalog import services

    services.variant_stock_adjust(variant=rebung.variants.get(), delta=5)  # back in stock
    html = shop.get("/produk/").content.decode()
    assert html.index("Rebung Segar") < html.index("Gula Aren Cetak")
