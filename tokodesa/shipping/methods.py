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

from tokodesa.core.templatetags.rupiah import format_rupiah

from .selectors import local_area_fee, offline_quotes, shipping_settings


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
    volume_cm3: int = 0  # packed size of the items that have one (volumetric weight)

    @property
    def volumetric_g(self) -> int:
        """Couriers charge L × W × H / 6000 kg when that is more than the real weight."""
        return -(-self.volume_cm3 * 1000 // 6000)


@dataclass(frozen=True)
class DeliveryOption:
    code: str  # "<method>" or "<method>:<service>", stored on the order
    label: str
    fee: int
    estimate: str = ""
    detail: str = ""
    courier: str = ""  # the courier service that carries it: the parcel ships with its resi
    collected: bool = False  # the buyer collects it at the shop: no shipping step
    by_village: bool = False  # the village itself hands it over (so cash can be paid then)


class DeliveryMethod(Protocol):
    code: str

    def options(
        self, *, village, config, destination: Destination, parcel: Parcel
    ) -> list[DeliveryOption]:
        """The ways this method can deliver the parcel; empty when it cannot. ``config`` is the
        village's ShippingSettings, read once per checkout."""


class Pickup:
    """Ambil di tempat: the buyer collects the parcel at the village shop. Free."""

    code = "pickup"

    def options(self, *, village, config, destination, parcel) -> list[DeliveryOption]:
        detail = " · ".join(p for p in (village.address, config.opening_hours) if p)
        return [
            DeliveryOption(
                code=self.code,
                label=_("Pick up at the village shop"),
                fee=0,
                detail=detail,
                collected=True,
                by_village=True,
            )
        ]


class LocalDelivery:
    """Antar lokal: the village's own courier, to the areas and fees the village sets."""

    code = "local"

    def options(self, *, village, config, destination, parcel) -> list[DeliveryOption]:
        if not config.local_enabled:
            return []
        fee = local_area_fee(village=village, destination=destination)
        if fee is None:
            return []
        free = config.local_free_minimum and parcel.subtotal >= config.local_free_minimum
        return [
            DeliveryOption(
                code=self.code,
                label=_("Village courier"),
                fee=0 if free else fee,
                estimate=_("1–2 days"),
                by_village=True,
                detail=_("Free from %(amount)s")
                % {"amount": format_rupiah(config.local_free_minimum)}
                if config.local_free_minimum and not free
                else "",
            )
        ]


class Courier:
    """Ekspedisi: JNE, J&T, POS Indonesia, SiCepat, from the village's kecamatan to the buyer's.

    Priced by the live provider when one is configured (``shipping.live``), else, and whenever
    the provider cannot answer, offline from the rate table (shipping.tariffs); options priced
    offline while a provider is configured say so to the buyer. Never raises for the provider.
    """

    code = "courier"

    def options(self, *, village, config, destination, parcel) -> list[DeliveryOption]:
        target = destination.village_code or destination.district_code
        if not config.couriers_enabled or not target:
            return []
        # The larger of the real weight (with packing) and the volumetric weight of the items
        # that have a packed size; each courier then rounds it its own way.
        weight_g = max(parcel.weight_g + config.packing_allowance_g, parcel.volumetric_g)
        quotes, note = self._live(
            village=village, target=target, weight_g=weight_g, value=parcel.subtotal
        )
        if quotes:
            return [self._option(q) for q in quotes]
        quotes = offline_quotes(
            village=village, config=config, destination_code=target, weight_g=weight_g
        )
        return [self._option(q, note=note, charged=True) for q in quotes]

    def _live(self, *, village, target, weight_g, value):
        """(live quotes, note for offline options): ([], "") when no provider is configured,
        ([], note) when it is but gave nothing. Nothing raised here reaches checkout."""
        if not (getattr(settings, "SHIPPING_LIVE_PROVIDER", "") or "").strip():
            return [], ""
        try:
            from . import live  # imported (with httpx) only once a provider is configured

            quotes = live.live_quotes(
                origin_code=village.region_code,
                destination_code=target,
                weight_g=weight_g,
                origin_postal_code=village.postal_code,
                value=value,
            )
        except Exception:  # live_quotes never raises; this is the last guard for checkout
            quotes = []
        if quotes:
            return quotes, ""
        return [], _("Estimated fee (live courier rates are unavailable right now)")

    def _option(self, q, *, note: str = "", charged: bool = False) -> DeliveryOption:
        if not q.days_max:
            estimate = ""
        elif q.days_min != q.days_max:
            estimate = _("%(min)d–%(max)d days") % {"min": q.days_min, "max": q.days_max}
        else:
            estimate = _("%(n)d day(s)") % {"n": q.days_min}
        kg = _("%(kg)d kg charged") % {"kg": q.chargeable_kg} if charged else ""
        return DeliveryOption(
            code=f"{self.code}:{q.code}",
            label=q.label,
            fee=q.fee,
            estimate=estimate,
            detail=" · ".join(p for p in (note, kg) if p),
            courier=q.code,
        )


def tracking_url(resi: str) -> str:
    """Where the buyer follows the parcel: cekresi.com reads every Indonesian courier's resi,
    so one address serves JNE, J&T, POS and SiCepat alike."""
    from urllib.parse import quote as urlquote

    return f"https://cekresi.com/?noresi={urlquote(resi)}"


@cache
def _methods() -> tuple[DeliveryMethod, ...]:
    return tuple(import_string(path)() for path in settings.DELIVERY_METHODS)


def delivery_options(*, village, destination: Destination, parcel: Parcel) -> list[DeliveryOption]:
    """Every option that can deliver this parcel there, cheapest first (the village's
    settings are read once)."""
    config = shipping_settings(village)
    found = [
        option
        for method in _methods()
        for option in method.options(
            village=village, config=config, destination=destination, parcel=parcel
        )
    ]
    return sorted(found, key=lambda option: (option.fee, option.label))


def default_option(options, *, village, destination: Destination) -> DeliveryOption | None:
    """The delivery chosen for the buyer until they choose: the cheapest, unless the buyer
    lives outside the village's kabupaten/kota, where collecting it at the shop is not a
    sensible default (a buyer in Yogyakarta does not fetch gula aren from Kepahiang): then
    the cheapest that brings it to them."""
    if not options:
        return None
    far = destination.regency_code and not village.region_code.startswith(
        destination.regency_code + "."
    )
    if far:
        brought = [option for option in options if not option.collected]
        if brought:
            return brought[0]
    return options[0]
