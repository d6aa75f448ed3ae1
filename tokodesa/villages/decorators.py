from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse

from .models import Membership


def is_village_team(user, village) -> bool:
    """Village admin or staff of this shop, or a platform operator."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(
            village=village, user=user, role__in=[Membership.Role.ADMIN, Membership.Role.STAFF]
        ).exists()
    )


def team_only(view):
    """Only the village team may use this shop page; others log in, or get a plain 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("login"))
        if not is_village_team(request.user, request.village):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def is_village_admin(user, village) -> bool:
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(
            village=village, user=user, role=Membership.Role.ADMIN
        ).exists()
    )


def admin_only(view):
    """Only the village's admins (and the platform operator); the rest of the team gets 404."""

    @wraps(view)
    @team_only
    def wrapper(request, *args, **kwargs):
        if not is_village_admin(request.user, request.village):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def operator_only(view):
    """Only the platform operator (on the platform's host); others log in, or get a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if not request.user.is_superuser:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
