"""Seasons: a product ordered now and ready later ("pesan dulu"), and a seasonal one that says
when it comes back; the order keeps the ready date the buyer was told."""

from datetime import date, timedelta

import pytest
from factories import edit_form, log_in_as_seller, make_product, place_order

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
    from tokodesa.catalog.models import Product

    log_in_as_seller(client, seller)
    product = make_product(seller, "Kolang Kaling")
    ready = date.today() + timedelta(days=30)
    client.post(
        f"/batu-ampar/lapak/produk/{product.pk}/",
        edit_form(product, ready_on=ready.isoformat(), season_month="6"),
    )
    product = Product.objects.get(pk=product.pk)
    assert (product.ready_on, product.season_month) == (ready, 6)
