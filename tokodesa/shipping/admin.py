from django.db import models

from tokodesa.core.admin import ServiceInline, StackedInline, TabularInline
from tokodesa.villages.admin import VillageInlineMixin, register_village_inline

from . import services
from .models import LocalDeliveryArea, ShippingSettings


@register_village_inline
class ShippingSettingsInline(VillageInlineMixin, ServiceInline, StackedInline):
    model = ShippingSettings
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    can_delete = False
    max_num = 1

    def save_row(self, request, parent, form):
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        return services.shipping_settings_update(village=parent, **fields)


@register_village_inline
class LocalDeliveryAreaInline(VillageInlineMixin, ServiceInline, TabularInline):
    model = LocalDeliveryArea
    fields = ["region_code", "region_name", "fee"]
    extra = 0

    def save_row(self, request, parent, form):
        if form.instance.pk is not None and "region_code" in form.changed_data:
            services.local_area_remove(village=parent, area_id=form.instance.pk)
        data = form.cleaned_data
        return services.local_area_set(
            village=parent,
            region_code=data["region_code"],
            region_name=data["region_name"],
            fee=data["fee"],
        )

    def delete_row(self, request, parent, obj):
        services.local_area_remove(village=parent, area_id=obj.pk)
