"""The whole back-office story on 360 px phones, three browsers at once: a villager puts up a
product with a photo from her phone, the shop team approves it, a buyer orders and pays, the
team hands it over, the villager sees her earning (less the village's 5 %) and is paid it in
cash against a printed receipt."""

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tokodesa.core.templatetags.rupiah import format_rupiah

# The live server needs a transactional database, emptied after each test (see storefront).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POT = "Pot Gerabah Gantung"
CATEGORY = "Tanah Liat & Gerabah"
DESCRIPTION = "Pot tanah liat bakar dengan tali rami, untuk tanaman gantung di teras."
# (label, price, weight with packing in grams, stock): the two sizes the seller types in.
SMALL = ("Kecil (12 cm)", 6_000, 700, 15)
LARGE = ("Besar (20 cm)", 9_245, 1_400, 8)
QUANTITY = 2  # of the large pot: Rp18.490, whose 5 % (Rp924,50) rounds up to Rp925
ORDER_PATH = re.compile(r"/batu-ampar/pesanan/(BTA-[2-9A-HJKMNP-Z]{5})/$")
REGION_PATH = [
    ("Provinsi", "Daerah Istimewa Yogyakarta"),
    ("Kabupaten / kota", "Kota Yogyakarta"),
    ("Kecamatan", "Mantrijeron"),
    ("Desa / kelurahan", "Gedongkiwo"),
]


def pot_photo(path):
    """A phone photo of a clay pot: a real JPEG, made with Pillow."""
    image = Image.new("RGB", (960, 720), (222, 206, 180))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 170, 660, 230), fill=(150, 70, 35))
    draw.polygon([(330, 230), (630, 230), (580, 600), (380, 600)], fill=(176, 88, 46))
    draw.line((480, 20, 330, 170), fill=(120, 100, 60), width=6)
    draw.line((480, 20, 630, 170), fill=(120, 100, 60), width=6)
    image.save(path, "JPEG", quality=85)
    return path


def half_up_fee(amount: int, basis_points: int) -> int:
    """The village's part, worked out independently of the ledger's integer arithmetic."""
    exact = Decimal(amount) * basis_points / 10_000
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def status(page):
    return page.locator("main .status")


def message(page):
    return page.locator("main .messages")


def totals_value(page, term: str):
    term_only = re.compile(rf"^\s*{re.escape(term)}\s*$")
    return page.locator(".totals dt", has_text=term_only).locator("xpath=following-sibling::dd[1]")


def phone(shopper, who: str):
    me = shopper()
    me.test_name += f"-{who}"  # each phone numbers its own screenshots
    return me


def log_in(me, storefront, login, *, lands_on: str):
    page = me.page
    me.goto(storefront.at("/masuk/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk")
    page.get_by_label("Nama pengguna", exact=True).fill(login.username)
    page.get_by_label("Kata sandi", exact=True).fill(login.password)
    me.check("login")
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(storefront.path_re(lands_on))


def expect_photo_loaded(page, image):
    """The <img> (lazy) is on the page and its file really arrived and decoded."""
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )


# --------------------------------------------------------------------------- 1. the seller


