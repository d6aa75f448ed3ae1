from django.contrib import admin

from .models import Highlight


@admin.register(Highlight)
class HighlightAdmin(admin.ModelAdmin):
    """The platform operator's choice of shops and products on the portal's front page."""

    list_display = ["__str__", "shop", "position", "starts", "ends"]
    raw_id_fields = ["shop", "product"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission
