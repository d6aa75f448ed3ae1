import hashlib
import json
from dataclasses import dataclass

from tokodesa.core import versions
from tokodesa.regions.selectors import region_path

from .models import LocalDeliveryArea, ShippingSettings
from .tariffs import Table, default_table, quote


def shipping_settings(village) -> ShippingSettings:
    """The village's settings, or unsaved defaults (no write on read). Kept in the process
    until they change (``shipping_settings_changed``): checkout reads them on every step."""
    return versions.kept(_settings_key(village.pk), lambda: _shipping_settings(village))


def _settings_key(village_id: int) -> str:
    return f"shipping-settings:{village_id}"


def shipping_settings_changed(*, village_id: int) -> None:
    versions.changed(_settings_key(village_id))


def _shipping_settings(village) -> ShippingSettings:
    return ShippingSettings.objects.filter(village=village).first() or ShippingSettings(
        village=village
    )


_TABLES: dict[str, Table] = {}


def rate_table(config: ShippingSettings) -> Table:
    """The village's imported courier rates, or the table shipped with TokoDesa."""
    if not config.rate_table:
        return default_table()
    text = json.dumps(config.rate_table, sort_keys=True)
    key = hashlib.sha256(text.encode()).hexdigest()
    if key not in _TABLES:
        if len(_TABLES) > 64:
            _TABLES.clear()
        _TABLES[key] = Table.from_json(config.rate_table)
    return _TABLES[key]


def local_area_fee(*, village, destination) -> int | None:
    """The village courier's fee to this desa (or its kecamatan); None when it does not go."""
    codes = [c for c in (destination.village_code, destination.district_code) if c]
    areas = {
        a.region_code: a.fee
        for a in LocalDeliveryArea.objects.filter(village=village, region_code__in=codes)
    }
    return next((areas[c] for c in codes if c in areas), None)


@dataclass(frozen=True)
class Estimate:
    """The cheapest courier to a province for the lightest choice of a product (before the
    buyer has an address: from the rate table, never a live request)."""

    province: object  # regions.Region
    fee: int
    label: str  # "JNE REG"
    days_min: int
    days_max: int
    weight_g: int  # what was priced: the variant's weight with the packing


def offline_quotes(*, village, config, destination_code: str, weight_g: int) -> list:
    """The village's rate table's quotes for a parcel of ``weight_g`` (cheapest first); []
    when the village's own code is malformed or nothing has a rate there."""
    try:
        return quote(
            origin_code=village.region_code,
            destination_code=destination_code,
            weight_g=weight_g,
            table=rate_table(config),
        )
    except ValueError:
        return []


def shipping_estimate(*, village, province_code: str, weight_g: int) -> Estimate | None:
    """The cheapest courier from the village to ``province_code`` for a parcel of
    ``weight_g``; None when couriers are off, the province is unknown, or no courier has a
    rate there."""
    path = region_path(code=province_code)
    if len(path) != 1:
        return None
    config = shipping_settings(village)
    if not config.couriers_enabled:
        return None
    weight = weight_g + config.packing_allowance_g
    quotes = offline_quotes(
        village=village, config=config, destination_code=province_code, weight_g=weight
    )
    if not quotes:
        return None
    best = quotes[0]
    return Estimate(path[0], best.fee, best.label, best.days_min, best.days_max, weight)
