"""The quote: what a cart costs delivered somewhere, and how it can be paid, computed once.

The checkout page, the review page and the order placed from them read one ``Quote`` per
request: cart lines priced now, every delivery option for the address, the payment options
for the chosen delivery, what the buyer's voucher takes off, and the total. Nothing in it
comes from the browser but the choices and the voucher's code.
"""

from dataclasses import dataclass

from tokodesa.cart.selectors import CartSummary
from tokodesa.marketing.selectors import Deal, cart_deal
from tokodesa.orders.pricing import deposit_amount
from tokodesa.payments.methods import PaymentOption, payment_options
from tokodesa.shipping.methods import DeliveryOption, Destination, Parcel, delivery_options


@dataclass(frozen=True)
class Quote:
    summary: CartSummary
    destination: Destination
    delivery_options: list[DeliveryOption]
    delivery: DeliveryOption | None  # the option asked for, when it is offered
    payment_options: list[PaymentOption]  # for that delivery (or the first one offered)
    payment: PaymentOption | None  # the option asked for, when it is offered
    deal: Deal | None = None  # what the voucher takes off
    voucher_problem: str | None = None  # why the voucher typed does not apply

    @property
    def shipping_fee(self) -> int:
        return self.delivery.fee if self.delivery else 0

    @property
    def total(self) -> int:
        saving = self.deal.saving if self.deal else 0
        return self.summary.subtotal + self.shipping_fee - saving

    @property
    def deposit(self) -> int:
        """A pre-order's deposit to pay first (0: everything at once)."""
        return deposit_amount(
            ((line.line_total, line.deposit_percent) for line in self.summary.lines),
            total=self.total,
        )

    def answers(self, destination: Destination, delivery_code: str, payment_code: str) -> bool:
        """Was this quote made for exactly these choices?"""
        return (
            self.destination == destination
            and (self.delivery.code if self.delivery else "") == delivery_code
            and (self.payment.code if self.payment else "") == payment_code
        )


def checkout_quote(
    *,
    village,
    summary: CartSummary,
    destination: Destination,
    delivery_code: str = "",
    payment_code: str = "",
    voucher_code: str = "",
    whatsapp: str = "",
) -> Quote:
    parcel = Parcel(
        weight_g=summary.weight_g, subtotal=summary.subtotal, volume_cm3=summary.volume_cm3
    )
    deliveries = delivery_options(village=village, destination=destination, parcel=parcel)
    delivery = next((o for o in deliveries if o.code == delivery_code), None)
    basis = delivery or (deliveries[0] if deliveries else None)
    payments = payment_options(
        village=village,
        total=summary.subtotal + (basis.fee if basis else 0),
        delivery=basis,
    )
    if any(line.deposit_percent for line in summary.lines):
        # A deposit is paid before the goods exist: never in cash at the door (ADR 21).
        payments = [option for option in payments if not option.pays_later]
    payment = next((o for o in payments if o.code == payment_code), None) if delivery else None
    deal, problem = cart_deal(
        village=village,
        code=voucher_code,
        lines=summary.lines,
        shipping_fee=delivery.fee if delivery else 0,
        whatsapp=whatsapp,
    )
    return Quote(summary, destination, deliveries, delivery, payments, payment, deal, problem)
