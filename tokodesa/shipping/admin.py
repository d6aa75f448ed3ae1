from django.contrib import admin

from .models import LocalDeliveryArea, ShippingSettings


class ShippingSettingsInline(admin.StackedInline):
    model = ShippingSettings
    can_delete = False
    max_num = 1


class LocalDeliveryAreaInline(admin.TabularInline):
    model = LocalDeliveryArea
    extra = 0
