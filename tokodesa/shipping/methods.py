"""Delivery methods behind one small interface.

A method turns (village, destination, parcel) into zero or more priced options. Checkout asks
every method configured in ``settings.DELIVERY_METHODS`` and never knows which exist, so
couriers and village delivery plug in without touching checkout code. The fee is always
recomputed from the method when the order is placed; a fee sent by the browser is never used.
"""

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Destination:
    """Where the parcel goes, as official region codes (any may be empty)."""

    province_code: str = ""
    regency_code: str = ""
    district_code: str = ""
    village_code: str = ""


@dataclass(frozen=True)
class Parcel:
    weight_g: int
    subtotal: int


@dataclass(frozen=True)
class DeliveryOption:
    code: str  # "<method>" or "<method>:<service>", stored on the order
    label: str
    fee: int
    estimate: str = ""
    detail: str = ""


class DeliveryMethod(Protocol):
    code: str

    def options(self, *, village, destination: Destination, parcel: Parcel) -> list[DeliveryOption]:
        """The ways this method can deliver the parcel; empty when it cannot."""


class Pickup:
    """Ambil di tempat: the buyer collects the parcel at the village shop. Free."""

    code = "pickup"

    def options(self, *, village, destination, parcel) -> list[DeliveryOption]:
        return [
            DeliveryOption(
                code=self.code,
                label=_("Pick up at the village shop"),
                fee=0,
                detail=village.address,
            )
        ]


@cache
def _methods() -> tuple[DeliveryMethod, ...]:
    return tuple(import_string(path)() for path in settings.DELIVERY_METHODS)


def delivery_options(*, village, destination: Destination, parcel: Parcel) -> list[DeliveryOption]:
    """Every option that can deliver this parcel there, cheapest first."""
    found = [
        option
        for method in _methods()
        for option in method.options(village=village, destination=destination, parcel=parcel)
    ]
    return sorted(found, key=lambda option: (option.fee, option.label))


def delivery_option(
    *, village, destination: Destination, parcel: Parcel, code: str
) -> DeliveryOption | None:
    """The option with this code, priced now; None when it is not (or no longer) offered."""
    return next(
        (
            o
            for o in delivery_options(village=village, destination=destination, parcel=parcel)
            if o.code == code
        ),
        None,
    )
