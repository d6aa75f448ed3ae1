"""Racing buyers can never buy a unit that is not there (real connections, real threads)."""

import pytest
from factories import make_product, placing, race

from tokodesa.cart.services import cart_add, cart_get_or_create
from tokodesa.catalog.models import Product, Variant
from tokodesa.orders.models import Order

BUYERS = 50
UNITS = 10


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_fifty_buyers_race_for_ten_units(village, seller, regions, bank_account, round_):
    variant = make_product(seller, "Gula Aren", stock=UNITS).variants.get()
    carts = []
    for _ in range(BUYERS):
        cart = cart_get_or_create(village=village, session={})
        cart_add(cart=cart, variant_id=variant.pk, quantity=1)
        carts.append(cart)

    results = race(village, [placing(cart) for cart in carts])
    assert len(results) == BUYERS
    errors = [r for r in results if r.startswith("error")]
    assert errors == []
    assert results.count("done") == UNITS
    losers = [r for r in results if r.startswith("told")]
    assert len(losers) == BUYERS - UNITS
    assert all("stok tidak cukup untuk: Gula Aren" in r for r in losers)
    assert Variant.objects.get(pk=variant.pk).stock == 0
    assert Product.objects.get(pk=variant.product_id).stock_total == 0
    assert Order.objects.count() == UNITS
