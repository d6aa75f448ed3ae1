"""Racing buyers never take more voucher uses than are left (real connections, real threads),
on SQLite and on PostgreSQL, like the stock race in tests/orders."""

from datetime import date

import pytest
from factories import make_product, race

from tokodesa.cart.services import cart_add, cart_get_or_create
from tokodesa.checkout import services as checkout
from tokodesa.marketing.models import Voucher, VoucherUse
from tokodesa.marketing.services import voucher_save
from tokodesa.orders.models import Order

BUYERS = 50
LEFT = 10


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_race_for_the_last_ten_uses(village, seller, regions, bank_account):
    variant = make_product(seller, "Gula Aren", price=20000, stock=BUYERS).variants.get()
    voucher = voucher_save(
        village=village,
        code="LEBARAN",
        kind="percent",
        value=10,
        quota=100,
        starts_on=date(2026, 1, 1),
    )
    Voucher.objects.filter(pk=voucher.pk).update(used=100 - LEFT)
    carts = []
    for _ in range(BUYERS):
        cart = cart_get_or_create(village=village, session={})
        cart_add(cart=cart, variant_id=variant.pk, quantity=1)
        carts.append(cart)

    def buy(n, cart):
        return lambda: checkout.order_place(
            cart=cart,
            buyer=checkout.BuyerDetails(name="Pembeli", whatsapp=f"0812{n:08d}"),
            address=checkout.AddressDetails(village_code="34.71.01.1001", street="Jl. A 1"),
            delivery_code="pickup",
            payment_code="bank_transfer",
            voucher_code="LEBARAN",
        )

    results = race(village, [buy(n, cart) for n, cart in enumerate(carts)])
    assert len(results) == BUYERS
    assert [r for r in results if r.startswith("error")] == []
    assert results.count("done") == LEFT
    losers = [r for r in results if r.startswith("told")]
    assert len(losers) == BUYERS - LEFT and all("habis" in r for r in losers)
    assert Voucher.objects.get().used == 100
    assert VoucherUse.objects.count() == Order.objects.count() == LEFT
    assert all(o.discount == 2000 and o.total == 18000 for o in Order.objects.all())
