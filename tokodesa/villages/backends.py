"""Permissions that come from a village role rather than from Django's permission tables.

A village admin or staff member may work on their own village's rows in the admin; the
querysets there are narrowed to those villages (villages.admin.VillageScopedAdmin).
"""

from django.contrib.auth.backends import BaseBackend

from tokodesa.core.tenancy import across_villages

from .models import Membership, Village


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


TEAM_ROLES = (Membership.Role.ADMIN, Membership.Role.STAFF)
ROLE_PERMISSIONS = {
    Membership.Role.ADMIN: ADMIN_PERMISSIONS,
    Membership.Role.STAFF: STAFF_PERMISSIONS,
}


def village_roles(user) -> dict[int, str]:
    """The user's shop-team role in each village (village id → "admin" or "staff")."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_village_roles"):
        with across_villages("a person's own team roles, in every village"):
            user._village_roles = dict(
                Membership.objects.filter(user=user, role__in=TEAM_ROLES).values_list(
                    "village_id", "role"
                )
            )
    return user._village_roles


def villages_where(user, perm: str) -> list[int]:
    """The villages in which the user's role grants ``perm``."""
    return [pk for pk, role in village_roles(user).items() if perm in ROLE_PERMISSIONS[role]]


def village_id_of(obj) -> int | None:
    return obj.pk if isinstance(obj, Village) else getattr(obj, "village_id", None)


class VillageRoleBackend(BaseBackend):
    """A role counts in its own village only: admin of A and staff of B is staff in B.

    Without an object the answer is "somewhere": it decides which admin pages a person sees;
    with an object (a row, or the village itself) only the role in that row's village counts,
    and the admin's lists show only the villages where the role grants the permission
    (villages.admin.VillageScopedAdmin)."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        roles = village_roles(user_obj)
        if obj is None:
            return set().union(*(ROLE_PERMISSIONS[role] for role in roles.values()))
        role = roles.get(village_id_of(obj))
        return set(ROLE_PERMISSIONS[role]) if role else set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
