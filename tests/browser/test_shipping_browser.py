"""Shipping on a 360 px phone: a buyer in Kota Yogyakarta (the village is in Bengkulu) picks a
courier priced from the offline rate table, the shop team ships with a resi, the buyer tracks
the parcel and says it arrived."""

import re

import pytest
from playwright.sync_api import expect
from test_checkout_browser import fill_buyer, pick_regions_with_javascript, totals_value

from tokodesa.core.templatetags.rupiah import format_rupiah

# The live server needs a transactional database, emptied after each test (see storefront).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUGAR = "Gula Aren Cetak Batok"  # the "1 kg" bag: Rp40.000, 1100 g
ORDER_PATH = re.compile(r"/batu-ampar/pesanan/(BTA-[2-9A-HJKMNP-Z]{5})/$")
# 1100 g + the default 200 g packing = 1.3 kg: 1 kg for couriers that carry up to 300 g of a
# started kilogram free (JNE, J&T, SiCepat), 2 kg for POS, which rounds every fraction up.
# JNE REG Bengkulu (17) → DI Yogyakarta (34) in the shipped rates.csv: Rp30.000/kg, 3–4 days.
JNE_REG_FEE = 30_000
PRICE = re.compile(r"Rp(\d{1,3}(?:\.\d{3})*)")
RESI_TYPED = "jp 1234 5678 90"
RESI = "JP1234567890"


def status(page):
    return page.locator("main .status")


def delivery_offered(page) -> list[tuple[str, int, str]]:
    """(label, fee, the rest of the text) of each option in the delivery fieldset, in order:
    "JNE REG · Rp30.000\n3–4 hari\ndihitung 1 kg" → ("JNE REG", 30000, "3–4 hari dihitung 1 kg")."""
    offered = []
    for text in page.locator("#pengiriman label.option").all_inner_texts():
        head, _, rest = text.strip().partition("\n")
        label, _, price = (part.strip() for part in head.partition(" · "))
        price_match = PRICE.fullmatch(price)
        assert price == "gratis" or price_match, f"no price in {text!r}"
        fee = int(price_match[1].replace(".", "")) if price_match else 0
        offered.append((label, fee, " ".join(rest.split())))
    return offered


def test_courier_delivery_from_checkout_to_tracking(
    shopper, storefront, regions, shop_bank_account, shop_staff
):
    from tokodesa.orders.models import Order

    # The buyer puts a 1 kg bag of palm sugar in the cart.
    me = shopper()
    page = me.page
    me.goto(storefront.at(f"/produk/{storefront.products[SUGAR].slug}/"))
    page.get_by_role("radio", name=re.compile(r"^1 kg\b")).check()
    me.check("product")
    page.get_by_role("button", name="Masukkan keranjang").click()
    page.wait_for_url(storefront.path_re("/keranjang/"))
    expect(page.locator("#cart li.line")).to_contain_text("1 kg · Rp40.000")
    page.get_by_role("link", name="Lanjut: alamat dan pengiriman").click()
    page.wait_for_url(storefront.path_re("/pesan/"))

    # Before the address there is nothing to price a courier with: only pickup.
    delivery = page.locator("#pengiriman")
    expect(delivery.locator("label.option")).to_have_count(1)
    expect(delivery).to_contain_text("Ambil di toko desa · gratis")
    fill_buyer(page)
    pick_regions_with_javascript(page)  # the server prices delivery to Gedongkiwo

    # Couriers now, with price and days, cheapest first; pickup still offered.
    expect(delivery.locator("label.option")).not_to_have_count(1)
    offered = delivery_offered(page)
    fees = [fee for _, fee, _ in offered]
    assert fees == sorted(fees), offered
    assert offered[0][:2] == ("Ambil di toko desa", 0), offered
    couriers = offered[1:]
    assert len(couriers) >= 4, offered
    for label, fee, rest in couriers:
        assert fee > 0 and re.search(r"\d+(–\d+)? hari", rest), (label, fee, rest)
    by_label = {label: (fee, rest) for label, fee, rest in offered}
    shown_fee, jne_reg_detail = by_label["JNE REG"]
    assert (shown_fee, jne_reg_detail) == (JNE_REG_FEE, "3–4 hari dihitung 1 kg"), by_label
    assert by_label["Pos Reguler"][1].endswith("dihitung 2 kg"), by_label  # POS rounds up
    jne_reg = page.get_by_role("radio", name=re.compile(r"^JNE REG · "))
    expect(jne_reg).to_have_count(1)
    # Chosen for a buyer this far away: the cheapest courier, not the pickup in Kepahiang.
    cheapest = page.get_by_role("radio", name=re.compile(rf"^{re.escape(couriers[0][0])} · "))
    expect(cheapest).to_be_checked()
    me.check("checkout-couriers")

    jne_reg.check()
    page.get_by_label("Jalan, nomor rumah, patokan").fill("Jl. Bantul No. 12, depan masjid")
    expect(page.get_by_role("radio", name=re.compile(r"^Transfer bank"))).to_be_checked()
    expect(jne_reg).to_be_checked()
    me.check("checkout-jne-reg")

    # The review adds the courier's fee to the subtotal.
    page.get_by_role("button", name="Periksa pesanan").click()
    page.wait_for_url(storefront.path_re("/pesan/periksa/"))
    total = 40_000 + JNE_REG_FEE
    expect(totals_value(page, "Subtotal")).to_have_text("Rp40.000")
    expect(totals_value(page, "JNE REG")).to_have_text(format_rupiah(JNE_REG_FEE))
    code = int(totals_value(page, "Kode unik").inner_text().removeprefix("Rp").replace(".", ""))
    expect(totals_value(page, "Total")).to_have_text(format_rupiah(total + code))
    me.check("review")
    page.get_by_role("button", name=f"Buat pesanan · {format_rupiah(total + code)}").click()
    page.wait_for_url(ORDER_PATH)
    order = Order.objects.get(code=ORDER_PATH.search(page.url).group(1))
    assert (order.delivery_method, order.delivery_label) == ("courier:jne-reg", "JNE REG")
    assert (order.subtotal, order.shipping_fee, order.total) == (40_000, shown_fee, total)
    assert order.unique_code == code and order.payable == total + code
    expect(status(page)).to_have_text("Menunggu pembayaran")
    expect(totals_value(page, "Ongkos kirim")).to_have_text(format_rupiah(JNE_REG_FEE))
    me.check("order")

    # The shop team, on another phone: payment received, packing, then shipped with a resi.
    staff = shopper()
    staff.test_name += "-staff"
    desk = staff.page
    staff.goto(storefront.at(f"/kelola/pesanan/{order.code}/"))
    desk.locator("#id_username").fill(shop_staff.username)
    desk.locator("#id_password").fill(shop_staff.password)
    desk.locator("form", has=desk.locator("#id_password")).locator("[type=submit]").click()
    desk.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/"))
    expect(totals_value(desk, "Ongkos kirim")).to_have_text(format_rupiah(JNE_REG_FEE))
    desk.get_by_role("button", name="Pembayaran diterima", exact=True).click()
    expect(status(desk)).to_have_text("Sudah dibayar")
    desk.get_by_role("button", name="Mulai siapkan", exact=True).click()
    expect(status(desk)).to_have_text("Sedang disiapkan")
    expect(desk.get_by_label("Kurir", exact=True)).to_have_value("JNE REG")
    staff.check("ship-form")

    events = order.events.count()
    desk.get_by_label("Nomor resi", exact=True).fill("<script>")
    desk.get_by_role("button", name="Sudah dikirim", exact=True).click()
    expect(desk.locator(".messages")).to_have_text(
        "Nomor resi terdiri dari 8–40 huruf, angka, atau tanda minus."
    )
    expect(status(desk)).to_have_text("Sedang disiapkan")
    staff.check("bad-resi")
    order.refresh_from_db()
    assert (order.status, order.tracking_number, order.shipped_at) == ("processing", "", None)
    assert order.events.count() == events

    desk.get_by_label("Nomor resi", exact=True).fill(RESI_TYPED)
    desk.get_by_role("button", name="Sudah dikirim", exact=True).click()
    expect(desk.locator(".messages")).to_have_text(f"Pesanan {order.code} sekarang: dikirim.")
    expect(status(desk)).to_have_text("Dikirim")
    staff.check("shipped")
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == ("shipped", RESI)
    assert order.tracking_courier == "JNE REG" and order.shipped_at is not None

    # The buyer sees the resi and where to track it, then says the parcel arrived.
    page.reload()
    expect(status(page)).to_have_text("Dikirim")
    expect(page.locator(".box.next .num")).to_have_text(RESI)
    expect(page.locator(".box.next")).to_contain_text(f"JNE REG · nomor resi {RESI}")
    expect(page.get_by_role("link", name="Lacak paket", exact=True)).to_have_attribute(
        "href", f"https://cekresi.com/?noresi={RESI}"
    )
    me.check("shipped")
    page.get_by_text("Pesanan sudah saya terima", exact=True).click()  # a two-step confirmation
    page.get_by_role("button", name="Ya, sudah saya terima").click()
    page.wait_for_url(storefront.path_re(f"/pesanan/{order.code}/"))
    expect(page.locator(".messages")).to_have_text("Terima kasih! Semoga Anda suka.")
    expect(status(page)).to_have_text("Selesai")
    expect(page.locator(".box.next .num")).to_have_text(RESI)  # still there once completed
    me.check("completed")
    order.refresh_from_db()
    assert order.status == "completed"