def seller_adds_a_product(seller, storefront, shop_seller, tmp_path):
    from tokodesa.catalog.models import Product

    page = seller.page
    log_in(seller, storefront, shop_seller, lands_on="/lapak/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Halo, Ibu Yuliana")
    expect(page.locator("main .amount")).to_have_text("Uang saya: Rp0 ›")
    seller.check("stall")

    page.locator("main").get_by_role("link", name="Tambah produk", exact=True).click()
    page.wait_for_url(storefront.path_re("/lapak/produk/baru/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tambah produk")
    page.get_by_label("Nama produk", exact=True).fill(POT)
    page.get_by_label("Kategori", exact=True).select_option(label=CATEGORY)
    page.get_by_label("Dijual per", exact=True).select_option(label="buah")
    page.get_by_label("Keterangan", exact=True).fill(DESCRIPTION)
    photo = page.get_by_label("Foto (dari kamera atau galeri)", exact=True)
    expect(photo).to_have_attribute("capture", "environment")  # opens the back camera
    expect(photo).to_have_attribute("accept", "image/*")
    photo.set_input_files(pot_photo(tmp_path / "pot.jpg"))
    # One required size plus one spare: both are there for a new product.
    variants = page.locator("main .variant-edit")
    expect(variants).to_have_count(2)
    for form, (label, price, weight, stock) in zip(variants.all(), (SMALL, LARGE), strict=True):
        form.get_by_label("Ukuran atau jenis", exact=True).fill(label)
        form.get_by_label("Harga (Rp)", exact=True).fill(str(price))
        form.get_by_label("Stok", exact=True).fill(str(stock))
        form.get_by_label("Berat dengan kemasan (gram)", exact=True).fill(str(weight))
    seller.check("product-form")

    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(storefront.path_re("/lapak/"))
    expect(message(page)).to_have_text(
        "Tersimpan. Toko desa akan memeriksanya sebelum mulai dijual."
    )
    card = page.locator("main li.box", has_text=POT)
    expect(card.locator(".status")).to_have_text("sedang diperiksa")
    expect(card.locator(".stockrow")).to_have_text(
        [re.compile(r"Kecil \(12 cm\) · Rp6\.000\s*−\s*15\s*\+"), re.compile(r"Rp9\.245\s*−\s*8")]
    )
    seller.check("product-saved")

    product = Product.objects.get(name=POT)
    assert product.status == "review"
    assert product.seller == storefront.sellers["Ibu Yuliana"]
    assert (product.category.name, product.unit, product.description) == (
        CATEGORY,
        "pcs",
        DESCRIPTION,
    )
    variants = product.variants.order_by("price")
    assert [(v.label, v.price, v.weight_g, v.stock) for v in variants] == [SMALL, LARGE]
    assert product.images.count() == 1
    return product


# --------------------------------------------------------------------------- 2. the team


def staff_approves(staff, storefront, shop_staff, product):
    from tokodesa.catalog.models import Product

    page = staff.page
    log_in(staff, storefront, shop_staff, lands_on="/kelola/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hari ini di toko")
    tile = page.get_by_role("link", name="1 produk perlu diperiksa", exact=True)
    expect(tile).to_be_visible()
    staff.check("today")
    tile.click()
    page.wait_for_url(storefront.path_re("/kelola/produk/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Produk yang perlu diperiksa")
    box = page.locator("main section.box", has_text=POT)
    expect(box).to_have_count(1)
    expect(box.get_by_role("heading", level=2)).to_have_text(f"{POT} · Pot Bunga Yuli · {CATEGORY}")
    expect(box).to_contain_text(DESCRIPTION)
    expect(box.locator("li")).to_have_text(
        ["Kecil (12 cm) · Rp6.000 · stok 15", "Besar (20 cm) · Rp9.245 · stok 8"]
    )
    expect_photo_loaded(page, box.locator("img.thumb"))
    staff.check("products-to-review")

    box.get_by_role("button", name="Setujui, mulai dijual", exact=True).click()
    page.wait_for_url(storefront.path_re("/kelola/produk/"))
    expect(message(page)).to_have_text(f"{POT}: dijual.")
    expect(page.locator("main .empty")).to_have_text("Tidak ada yang perlu diperiksa.")
    staff.check("approved")
    product.refresh_from_db()
    assert product.status == Product.Status.ACTIVE


# --------------------------------------------------------------------------- 3. the buyer


def buyer_orders(buyer, storefront):
    from tokodesa.orders.models import Order

    page = buyer.page
    buyer.goto(storefront.at("/"))
    page.get_by_label("Cari produk", exact=True).fill("gerabah gantung")
    page.get_by_label("Cari produk", exact=True).press("Enter")
    page.wait_for_url(re.compile(r"/batu-ampar/cari/\?q=gerabah\+gantung$"))
    card = page.locator("main .card", has_text=POT)
    expect(card).to_have_count(1)
    buyer.check("search")
    card.get_by_role("link").first.click()

    page.wait_for_url(re.compile(r"/batu-ampar/produk/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(POT)
    expect(page.locator("main .price.big")).to_have_text("Rp6.000 – Rp9.245")
    expect_photo_loaded(page, page.locator(".gallery img").first)
    page.get_by_role("radio", name=re.compile(r"^Besar \(20 cm\)")).check()
    page.get_by_label("Jumlah", exact=True).fill(str(QUANTITY))
    buyer.check("product")
    page.get_by_role("button", name="Masukkan keranjang").click()
    page.wait_for_url(storefront.path_re("/keranjang/"))
    line = page.locator("#cart li.line")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Besar (20 cm) · Rp9.245")
    expect(line).to_contain_text("Pot Bunga Yuli")
    expect(totals_value(page, "Subtotal")).to_have_text("Rp18.490")

    page.get_by_role("link", name="Lanjut: alamat dan pengiriman").click()
    page.wait_for_url(storefront.path_re("/pesan/"))
    page.get_by_label("Nama Anda").fill("Sri Wahyuni")
    page.get_by_label("Nomor WhatsApp").fill("0812 9876 5432")
    for level, (label, option) in enumerate(REGION_PATH):
        select = page.get_by_label(label, exact=True)
        expect(select.get_by_role("option", name=option, exact=True)).to_have_count(1)
        if level + 1 < len(REGION_PATH):
            select.select_option(label=option)
        else:  # the desa decides the delivery options: the page is priced again
            with page.expect_navigation():
                select.select_option(label=option)
            # Back at /pesan/ with an anchor: it was #pengiriman, shop.js now says #id_street.
            expect(page).to_have_url(re.compile(re.escape(storefront.at("/pesan/")) + r"#[\w-]+$"))
    expect(page.get_by_label("Kode pos (boleh dikosongkan)")).to_have_value("55142")
    page.get_by_label("Jalan, nomor rumah, patokan").fill("Jl. Bantul No. 12")
    pickup = page.get_by_role("radio", name=re.compile(r"^Ambil di toko desa"))
    pickup.check()
    page.get_by_role("radio", name=re.compile(r"^Transfer bank")).check()
    expect(pickup).to_be_checked()
    buyer.check("checkout")

    page.get_by_role("button", name="Periksa pesanan").click()
    page.wait_for_url(storefront.path_re("/pesan/periksa/"))
    payable = totals_value(page, "Total").inner_text()  # Rp18.490 and the kode unik
    page.get_by_role("button", name=f"Buat pesanan · {payable}").click()
    page.wait_for_url(ORDER_PATH)
    expect(status(page)).to_have_text("Menunggu pembayaran")
    buyer.check("order")
    order = Order.objects.get(code=ORDER_PATH.search(page.url).group(1))
    assert (order.delivery_method, order.payment_method) == ("pickup", "bank_transfer")
    assert order.subtotal == order.total == LARGE[1] * QUANTITY
    assert order.payable == order.total + order.unique_code
    assert format_rupiah(order.payable) == payable
    return order


# --------------------------------------------------------------------------- 4. the team


def staff_opens_the_order(staff, storefront, order):
    page = staff.page
    staff.goto(storefront.at("/kelola/pesanan/"))
    page.get_by_role("link", name=re.compile(rf"^{order.code} · Sri Wahyuni")).click()
    page.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(order.code)
    expect(page.locator("main ul.lines").first.locator("li")).to_have_text(
        re.compile(rf"^{QUANTITY} × {POT} \(Besar \(20 cm\)\) · Pot Bunga Yuli\s*Rp18\.490$")
    )
    staff.check("order")


def staff_presses(staff, storefront, order, button: str, *, shown: str, stored: str):
    page = staff.page
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(storefront.path_re(f"/kelola/pesanan/{order.code}/"))
    expect(message(page)).to_have_text(f"Pesanan {order.code} sekarang: {shown}.")
    expect(status(page)).to_have_text(shown.capitalize())
    staff.check(f"order-{stored}")
    order.refresh_from_db()
    assert order.status == stored


def seller_sees_what_to_bring(seller, order):
    page = seller.page
    page.reload()
    bring = page.locator("main .box", has_text="Bawa ke toko").locator("li")
    expect(bring).to_have_text(
        re.compile(rf"^{QUANTITY} × {POT} \(Besar \(20 cm\)\)\s*Pesanan {order.code}$")
    )
    expect(page.locator("main .amount")).to_have_text("Uang saya: Rp0 ›")  # not earned yet
    seller.check("stall-to-bring")


# --------------------------------------------------------------------------- 5. the seller


def seller_sees_her_money(seller, storefront, order, earning, fee):
    from tokodesa.ledger.models import LedgerEntry
    from tokodesa.ledger.services import seller_balance

    page = seller.page
    page.reload()
    expect(page.locator("main .amount")).to_have_text(f"Uang saya: {format_rupiah(earning)} ›")
    expect(page.locator("main .box", has_text="Bawa ke toko")).to_contain_text(
        "Belum ada yang perlu dibawa."
    )
    card = page.locator("main li.box", has_text=POT)
    expect(card.locator(".status")).to_have_text("dijual")
    expect(card.locator(".stockrow").nth(1)).to_have_text(  # two sold
        re.compile(rf"^Besar \(20 cm\) · Rp9\.245\s*−\s*{LARGE[3] - QUANTITY}\s*\+\s*$")
    )
    seller.check("stall-earned")

    page.locator("main").get_by_role("link", name=re.compile(r"^Uang saya")).click()
    page.wait_for_url(storefront.path_re("/lapak/uang/"))
    expect(page.locator("main .amount")).to_have_text(
        f"Hak saya di toko desa: {format_rupiah(earning)}"
    )
    entries = page.locator("main h2:text-is('Riwayat saldo') + ul li")
    expect(entries).to_have_count(1)
    expect(entries).to_contain_text(f"Pendapatan · {order.code}: {QUANTITY} × {POT}")
    expect(entries).to_contain_text(f"bagian desa {format_rupiah(fee)}")
    expect(entries.locator("strong")).to_have_text(format_rupiah(earning))
    sold = page.locator("main h2:text-is('Terjual') + ul li")
    expect(sold).to_have_count(1)
    expect(sold).to_contain_text(f"{QUANTITY} × {POT} (Besar (20 cm)) ·")
    expect(sold.locator("strong")).to_have_text("Rp18.490")
    seller.check("money")

    seller_row = storefront.sellers["Ibu Yuliana"]
    assert seller_balance(seller=seller_row) == earning
    entry = LedgerEntry.objects.get(seller=seller_row)
    assert (entry.kind, entry.sale, entry.fee, entry.amount) == ("earning", 18_490, fee, earning)


# --------------------------------------------------------------------------- 6. the team


def staff_pays_out(staff, storefront, earning):
    from tokodesa.ledger.models import Payout
    from tokodesa.ledger.services import seller_balance

    yuliana = storefront.sellers["Ibu Yuliana"]
    page = staff.page
    staff.goto(storefront.at("/kelola/"))
    page.get_by_role("link", name="Saldo penjual", exact=True).click()
    page.wait_for_url(storefront.path_re("/kelola/penjual/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Uang yang menjadi hak penjual")
    rows = page.locator("main ul.lines li")
    expect(rows).to_have_count(len(storefront.sellers))
    row = rows.filter(has_text="Ibu Yuliana")
    expect(row).to_contain_text(f"total pendapatan {format_rupiah(earning)}")
    expect(row.locator(":scope > strong")).to_have_text(format_rupiah(earning))
    for other in rows.filter(has_not_text="Ibu Yuliana").all():
        expect(other.locator(":scope > strong")).to_have_text("Rp0")
    staff.check("balances")

    row.get_by_role("link").click()
    page.wait_for_url(storefront.path_re(f"/kelola/penjual/{yuliana.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ibu Yuliana")
    expect(page.locator("main .amount")).to_have_text(f"Saldo: {format_rupiah(earning)}")
    expect(page.get_by_label("Bayarkan (Rp)", exact=True)).to_have_value(str(earning))
    page.get_by_label("Cara", exact=True).select_option(label="tunai")
    staff.check("seller-account")

    page.get_by_role("button", name="Catat pembayaran", exact=True).click()
    page.wait_for_url(re.compile(r"/batu-ampar/kelola/pembayaran-penjual/\d+/$"))
    payout = Payout.objects.get(seller=yuliana)
    assert (payout.amount, payout.method) == (earning, "cash")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Kuitansi pembayaran ke penjual #{payout.pk}"
    )
    receipt = page.locator("body")
    expect(receipt).to_contain_text(f"Diterima oleh Ibu Yuliana: {format_rupiah(earning)}")
    expect(receipt).to_contain_text("Cara: tunai")
    expect(receipt).to_contain_text("Dibayar oleh: Rina Petugas")
    signatures = page.locator(".sign > div")
    expect(signatures).to_have_text(
        [
            re.compile(r"^Penerima \(tanda tangan\)\s*Ibu Yuliana$"),
            re.compile(r"^Pembayar \(tanda tangan\)\s*Rina Petugas$"),
        ]
    )
    staff.check("receipt")
    assert seller_balance(seller=yuliana) == 0

    staff.goto(storefront.at(f"/kelola/penjual/{yuliana.pk}/"))
    expect(page.locator("main .amount")).to_have_text("Saldo: Rp0")
    expect(page.get_by_role("button", name="Catat pembayaran")).to_have_count(0)
    expect(page.get_by_role("link", name="Kuitansi", exact=True)).to_have_count(1)
    staff.check("seller-paid")


def seller_sees_she_was_paid(seller, earning):
    page = seller.page
    page.reload()
    expect(page.locator("main .amount")).to_have_text("Hak saya di toko desa: Rp0")
    entries = page.locator("main h2:text-is('Riwayat saldo') + ul li")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("Pembayaran ke penjual · tunai")
    expect(entries.first.locator("strong")).to_have_text(format_rupiah(-earning))
    seller.check("money-paid")


@pytest.mark.usefixtures("regions", "shop_bank_account", "quick_logins")
def test_seller_product_to_payout(
    shopper, storefront, shop_staff, shop_seller, village_fee, tmp_path
):
    assert village_fee == 500
    seller, staff, buyer = (
        phone(shopper, "seller"),
        phone(shopper, "staff"),
        phone(shopper, "buyer"),
    )

    product = seller_adds_a_product(seller, storefront, shop_seller, tmp_path)
    staff_approves(staff, storefront, shop_staff, product)
    order = buyer_orders(buyer, storefront)
    staff_opens_the_order(staff, storefront, order)
    staff_presses(
        staff, storefront, order, "Pembayaran diterima", shown="sudah dibayar", stored="paid"
    )
    staff_presses(
        staff, storefront, order, "Mulai siapkan", shown="sedang disiapkan", stored="processing"
    )
    seller_sees_what_to_bring(seller, order)
    # Picked up at the shop: a pickup order completes straight from being prepared.
    staff_presses(
        staff, storefront, order, "Sudah diambil pembeli", shown="selesai", stored="completed"
    )

    line_total = LARGE[1] * QUANTITY
    fee = half_up_fee(line_total, village_fee)
    assert fee == 925  # 5 % of Rp18.490 is Rp924,50: half up, not to even
    earning = line_total - fee
    seller_sees_her_money(seller, storefront, order, earning, fee)
    staff_pays_out(staff, storefront, earning)
    seller_sees_she_was_paid(seller, earning)
