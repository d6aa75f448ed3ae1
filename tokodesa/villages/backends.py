"""Permissions that come from a village role rather than from Django's permission tables.

A village admin or staff member may work on their own village's rows in the admin; the
querysets there are narrowed to those villages (villages.admin.VillageScopedAdmin).
"""

from django.contrib.auth.backends import BaseBackend

from .models import Membership


def _crud(model: str, *actions: str) -> set[str]:
    app, name = model.split(".")
    return {f"{app}.{action}_{name}" for action in actions}


ALL = ("view", "add", "change", "delete")
STAFF_PERMISSIONS = frozenset(
    _crud("catalog.product", *ALL)
    | _crud("catalog.variant", *ALL)
    | _crud("catalog.productimage", *ALL)
    | _crud("catalog.category", "view")
    | _crud("sellers.seller", "view", "add", "change")
    | _crud("villages.village", "view")
    | _crud("orders.order", "view")
    | _crud("payments.bankaccount", "view")
)
ADMIN_PERMISSIONS = STAFF_PERMISSIONS | frozenset(
    _crud("villages.village", "change")
    | _crud("villages.domain", *ALL)
    | _crud("villages.membership", *ALL)
    | _crud("sellers.seller", "delete")
    | _crud("payments.bankaccount", *ALL)
    | _crud("shipping.shippingsettings", *ALL)
    | _crud("shipping.localdeliveryarea", *ALL)
)


class VillageRoleBackend(BaseBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if not hasattr(user_obj, "_village_role_perms"):
            roles = set(Membership.objects.filter(user=user_obj).values_list("role", flat=True))
            perms: set[str] = set()
            if Membership.Role.ADMIN in roles:
                perms |= ADMIN_PERMISSIONS
            if Membership.Role.STAFF in roles:
                perms |= STAFF_PERMISSIONS
            user_obj._village_role_perms = perms
        return user_obj._village_role_perms

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
