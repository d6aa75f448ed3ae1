"""A shopper on a 360 px phone walks through a village shop, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

# The live server needs a transactional database, emptied after each test (see storefront).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAMBOO = ["Cangkir Bambu", "Nampan Bambu Anyam"]
NOT_BAMBOO = ["Gula Aren Cetak Batok", "Kopi Bubuk Robusta", "Pot Bunga Motif Daun"]


def card_names(page) -> list[str]:
    return page.locator("main .grid .card h3").all_inner_texts()


def header_link(page, path: str):
    """A link in the page header, found by where it goes (its wording is still settling)."""
    return page.locator("header").locator(f'a[href="/batu-ampar{path}"]')


def press(locator, *, tap: bool):
    """A finger's tap (touch events) or a mouse click."""
    locator.tap() if tap else locator.click()


def open_home(shopper, storefront):
    shopper.goto(storefront.at("/"))
    page = shopper.page
    expect(page).to_have_url(storefront.path_re("/"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Desa Batu Ampar")
    expect(page.locator("header .brand")).to_have_text("Desa Batu Ampar")
    expect(page.get_by_role("heading", name="Produk terbaru")).to_be_visible()
    # Every product once: the favourites, then the newest of the rest (never both).
    for name in BAMBOO + NOT_BAMBOO:
        expect(page.locator("main .card", has_text=name)).to_have_count(1)
    shopper.check("home")


def open_category(shopper, storefront, *, tap: bool):
    page = shopper.page
    chip = page.locator(".chips").get_by_role("link", name=re.compile(r"^Kerajinan Tangan"))
    expect(chip).to_have_text(re.compile(r"Kerajinan Tangan\s+3"))
    press(chip, tap=tap)
    page.wait_for_url(storefront.path_re("/kategori/kerajinan-tangan/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kerajinan Tangan")
    expect(page.locator("main .count")).to_have_text("3 produk")
    assert sorted(card_names(page)) == sorted([*BAMBOO, "Pot Bunga Motif Daun"])
    for name in BAMBOO:
        expect(page.locator(".card", has_text=name)).to_be_visible()
    shopper.check("category")


def open_cup(shopper, storefront, *, tap: bool):
    page = shopper.page
    press(page.locator(".card", has_text="Cangkir Bambu").get_by_role("link"), tap=tap)
    page.wait_for_url(storefront.path_re("/produk/cangkir-bambu/"))
    expect(page).to_have_title(re.compile(r"^Cangkir Bambu – Rp15\.000 · Desa Batu Ampar$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cangkir Bambu")
    crumbs = page.get_by_role("navigation", name="Posisi Anda")
    expect(crumbs).to_have_text("Beranda › Kerajinan Tangan › Bambu")
    expect(page.locator(".price.big")).to_have_text("Rp15.000 – Rp80.000")
    expect(page.locator(".stock")).to_have_text("Stok tersedia")
    variants = page.get_by_role("group", name="Pilih")
    expect(variants.get_by_role("radio")).to_have_count(2)
    expect(variants.locator("label.variant")).to_have_text(
        [
            re.compile(r"^\s*1 buah\s+Rp15\.000\s+stok 60\s*$"),
            re.compile(r"^\s*Set 6 buah\s+Rp80\.000\s+stok 10\s*$"),
        ]
    )
    expect(variants.get_by_role("radio", name=re.compile(r"^1 buah"))).to_be_checked()
    expect(page.get_by_label("Jumlah")).to_have_value("1")
    expect(page.get_by_role("button", name="Masukkan keranjang")).to_be_visible()
    card = page.locator(".seller-card")
    expect(card.get_by_role("heading")).to_have_text("Dibuat oleh")
    expect(card).to_contain_text("Bapak Darmawan")
    expect(card).to_contain_text("Bambu Kreasi Batu Ampar")
    expect(card.get_by_role("link")).to_have_attribute(
        "href", "/batu-ampar/penjual/bambu-kreasi-batu-ampar/"
    )
    expect(card.locator("img")).to_be_visible()
    expect(page.get_by_role("link", name="Tanya atau pesan lewat WhatsApp")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/6281234567801\?text=Halo")
    )
    shopper.check("product")


def search_bamboo(shopper, storefront, *, typing: bool):
    page = shopper.page
    box = page.locator("header").get_by_role("searchbox", name="Cari produk")
    # The hint names this shop's own products (featured and best stocked first).
    expect(box).to_have_attribute("placeholder", "Cari: kopi bubuk, cangkir bambu, gula aren…")
    if typing:
        box.press_sequentially("bambu")
        box.press("Enter")
    else:
        box.fill("bambu")
        page.locator("header").get_by_role("button", name="Cari").click()
    page.wait_for_url(storefront.path_re("/cari/?q=bambu"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil pencarian “bambu”")
    expect(page.locator("main .count")).to_have_text("2 produk ditemukan")
    expect(box).to_have_value("bambu")
    assert sorted(card_names(page)) == BAMBOO
    main = page.locator("main")
    for name in NOT_BAMBOO:
        expect(main).not_to_contain_text(name)
    shopper.check("search")


def test_journey(shopper, storefront):
    """Home → category chip → product → search, reading only what is on the screen."""
    me = shopper()
    open_home(me, storefront)
    open_category(me, storefront, tap=True)
    open_cup(me, storefront, tap=True)
    search_bamboo(me, storefront, typing=True)


def test_journey_without_javascript(shopper, storefront):
    """Everything a shopper needs is links and GET forms: it works with JavaScript off."""
    me = shopper(javascript=False)
    open_home(me, storefront)
    open_category(me, storefront, tap=False)
    open_cup(me, storefront, tap=False)

    page = me.page
    page.locator(".seller-card").get_by_role("link").click()
    page.wait_for_url(storefront.path_re("/penjual/bambu-kreasi-batu-ampar/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bapak Darmawan")
    expect(page.locator(".seller-head .tagline")).to_have_text("Bambu Kreasi Batu Ampar")
    assert sorted(card_names(page)) == BAMBOO
    me.check("seller")

    search_bamboo(me, storefront, typing=False)

    header_link(page, "/produk/").click()
    page.wait_for_url(storefront.path_re("/produk/"))
    page.get_by_label("Urutkan").select_option(label="Harga termahal")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url(re.compile(r"/batu-ampar/produk/\?sort=termahal"))
    # Cards show "from <lowest price>", so that is what the sort goes by.
    assert card_names(page) == [
        "Nampan Bambu Anyam",
        "Gula Aren Cetak Batok",
        "Pot Bunga Motif Daun",
        "Kopi Bubuk Robusta",
        "Cangkir Bambu",
    ]
    expect(page.locator("main .count")).to_have_text("5 produk")
    me.check("all-products-sorted")


def _srcset(img) -> dict[int, str]:
    candidates = {}
    for candidate in img.get_attribute("srcset").split(","):
        url, descriptor = candidate.split()
        assert descriptor.endswith("w"), candidate
        candidates[int(descriptor[:-1])] = url
    return candidates


def _assert_photos(page, selector: str, *, eager_first: bool) -> int:
    images = page.locator(selector)
    count = images.count()
    assert count, f"no {selector} on {page.url}"
    for i in range(count):
        img = images.nth(i)
        eager = eager_first and i == 0
        expect(img).to_have_attribute("loading", "eager" if eager else "lazy")
        srcset = _srcset(img)
        webp = [w for w, url in srcset.items() if url.endswith(".webp")]
        assert {240, 480} <= set(webp), (selector, i, srcset)
        assert img.get_attribute("sizes"), (selector, i)
        assert img.get_attribute("width") and img.get_attribute("height"), (selector, i)
        img.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
        )
        current = img.evaluate("img => img.currentSrc")
        assert current.endswith(".webp") and current.rsplit("/", 1)[-1] in {
            url.rsplit("/", 1)[-1] for url in srcset.values()
        }, (selector, i, current)
    return count


def test_product_photos_are_lazy_webp_and_load(shopper, storefront):
    """Every product photo is lazy but the first of the gallery, offers WebP renditions in
    srcset, and really arrives (naturalWidth > 0) once scrolled into view."""
    me = shopper()
    page = me.page

    me.goto(storefront.at("/"))
    assert _assert_photos(page, "main .card img", eager_first=False) >= 5
    page.evaluate("window.scrollTo(0, 0)")
    me.check("home")

    me.goto(storefront.at("/produk/cangkir-bambu/"))
    gallery = page.locator(".gallery img")
    expect(gallery).to_have_count(2)
    expect(gallery.first).to_be_in_viewport()
    assert _assert_photos(page, ".gallery img", eager_first=True) == 2
    assert _assert_photos(page, "main .card img", eager_first=False) >= 1  # "you may also like"
    page.evaluate("window.scrollTo(0, 0)")
    me.check("product")

    # The gallery swipes sideways inside itself; the page does not.
    gallery_box = page.locator(".gallery").evaluate("g => [g.scrollWidth, g.clientWidth]")
    assert gallery_box[0] > gallery_box[1], gallery_box


def test_language_switch_in_the_footer(shopper, storefront):
    """English through the footer's buttons, kept while browsing, then back to Indonesian."""
    me = shopper()
    page = me.page
    me.goto(storefront.at("/produk/cangkir-bambu/"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "id")
    languages = page.locator("footer form.lang")
    expect(languages.get_by_role("button", name="Bahasa Indonesia")).to_have_attribute(
        "aria-current", "true"
    )

    languages.get_by_role("button", name="English").click()
    page.wait_for_url(storefront.path_re("/produk/cangkir-bambu/"))  # back where we were
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("group", name="Choose")).to_contain_text("stock 60")
    expect(page.get_by_role("button", name="Add to cart")).to_be_visible()
    expect(page.locator(".seller-card h2")).to_have_text("Made by")
    header = page.locator("header")
    expect(header_link(page, "/produk/")).to_have_text("Products")
    expect(header_link(page, "/keranjang/")).to_have_text(re.compile(r"^Cart\s+0$"))
    expect(header.get_by_role("button", name="Search")).to_be_visible()
    expect(languages.get_by_role("button", name="English")).to_have_attribute(
        "aria-current", "true"
    )
    me.check("english-product")

    page.get_by_role("navigation", name="You are here").get_by_role(
        "link", name="Home"
    ).click()  # the choice sticks on the next page
    page.wait_for_url(storefront.path_re("/"))
    expect(html).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Newest products")).to_be_visible()
    expect(page.get_by_role("heading", name="Village favourites")).to_be_visible()
    me.check("english-home")

    languages.get_by_role("button", name="Bahasa Indonesia").click()
    page.wait_for_url(storefront.path_re("/"))
    expect(html).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Produk terbaru")).to_be_visible()
    expect(page.get_by_role("heading", name="Andalan desa")).to_be_visible()
    expect(header_link(page, "/produk/")).to_have_text("Produk")
    expect(header_link(page, "/keranjang/")).to_have_text(re.compile(r"^Keranjang\s+0$"))
    me.check("indonesian-home")
