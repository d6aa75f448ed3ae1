"""A buyer in Yogyakarta on a 360×800 phone over Slow 3G (400 ms, 50 KB/s, emulated through
Chrome's DevTools protocol) orders Gula Aren, with JavaScript and without: the whole path —
home, product, cart, checkout, review, order — stays under 120 KB on the wire; the amount to
pay is the same before and after placing; the default delivery reaches her; no page is wider
than the phone and every form control is in the site's font (``check``); axe-core finds no
accessibility violation on any of its pages."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from playwright.sync_api import expect

from tokodesa.core.templatetags.rupiah import format_rupiah

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUGAR = "Gula Aren Cetak Batok"
BUDGET = 120 * 1024  # bytes on the wire, headers included, for the whole path
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50 * 1024,
    "uploadThroughput": 50 * 1024,
}
REGIONS = [
    ("Provinsi", "Daerah Istimewa Yogyakarta"),
    ("Kabupaten / kota", "Kota Yogyakarta"),
    ("Kecamatan", "Mantrijeron"),
    ("Desa / kelurahan", "Gedongkiwo"),
]


class Wire:
    """Bytes received per page (Network.loadingFinished's encodedDataLength)."""

    def __init__(self, page):
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.session.send("Network.emulateNetworkConditions", SLOW_3G)
        self.total = 0
        self.urls: dict[str, str] = {}
        self.plain: dict[str, str] = {}  # static files sent uncompressed, by request
        self.sizes: list[tuple[int, str]] = []
        self.session.on("Network.responseReceived", self._received)
        self.session.on("Network.loadingFinished", self._finished)

    def _received(self, event):
        response = event["response"]
        self.urls[event["requestId"]] = response["url"]
        encoding = {k.lower(): v for k, v in response.get("headers", {}).items()}
        if "/static/" in response["url"] and "content-encoding" not in encoding:
            self.plain[event["requestId"]] = response["url"]

    def _finished(self, event):
        size = int(event.get("encodedDataLength", 0))
        url = self.plain.pop(event["requestId"], "")
        if url and size:
            # The test server sends static files as they are; nginx and WhiteNoise send the
            # gzip made at collectstatic: count that instead of the plain body.
            body = Path(finders.find(url.split("/static/", 1)[1])).read_bytes()
            size += len(gzip.compress(body, 9)) - len(body)
        self.total += size
        self.sizes.append((size, self.urls.get(event["requestId"], "?")))

    def __str__(self) -> str:
        lines = [f"{size:>7,} {url}" for size, url in self.sizes]
        return f"{self.total:,} bytes for the buyer's path:\n" + "\n".join(lines)


def _pick_address(page, *, javascript: bool):
    for level, (label, option) in enumerate(REGIONS):
        select = page.get_by_label(label, exact=True)
        expect(select.get_by_role("option", name=option, exact=True)).to_have_count(1)
        last = level + 1 == len(REGIONS)
        if javascript and last:  # the desa prices the deliveries: the page comes again
            with page.expect_navigation():
                select.select_option(label=option)
        else:
            select.select_option(label=option)
        if not javascript:
            with page.expect_navigation():
                page.locator(".field.region", has=select).get_by_role("button").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_buyer_on_slow_3g_orders_within_the_byte_budget(
    shopper, storefront, regions, shop_bank_account, javascript
):
    me = shopper(javascript=javascript)
    page = me.page
    page.set_default_timeout(60_000)
    wire = Wire(page)

    me.goto(storefront.at("/"))
    me.check("home")
    if javascript:  # axe-core runs in the page
        me.accessible("home")
    page.locator("main .card", has_text=SUGAR).first.get_by_role("link").click()
    page.wait_for_url(storefront.path_re(f"/produk/{storefront.products[SUGAR].slug}/"))
    me.check("product")
    if javascript:  # axe-core runs in the page
        me.accessible("product")
    page.get_by_role("button", name="Masukkan keranjang").click()
    page.wait_for_url(storefront.path_re("/keranjang/"))
    me.check("cart")
    if javascript:  # axe-core runs in the page
        me.accessible("cart")
    page.get_by_role("link", name="Lanjut: alamat dan pengiriman").click()
    page.wait_for_url(re.compile(r".*/pesan/(#[\w-]+)?$"))
    page.get_by_label("Nama Anda").fill("Sri Wahyuni")
    page.get_by_label("Nomor WhatsApp").fill("0812 9876 5432")
    _pick_address(page, javascript=javascript)
    expect(page.get_by_label("Kode pos (boleh dikosongkan)")).to_have_value("55142")
    page.get_by_label("Jalan, nomor rumah, patokan").fill("Jl. Bantul No. 12")
    # Far from Kepahiang: a courier that reaches her is chosen, not the village's pickup.
    chosen = page.locator("#pengiriman input[name=delivery]:checked")
    expect(chosen).to_have_value(re.compile(r"^courier:"))
    me.check("checkout")
    if javascript:  # axe-core runs in the page
        me.accessible("checkout")

    page.get_by_role("button", name="Periksa pesanan").click()
    page.wait_for_url(storefront.path_re("/pesan/periksa/"))
    total = page.locator(".totals dt.grand + dd").inner_text()
    me.check("review")
    if javascript:  # axe-core runs in the page
        me.accessible("review")
    page.get_by_role("button", name=f"Buat pesanan · {total}").click()
    page.wait_for_url(re.compile(r".*/pesanan/BTA-\w{5}/$"))
    me.check("order")
    if javascript:  # axe-core runs in the page
        me.accessible("order")

    from tokodesa.orders.models import Order

    order = Order.objects.get()
    assert format_rupiah(order.payable) == total  # the amount shown is the amount asked
    expect(page.locator("#pay-amount")).to_have_text(total)
    assert order.delivery_method.startswith("courier:")
    assert wire.total < BUDGET, str(wire)
