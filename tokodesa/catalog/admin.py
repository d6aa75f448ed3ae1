from django import forms
from django.contrib import admin

from tokodesa.core import images
from tokodesa.villages.admin import VillageScopedAdmin

from . import services
from .models import Category, Product, ProductImage, Variant


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position"]
    list_filter = ["parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_change_permission(self, request, obj=None):  # one national tree
        return request.user.is_superuser

    has_add_permission = has_delete_permission = has_change_permission


class VariantInline(admin.TabularInline):
    model = Variant
    fields = ["label", "sku", "price", "weight_g", "stock", "position"]
    extra = 0
    min_num = 1


class ProductImageForm(forms.ModelForm):
    class Meta:
        model = ProductImage
        fields = ["image", "alt", "position"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and hasattr(upload, "content_type"):
            images.clean_photo(upload)  # refuses what the pipeline would refuse
            upload.seek(0)
        return upload


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    extra = 1


@admin.register(Product)
class ProductAdmin(VillageScopedAdmin):
    list_display = ["name", "seller", "category", "price_min", "stock_total", "status"]
    list_filter = ["status", "village", "category"]
    list_select_related = ["seller", "category"]
    search_fields = ["name", "seller__display_name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["price_min", "price_max", "stock_total"]
    inlines = [VariantInline, ProductImageInline]
    exclude = ["village"]

    def save_model(self, request, obj, form, change):
        obj.village_id = obj.seller.village_id
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        product = form.instance
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            if isinstance(obj, ProductImage) and obj.pk is None:
                services.product_image_add(
                    product=product, upload=obj.image.file, alt=obj.alt, position=obj.position
                )
                continue
            obj.village_id = product.village_id
            obj.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.product_refresh(product=form.instance)
