"""Placing an order: the cart priced once (the quote), then orders, payments and shipping
through their own services. Prices and fees come from the catalogue and the methods now,
never from the browser."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tokodesa.cart.models import Cart
from tokodesa.cart.selectors import cart_summary
from tokodesa.cart.services import cart_empty
from tokodesa.marketing.selectors import VoucherRefused, cart_deal
from tokodesa.marketing.services import voucher_redeem
from tokodesa.notifications.services import PLACED_TEMPLATE, tell_shop
from tokodesa.orders.models import Order
from tokodesa.orders.selectors import order_by_idempotency_key, unique_code_choose
from tokodesa.orders.services import (
    AddressDetails,
    BuyerDetails,
    OutOfStock,
    clean_address,
    clean_buyer,
    order_create,
)
from tokodesa.shipping.methods import Destination

from .selectors import Quote, checkout_quote

__all__ = [
    "AddressDetails",
    "BuyerDetails",
    "OutOfStock",
    "VoucherRefused",
    "WHATSAPP_METHOD",
    "order_place",
]

WHATSAPP_METHOD = "whatsapp"


def order_place(
    *,
    cart: Cart,
    buyer: BuyerDetails,
    address: AddressDetails,
    delivery_code: str,
    payment_code: str,
    idempotency_key: str = "",
    expected_total: int | None = None,
    unique_code: int = 0,
    user=None,
    quote: Quote | None = None,
    voucher_code: str = "",
) -> Order:
    """Turn a cart into an order, reserve its stock and empty the cart, in one transaction.

    ``delivery_code``/``payment_code`` name the chosen options (``"whatsapp"`` for both: the
    buyer sends the order to the shop's WhatsApp and the shop confirms it with the agreed
    shipping fee). ``quote`` is the one the page computed in this request for the same
    choices (else it is computed here); ``expected_total`` is the total the buyer reviewed,
    and a different total (a price changed meanwhile) refuses the order. ``unique_code`` is
    the kode unik the buyer was shown with that total (``orders.selectors.unique_code_choose``);
    if another order took it meanwhile the order is refused (code ``amount_changed``) so the
    buyer sees the new amount before placing; without one a free code is chosen here. The
    same ``idempotency_key`` returns the order already placed (a double-submitted form makes
    one), also when the second submission meets the first one's clash or empty stock.
    ``voucher_code`` is the voucher the buyer typed (``quote``, when given, was made with it
    and the buyer's number); its use is taken in the order's transaction.

    Raises OutOfStock naming every line that could not be reserved (then nothing is saved),
    VoucherRefused saying why the voucher cannot be used (nothing is saved either), or
    ValidationError naming what is wrong with the details.
    """
    village = cart.village
    key = idempotency_key[:64]
    buyer = clean_buyer(buyer)
    path, address = clean_address(address)
    destination = Destination(*(region.code for region in path))
    via_whatsapp = delivery_code == WHATSAPP_METHOD
    if via_whatsapp:  # the shipping is agreed later: a voucher takes off the goods only
        summary = quote.summary if quote else cart_summary(cart=cart)
        deal, problem = cart_deal(
            village=village, code=voucher_code, lines=summary.lines, whatsapp=buyer.whatsapp
        )
    else:
        if quote is None or not quote.answers(destination, delivery_code, payment_code):
            quote = checkout_quote(
                village=village,
                summary=cart_summary(cart=cart),
                destination=destination,
                delivery_code=delivery_code,
                payment_code=payment_code,
                voucher_code=voucher_code,
                whatsapp=buyer.whatsapp,
            )
        summary, deal, problem = quote.summary, quote.deal, quote.voucher_problem
    if not summary.lines:
        raise ValidationError(_("Your cart is empty."))
    if problem:
        raise VoucherRefused(problem)
    terms = _whatsapp_terms() if via_whatsapp else _terms(quote)
    total = summary.subtotal + terms["shipping_fee"] - (deal.saving if deal else 0)
    if expected_total is not None and expected_total != total:
        raise ValidationError(
            _("A price changed while you were checking out. Please look at the new total."),
            code="price_changed",
        )
    code = 0
    deposit = 0 if via_whatsapp else quote.deposit
    if terms.pop("unique_code", False):
        code = unique_code or unique_code_choose(village=village, total=total, deposit=deposit)
    for attempt in range(3):
        try:
            with transaction.atomic():
                order = order_create(
                    village=village,
                    buyer=buyer,
                    address=address,
                    path=path,
                    lines=summary.lines,
                    idempotency_key=key,
                    user=user,
                    unique_code=code,
                    voucher=_voucher_terms(deal),
                    source=cart.source,
                    **terms,
                )
                if deal:
                    voucher_redeem(deal=deal, order=order)
                tell_shop(order=order, template=PLACED_TEMPLATE)
                cart_empty(cart=cart)
            return order
        except (OutOfStock, VoucherRefused, IntegrityError) as error:
            # Nothing was saved. Was it the same form, placed a moment ago?
            if key and (placed := order_by_idempotency_key(village=village, key=key)):
                return placed
            if isinstance(error, OutOfStock | VoucherRefused) or attempt == 2:
                raise
            if code:  # the amount to transfer, or (once in millions) the order code clashed
                free = unique_code_choose(village=village, total=total, keep=code, deposit=deposit)
                if free != code and unique_code:
                    raise ValidationError(
                        _(
                            "Another order took the same amount to transfer a moment ago. "
                            "Please look at your new amount."
                        ),
                        code="amount_changed",
                    ) from error
                code = free
    raise AssertionError("unreachable")


def _voucher_terms(deal) -> tuple | None:
    if deal is None:
        return None
    return (deal.code, deal.discount, deal.shipping_discount, deal.lines, deal.bearer)


def _whatsapp_terms() -> dict:
    """Agreed on WhatsApp: the shop confirms the order and its shipping fee there."""
    label = _("Agreed with the shop on WhatsApp")
    return {
        "shipping_fee": 0,
        "delivery": (WHATSAPP_METHOD, label),
        "payment": (WHATSAPP_METHOD, label),
        "channel": Order.Channel.WHATSAPP,
        "awaiting_confirmation": True,
    }


def _terms(quote: Quote) -> dict:
    """What the chosen delivery and payment of the quote mean for the order."""
    delivery, payment = quote.delivery, quote.payment
    if delivery is None:
        raise ValidationError({"delivery": _("Choose a delivery method.")})
    if payment is None:
        raise ValidationError({"payment": _("Choose a payment method.")})
    return {
        "shipping_fee": delivery.fee,
        "delivery": (delivery.code, delivery.label),
        "payment": (payment.code, payment.label),
        "unique_code": payment.unique_code,
        "pays_on_delivery": payment.pays_later,
        "collected_at_shop": delivery.collected,
        "courier": delivery.courier,
    }
