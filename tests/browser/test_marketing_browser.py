"""Internet marketing on a 360 px phone: the team makes a voucher, a buyer arriving from a
link shared on WhatsApp (?utm_source=wa) uses it at the cart and orders, and the team sees the
visit, the cart and the order on its marketing page."""

import re

import pytest
from playwright.sync_api import expect
from test_checkout_browser import SUGAR, fill_buyer, pick_regions_with_javascript, totals_value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(me, storefront, login):
    page = me.page
    me.goto(storefront.at("/masuk/"))
    page.get_by_label("Nama pengguna", exact=True).fill(login.username)
    page.get_by_label("Kata sandi", exact=True).fill(login.password)
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(storefront.path_re("/kelola/"))


def test_a_voucher_shared_on_whatsapp_turns_into_an_order_the_team_sees(
    shopper, storefront, regions, shop_bank_account, shop_staff
):
    team = shopper()
    log_in(team, storefront, shop_staff)
    page = team.page
    page.get_by_role("link", name="Voucher", exact=True).click()
    page.get_by_role("link", name="Voucher baru").click()
    page.get_by_label("Kode yang diketik pembeli").fill("panen10")
    page.get_by_label(re.compile(r"^Besar potongan")).fill("10")
    page.get_by_label(re.compile(r"^Potongan paling besar")).fill("5.000")
    team.check("voucher-form")
    page.get_by_role("button", name="Simpan voucher").click()
    page.wait_for_url(storefront.path_re("/kelola/voucher/"))
    expect(page.locator(".messages")).to_have_text("Voucher PANEN10 tersimpan.")
    expect(page.locator("main .vouchers")).to_contain_text("potongan 10%")
    team.check("vouchers")

    buyer = shopper()
    shop = buyer.page
    sugar = storefront.products[SUGAR]
    buyer.goto(storefront.at(f"/p/{sugar.pk}/?utm_source=wa&utm_campaign=panen"))
    expect(shop).to_have_url(re.compile(r"/produk/gula-aren-cetak-batok/\?utm_source=wa"))
    shop.get_by_role("button", name="Masukkan keranjang").click()
    shop.wait_for_url(storefront.path_re("/keranjang/"))
    shop.get_by_text("Punya kode voucher?").click()
    shop.get_by_label("Kode voucher").fill("panen10")
    shop.get_by_role("button", name="Pakai", exact=True).click()
    expect(shop.locator(".messages")).to_have_text("Voucher PANEN10 dipakai: potongan Rp2.200.")
    expect(totals_value(shop, "Voucher PANEN10")).to_have_text("−Rp2.200")
    expect(totals_value(shop, "Total barang")).to_have_text("Rp19.800")
    buyer.check("cart-with-voucher")

    shop.get_by_role("link", name="Lanjut: alamat dan pengiriman").click()
    fill_buyer(shop)
    pick_regions_with_javascript(shop)
    shop.get_by_label("Jalan, nomor rumah, patokan").fill("Jl. Bantul No. 12")
    shop.get_by_role("button", name="Periksa pesanan").click()
    shop.wait_for_url(storefront.path_re("/pesan/periksa/"))
    expect(totals_value(shop, "Voucher PANEN10")).to_have_text("−Rp2.200")
    buyer.check("review-with-voucher")
    shop.get_by_role("button", name=re.compile(r"^Buat pesanan · Rp")).click()
    shop.wait_for_url(re.compile(r"/pesanan/BTA-\w{5}/$"))
    expect(totals_value(shop, "Voucher PANEN10")).to_have_text("−Rp2.200")
    buyer.check("order-with-voucher")

    team.goto(storefront.at("/kelola/pemasaran/"))
    sources, products = page.locator("main .funnel-rows").all()
    expect(sources.locator("li", has_text="WhatsApp")).to_contain_text(
        re.compile(r"Dilihat 1 · Keranjang 1 · Pesanan 1 · Rp19\.800")
    )
    expect(products.locator("li", has_text=SUGAR)).to_contain_text(
        "Dilihat 1 · Keranjang 1 · Pesanan 1"
    )
    expect(page.locator("main")).to_contain_text("PANEN10")
    team.check("marketing")
    assert team.small_targets() == []
