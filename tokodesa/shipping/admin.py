from django.db import models

from tokodesa.core.admin import StackedInline, TabularInline

from .models import LocalDeliveryArea, ShippingSettings


class ShippingSettingsInline(StackedInline):
    model = ShippingSettings
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    can_delete = False
    max_num = 1


class LocalDeliveryAreaInline(TabularInline):
    model = LocalDeliveryArea
    extra = 0
