from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tokodesa.core.admin import ModelAdmin, ServiceInline, TabularInline

from . import services
from .backends import villages_where
from .models import Domain, Membership, Village


def _perm(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


class _PerVillagePermissions:
    """Object-level answers: a row (or, for an inline, its parent village) is judged by the
    user's role in that row's village only (villages.backends.VillageRoleBackend)."""

    def _may(self, request, action: str, obj) -> bool:
        return request.user.has_perm(_perm(self.model, action), obj)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return self._may(request, "view", obj) or self._may(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return self._may(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return self._may(request, "delete", obj)


class VillageInlineMixin(_PerVillagePermissions):
    """For inlines under a village: ``obj`` is the parent village."""

    def has_add_permission(self, request, obj=None):
        if obj is None:
            return super().has_add_permission(request, obj)
        return self._may(request, "add", obj)


class VillageScopedAdmin(_PerVillagePermissions, ModelAdmin):
    """Admin of a tenant model: lists show the rows of the villages where the user's role
    grants seeing them; a row opens and saves only as that village's role allows."""

    village_field = "village"

    def get_queryset(self, request) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        visible = set(villages_where(request.user, _perm(self.model, "view")))
        visible |= set(villages_where(request.user, _perm(self.model, "change")))
        return queryset.filter(**{f"{self.village_field}__in": visible})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            ids = set(villages_where(request.user, _perm(self.model, "add")))
            ids |= set(villages_where(request.user, _perm(self.model, "change")))
            related = db_field.related_model
            if related is Village:
                kwargs["queryset"] = Village.objects.filter(pk__in=ids)
            elif any(f.name == "village" for f in related._meta.get_fields()):
                kwargs["queryset"] = related._default_manager.filter(village__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DomainInline(VillageInlineMixin, ServiceInline, TabularInline):
    """Host names are the platform operator's to give until a village can prove it owns a
    domain (an unverified host could take another village's address)."""

    model = Domain
    extra = 0

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    has_change_permission = has_delete_permission = has_add_permission

    def save_row(self, request, parent, form):
        if form.instance.pk is not None:
            services.domain_remove(village=parent, domain=form.instance)
        data = form.cleaned_data
        return services.domain_add(village=parent, host=data["host"], primary=data["is_primary"])

    def delete_row(self, request, parent, obj):
        services.domain_remove(village=parent, domain=obj)


class MembershipInline(VillageInlineMixin, ServiceInline, TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]

    def save_row(self, request, parent, form):
        if form.instance.pk is not None and "user" in form.changed_data:
            old = Membership.objects.get(pk=form.instance.pk).user
            services.membership_revoke(village=parent, user=old, actor=request.user)
        data = form.cleaned_data
        return services.membership_grant(
            village=parent, user=data["user"], role=data["role"], actor=request.user
        )

    def delete_row(self, request, parent, obj):
        services.membership_revoke(village=parent, user=obj.user, actor=request.user)


#: Inlines other apps add to the village's admin page (payments, shipping, …), so that the
#: tenant's own app knows no feature: each feature registers itself here.
feature_inlines: list = []


def register_village_inline(inline):
    feature_inlines.append(inline)
    return inline


@admin.register(Village)
class VillageAdmin(VillageScopedAdmin):
    village_field = "pk"
    list_display = ["name", "slug", "regency", "province", "status"]
    list_filter = ["status", "province"]
    search_fields = ["name", "slug", "region_code", "regency", "district"]
    prepopulated_fields = {"slug": ["name"]}
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
    #: What only the platform operator decides: whether the shop is open, its address on the
    #: platform, and where it is.
    OPERATOR_FIELDS = ["status", "slug", "name", "region_code", "district", "regency", "province"]

    def get_inlines(self, request, obj):
        return [DomainInline, *feature_inlines, MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else self.OPERATOR_FIELDS

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

    def has_add_permission(self, request):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            fields = {k: v for k, v in data.items() if k != "logo"}
            created = services.village_create(logo=data.get("logo") or None, **fields)
            obj.pk, obj._state = created.pk, created._state
            return
        saved = Village.objects.get(pk=obj.pk)
        status = data.get("status", saved.status)
        profile = {
            name: data[name]
            for name in form.changed_data
            if name not in ("logo", "status") and name in data
        }
        logo = data["logo"] if "logo" in form.changed_data and data.get("logo") else None
        if profile or logo is not None:
            services.village_update(village=saved, actor=request.user, logo=logo, **profile)
        if status != saved.status:
            services.village_status_set(village=saved, status=status, actor=request.user)
        obj.refresh_from_db()
