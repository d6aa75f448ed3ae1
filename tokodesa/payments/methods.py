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

    def option(self, *, village, config, total: int, delivery) -> PaymentOption | None:
        """This method's option for an order of ``total`` rupiah delivered by ``delivery`` (a
        ``shipping.methods.DeliveryOption``, or None when not chosen yet), or None when
        unavailable. ``config`` is the village's PaymentSettings, read once per checkout."""

    def context(self, *, order) -> dict:
        """What ``template`` needs for this order."""


class BankTransfer:
    """Transfer to one of the village's accounts, matched by a unique amount; staff confirm."""

    code = "bank_transfer"
    template = "payments/bank_transfer.html"

    def option(self, *, village, config, total, delivery):
        if not config.has_bank_account:
            return None
        return PaymentOption(
            self.code,
            _("Bank transfer"),
            _("Transfer to the village shop's account; the shop confirms it."),
            unique_code=config.unique_code,
        )

    def context(self, *, order):
        return {"accounts": list(order.village.bank_accounts.filter(is_active=True))}


class Qris:
    """QRIS: the village's static code turned into a dynamic one for the exact amount."""

    code = "qris"
    template = "payments/qris.html"

    def option(self, *, village, config, total, delivery):
        if not config.qris_payload:
            return None
        return PaymentOption(
            self.code, "QRIS", _("Scan with any banking or e-wallet app; the shop confirms it.")
        )

    def context(self, *, order):
        from .qris import QrisError, qr_svg, to_dynamic

        config = payment_settings(order.village)
        try:
            payload = to_dynamic(config.qris_payload, order.due_now)
        except QrisError:
            return {"qris_error": True}
        merchant = " · ".join(
            p for p in (config.qris_merchant_name, config.qris_merchant_city) if p
        )
        return {"qris_payload": payload, "qris_svg": qr_svg(payload), "merchant": merchant}


class CashOnDelivery:
    """Cash at pickup or to the village courier (whenever the village itself hands the parcel
    over); a receivable until staff record it."""

    code = "cod"
    template = "payments/cod.html"

    def option(self, *, village, config, total, delivery):
        if not config.cod_enabled or total > config.cod_max_amount:
            return None
        if delivery is None or not delivery.by_village:
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


def payment_options(*, village, total: int, delivery=None) -> list[PaymentOption]:
    """Every method's option for this order (the village's settings are read once)."""
    config = payment_settings(village)
    return [
        option
        for method in _methods().values()
        if (option := method.option(village=village, config=config, total=total, delivery=delivery))
    ]


def payment_method(code: str) -> PaymentMethod | None:
    return _methods().get(code)


class Midtrans:
    """Cards, e-wallets and virtual accounts on Midtrans' Snap page, with the village's own
    Midtrans account; Midtrans' verified notification marks the order paid (payments.webhooks).
    Offered only while the village's server key can be decrypted."""

    code = "midtrans"
    template = "payments/midtrans.html"

    def option(self, *, village, config, total, delivery):
        from .gateways.midtrans import midtrans_keys

        if midtrans_keys(village, config) is None:
            return None
        return PaymentOption(
            self.code,
            _("Card, e-wallet, VA (Midtrans)"),
            _("Pay on the secure Midtrans page; the order is marked paid automatically."),
        )

    def context(self, *, order):
        from .gateways.midtrans import midtrans_keys

        return {"midtrans_ready": midtrans_keys(order.village) is not None}
