import hashlib
import json

from tokodesa.core import versions

from .models import LocalDeliveryArea, ShippingSettings
from .tariffs import Table, default_table


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
