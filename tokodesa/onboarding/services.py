"""Write use-cases of onboarding: a village applies, the platform operator reviews, and an
approved village gets its shop, complete, with its first admin."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tokodesa.core.people import one_time_login
from tokodesa.core.tenancy import village_scope
from tokodesa.core.validators import normalize_whatsapp
from tokodesa.payments.proofs import clean_proof
from tokodesa.regions.selectors import region_path
from tokodesa.villages.models import Membership, Village
from tokodesa.villages.selectors import village_by_region_code
from tokodesa.villages.services import membership_grant, village_create

from .models import VillageApplication

A = VillageApplication

# Provinces by the first two digits of their code, east of the WIB line (UU/Keppres on the
# three time zones): WITA for Bali, Nusa Tenggara, South/East/North Kalimantan and Sulawesi;
# WIT for Maluku and every Papua province. Everything else is WIB.
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96", "97"}


def time_zone_for(region_code: str) -> str:
    """The village's time zone from its province: WIB, WITA or WIT."""
    province = region_code[:2]
    if province in WIT_PROVINCES:
        return Village.TimeZone.WIT
    if province in WITA_PROVINCES:
        return Village.TimeZone.WITA
    return Village.TimeZone.WIB


@dataclass(frozen=True)
class ApplicantDetails:
    region_code: str  # the desa/kelurahan
    run_by: str  # VillageApplication.RunBy
    leader_name: str
    contact_name: str
    contact_whatsapp: str
    organisation: str = ""
    contact_email: str = ""
    message: str = ""


def _taken_message(region_code: str) -> str | None:
    """Why this desa cannot apply now, or None."""
    village = village_by_region_code(region_code=region_code)
    if village is not None:
        return _("%(name)s already has its shop on TokoDesa.") % {"name": village.name}
    live = A.objects.filter(region_code=region_code, status__in=A.OPEN_STATUSES).first()
    if live is not None:
        return _(
            "This village already applied (number %(number)s); the platform is reviewing it."
        ) % {"number": live.number}
    return None


def application_submit(*, details: ApplicantDetails, document=None) -> VillageApplication:
    """A village applies for its shop. Raises ValidationError naming each wrong field."""
    errors: dict[str, list[str]] = {}
    path = region_path(code=details.region_code)
    if len(path) != 4:
        errors["village"] = [_("Choose your desa or kelurahan.")]
    elif taken := _taken_message(path[3].code):
        errors["village"] = [taken]
    if (details.run_by or "") not in A.RunBy.values:
        errors["run_by"] = [_("Choose who runs the shop.")]
    organisation = " ".join(details.organisation.split())[:160]
    if details.run_by == A.RunBy.BUMDES and len(organisation) < 3:
        errors["organisation"] = [_("Write the name of the BUMDes.")]
    leader = " ".join(details.leader_name.split())[:120]
    if len(leader) < 3:
        errors["leader_name"] = [_("Write the name of the Kepala Desa or BUMDes director.")]
    contact = " ".join(details.contact_name.split())[:120]
    if len(contact) < 2:
        errors["contact_name"] = [_("Write the name of the person we can contact.")]
    try:
        whatsapp = normalize_whatsapp(details.contact_whatsapp)
    except ValidationError as error:
        errors["contact_whatsapp"] = error.messages
    cleaned_document = None
    if document is not None:
        try:
            cleaned_document = clean_proof(document)
        except ValidationError:
            errors["document"] = [
                _(
                    "This file cannot be used. Send a photo of the letter, or a complete PDF "
                    "without a password."
                )
            ]
    if errors:
        raise ValidationError(errors)
    desa = path[3]
    application = A(
        region_code=desa.code,
        village_name=_village_name(desa),
        region_label=", ".join(r.short_name for r in reversed(path[:3])),
        run_by=details.run_by,
        organisation=organisation if details.run_by == A.RunBy.BUMDES else "",
        leader_name=leader,
        contact_name=contact,
        contact_whatsapp=whatsapp,
        contact_email=details.contact_email.strip()[:254],
        message=details.message.strip()[:2000],
    )
    try:
        with transaction.atomic():
            if cleaned_document is not None:
                name = f"{desa.code}-{cleaned_document.name}"
                application.document.save(name, cleaned_document, save=False)
            application.save()
    except IntegrityError:  # the same desa applied a moment ago
        raise ValidationError({"village": [_taken_message(desa.code) or ""]}) from None
    return application


