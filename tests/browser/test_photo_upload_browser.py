"""A villager adds a product with a 12 MP phone photo over a slow upload: the browser makes
the photo smaller before sending it (to the longest side the shop keeps) and shows the
sending; the product is saved with its photo, and the page it lands on is the usual one."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def phone_photo(path):
    """A 4000 × 3000 JPEG with a phone camera's grain: several megabytes."""
    grain = Image.effect_noise((1000, 750), 40).resize((4000, 3000))
    photo = Image.merge(
        "RGB", (grain, grain.point(lambda v: v * 0.8), grain.point(lambda v: v // 2))
    )
    photo.save(path, "JPEG", quality=92)
    return path


def test_a_phone_photo_is_made_smaller_before_it_is_sent(
    shopper, storefront, shop_seller, tmp_path
):
    from tokodesa.catalog.models import Product
    from tokodesa.core.images import MASTER_MAX_SIDE

    me = shopper()
    page = me.page
    me.goto(storefront.at("/masuk/"))
    page.get_by_label("Nama pengguna", exact=True).fill(shop_seller.username)
    page.get_by_label("Kata sandi", exact=True).fill(shop_seller.password)
    page.locator("main").get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(storefront.path_re("/lapak/"))
    me.goto(storefront.at("/lapak/produk/baru/"))
    page.get_by_label("Nama produk", exact=True).fill("Pot Gerabah Gantung")
    page.get_by_label("Kategori", exact=True).select_option(label="Tanah Liat & Gerabah")
    page.get_by_label("Keterangan", exact=True).fill("Pot tanah liat bakar dengan tali rami.")
    original = phone_photo(tmp_path / "IMG_20261203_101500.jpg")
    page.get_by_label("Foto (dari kamera atau galeri)", exact=True).set_input_files(original)
    first = page.locator("main .variant-edit").first
    first.get_by_label("Ukuran atau jenis", exact=True).fill("Kecil (12 cm)")
    first.get_by_label("Harga (Rp)", exact=True).fill("6000")
    first.get_by_label("Stok", exact=True).fill("15")
    first.get_by_label("Berat dengan kemasan (gram)", exact=True).fill("700")
    me.check("form")

    # A slow upload (Slow 3G sends ~50 KB/s), so the sending can be seen.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {"offline": False, "latency": 400, "downloadThroughput": 51200}
    cdp.send("Network.emulateNetworkConditions", {**conditions, "uploadThroughput": 102400})
    sent = []
    page.on(
        "request",
        lambda r: sent.append(len(r.post_data_buffer or b"")) if r.method == "POST" else None,
    )
    page.get_by_role("button", name="Simpan", exact=True).click()
    progress = page.locator(".upload-progress")
    expect(progress).to_be_visible()
    expect(progress).to_contain_text("Mengirim foto…")
    me.check("sending")
    page.wait_for_url(storefront.path_re("/lapak/"), timeout=60_000)
    expect(page.locator(".messages")).to_contain_text("Tersimpan.")
    me.check("saved")

    size = original.stat().st_size
    assert size > 3_000_000, size  # what the phone would have sent
    assert sent and max(sent) < 800_000, (sent, size)  # what it sent
    product = Product.objects.get(name="Pot Gerabah Gantung")
    image = product.images.get()
    with Image.open(image.image.open()) as kept:
        assert max(kept.size) == MASTER_MAX_SIDE
    assert re.match(r"^products/", image.image.name)
