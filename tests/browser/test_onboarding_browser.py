"""A village follows in an afternoon, on phones at 360×800: its contact applies on the
portal, the platform operator approves, the new admin chooses a password and sets the shop
up through its first steps, opens it, and a buyer finds its product on the national portal by
search and by browsing its province; once a buyer has paid, a pemantau of its kota, granted by
the operator, sees the sale on the regional dashboard."""

import re

import pytest
from playwright.sync_api import expect

from tokodesa.onboarding.models import VillageApplication
from tokodesa.villages.models import Village

pytestmark = pytest.mark.django_db(transaction=True)


def phone(shopper, who: str):
    me = shopper()
    me.test_name += f"-{who}"
    return me


def test_a_village_applies_is_approved_sets_up_and_is_found_on_the_portal(
    live_server, shopper, regions
):
    from tokodesa.catalog.models import Category
    from tokodesa.catalog.national_tree import ensure_national_tree

    ensure_national_tree(Category)  # a transactional test before this one may have emptied it
    base = live_server.url

    # 1. The village's contact applies, with JavaScript choosing the regions a level at a time.
    contact = phone(shopper, "contact")
    page = contact.page
    contact.goto(base + "/")
    page.get_by_role("link", name="Buka toko desa Anda").first.click()
    page.wait_for_url(base + "/daftar-desa/")
    for label, option in (
        ("Provinsi", "Daerah Istimewa Yogyakarta"),
        ("Kabupaten / kota", "Kota Yogyakarta"),
        ("Kecamatan", "Mantrijeron"),
        ("Desa / kelurahan", "Gedongkiwo"),
    ):
        select = page.get_by_label(label, exact=True)
        expect(select.get_by_role("option", name=option, exact=True)).to_have_count(1)
        select.select_option(label=option)
    page.get_by_label("BUMDes desa").check()
    page.get_by_label("Nama BUMDes (jika dikelola BUMDes)").fill("BUMDes Gedongkiwo Makmur")
    page.get_by_label("Nama Kepala Desa atau direktur BUMDes").fill("Bapak Suryono")
    page.get_by_label("Narahubung", exact=True).fill("Ibu Lestari")
    page.get_by_label("Nomor WhatsApp narahubung").fill("0812 1111 2222")
    contact.check("application")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pendaftaran terkirim")
    application = VillageApplication.objects.get()
    expect(page.locator("main")).to_contain_text(application.number)
    contact.check("applied")

    # 2. The platform operator approves it.
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("operator", password="operator-2026")
    operator = phone(shopper, "operator")
    page = operator.page
    operator.goto(base + "/operator/desa/")  # → the login first
    page.get_by_label("Nama pengguna").fill("operator")
    page.get_by_label("Kata sandi").fill("operator-2026")
    page.get_by_role("button", name=re.compile("Masuk")).click()
    page.wait_for_url(base + "/operator/desa/")
    page.get_by_role("link", name=re.compile("Kelurahan Gedongkiwo")).click()
    operator.check("review")
    page.get_by_role("button", name="Setujui dan buat tokonya").click()
    link = page.get_by_label("Tautan sekali pakai").input_value()
    expect(page.get_by_role("link", name="Kirim lewat WhatsApp")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/6281211112222\?text=")
    )
    operator.check("approved")
    village = Village.objects.get(region_code="34.71.01.1001")
    assert village.status == "draft"

    # 3. The new admin chooses a password and lands on the shop's first steps.
    admin = phone(shopper, "admin")
    page = admin.page
    admin.goto(link)
    page.get_by_label("Sandi baru", exact=True).fill("gula-aren-2026")
    page.get_by_label("Konfirmasi sandi baru", exact=True).fill("gula-aren-2026")
    page.get_by_role("button", name="Simpan kata sandi").click()
    page.wait_for_url(f"{base}/{village.slug}/kelola/")
    steps = page.locator("#langkah-pertama")
    expect(steps).to_contain_text("0/6")
    admin.check("first-steps")

    # The bank account, through the step's own page.
    steps.get_by_role("link", name="Tambahkan rekening bank atau kode QRIS").click()
    page.wait_for_url(re.compile(r".*/kelola/pembayaran/$"))
    admin.goto(f"{base}/{village.slug}/kelola/desa/")
    page.get_by_label("Bank", exact=True).fill("BPD DIY")
    page.get_by_label("Nomor rekening", exact=True).fill("001-22-33")
    page.get_by_label("Atas nama", exact=True).fill("BUMDes Gedongkiwo Makmur")
    page.get_by_role("button", name="Tambah rekening").click()

    # A villager's first product (the stall's own form is tested in the back-office test).
    from factories import make_product, make_seller

    from tokodesa.core.tenancy import village_scope

    with village_scope(village):
        make_product(make_seller(village, display_name="Ibu Lestari"), "Bakpia Kacang Hijau")
    admin.goto(f"{base}/{village.slug}/kelola/")
    expect(steps).to_contain_text("3/6")
    page.get_by_role("button", name="Buka toko").click()
    expect(page.locator(".messages")).to_contain_text("Toko sudah buka")
    admin.check("opened")
    assert Village.objects.get(pk=village.pk).status == "active"

    # 4. A buyer anywhere finds it on the portal: by search, and by browsing its province.
    from tokodesa.insights.services import figures_refresh

    figures_refresh()  # what the scheduler does every few minutes
    buyer = phone(shopper, "buyer")
    page = buyer.page
    buyer.goto(base + "/")
    page.get_by_label("Cari produk dari semua desa").fill("bakpia")
    page.get_by_role("button", name="Cari").click()
    card = page.locator("main .card", has_text="Bakpia Kacang Hijau")
    expect(card).to_contain_text("Kelurahan Gedongkiwo")
    buyer.check("found-by-search")
    buyer.goto(base + "/jelajah/")
    page.get_by_role("link", name="Daerah Istimewa Yogyakarta").click()
    page.get_by_role("link", name="Kota Yogyakarta").click()
    page.get_by_role("link", name=re.compile("Kelurahan Gedongkiwo")).click()
    page.wait_for_url(f"{base}/{village.slug}/")
    expect(page.locator("main")).to_contain_text("Bakpia Kacang Hijau")
    buyer.check("village-shop")

    # 5. The buyer's order is paid; the operator lets the city's dinas follow Kota Yogyakarta,
    # and its pemantau, from the one-time link, sees the sale (totals only).
    from factories import place_order

    from tokodesa.orders.models import Order

    with village_scope(village):
        bakpia = village.products.get().variants.get()
        order = place_order(village, [(bakpia, 3)], buyer="Pak Harjo")
        Order.objects.filter(pk=order.pk).update(status="paid")
    figures_refresh()
    operator.goto(base + "/operator/pemantau/")
    page = operator.page
    page.get_by_label("Nama", exact=True).fill("Ibu Ratna")
    page.get_by_label("Instansi").fill("Dinas Koperasi UKM Kota Yogyakarta")
    page.get_by_label("E-mail").fill("ratna@jogjakota.go.id")
    page.get_by_label("WhatsApp (boleh dikosongkan)").fill("0813 2222 3333")
    page.get_by_label("Wilayah yang dipantau").fill("Kota Yogyakarta")
    page.get_by_role("button", name="Beri akses").click()
    link = page.get_by_label("Tautan sekali pakai").input_value()
    operator.check("pemantau-granted")

    watcher = phone(shopper, "pemantau")
    page = watcher.page
    watcher.goto(link)
    page.get_by_label("Sandi baru", exact=True).fill("bakpia-pathok-75")
    page.get_by_label("Konfirmasi sandi baru", exact=True).fill("bakpia-pathok-75")
    page.get_by_role("button", name="Simpan kata sandi").click()
    page.wait_for_url(base + "/pantau/34.71/")
    main = page.locator("main")
    expect(main).to_contain_text("Toko desa di Kota Yogyakarta")
    expect(main).to_contain_text(re.compile(r"Omzet \(barang\)\s*Rp"))
    expect(main.locator(".lines")).to_contain_text("Mantrijeron")
    expect(main).not_to_contain_text("Pak Harjo")
    watcher.check("dashboard")
    page.get_by_role("link", name="Mantrijeron").click()
    expect(page.locator("main .lines")).to_contain_text("Gedongkiwo")
    watcher.check("kecamatan")
    assert page.goto(base + "/pantau/34/").status == 404  # the province is not hers
