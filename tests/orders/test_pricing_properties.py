"""Property-based tests of the cart and order arithmetic (hypothesis)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokodesa.cart.selectors import CartLine, CartSummary
from tokodesa.orders.pricing import order_totals

prices = st.integers(min_value=0, max_value=50_000_000)
quantities = st.integers(min_value=1, max_value=999)
weights = st.integers(min_value=0, max_value=100_000)
lines = st.lists(st.tuples(prices, quantities, weights), max_size=30)
fees = st.integers(min_value=0, max_value=5_000_000)


@given(lines, fees)
def test_total_is_subtotal_plus_shipping_and_all_are_whole_rupiah(items, fee):
    totals = order_totals(items, shipping_fee=fee)
    assert totals.subtotal == sum(p * q for p, q, _ in items)
    assert totals.weight_g == sum(w * q for _, q, w in items)
    assert totals.total == totals.subtotal + fee
    assert all(isinstance(v, int) and v >= 0 for v in vars(totals).values())


@given(lines, lines)
def test_totals_add_up_when_orders_are_combined(first, second):
    both = order_totals(first + second)
    assert both.subtotal == order_totals(first).subtotal + order_totals(second).subtotal
    assert both.weight_g == order_totals(first).weight_g + order_totals(second).weight_g


@given(st.lists(st.tuples(prices, quantities, weights), min_size=1, max_size=10))
def test_line_order_does_not_matter(items):
    assert order_totals(items) == order_totals(list(reversed(items)))


def test_nonsense_lines_are_refused():
    for bad in ([(100, 0, 1)], [(-1, 1, 1)], [(1, 1, -1)]):
        with pytest.raises(ValueError):
            order_totals(bad)
    with pytest.raises(ValueError):
        order_totals([], shipping_fee=-1)


def _line(i, price, quantity, weight, stock, on_sale=True, seen=None):
    return CartLine(
        item_id=i,
        variant_id=i,
        product_name=f"p{i}",
        product_slug=f"p{i}",
        variant_label="",
        seller_id=i % 3,
        seller_name="",
        unit_price=price,
        price_seen=price if seen is None else seen,
        quantity=quantity,
        weight_g=weight,
        stock=stock,
        on_sale=on_sale,
    )


@given(
    st.lists(
        st.tuples(prices, quantities, weights, st.integers(0, 2000), st.booleans()), max_size=20
    )
)
def test_cart_summary_matches_order_totals_and_flags_short_lines(rows):
    cart = CartSummary(
        [_line(i, p, q, w, s, on_sale) for i, (p, q, w, s, on_sale) in enumerate(rows)]
    )
    totals = order_totals((line.unit_price, line.quantity, line.weight_g) for line in cart.lines)
    assert (cart.subtotal, cart.weight_g) == (totals.subtotal, totals.weight_g)
    assert cart.count == sum(q for _, q, *_ in rows)
    expected_ok = bool(rows) and all(on_sale and s >= q and s > 0 for _, q, _, s, on_sale in rows)
    assert cart.can_check_out == expected_ok
