"""Seasons: a product ordered now and ready later ("pesan dulu"), and a seasonal one that says
when it comes back; the order keeps the ready date the buyer was told."""

from datetime import date, timedelta

import pytest
from factories import make_product, place_order

pytestmark = pytest.mark.django_db


def test_a_pre_order_says_so_everywhere_and_the_order_keeps_the_date(
    client, village, seller, regions, bank_account
):
    ready = date.today() + timedelta(days=45)
    kopi = make_product(seller, "Kopi Panen Berikutnya", stock=40, ready_on=ready)
    page = client.get("/batu-ampar/produk/kopi-panen-berikutnya/").content.decode()
    assert "Pesan dulu: pesan sekarang, siap sekitar" in page
    assert "Pesan dulu" in client.get("/batu-ampar/produk/").content.decode()  # the card
    order = place_order(village, [(kopi.variants.get(), 2)])
    assert order.lines.get().ready_on == ready
    session = client.session
    session["orders"] = [order.code]
    session.save()
    page = client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()
    assert "pesan dulu, siap sekitar" in page


def test_a_past_ready_date_is_an_ordinary_product(client, village, seller, regions, bank_account):
    gula = make_product(seller, "Gula Aren", ready_on=date.today() - timedelta(days=1))
    assert not gula.is_preorder
    order = place_order(village, [(gula.variants.get(), 1)])
    assert order.lines.get().ready_on is None


def test_a_sold_out_seasonal_product_says_when_it_is_back(client, seller):
    make_product(seller, "Rebung Segar", stock=0, season_month=11)
    page = client.get("/batu-ampar/produk/rebung-segar/").content.decode()
    assert "Musim berikutnya: November" in page and "Kabari saya" in page


def test_a_seller_sets_the_seasons_on_her_product_form(client, village, seller):
    from django.contrib.auth import get_user_model

    from tokodesa.catalog.models import Product
    from tokodesa.sellers.services import seller_link_user

    user = get_user_model().objects.create_user("siti", password="x")
    seller_link_user(seller=seller, user=user)
    client.force_login(user)
    product = make_product(seller, "Kolang Kaling")
    variant = product.variants.get()
    ready = date.today() + timedelta(days=30)
    client.post(
        f"/batu-ampar/lapak/produk/{product.pk}/",
        {
            "name": "Kolang Kaling",
            "category": product.category_id,
            "unit": "pcs",
            "description": "",
            "ready_on": ready.isoformat(),
            "season_month": "6",
            "v-TOTAL_FORMS": "1",
            "v-INITIAL_FORMS": "1",
            "v-MIN_NUM_FORMS": "0",
            "v-MAX_NUM_FORMS": "20",
            "v-0-id": variant.pk,
            "v-0-stock_seen": variant.stock,
            "v-0-label": variant.label,
            "v-0-price": variant.price,
            "v-0-stock": variant.stock,
            "v-0-weight_g": variant.weight_g,
        },
    )
    product = Product.objects.get(pk=product.pk)
    assert (product.ready_on, product.season_month) == (ready, 6)
