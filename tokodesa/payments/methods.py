"""Payment methods behind one small interface (settings.PAYMENT_METHODS).

Checkout lists the options of every configured method and stores the chosen code on the order;
the order page shows that method's instructions. Later methods (kode unik, QRIS, COD, gateways)
plug in here without touching checkout code.
"""

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PaymentOption:
    code: str
    label: str
    detail: str = ""


class PaymentMethod(Protocol):
    code: str
    template: str  # the instructions shown on the order page while it awaits payment

    def option(self, *, village, total: int) -> PaymentOption | None:
        """This method's option for an order of ``total`` rupiah, or None when unavailable."""

    def context(self, *, order) -> dict:
        """What ``template`` needs for this order."""


class BankTransfer:
    """Manual transfer to one of the village's accounts; the shop team confirms receipt."""

    code = "bank_transfer"
    template = "payments/bank_transfer.html"

    def option(self, *, village, total):
        if not village.bank_accounts.filter(is_active=True).exists():
            return None
        return PaymentOption(
            self.code,
            _("Bank transfer"),
            _("Transfer to the village shop's account; the shop confirms it."),
        )

    def context(self, *, order):
        return {"accounts": list(order.village.bank_accounts.filter(is_active=True))}


@cache
def _methods() -> dict[str, PaymentMethod]:
    methods = (import_string(path)() for path in settings.PAYMENT_METHODS)
    return {method.code: method for method in methods}


def payment_options(*, village, total: int) -> list[PaymentOption]:
    return [o for m in _methods().values() if (o := m.option(village=village, total=total))]


def payment_option(*, village, total: int, code: str) -> PaymentOption | None:
    method = _methods().get(code)
    return method.option(village=village, total=total) if method else None


def payment_method(code: str) -> PaymentMethod | None:
    return _methods().get(code)
