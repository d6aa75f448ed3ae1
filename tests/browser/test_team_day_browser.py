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

SMALL_TARGETS = """() => [...document.querySelectorAll(
        'header a, header button, .team-nav a, main button, main input:not([type=hidden]),'
        + ' main select, main summary, main .btn, main a.dl, .tools a, .tools button')]
    .filter(e => e.offsetParent !== null)
    .map(e => [e, e.getBoundingClientRect()])
    .filter(([e, r]) => r.width < 44 || r.height < 44)
    .filter(([e, r]) => !(e.type === 'radio' || e.type === 'checkbox'))  // their labels are tapped
    .map(([e, r]) => `${e.tagName.toLowerCase()} "${(e.textContent || e.name || '').trim()
        .slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`)"""


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
    assert page.evaluate(SMALL_TARGETS) == []

    me.goto(storefront.at("/kelola/pesanan/"))  # the list, with its column to pick orders
    expect(page.locator("main")).to_contain_text(order.code)
    picker = page.locator("label.pick-order").first.bounding_box()
    assert picker["width"] >= 44 and picker["height"] >= 44, picker
    assert page.evaluate(SMALL_TARGETS) == []
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
    assert page.evaluate(SMALL_TARGETS) == []
    start.click()
    expect(page.locator("main .status")).to_have_text("Sedang disiapkan")

    page.get_by_role("link", name="Label kirim A6").click()
    page.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/label/"))
    expect(page.get_by_role("button", name="Cetak")).to_be_visible()
    expect(page.locator(".label")).to_contain_text("2 barang")
    me.check("label")  # no wider than the phone: the address is not cut off
    assert page.evaluate(SMALL_TARGETS) == []
    page.get_by_role("link", name=re.compile("Kembali ke pesanan")).click()
    page.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/"))
    page.locator(".team-nav").get_by_role("link", name="Laporan").click()
    page.wait_for_url(storefront.path_re("/kelola/laporan/"))
    me.check("report")  # dates, downloads: every one big enough for a thumb
    assert page.evaluate(SMALL_TARGETS) == []
    page.locator(".team-nav").get_by_role("link", name="Hari ini").click()
    page.wait_for_url(storefront.path_re("/kelola/"))
    me.check("today-again")