def _village_name(desa) -> str:
    """'Desa Batu Ampar', 'Kelurahan Sukajadi': how the village calls itself."""
    kind = desa.kind
    prefix = _("Kelurahan") if kind == type(desa).Kind.KELURAHAN else _("Desa")
    return f"{prefix} {desa.name}"


def _reviewable(application: VillageApplication) -> VillageApplication:
    """The application, locked, while it is still in review; else a ValidationError."""
    locked = A.objects.select_for_update().get(pk=application.pk)
    if not locked.is_open:
        raise ValidationError(
            _("This application was already decided (%(status)s).")
            % {"status": locked.get_status_display()},
            code="decided",
        )
    return locked


def application_request_info(*, application, actor, note: str) -> VillageApplication:
    """Ask the applicant for more (the note is sent to them); it stays in review."""
    return _decide(
        application,
        actor,
        A.Status.MORE_INFO,
        note,
        field="note",
        missing=_("Write what the village should send or correct."),
    )


def application_reject(*, application, actor, reason: str) -> VillageApplication:
    """Decline with a reason the applicant is told. The desa may apply again later."""
    return _decide(
        application,
        actor,
        A.Status.REJECTED,
        reason,
        field="reason",
        missing=_("Write why, so the village knows what to do."),
    )


@transaction.atomic
def _decide(application, actor, status: str, note: str, *, field: str, missing: str):
    note = note.strip()[:2000]
    if len(note) < 5:
        raise ValidationError({field: [missing]})
    application = _reviewable(application)
    application.status, application.review_note = status, note
    application.reviewed_by, application.reviewed_at = actor, timezone.now()
    application.save()
    return application


@dataclass(frozen=True)
class Approval:
    application: VillageApplication
    village: Village
    admin: object  # the village's first admin (a user without a password yet)
    uid: str  # with ``token``: the one-time link on which the admin chooses a password
    token: str


@transaction.atomic
def application_approve(*, application, actor) -> Approval:
    """Open the village's shop, complete: a unique address and order prefix, its time zone,
    its contacts, and its first admin with a one-time link to choose a password. The shop
    starts as a draft; the admin opens it when the first steps are done."""
    application = _reviewable(application)
    village = village_create(
        name=application.village_name,
        slug=_free_slug(application),
        region_code=application.region_code,
        whatsapp=application.contact_whatsapp,
        email=application.contact_email,
        time_zone=time_zone_for(application.region_code),
        status=Village.Status.DRAFT,
    )
    admin = _new_user(f"pengelola.{village.slug}", application)
    with village_scope(village):
        membership_grant(village=village, user=admin, role=Membership.Role.ADMIN, actor=actor)
    application.status, application.shop = A.Status.APPROVED, village
    application.reviewed_by, application.reviewed_at = actor, timezone.now()
    application.save()
    uid, token = one_time_login(admin)
    return Approval(application, village, admin, uid, token)


def application_new_link(*, application) -> Approval:
    """A new one-time link for the first admin of an approved village who has not chosen a
    password yet (the first message was lost). Earlier links stop working once one is used."""
    if application.status != A.Status.APPROVED or application.shop is None:
        raise ValidationError(_("Only an approved village's admin gets a link."))
    with village_scope(application.shop):
        membership = (
            Membership.objects.filter(village=application.shop, role=Membership.Role.ADMIN)
            .select_related("user")
            .order_by("created_at")
            .first()
        )
    if membership is None or membership.user.has_usable_password():
        raise ValidationError(
            _("The village's admin has already chosen a password; they log in as usual.")
        )
    uid, token = one_time_login(membership.user)
    return Approval(application, application.shop, membership.user, uid, token)


def _free_slug(application: VillageApplication) -> str:
    """batu-ampar; batu-ampar-kepahiang when another Batu Ampar has it; then -2, -3."""
    path = region_path(code=application.region_code)
    desa, regency = path[3].name, path[1].bare_name
    candidates = [slugify(desa)[:50], slugify(f"{desa} {regency}")[:50]]
    taken = set(Village.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    for slug in candidates:
        if slug and slug not in taken:
            return slug
    base, n = candidates[-1] or "desa", 2
    while Village.objects.filter(slug=f"{base}-{n}").exists():
        n += 1
    return f"{base}-{n}"


def _new_user(base: str, application: VillageApplication):
    User = get_user_model()
    username, n = base[:140], 2
    while User.objects.filter(username=username).exists():
        username, n = f"{base[:140]}{n}", n + 1
    user = User(
        username=username,
        first_name=application.contact_name[:150],
        email=application.contact_email,
    )
    user.set_unusable_password()
    user.save()
    return user
