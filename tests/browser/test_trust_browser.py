"""Trust on a 360 px phone: a buyer whose order was completed opens it with its code and her
WhatsApp number, rates the pot with a photo, and the review shows on the product page; a
problem with another line is reported from the same order."""

import re

import pytest
from factories import jpeg_bytes, place_order
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_buyer_reviews_with_a_photo_and_reports_a_problem(
    shopper, storefront, regions, shop_bank_account, tmp_path
):
    from tokodesa.orders import services as orders
    from tokodesa.payments.services import payment_confirm

    pot = storefront.products["Pot Bunga Motif Daun"]
    order = place_order(storefront.village, [(pot.variants.order_by("price").first(), 1)])
    payment_confirm(order=order, actor=None)
    order = orders.order_start_preparing(order=order, actor=None)
    order = orders.order_complete(order=order, actor=None)

    me = shopper()
    page = me.page
    me.goto(storefront.at(f"/pesanan/{order.code}/"))
    page.get_by_label("Nomor WhatsApp").fill("0812 9876 5432")
    page.get_by_role("button", name=re.compile("Lihat|Buka|Tampilkan")).click()
    page.wait_for_url(storefront.path_re(f"/pesanan/{order.code}/"))
    page.get_by_role("link", name="Beri ulasan untuk barang yang Anda beli").click()
    page.wait_for_url(storefront.path_re(f"/pesanan/{order.code}/ulasan/"))
    me.check("review-form")
    assert me.small_targets() == []
    page.get_by_role("radio", name="4 dari 5 bintang").check()
    page.get_by_label("Ulasan Anda (boleh dikosongkan)").fill("Potnya kokoh, motifnya halus.")
    photo = tmp_path / "pot.jpg"
    photo.write_bytes(jpeg_bytes((900, 700)))
    page.locator("input[name=photos]").set_input_files(str(photo))
    page.get_by_role("button", name="Kirim ulasan").click()
    expect(page.locator(".messages")).to_have_text("Terima kasih atas ulasan Anda!")
    expect(page.locator("main")).to_contain_text("Sudah diulas. Terima kasih!")

    me.goto(storefront.at(f"/produk/{pot.slug}/"))
    reviews = page.locator("#ulasan")
    expect(reviews).to_contain_text("Potnya kokoh, motifnya halus.")
    expect(reviews).to_contain_text("Rina")
    expect(reviews.locator(".review-photos img")).to_have_count(1)
    expect(page.locator(".rating-line").first).to_contain_text("4,0")
    me.check("product-with-review")

    me.goto(storefront.at(f"/pesanan/{order.code}/masalah/"))
    page.get_by_role("radio", name="Sampai dalam keadaan rusak").check()
    page.get_by_label("Apa yang terjadi").fill("Retak di bibir pot.")
    page.get_by_role("button", name="Kirim laporan").click()
    expect(page.locator(".messages")).to_contain_text("Toko sudah menerima laporan Anda")
    expect(page.locator("main")).to_contain_text(
        "Sampai dalam keadaan rusak · menunggu keputusan toko"
    )
    me.check("problem-reported")
