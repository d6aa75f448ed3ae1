"""The shop team's day on a 360×800 phone: today → the order to handle → its next step on the
first screen → the A6 label printed (no wider than the phone) → the report → back to today.
Every control the team taps (buttons, fields, the team's navigation, downloads, the label's
tools) is at least 44 px in both directions; links inside running text are not counted (they
are read, then tapped with the line's height)."""

import re

import pytest
from factories import place_order
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_teams_day(shopper, storefront, regions, shop_bank_account, shop_staff):
    from tokodesa.orders.models import Order

    pot = storefront.products["Pot Bunga Motif Daun"].variants.order_by("price").first()
    order = place_order(storefront.village, [(pot, 2)])
    Order.objects.filter(pk=order.pk).update(status="paid")

    me = shopper()
    page = me.page
    me.goto(storefront.at("/masuk/"))
    page.get_by_label("Nama pengguna", exact=True).fill(shop_staff.username)
    page.get_by_label("Kata sandi", exact=True).fill(shop_staff.password)
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(storefront.path_re("/kelola/"))
    me.check("today")
    assert me.small_targets() == []

    me.goto(storefront.at("/kelola/pesanan/"))  # the list, with its column to pick orders
    expect(page.locator("main")).to_contain_text(order.code)
    picker = page.locator("label.pick-order").first.bounding_box()
    assert picker["width"] >= 44 and picker["height"] >= 44, picker
    assert me.small_targets() == []
    me.goto(storefront.at("/kelola/"))
    page.get_by_role("link", name=re.compile("pesanan dibayar, perlu dikemas")).click()
    page.wait_for_url(storefront.path_re("/kelola/kemas/"))
    expect(page.locator("main")).to_contain_text(order.code)
    page.locator("main").get_by_role("link", name=re.compile(order.code)).first.click()
    page.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/"))
    start = page.get_by_role("button", name="Mulai siapkan")
    box = start.bounding_box()
    assert box["y"] + box["height"] <= 800, box  # the next step, on the first screen
    me.check("order")
    assert me.small_targets() == []
    start.click()
    expect(page.locator("main .status")).to_have_text("Sedang disiapkan")

    page.get_by_role("link", name="Label kirim A6").click()
    page.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/label/"))
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()
    expect(page.locator(".label")).to_contain_text("2 barang")
    me.check("label")  # no wider than the phone: the address is not cut off
    assert me.small_targets() == []
    page.get_by_role("link", name=re.compile("Kembali ke pesanan")).click()
    page.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/"))
    page.locator(".team-nav").get_by_role("link", name="Laporan").click()
    page.wait_for_url(storefront.path_re("/kelola/laporan/"))
    me.check("report")  # dates, downloads: every one big enough for a thumb
    assert me.small_targets() == []
    page.locator(".team-nav").get_by_role("link", name="Hari ini").click()
    page.wait_for_url(storefront.path_re("/kelola/"))
    me.check("today-again")


TEAM_PAGES = [
    "/kelola/",
    "/kelola/pesanan/",
    "/kelola/kemas/",
    "/kelola/produk/",
    "/kelola/produk/impor/",
    "/kelola/pendaftar/",
    "/kelola/warga-baru/",
    "/kelola/penjual/",
    "/kelola/laporan/",
    "/kelola/catatan/",
    "/kelola/desa/",
    "/kelola/pembayaran/",
    "/kelola/ongkir/",
    "/kelola/voucher/",
    "/kelola/voucher/baru/",
    "/kelola/pemasaran/",
    "/kelola/potongan-harga/",
    "/kelola/ulasan/",
    "/kelola/masalah/",
    "/kelola/pesan-dulu/",
    "/kelola/api/",
]
STALL_PAGES = ["/lapak/", "/lapak/uang/", "/lapak/ulasan/", "/lapak/produk/baru/"]


def _log_in(me, storefront, login, lands_on: str):
    page = me.page
    me.goto(storefront.at("/masuk/"))
    page.get_by_label("Nama pengguna", exact=True).fill(login.username)
    page.get_by_label("Kata sandi", exact=True).fill(login.password)
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(storefront.path_re(lands_on))


def test_every_page_of_the_team_and_the_stall_fits_a_thumb(
    shopper, storefront, regions, shop_bank_account, shop_staff, shop_seller
):
    """The village admin's every page (settings, payments, rates, imports, the ledger...) and
    the seller's stall: no sideways scroll, the site's font, and no control under 44 px."""
    from tokodesa.orders.models import Order
    from tokodesa.villages.models import Membership

    pot = storefront.products["Pot Bunga Motif Daun"].variants.order_by("price").first()
    order = place_order(storefront.village, [(pot, 1)])
    Order.objects.filter(pk=order.pk).update(status="paid")
    Membership.objects.filter(village=storefront.village, user=shop_staff.user).update(
        role=Membership.Role.ADMIN
    )
    seller = storefront.sellers["Ibu Yuliana"]
    product = storefront.products["Pot Bunga Motif Daun"]
    # The API page with a key of each kind and a webhook listed.
    from tokodesa.api.services import key_create, webhook_create

    key_create(village=storefront.village, actor=None, name="Kasir BUMDes", scopes=["orders:read"])
    key_create(
        village=storefront.village, actor=None, name="Stok Bu Yuliana", scopes=["stock:write"],
        seller=seller,
    )  # fmt: skip
    webhook_create(
        village=storefront.village, actor=None, url="https://bumdes-batuampar.example.id/kabar",
        events=["order.paid", "order.shipped"],
    )  # fmt: skip
    pages = [
        *TEAM_PAGES,
        f"/kelola/pesanan/{order.code}/",
        f"/kelola/pesanan/{order.code}/label/",
        f"/kelola/penjual/{seller.pk}/",
    ]

    admin = shopper()
    _log_in(admin, storefront, shop_staff, "/kelola/")
    villager = shopper()
    _log_in(villager, storefront, shop_seller, "/lapak/")
    faults = []  # every page's, so one run shows them all
    for me, paths in [(admin, pages), (villager, [*STALL_PAGES, f"/lapak/produk/{product.pk}/"])]:
        for path in paths:
            me.goto(storefront.at(path))
            try:
                me.check(path.strip("/").replace("/", "-"))
            except (AssertionError, pytest.fail.Exception) as fault:
                faults.append(str(fault))
            if small := me.small_targets():
                faults.append(f"{path}: {small}")
    assert not faults, "\n".join(faults)
