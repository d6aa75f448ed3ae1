from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from tokodesa.core.admin import ModelAdmin, TabularInline
from tokodesa.core.numbers import WholeNumberField
from tokodesa.villages.admin import VillageScopedAdmin

from . import services
from .models import Category, Product, ProductImage, Variant


@admin.register(Category)
class CategoryAdmin(ModelAdmin):
    list_display = ["name", "parent", "position"]
    list_filter = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_change_permission(self, request, obj=None):  # one national tree
        return request.user.is_superuser

    has_add_permission = has_delete_permission = has_change_permission


class VariantForm(forms.ModelForm):
    # The stock shown when the page opened: saving applies the difference, so units sold while
    # the page was open are not put back (catalog.services.product_update).
    stock_seen = WholeNumberField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Variant
        fields = [
            "label",
            "sku",
            "price",
            "weight_g",
            "stock",
            "length_cm",
            "width_cm",
            "height_cm",
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["stock_seen"].initial = self.instance.stock


class VariantInline(TabularInline):
    model = Variant
    form = VariantForm
    fields = [
        "label",
        "sku",
        "price",
        "weight_g",
        "stock",
        "stock_seen",
        "length_cm",
        "width_cm",
        "height_cm",
        "position",
    ]
    extra = 0
    min_num = 1


class ProductImageInline(TabularInline):
    """New photos are stored by catalog.services.product_image_add (see save_formset), which
    also queues their renditions; the form field already refuses what the pipeline refuses."""

    model = ProductImage
    fields = ["image", "alt", "position"]
    extra = 1


@admin.register(Product)
class ProductAdmin(VillageScopedAdmin):
    list_display = ["name", "seller", "category", "price_min", "stock_total", "status"]
    list_filter = ["status", "village", "category"]
    list_select_related = ["seller", "category"]
    search_fields = ["name", "seller__display_name"]
    prepopulated_fields = {"slug": ["name"]}
    # The status moves only through the services (the actions below), never by the form.
    readonly_fields = ["status", "price_min", "price_max", "stock_total"]
    inlines = [VariantInline, ProductImageInline]
    exclude = ["village"]
    actions = ["approve", "reject", "submit", "pause"]

    @admin.action(description=_("Approve (put on sale)"), permissions=["change"])
    def approve(self, request, queryset):
        self.act_through(request, queryset, services.product_approve)

    @admin.action(description=_("Send back to the seller (not approved)"), permissions=["change"])
    def reject(self, request, queryset):
        self.act_through(request, queryset, services.product_reject)

    @admin.action(description=_("Put drafts up for sale"), permissions=["change"])
    def submit(self, request, queryset):
        self.act_through(request, queryset, services.product_submit)

    @admin.action(description=_("Take off sale for a while"), permissions=["change"])
    def pause(self, request, queryset):
        self.act_through(request, queryset, services.product_pause)

    def save_model(self, request, obj, form, change):
        if obj.pk:  # checkout's lock order: the product's variants before the product
            list(Variant.objects.select_for_update().filter(product_id=obj.pk).order_by("pk"))
        obj.village_id = obj.seller.village_id
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        product = form.instance
        if formset.model is Variant:
            # Saved together by the service in save_related (stock by difference).
            request._variant_changes = [
                services.VariantChange(
                    id=f.instance.pk,
                    label=f.cleaned_data["label"],
                    sku=f.cleaned_data["sku"],
                    price=f.cleaned_data["price"],
                    weight_g=f.cleaned_data["weight_g"],
                    stock=f.cleaned_data["stock"],
                    stock_seen=f.cleaned_data.get("stock_seen"),
                    length_cm=f.cleaned_data.get("length_cm"),
                    width_cm=f.cleaned_data.get("width_cm"),
                    height_cm=f.cleaned_data.get("height_cm"),
                )
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if obj.pk is None:
                services.product_image_add(
                    product=product, upload=obj.image.file, alt=obj.alt, position=obj.position
                )
            else:
                obj.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changes = getattr(request, "_variant_changes", None)
        if changes:
            services.product_update(
                product=form.instance, by_seller=False, variants=changes, actor=request.user
            )
        else:
            services.product_refresh(product=form.instance)
