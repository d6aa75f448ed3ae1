"""Reviews from real buyers: only for a completed order's lines, once each, shown on cards,
product pages (with JSON-LD) and replied to once by the seller; the team hides, never edits."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from factories import jpeg_bytes, make_product, make_seller, place_order, upload

from tokodesa.audit.models import AuditEntry
from tokodesa.catalog.models import Product
from tokodesa.orders import services as orders
from tokodesa.payments.services import payment_confirm
from tokodesa.reviews.models import Review
from tokodesa.reviews.services import review_add, review_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def gula(seller, regions, bank_account):
    return make_product(seller, "Gula Aren", price=22000, stock=30)


def completed(village, variant, staff, buyer="Rina Wulandari"):
    order = place_order(village, [(variant, 1)], buyer=buyer)
    payment_confirm(order=order, actor=staff)
    order = orders.order_start_preparing(order=order, actor=staff)
    return orders.order_complete(order=order, actor=staff)


def grant(client, order):
    session = client.session
    session["orders"] = [order.code]
    session.save()


def test_a_buyer_reviews_from_the_order_page_and_every_page_shows_it(client, village, staff, gula):
    order = completed(village, gula.variants.get(), staff)
    grant(client, order)
    page = client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()
    assert f"/batu-ampar/pesanan/{order.code}/ulasan/" in page
    line = order.lines.get()
    response = client.post(
        f"/batu-ampar/pesanan/{order.code}/ulasan/",
        {
            "line": line.pk,
            "rating": "4",
            "text": "Manis, wangi.\nPengiriman cepat.",
            "photos": [upload(jpeg_bytes(), "a.jpg"), upload(jpeg_bytes(), "b.jpg")],
        },
        follow=True,
    )
    assert "Terima kasih atas ulasan Anda!" in response.content.decode()
    review = Review.objects.get()
    assert (review.rating, review.buyer_label, review.photos.count()) == (4, "Rina W.", 2)
    product = Product.objects.get(pk=gula.pk)
    assert (product.rating_count, product.rating) == (1, 4.0)

    client.logout()
    html = client.get("/batu-ampar/produk/gula-aren/").content.decode()
    assert "Manis, wangi.<br>Pengiriman cepat." in html and "Rina W." in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["aggregateRating"]["ratingValue"] == 4.0
    assert data["aggregateRating"]["reviewCount"] == 1
    assert data["review"][0]["author"]["name"] == "Rina W."
    listing = client.get("/batu-ampar/produk/").content.decode()
    assert "4,0" in listing or "4.0" in listing


def test_bad_reviews_are_refused_and_nothing_is_saved(client, village, other_village, staff, gula):
    open_order = place_order(village, [(gula.variants.get(), 1)])
    with pytest.raises(ValidationError, match="setelah pesanan selesai"):
        review_add(order=open_order, line_id=open_order.lines.get().pk, rating=5)
    order = completed(village, gula.variants.get(), staff)
    line = order.lines.get()
    for rating, text, message in [
        (0, "", "1 sampai 5 bintang"),
        (6, "", "1 sampai 5 bintang"),
        (5, "x" * 1001, "1000 karakter"),
        (5, "<script>alert(1)</script>", "tanpa tanda"),
        (5, "bagus <a href=x>", "tanpa tanda"),
    ]:
        with pytest.raises(ValidationError, match=message):
            review_add(order=order, line_id=line.pk, rating=rating, text=text)
    with pytest.raises(ValidationError):
        review_add(order=order, line_id=999999, rating=5)
    review_add(order=order, line_id=line.pk, rating=5, text="Mantap")
    with pytest.raises(ValidationError, match="sudah mengulas"):
        review_add(order=order, line_id=line.pk, rating=4)
    assert Review.objects.count() == 1
    # Another village's order is not found on this shop's address; a stranger is asked who.
    grant(client, order)
    assert client.get(f"/bangunjiwo/pesanan/{order.code}/ulasan/").status_code == 404
    client.logout()
    assert client.get(f"/batu-ampar/pesanan/{order.code}/ulasan/").status_code == 302


def test_the_seller_replies_once_and_the_team_hides_with_a_reason(
    client, village, staff, gula, seller
):
    from django.contrib.auth import get_user_model

    from tokodesa.sellers.services import seller_link_user

    order = completed(village, gula.variants.get(), staff)
    review = review_add(order=order, line_id=order.lines.get().pk, rating=2, text="Kurang manis")
    other = make_seller(village, display_name="Pak Darmawan")
    with pytest.raises(ValidationError, match="penjual produk ini"):
        review_reply(review=review, seller=other, text="Maaf")
    user = get_user_model().objects.create_user("siti", password="x")
    seller_link_user(seller=seller, user=user)
    client.force_login(user)
    assert "Kurang manis" in client.get("/batu-ampar/lapak/ulasan/").content.decode()
    client.post("/batu-ampar/lapak/ulasan/", {"review": review.pk, "reply": "Terima kasih, Bu."})
    page = client.post(
        "/batu-ampar/lapak/ulasan/", {"review": review.pk, "reply": "Lagi"}, follow=True
    ).content.decode()
    assert "sudah membalas" in page
    assert Review.objects.get().reply == "Terima kasih, Bu."

    client.force_login(staff)
    client.post("/batu-ampar/kelola/ulasan/", {"review": review.pk, "reason": ""})
    assert not Review.objects.get().hidden  # a reason is needed
    client.post("/batu-ampar/kelola/ulasan/", {"review": review.pk, "reason": "nomor HP pembeli"})
    hidden = Review.objects.get()
    assert hidden.hidden and hidden.text == "Kurang manis"  # hidden, never edited
    assert AuditEntry.objects.filter(action="review_hidden").exists()
    assert Product.objects.get(pk=gula.pk).rating_count == 0
    client.logout()
    assert "Kurang manis" not in client.get("/batu-ampar/produk/gula-aren/").content.decode()


def test_the_sellers_page_shows_her_average_rating(client, village, staff, gula, seller):
    for stars in (5, 4):
        order = completed(village, gula.variants.get(), staff)
        review_add(order=order, line_id=order.lines.get().pk, rating=stars)
    html = client.get(f"/batu-ampar/penjual/{seller.slug}/").content.decode()
    assert "★ 4,5 · 2 ulasan" in html or "★ 4.5 · 2 ulasan" in html


def test_the_completion_e_mail_links_to_the_review_page(
    settings, village, staff, gula, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.SITE_URL = "https://tokodesa.id"
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(village, [(gula.variants.get(), 1)], email="rina@example.id")
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(order=order, actor=staff)
        order = orders.order_start_preparing(order=order, actor=staff)
        orders.order_complete(order=order, actor=staff)
    placed = mail.outbox[0]
    assert f"https://tokodesa.id/batu-ampar/pesanan/{order.code}/" in placed.body
    assert [m.subject.split(": ")[-1] for m in mail.outbox[1:]] == [
        "sudah dibayar",
        "sedang disiapkan",
        "selesai",
    ]  # each e-mail says the state it announces, though all went after the last change
    done = mail.outbox[-1]
    assert f"https://tokodesa.id/batu-ampar/pesanan/{order.code}/ulasan/" in done.body
    assert "Bagaimana barangnya?" in done.body
