"""Payment methods behind one small interface (settings.PAYMENT_METHODS).

Checkout lists the options of every configured method and stores the chosen code on the
order; the order page shows that method's instructions. A method never marks an order paid
by itself: staff confirm (transfer, QRIS, cash) or a verified gateway notification does
(payments.services).
"""

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .selectors import payment_settings


@dataclass(frozen=True)
class PaymentOption:
    code: str
    label: str
    detail: str = ""
    unique_code: bool = False  # add kode unik to the amount (bank transfer)
    pays_later: bool = False  # paid on delivery or pickup: the order does not expire


class PaymentMethod(Protocol):
    code: str
    template: str  # the instructions shown on the order page while it awaits payment

    def option(self, *, village, total: int, delivery_code: str) -> PaymentOption | None:
        """This method's option for an order of ``total`` rupiah, or None when unavailable."""

    def context(self, *, order) -> dict:
        """What ``template`` needs for this order."""


class BankTransfer:
    """Transfer to one of the village's accounts, matched by a unique amount; staff confirm."""

    code = "bank_transfer"
    template = "payments/bank_transfer.html"

    def option(self, *, village, total, delivery_code):
        if not village.bank_accounts.filter(is_active=True).exists():
            return None
        return PaymentOption(
            self.code,
            _("Bank transfer"),
            _("Transfer to the village shop's account; the shop confirms it."),
            unique_code=payment_settings(village).unique_code,
        )

    def context(self, *, order):
        return {"accounts": list(order.village.bank_accounts.filter(is_active=True))}


class Qris:
    """QRIS: the village's static code turned into a dynamic one for the exact amount."""

    code = "qris"
    template = "payments/qris.html"

    def option(self, *, village, total, delivery_code):
        if not payment_settings(village).qris_payload:
            return None
        return PaymentOption(
            self.code, "QRIS", _("Scan with any banking or e-wallet app; the shop confirms it.")
        )

    def context(self, *, order):
        from .qris import QrisError, qr_svg, to_dynamic

        try:
            payload = to_dynamic(payment_settings(order.village).qris_payload, order.payable)
        except QrisError:
            return {"qris_error": True}
        config = payment_settings(order.village)
        merchant = " · ".join(
            p for p in (config.qris_merchant_name, config.qris_merchant_city) if p
        )
        return {"qris_payload": payload, "qris_svg": qr_svg(payload), "merchant": merchant}


class CashOnDelivery:
    """Cash at pickup or to the village courier; a receivable until staff record it."""

    code = "cod"
    template = "payments/cod.html"
    deliveries = ("pickup", "local")

    def option(self, *, village, total, delivery_code):
        config = payment_settings(village)
        if not config.cod_enabled or total > config.cod_max_amount:
            return None
        if delivery_code.split(":")[0] not in self.deliveries:
            return None
        return PaymentOption(
            self.code,
            _("Cash on delivery or pickup"),
            _("Pay in cash when you receive the parcel."),
            pays_later=True,
        )

    def context(self, *, order):
        return {}


@cache
def _methods() -> dict[str, PaymentMethod]:
    methods = (import_string(path)() for path in settings.PAYMENT_METHODS)
    return {method.code: method for method in methods}


def payment_options(*, village, total: int, delivery_code: str = "") -> list[PaymentOption]:
    return [
        option
        for method in _methods().values()
        if (option := method.option(village=village, total=total, delivery_code=delivery_code))
    ]


def payment_option(
    *, village, total: int, code: str, delivery_code: str = ""
) -> PaymentOption | None:
    method = _methods().get(code)
    return (
        method.option(village=village, total=total, delivery_code=delivery_code) if method else None
    )


def payment_method(code: str) -> PaymentMethod | None:
    return _methods().get(code)


class Midtrans:
    """Cards, e-wallets and virtual accounts on Midtrans' Snap page, with the village's own
    Midtrans account; Midtrans' verified notification marks the order paid (payments.webhooks).
    Offered only while the village's server key can be decrypted."""

    code = "midtrans"
    template = "payments/midtrans.html"

    def option(self, *, village, total, delivery_code):
        from .gateways.midtrans import midtrans_keys

        if midtrans_keys(village) is None:
            return None
        return PaymentOption(
            self.code,
            _("Card, e-wallet, VA (Midtrans)"),
            _("Pay on the secure Midtrans page; the order is marked paid automatically."),
        )

    def context(self, *, order):
        from .gateways.midtrans import midtrans_keys

        return {"midtrans_ready": midtrans_keys(order.village) is not None}
