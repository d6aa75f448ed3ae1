"""Admin building blocks of the house.

An admin inline's formset believes the ``TOTAL_FORMS`` a browser sends up to Django's
``absolute_max`` (its ``max_num`` plus 1,000): a forged number makes one request build and
render a thousand forms. Inlines here accept at most ``max_num`` forms.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _


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


class ServiceInline:
    """An inline whose rows are written by its app's services, never by ``formset.save()``:
    ``save_row(request, parent, form)`` for a new or changed row (``form.instance.pk`` is None
    for a new one) and ``delete_row(request, parent, obj)``. The parent ModelAdmin (below)
    calls them; a ValidationError they raise undoes the whole save and is shown as a message."""

    def save_row(self, request, parent, form):
        raise NotImplementedError

    def delete_row(self, request, parent, obj):
        raise NotImplementedError


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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A service's refusal (a rule the form cannot see, e.g. "the last admin cannot be
        # removed") rolls the whole save back and is told, never a server error.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_formset(self, request, form, formset, change):
        inline = next(
            (
                i
                for i in self.get_inline_instances(request, form.instance)
                if isinstance(i, ServiceInline) and i.model is formset.model
            ),
            None,
        )
        if inline is None:
            return super().save_formset(request, form, formset, change)
        parent = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.deleted_forms:
            if row.instance.pk is not None:
                inline.delete_row(request, parent, row.instance)
                formset.deleted_objects.append(row.instance)
        for row in formset.forms:
            if row in formset.deleted_forms or not row.has_changed():
                continue
            new = row.instance.pk is None
            saved = inline.save_row(request, parent, row)
            if new:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, row.changed_data))

    def act_through(self, request, queryset, service, **kwargs) -> None:
        """Run an admin action row by row through ``service(<model name>=row, **kwargs)``;
        rows the service refuses are counted and left as they were."""
        name = self.model._meta.model_name
        done = refused = 0
        for row in queryset:
            try:
                service(**{name: row}, **kwargs)
                done += 1
            except ValidationError:
                refused += 1
        if done:
            self.message_user(request, _("Done for %(n)d.") % {"n": done}, messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                _("%(n)d could not change that way now and were left as they were.")
                % {"n": refused},
                messages.WARNING,
            )

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
