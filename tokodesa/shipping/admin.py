from django.contrib import admin
from django.db import models

from .models import LocalDeliveryArea, ShippingSettings


class ShippingSettingsInline(admin.StackedInline):
    model = ShippingSettings
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    can_delete = False
    max_num = 1


class LocalDeliveryAreaInline(admin.TabularInline):
    model = LocalDeliveryArea
    extra = 0
