"""Write use-cases of shipping: its settings, and completing orders delivered long ago."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.core.tenancy import across_villages, village_scope
from tokodesa.orders.models import Order
from tokodesa.orders.services import IllegalTransition, order_complete

from .models import LocalDeliveryArea, ShippingSettings
from .selectors import shipping_settings, shipping_settings_changed
from .tariffs import RowError, load_table

MAX_CSV_BYTES = 512 * 1024


@dataclass(frozen=True)
class ImportResult:
    imported: int  # rate rows now in use; 0 when the file was refused
    errors: list[RowError]


@transaction.atomic
def rate_table_import(*, village, csv_text: str | bytes) -> ImportResult:
    """Replace the village's courier rates with a CSV of its own.

    All or nothing: if any row is wrong, nothing changes and every wrong row is listed with its
    line number (a half-imported price list would quote wrong prices without anyone noticing).
    """
    if len(csv_text) > MAX_CSV_BYTES:
        return ImportResult(0, [RowError(1, "Berkas terlalu besar (paling besar 512 KB).")])
    table, errors = load_table(csv_text)
    if errors:
        return ImportResult(0, errors)
    config, _ = ShippingSettings.objects.get_or_create(village=village)
    config.rate_table = table.to_json()
    config.save(update_fields=["rate_table"])
    shipping_settings_changed(village_id=village.pk)
    return ImportResult(len(table.rates), [])


@transaction.atomic
def rate_table_reset(*, village) -> None:
    """Go back to the rate table shipped with TokoDesa."""
    ShippingSettings.objects.filter(village=village).update(rate_table=None)
    shipping_settings_changed(village_id=village.pk)


@transaction.atomic
def shipping_settings_update(*, village, **fields) -> ShippingSettings:
    config, _ = ShippingSettings.objects.get_or_create(village=village)
    for name, value in fields.items():
        setattr(config, name, value)
    config.full_clean()
    config.save()
    shipping_settings_changed(village_id=village.pk)
    return config


@transaction.atomic
def local_area_set(*, village, region_code: str, region_name: str, fee: int) -> LocalDeliveryArea:
    area, _ = LocalDeliveryArea.objects.update_or_create(
        village=village,
        region_code=region_code,
        defaults={"region_name": region_name, "fee": fee},
    )
    return area


@transaction.atomic
def local_area_remove(*, village, area_id: int) -> None:
    LocalDeliveryArea.objects.filter(village=village, pk=area_id).delete()


def orders_complete_shipped(*, days: int | None = None, now=None) -> int:
    """Complete orders shipped more than ``days`` ago (the village's "complete after" setting
    when None), in every village, each in its own village's scope; return how many."""
    now = now or timezone.now()
    done = 0
    with across_villages("orders shipped long ago, in every village"):
        shipped = list(
            Order.objects.filter(status=Order.Status.SHIPPED, shipped_at__isnull=False).values_list(
                "pk", "village_id"
            )
        )
    for pk, village_id in shipped:
        with village_scope(village_id):
            order = Order.objects.select_related("village").get(pk=pk)
            wait = days if days is not None else shipping_settings(order.village).auto_complete_days
            if order.shipped_at > now - timedelta(days=wait):
                continue
            try:
                order_complete(
                    order=order,
                    actor=None,
                    reason=_("Delivered long ago; completed automatically"),
                )
                done += 1
            except IllegalTransition:
                pass  # received, or completed by another worker meanwhile
    return done
