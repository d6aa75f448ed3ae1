"""Admin building blocks of the house.

An admin inline's formset believes the ``TOTAL_FORMS`` a browser sends up to Django's
``absolute_max`` (its ``max_num`` plus 1,000): a forged number makes one request build and
render a thousand forms. Inlines here accept at most ``max_num`` forms.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError


class _Bounded:
    max_num = 50

    def get_formset(self, request, obj=None, **kwargs):
        limit = self.get_max_num(request, obj, **kwargs) or self.max_num
        kwargs.setdefault("absolute_max", limit)
        return super().get_formset(request, obj, **kwargs)


class TabularInline(_Bounded, admin.TabularInline):
    pass


class StackedInline(_Bounded, admin.StackedInline):
    pass


class ModelAdmin(admin.ModelAdmin):
    """The house's ModelAdmin: an action posted with rows that are not ids (``_selected_action``
    is whatever the browser sends) acts on the valid ones only, and absurd filter values are a
    bad query, never a server error."""

    def response_action(self, request, queryset):
        name = helpers.ACTION_CHECKBOX_NAME
        selected = request.POST.getlist(name)
        valid = [value for value in selected if self._is_pk(value)]
        if len(valid) != len(selected):
            request.POST = request.POST.copy()
            request.POST.setlist(name, valid)
        return super().response_action(request, queryset)

    def get_changelist_instance(self, request):
        # Filters with numbers no date can hold (?created_at__year=999…) are a bad query, as
        # Django already treats other impossible dates: the list opens without them.
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def _is_pk(self, value) -> bool:
        try:
            self.model._meta.pk.to_python(value)
        except ValidationError:
            return False
        return True


# Django's own admins of accounts, with the same guard.
for _model, _admin in ((User, UserAdmin), (Group, GroupAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, type(_admin.__name__, (ModelAdmin, _admin), {}))
