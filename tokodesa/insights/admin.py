from django.contrib import admin

from .models import Monitor


@admin.register(Monitor)
class MonitorAdmin(admin.ModelAdmin):
    """Also on /operator/pemantau/, which sends the one-time link."""

    list_display = ["user", "region_code", "organisation", "created_at", "created_by"]
    search_fields = ["user__username", "user__email", "organisation", "region_code"]
    raw_id_fields = ["user", "created_by"]
    readonly_fields = ["created_at", "created_by"]
