"""Racing buyers can never buy a unit that is not there (real connections, real threads)."""

import threading

import pytest
from django.db import connections
from factories import make_product

from tokodesa.cart.services import cart_add, cart_get_or_create
from tokodesa.catalog.models import Product, Variant
from tokodesa.checkout import services as checkout
from tokodesa.core.tenancy import village_scope
from tokodesa.orders import services
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

    start = threading.Barrier(BUYERS)
    results: list[str] = []
    lock = threading.Lock()

    def buy(cart):
        # A new thread starts with no village, as each request does: it names its own.
        with village_scope(village):
            try:
                start.wait()
                checkout.order_place(
                    cart=cart,
                    buyer=checkout.BuyerDetails(name="Pembeli", whatsapp="081298765432"),
                    address=checkout.AddressDetails(village_code="34.71.01.1001", street="Jl. A 1"),
                    delivery_code="pickup",
                    payment_code="bank_transfer",
                )
                outcome = "bought"
            except services.OutOfStock as error:
                outcome = "told: " + error.messages[0]
            except Exception as error:  # noqa: BLE001 - reported below
                outcome = f"error: {error!r}"
            finally:
                connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=buy, args=(cart,)) for cart in carts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(results) == BUYERS
    errors = [r for r in results if r.startswith("error")]
    assert errors == []
    assert results.count("bought") == UNITS
    losers = [r for r in results if r.startswith("told")]
    assert len(losers) == BUYERS - UNITS
    assert all("stok tidak cukup untuk: Gula Aren" in r for r in losers)
    assert Variant.objects.get(pk=variant.pk).stock == 0
    assert Product.objects.get(pk=variant.product_id).stock_total == 0
    assert Order.objects.count() == UNITS
