"""Order arithmetic in whole rupiah and grams, kept apart so it can be property-tested."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Totals:
    subtotal: int
    weight_g: int
    shipping_fee: int
    total: int


def order_totals(lines: Iterable[tuple[int, int, int]], *, shipping_fee: int = 0) -> Totals:
    """Totals of lines given as (unit price, quantity, unit weight)."""
    if shipping_fee < 0:
        raise ValueError("shipping fee cannot be negative")
    subtotal = weight = 0
    for price, quantity, unit_weight in lines:
        if price < 0 or quantity < 1 or unit_weight < 0:
            raise ValueError("price and weight must be >= 0 and quantity >= 1")
        subtotal += price * quantity
        weight += unit_weight * quantity
    return Totals(subtotal, weight, shipping_fee, subtotal + shipping_fee)
