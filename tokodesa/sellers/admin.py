from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tokodesa.core.validators import normalize_whatsapp
from tokodesa.villages.admin import VillageScopedAdmin

from . import services
from .models import Seller


class SellerForm(forms.ModelForm):
    class Meta:
        model = Seller
        fields = [
            "village",
            "user",
            "display_name",
            "shop_name",
            "slug",
            "story",
            "photo",
            "whatsapp",
        ]

    def clean_whatsapp(self):
        number = self.cleaned_data.get("whatsapp")
        return normalize_whatsapp(number) if number else number


@admin.register(Seller)
class SellerAdmin(VillageScopedAdmin):
    form = SellerForm
    list_display = ["display_name", "shop_name", "village", "status"]
    list_filter = ["status", "village"]
    search_fields = ["display_name", "shop_name", "whatsapp"]
    prepopulated_fields = {"slug": ["display_name"]}
    raw_id_fields = ["user"]
    # The status moves only through the services: approve here (audited); rejecting an
    # application needs a reason for the villager, given on the team's applications page.
    readonly_fields = ["status"]
    actions = ["approve"]

    @admin.action(description=_("Approve the application"), permissions=["change"])
    def approve(self, request, queryset):
        self.act_through(request, queryset, services.seller_approve, actor=request.user)
