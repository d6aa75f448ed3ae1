"""Paying on a 360 px phone: a bank transfer with kode unik, the buyer's proof, the shop team's
confirmation in another browser; and a QRIS order showing its QR code."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect
from test_checkout_browser import totals_value

from tokodesa.core.templatetags.rupiah import format_rupiah

# The live server needs a transactional database, emptied after each test (see storefront).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUGAR = "Gula Aren Cetak Batok"  # 500 g, Rp22.000
ORDER_PATH = re.compile(r"/batu-ampar/pesanan/(BTA-[2-9A-HJKMNP-Z]{5})/$")
REGION_PATH = [
    ("Provinsi", "Daerah Istimewa Yogyakarta"),
    ("Kabupaten / kota", "Kota Yogyakarta"),
    ("Kecamatan", "Mantrijeron"),
    ("Desa / kelurahan", "Gedongkiwo"),
]


def status(page):
    return page.locator("main .status")


def place_order(me, storefront, *, payment: str):
    """One bag of palm sugar, checked out with ``payment``; returns the order."""
    from tokodesa.orders.models import Order

    page = me.page
    me.goto(storefront.at(f"/produk/{storefront.products[SUGAR].slug}/"))
    page.get_by_role("button", name="Masukkan keranjang").click()
    page.wait_for_url(storefront.path_re("/keranjang/"))
    page.get_by_role("link", name="Lanjut: alamat dan pengiriman").click()
    page.wait_for_url(storefront.path_re("/pesan/"))
    page.get_by_label("Nama Anda").fill("Sri Wahyuni")
    page.get_by_label("Nomor WhatsApp").fill("0812 9876 5432")
    for label, option in REGION_PATH:
        select = page.get_by_label(label, exact=True)
        expect(select.get_by_role("option", name=option, exact=True)).to_have_count(1)
        select.select_option(label=option)
    page.get_by_label("Jalan, nomor rumah, patokan").fill("Jl. Bantul No. 12")
    # Collected at the shop (the default for Yogyakarta is a courier): the amounts below are
    # the goods and the kode unik only.
    page.get_by_role("radio", name=re.compile(r"^Ambil di toko desa")).check()
    page.get_by_role("radio", name=re.compile(rf"^{payment}")).check()
    me.check("checkout")
    page.get_by_role("button", name="Periksa pesanan").click()
    page.wait_for_url(storefront.path_re("/pesan/periksa/"))
    payable = totals_value(page, "Total").inner_text()  # with the kode unik of a transfer
    page.get_by_role("button", name=f"Buat pesanan · {payable}").click()
    page.wait_for_url(ORDER_PATH)
    order = Order.objects.get(code=ORDER_PATH.search(page.url).group(1))
    assert format_rupiah(order.payable) == payable
    return order


def receipt_photo(path):
    """A phone photo of a transfer receipt: a real JPEG, made with Pillow."""
    from PIL import ImageDraw

    image = Image.new("RGB", (720, 960), (236, 240, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 80, 660, 880), fill=(255, 255, 255), outline=(0, 82, 147), width=6)
    for row, text in enumerate(("BRImo", "Transfer Berhasil", "BUMDes Batu Ampar", "Rp22.xxx")):
        draw.text((100, 140 + row * 80), text, fill=(20, 20, 20))
    image.save(path, "JPEG", quality=85)
    return path


def test_transfer_with_unique_code_proof_and_staff_confirmation(
    shopper, storefront, regions, shop_bank_account, shop_staff, tmp_path
):
    from tokodesa.payments.models import PaymentRecord

    # The buyer orders and pays by bank transfer, to the rupiah.
    me = shopper()
    page = me.page
    order = place_order(me, storefront, payment="Transfer bank")
    assert order.payment_method == "bank_transfer" and 1 <= order.unique_code <= 999
    assert order.payable == 22_000 + order.unique_code
    amount = format_rupiah(order.payable)
    expect(status(page)).to_have_text("Menunggu pembayaran")
    expect(page.locator("#pay-amount")).to_have_text(amount)
    expect(page.locator(".pay")).to_contain_text(
        f"Yaitu Rp22.000 ditambah kode unik Rp{order.unique_code}, supaya toko mengenali "
        "transfer Anda dari jumlahnya. Mohon jangan dibulatkan."
    )
    expect(page.locator(".pay .accounts")).to_contain_text("BRI 0123-01-000456-30-1")
    me.check("transfer-instructions")

    page.get_by_label("Foto atau PDF bukti transfer").set_input_files(
        receipt_photo(tmp_path / "bukti-transfer.jpg")
    )
    page.get_by_label("Catatan, misalnya nama pengirim").fill("a.n. Sri Wahyuni, BRI")
    page.get_by_role("button", name="Saya sudah bayar").click()
    page.wait_for_url(storefront.path_re(f"/pesanan/{order.code}/"))
    expect(page.locator(".messages")).to_have_text(
        "Terima kasih. Toko akan memeriksa dan mengonfirmasi pembayaran Anda."
    )
    expect(page.locator(".box.next .note")).to_have_text(
        "Anda sudah mengabari toko bahwa Anda sudah membayar. Toko sedang memeriksanya."
    )
    expect(status(page)).to_have_text("Menunggu pembayaran")
    me.check("claimed")
    claim = PaymentRecord.objects.get(order=order)
    assert claim.kind == "claimed" and claim.amount == order.payable and claim.proof

    # Someone of the shop team logs in on another phone and confirms the money arrived.
    staff = shopper()
    staff.test_name += "-staff"
    desk = staff.page
    staff.goto(storefront.at(f"/kelola/pesanan/{order.code}/"))
    # Not logged in: a login page that comes back here (the shop's own /masuk/ since it has
    # one; before, the admin's). Both are Django's AuthenticationForm.
    expect(desk).to_have_url(re.compile(rf"\?next=/batu-ampar/kelola/pesanan/{order.code}/$"))
    staff.check("login")
    desk.locator("#id_username").fill(shop_staff.username)
    desk.locator("#id_password").fill(shop_staff.password)
    desk.locator("form", has=desk.locator("#id_password")).locator("[type=submit]").click()
    desk.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/"))
    expect(desk.get_by_role("heading", level=1)).to_have_text(order.code)
    expect(status(desk)).to_have_text("Menunggu pembayaran")
    expect(desk.locator(".actions-box")).to_contain_text(
        f"Cari dana masuk sebesar {amount} di rekening, lalu:"
    )
    payments = desk.locator("h2:text-is('Pembayaran') + p + ul li")
    expect(payments).to_have_count(1)
    expect(payments).to_contain_text(f"Pembeli mengabari sudah bayar · {amount}")
    expect(payments).to_contain_text("a.n. Sri Wahyuni, BRI")
    proof = payments.get_by_role("link", name="Bukti", exact=True)
    expect(proof).to_be_visible()
    staff.check("order-with-proof")

    # The proof is the buyer's photo (re-encoded), for the team only.
    answer = staff.context.request.get(proof.evaluate("a => a.href"))
    assert answer.status == 200 and answer.headers["content-type"].startswith("image/")
    assert Image.open(io.BytesIO(answer.body())).size == (720, 960)
    assert answer.headers["cache-control"] == "private, no-store"
    # The buyer's browser, not logged in, is sent to log in instead.
    refused = me.context.request.get(proof.evaluate("a => a.href"), max_redirects=0)
    assert refused.status == 302, refused
    assert "?next=/batu-ampar/kelola/bukti/" in refused.headers["location"], refused.headers

    desk.get_by_role("button", name="Pembayaran diterima", exact=True).click()
    desk.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/"))
    expect(desk.locator(".messages")).to_have_text(f"Pesanan {order.code} sekarang: sudah dibayar.")
    expect(status(desk)).to_have_text("Sudah dibayar")
    expect(desk.get_by_text(f"Diterima {amount} dari {amount}.")).to_be_visible()
    staff.check("confirmed")

    # The buyer looks again.
    page.reload()
    expect(status(page)).to_have_text("Sudah dibayar")
    expect(page.locator(".box.next")).to_contain_text(
        "Pembayaran sudah diterima. Toko sedang mengumpulkan barang dari para warga."
    )
    expect(page.get_by_role("button", name="Saya sudah bayar")).to_have_count(0)
    me.check("paid")
    order.refresh_from_db()
    assert order.status == "paid"


def test_qris_order_shows_the_qr_code(shopper, storefront, regions, shop_bank_account, shop_qris):
    from payments.qris_samples import NATIONAL_ONLY

    from tokodesa.payments.qris import qr_svg, to_dynamic

    me = shopper()
    page = me.page
    order = place_order(me, storefront, payment="QRIS")
    assert order.payment_method == "qris"
    assert order.unique_code == 0 and order.payable == 22_000  # QRIS carries the exact amount
    expect(status(page)).to_have_text("Menunggu pembayaran")
    expect(page.locator(".pay")).to_contain_text(
        "Pindai QRIS ini dengan aplikasi bank atau dompet digital apa saja. "
        "Jumlah Rp22.000 sudah terisi."
    )
    figure = page.locator("figure.qris")
    expect(figure.locator("figcaption")).to_contain_text("Rp22.000")
    expect(figure.locator("figcaption")).to_contain_text("TOKO DESA BATU AMPAR")  # merchant
    code = figure.locator("svg")
    expect(code).to_be_visible()
    expect(code).to_have_attribute("role", "img")
    expect(code).to_have_accessible_name("Kode QRIS")
    box = code.bounding_box()
    assert box["width"] >= 200, box
    assert abs(box["width"] - box["height"]) < 1, box  # square
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box  # whole, on the screen
    # The QR drawn is the shop's code with this order's amount in it.
    expected = qr_svg(to_dynamic(NATIONAL_ONLY, order.payable))
    drawn = code.locator("path[stroke]").get_attribute("d")
    assert drawn and f'd="{drawn}"' in expected
    expect(page.get_by_role("button", name="Saya sudah bayar")).to_be_visible()
    me.check("qris")
