"""Price cuts for some days: the old price struck through on pages, in JSON-LD and in the
feeds, carts and orders at the cut price, and the prices back after the last day."""

import json
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from factories import make_product, place_order

from tokodesa.catalog.models import PriceCut, Product, Variant
from tokodesa.catalog.services import (
    VariantChange,
    price_cut_set,
    price_cuts_apply,
    product_update,
)

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def gula(seller, regions, bank_account):
    return make_product(seller, "Gula Aren", price=22000, stock=30)


def test_the_team_cuts_a_price_and_every_page_shows_it(client, staff, gula, village):
    client.force_login(staff)
    response = client.post(
        "/batu-ampar/kelola/potongan-harga/",
        {
            "product": gula.pk,
            "percent": "20",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    variant = Variant.objects.get(product=gula)
    assert (variant.price, variant.list_price) == (17600, 22000)
    assert Product.objects.get(pk=gula.pk).list_price_min == 22000
    client.logout()
    page = client.get("/batu-ampar/produk/gula-aren/").content.decode()
    assert "<s>Rp22.000</s> Rp17.600" in page and "Potongan harga 20% sampai" in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])
    offer = data["offers"]["offers"][0]
    assert offer["price"] == 17600
    assert offer["priceSpecification"]["priceType"] == "https://schema.org/StrikethroughPrice"
    assert offer["priceSpecification"]["price"] == 22000
    assert "<s>Rp22.000</s> Rp17.600" in client.get("/batu-ampar/produk/").content.decode()
    order = place_order(village, [(variant, 2)])
    assert order.subtotal == 35200  # bought at the cut price


def test_the_prices_come_back_after_the_last_day(gula, staff):
    cut = price_cut_set(
        product=gula, percent=10, starts_on=TODAY, ends_on=TODAY + timedelta(days=1), actor=staff
    )
    assert cut.applied and Variant.objects.get(product=gula).price == 19800
    yesterday = TODAY - timedelta(days=1)
    PriceCut.objects.filter(pk=cut.pk).update(starts_on=yesterday, ends_on=yesterday)
    assert price_cuts_apply() == 1
    variant = Variant.objects.get(product=gula)
    assert (variant.price, variant.list_price) == (22000, None)
    assert PriceCut.objects.get(pk=cut.pk).ended
    assert Product.objects.get(pk=gula.pk).list_price_min is None


def test_a_cut_that_starts_later_waits_for_its_day(gula, staff):
    cut = price_cut_set(
        product=gula,
        percent=10,
        starts_on=TODAY + timedelta(days=2),
        ends_on=TODAY + timedelta(days=5),
        actor=staff,
    )
    assert not cut.applied and Variant.objects.get(product=gula).price == 22000
    assert price_cuts_apply() == 0
    PriceCut.objects.filter(pk=cut.pk).update(starts_on=TODAY)
    assert price_cuts_apply() == 1 and Variant.objects.get(product=gula).price == 19800


def test_prices_cannot_be_edited_under_a_cut_and_bad_cuts_are_refused(gula, staff):
    price_cut_set(product=gula, percent=10, starts_on=TODAY, ends_on=TODAY, actor=staff)
    variant = Variant.objects.get(product=gula)
    with pytest.raises(ValidationError, match="Akhiri potongan harga dulu"):
        product_update(
            product=gula,
            by_seller=False,
            variants=[VariantChange(id=variant.pk, label="500 g", price=30000, weight_g=550,
                                    stock=30)],
        )  # fmt: skip
    with pytest.raises(ValidationError, match="sudah punya potongan harga"):
        price_cut_set(product=gula, percent=5, starts_on=TODAY, ends_on=TODAY, actor=staff)
    other = make_product(gula.seller, "Kolang Kaling")
    for percent, starts, ends in [
        (0, TODAY, TODAY),
        (95, TODAY, TODAY),
        (10, TODAY, TODAY - timedelta(days=1)),
        (10, TODAY - timedelta(days=5), TODAY - timedelta(days=2)),
    ]:
        with pytest.raises(ValidationError):
            price_cut_set(
                product=other, percent=percent, starts_on=starts, ends_on=ends, actor=staff
            )
    assert not PriceCut.objects.filter(product=other).exists()


def test_a_seller_cuts_and_ends_her_own_price_cut(client, village, gula, seller):
    from django.contrib.auth import get_user_model

    from tokodesa.sellers.services import seller_link_user

    user = get_user_model().objects.create_user("siti", password="x")
    seller_link_user(seller=seller, user=user)
    client.force_login(user)
    path = f"/batu-ampar/lapak/produk/{gula.pk}/potongan/"
    page = client.post(
        path,
        {"percent": "15", "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat()},
        follow=True,
    ).content.decode()
    assert "Potongan harga tersimpan." in page and "−15%" in page
    assert Variant.objects.get(product=gula).price == 18700
    page = client.post(path, {"end": "1"}, follow=True).content.decode()
    assert "Harga Gula Aren kembali seperti semula." in page
    assert Variant.objects.get(product=gula).price == 22000
    bad = client.post(path, {"percent": "abc", "starts_on": "kemarin", "ends_on": ""}, follow=True)
    assert bad.status_code == 200 and not PriceCut.objects.filter(ended=False).exists()
