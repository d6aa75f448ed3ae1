from django.contrib import admin
from django.http import HttpRequest

from tokodesa.core.admin import ModelAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(ModelAdmin):
    """Read-only: regions are reference data, changed only by ``load_regions``."""

    list_display = ("code", "name", "level", "parent", "postal_code")
    list_filter = ("level",)
    # "^code" matches a code prefix, so "17.08" lists Kepahiang and everything inside it.
    search_fields = ("^code", "name", "=postal_code")
    list_select_related = ("parent",)
    ordering = ("code",)
    show_full_result_count = False
    list_per_page = 100
    fields = ("code", "name", "level", "parent", "postal_code")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Region | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Region | None = None) -> bool:
        return False
