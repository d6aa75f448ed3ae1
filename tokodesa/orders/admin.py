from django.contrib import admin

from tokodesa.core.admin import TabularInline
from tokodesa.villages.admin import VillageScopedAdmin

from .models import Order, OrderEvent, OrderLine


class ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "product_name",
        "variant_label",
        "seller_name",
        "unit_price",
        "quantity",
        "line_total",
    ]


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["created_at", "from_status", "to_status", "actor_label", "reason"]
    readonly_fields = ["created_at"]


@admin.register(Order)
class OrderAdmin(VillageScopedAdmin):
    """Orders are read here; they change state through the team's order page (services)."""

    list_display = ["code", "village", "buyer_name", "total", "status", "channel", "created_at"]
    list_filter = ["status", "channel", "village"]
    search_fields = ["code", "buyer_name", "buyer_whatsapp"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, OrderEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
