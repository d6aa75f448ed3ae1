"""The Django admin, scoped: every admin page runs inside the villages its user may see.

The platform operator (a superuser) works across villages, by name. A village admin or staff
member sees the rows of the villages where they have a team role, and nothing else, whatever
a ModelAdmin forgets (tokodesa.core.tenancy); which of those rows they may change is decided
per village by the role there (villages.backends).
"""

from functools import wraps

from django.contrib import admin

from tokodesa.core.tenancy import across_villages, village_scope

from .backends import village_roles


class AdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def scoped(request, *args, **kwargs):
            user = request.user
            if user.is_active and user.is_superuser:
                scope = across_villages("the platform operator's admin")
            else:
                scope = village_scope(list(village_roles(user)))
            with scope:
                response = inner(request, *args, **kwargs)
                if getattr(response, "is_rendered", True) is False:
                    response.render()  # the page reads rows too: inside the same scope
                return response

        return scoped
