from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tokodesa.core.admin import ModelAdmin, TabularInline
from tokodesa.payments.admin import BankAccountInline
from tokodesa.shipping.admin import LocalDeliveryAreaInline, ShippingSettingsInline

from .models import Domain, Membership, Village


def managed_village_ids(user) -> list[int] | None:
    """Villages whose shop this user may run in the admin; None means all (superuser)."""
    if user.is_superuser:
        return None
    return list(
        Membership.objects.filter(
            user=user, role__in=[Membership.Role.ADMIN, Membership.Role.STAFF]
        ).values_list("village_id", flat=True)
    )


class VillageScopedAdmin(ModelAdmin):
    """Admin of a tenant model: staff see and choose only their own villages' rows."""

    village_field = "village"

    def get_queryset(self, request) -> QuerySet:
        queryset = super().get_queryset(request)
        ids = managed_village_ids(request.user)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.village_field}__in": ids})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = managed_village_ids(request.user)
        related = db_field.related_model
        if ids is not None:
            if related is Village:
                kwargs["queryset"] = Village.objects.filter(pk__in=ids)
            elif any(f.name == "village" for f in related._meta.get_fields()):
                kwargs["queryset"] = related._default_manager.filter(village__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DomainInline(TabularInline):
    model = Domain
    extra = 0


class MembershipInline(TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Village)
class VillageAdmin(VillageScopedAdmin):
    village_field = "pk"
    list_display = ["name", "slug", "regency", "province", "status"]
    list_filter = ["status", "province"]
    search_fields = ["name", "slug", "region_code", "regency", "district"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        DomainInline,
        BankAccountInline,
        ShippingSettingsInline,
        LocalDeliveryAreaInline,
        MembershipInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "tagline", "story", "logo"]}),
        (
            _("Region"),
            {
                "fields": [
                    "region_code",
                    "district",
                    "regency",
                    "province",
                    "postal_code",
                    "address",
                    "time_zone",
                ]
            },
        ),
        (_("Contact"), {"fields": ["whatsapp", "email"]}),
    ]

    def has_add_permission(self, request):
        return request.user.is_superuser
