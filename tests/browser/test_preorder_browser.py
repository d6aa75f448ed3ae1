"""The next kopi harvest on a 360 px phone: a buyer pre-orders it with a 30 % deposit, the
team finds the deposit and later marks the harvest ready, the buyer pays the rest, collects
the coffee and reviews it; the review shows on the product page."""

import re
from datetime import date, timedelta

import pytest
from factories import make_product
from playwright.sync_api import expect
from test_checkout_browser import fill_buyer, pick_regions_with_javascript, totals_value

from tokodesa.core.templatetags.rupiah import format_rupiah

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(me, storefront, login):
    page = me.page
    me.goto(storefront.at("/masuk/"))
    page.get_by_label("Nama pengguna", exact=True).fill(login.username)
    page.get_by_label("Kata sandi", exact=True).fill(login.password)
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(storefront.path_re("/kelola/"))


def team_confirms_payment(team, storefront, code: str, status: str):
    page = team.page
    team.goto(storefront.at(f"/kelola/pesanan/{code}/"))
    page.get_by_role("button", name="Pembayaran diterima").click()
    expect(page.locator("main .status")).to_have_text(status)


def test_a_buyer_pre_orders_kopi_with_a_deposit(
    shopper, storefront, regions, shop_bank_account, shop_staff
):
    from tokodesa.orders.models import Order

    harun = next(s for s in storefront.sellers.values() if "Harun" in s.display_name)
    kopi = make_product(
        harun,
        "Kopi Robusta Panen Juli",
        category_slug="kopi-teh",
        price=100_000,
        stock=20,
        ready_on=date.today() + timedelta(days=45),
        deposit_percent=30,
    )

    buyer = shopper()
    page = buyer.page
    buyer.goto(storefront.at(f"/produk/{kopi.slug}/"))
    expect(page.locator(".preorder")).to_contain_text("Bayar DP 30% sekarang")
    buyer.check("preorder-product")
    page.get_by_role("button", name="Masukkan keranjang").click()
    page.wait_for_url(storefront.path_re("/keranjang/"))
    page.get_by_role("link", name="Lanjut: alamat dan pengiriman").click()
    fill_buyer(page)
    pick_regions_with_javascript(page)
    page.get_by_label("Jalan, nomor rumah, patokan").fill("Jl. Bantul No. 12")
    page.get_by_role("radio", name=re.compile(r"^Ambil di toko desa")).check()
    expect(page.get_by_role("radio", name=re.compile(r"^Bayar tunai"))).to_have_count(0)
    page.get_by_role("button", name="Periksa pesanan").click()
    page.wait_for_url(storefront.path_re("/pesan/periksa/"))
    code = int(totals_value(page, "Kode unik").inner_text().removeprefix("Rp").replace(".", ""))
    expect(totals_value(page, "DP yang dibayar sekarang")).to_have_text(
        format_rupiah(30_000 + code)
    )
    expect(totals_value(page, "Sisa, dibayar saat barang siap")).to_have_text("Rp70.000")
    buyer.check("preorder-review")
    assert buyer.small_targets() == []
    page.get_by_role("button", name=f"Buat pesanan · DP {format_rupiah(30_000 + code)}").click()
    page.wait_for_url(re.compile(r"/pesanan/(BTA-\w{5})/$"))
    order = Order.objects.get()
    expect(page.locator("#pay-amount")).to_have_text(format_rupiah(30_000 + code))
    expect(page.locator(".next")).to_contain_text("Sisanya, Rp70.000, dibayar saat barang siap")
    buyer.check("preorder-deposit-due")
    page.get_by_role("button", name="Saya sudah bayar").click()

    team = shopper()
    log_in(team, storefront, shop_staff)
    team_confirms_payment(team, storefront, order.code, "DP diterima, menunggu barang siap")
    buyer.goto(storefront.at(f"/pesanan/{order.code}/"))
    expect(page.locator(".next")).to_contain_text("DP sudah diterima, terima kasih!")

    # The harvest is in.
    team.page.get_by_role("link", name="Pesan dulu").first.click()
    team.page.wait_for_url(storefront.path_re("/kelola/pesan-dulu/"))
    expect(team.page.locator(".preorder")).to_contain_text("Kopi Robusta Panen Juli")
    team.check("preorders")
    assert team.small_targets() == []
    team.page.get_by_role("button", name="Barang sudah siap").click()
    expect(team.page.locator(".messages")).to_contain_text("1 pembeli diminta melunasi")

    buyer.goto(storefront.at(f"/pesanan/{order.code}/"))
    expect(page.locator("main .status")).to_have_text("Barang siap, menunggu pelunasan")
    expect(page.locator("#pay-amount")).to_have_text("Rp70.000")
    buyer.check("preorder-rest-due")
    assert buyer.small_targets() == []
    page.get_by_role("button", name="Saya sudah bayar").click()

    team_confirms_payment(team, storefront, order.code, "Sudah dibayar")
    team.page.get_by_role("button", name="Mulai siapkan").click()
    team.page.get_by_role("button", name="Sudah diambil pembeli").click()
    expect(team.page.locator("main .status")).to_have_text("Selesai")

    buyer.goto(storefront.at(f"/pesanan/{order.code}/"))
    page.get_by_role("link", name="Beri ulasan untuk barang yang Anda beli").click()
    page.get_by_role("radio", name="5 dari 5 bintang").check()
    page.get_by_label("Ulasan Anda (boleh dikosongkan)").fill("Harum, sepadan ditunggu.")
    page.get_by_role("button", name="Kirim ulasan").click()
    expect(page.locator(".messages")).to_have_text("Terima kasih atas ulasan Anda!")
    buyer.goto(storefront.at(f"/produk/{kopi.slug}/"))
    expect(page.locator("#ulasan")).to_contain_text("Harum, sepadan ditunggu.")
    buyer.check("preorder-reviewed")
