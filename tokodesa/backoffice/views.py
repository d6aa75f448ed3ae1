"""The village shop team's own pages: today's dashboard, the audit log, the village settings."""

from contextlib import suppress
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tokodesa.core.numbers import posted_id
from tokodesa.payments.models import BankAccount
from tokodesa.payments.services import bank_account_add, bank_account_change
from tokodesa.shipping.selectors import shipping_settings
from tokodesa.shipping.services import shipping_settings_update
from tokodesa.villages.decorators import admin_only, is_village_admin, team_only
from tokodesa.villages.services import (
    domain_request,
    domain_verify,
    membership_grant,
    membership_revoke,
    village_open,
    village_update,
)

from . import selectors
from .forms import BankAccountForm, MemberForm, VillageSettingsForm


@team_only
@require_http_methods(["GET", "POST"])
def dashboard(request):
    village = request.village
    village_admin = is_village_admin(request.user, village)
    checklist = selectors.setup_checklist(village=village)
    if request.method == "POST" and request.POST.get("action") == "open":
        if not village_admin:
            messages.error(request, _("Only a village admin can open the shop."))
        elif not checklist.ready_to_open:
            messages.error(request, _("Finish the steps marked as needed first."))
        else:
            try:
                village_open(village=village, actor=request.user)
                messages.success(request, _("The shop is open. Share its address!"))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        return redirect("backoffice:dashboard")
    context = selectors.today(village=village)
    context["village_admin"] = village_admin
    # The first steps are the village admins' (payments and settings are theirs to change).
    setting_up = village_admin and not (checklist.complete and village.is_open)
    context["checklist"] = checklist if setting_up else None
    return TemplateResponse(request, "backoffice/dashboard.html", context)


@team_only
def audit(request):
    return TemplateResponse(
        request, "backoffice/audit.html", {"entries": selectors.audit_log(village=request.village)}
    )


@admin_only
@require_http_methods(["GET", "POST"])
def village_settings(request):
    """The village's own settings, team and bank accounts (village admins only)."""
    village = request.village
    shipping = shipping_settings(village)
    part = request.POST.get("part", "")
    form = VillageSettingsForm(
        request.POST if part == "profile" else None,
        request.FILES if part == "profile" else None,
        initial={
            "tagline": village.tagline,
            "story": village.story,
            "whatsapp": village.whatsapp,
            "email": village.email,
            "address": village.address,
            "fee_percent": Decimal(village.fee_basis_points) / 100,
            "review_products": village.review_products,
            "transparency_public": village.transparency_public,
            "problem_days": village.problem_days,
            "opening_hours": shipping.opening_hours,
            "map_url": shipping.map_url,
        },
    )
    member_form = MemberForm(request.POST if part == "member" else None)
    bank_form = BankAccountForm(request.POST if part == "bank" else None)
    if request.method == "POST":
        try:
            if part == "profile" and form.is_valid():
                data = form.cleaned_data
                village_update(
                    village=village,
                    actor=request.user,
                    logo=data["logo"] or None,
                    tagline=data["tagline"],
                    story=data["story"],
                    whatsapp=data["whatsapp"],
                    email=data["email"],
                    address=data["address"],
                    fee_basis_points=int(data["fee_percent"] * 100),
                    review_products=data["review_products"],
                    transparency_public=data["transparency_public"],
                    problem_days=data["problem_days"],
                )
                shipping_settings_update(
                    village=village, opening_hours=data["opening_hours"], map_url=data["map_url"]
                )
                return _saved(request)
            if part == "member" and member_form.is_valid():
                # Only people of this village (e.g. its sellers) can be given a team role
                # here, so the form never tells whether a name exists elsewhere.
                user = (
                    get_user_model()
                    .objects.filter(
                        username=member_form.cleaned_data["username"],
                        memberships__village=village,
                    )
                    .first()
                )
                if user is None:
                    member_form.add_error(
                        "username",
                        _(
                            "Nobody of this village has this username. Sign the person up "
                            "first (Sign up a villager), then give them a role here."
                        ),
                    )
                else:
                    membership_grant(
                        village=village,
                        user=user,
                        actor=request.user,
                        role=member_form.cleaned_data["role"],
                    )
                    return _saved(request)
            if part == "remove":
                user = get_user_model().objects.filter(pk=posted_id(request.POST, "user")).first()
                if user is not None:
                    membership_revoke(village=village, user=user, actor=request.user)
                return _saved(request)
            if part == "bank" and bank_form.is_valid():
                bank_account_add(village=village, actor=request.user, **bank_form.cleaned_data)
                return _saved(request)
            if part == "domain":
                domain_request(
                    village=village, host=request.POST.get("host", "")[:253], actor=request.user
                )
                return _saved(request)
            if part == "domain-check":
                domain = village.domains.filter(pk=posted_id(request.POST, "domain")).first()
                if domain is not None:
                    domain_verify(domain=domain)
                    messages.success(
                        request, _("%(host)s now opens the shop.") % {"host": domain.host}
                    )
                return redirect("backoffice:village-settings")
            if part == "bank-off":
                if account_id := posted_id(request.POST, "account"):
                    with suppress(BankAccount.DoesNotExist):  # already gone: nothing to do
                        bank_account_change(
                            village=village,
                            actor=request.user,
                            account_id=account_id,
                            is_active=False,
                        )
                return _saved(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return TemplateResponse(
        request,
        "backoffice/village_settings.html",
        {
            "form": form,
            "member_form": member_form,
            "bank_form": bank_form,
            "members": village.memberships.select_related("user").exclude(role="seller"),
            "accounts": village.bank_accounts.filter(is_active=True),
            "domains": village.domains.order_by("-is_primary", "host"),
            "cname_target": settings.DOMAIN_CNAME_TARGET,
            "show_errors": True,
        },
    )


def _saved(request):
    messages.success(request, _("Saved."))
    return redirect("backoffice:village-settings")
