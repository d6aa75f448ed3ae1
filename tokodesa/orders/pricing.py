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


def deposit_amount(lines: Iterable[tuple[int, int | None]], *, total: int) -> int:
    """A pre-order's deposit (uang muka, DP) for lines given as (line total, deposit percent
    or None): the percent of each line that asks for one, rounded half up to whole rupiah,
    and the whole of every other line (goods already made are paid for at once). Shipping
    and a voucher's discount fall in the balance, paid when the goods are ready. 0 when no
    line asks for a deposit, or when the deposit would not leave anything to pay later."""
    deposit, asked = 0, False
    for line_total, percent in lines:
        if percent:
            if not 0 < percent < 100:
                raise ValueError("a deposit is 1-99 percent")
            asked = True
            deposit += (line_total * percent + 50) // 100
        else:
            deposit += line_total
    return deposit if asked and 0 < deposit < total else 0
