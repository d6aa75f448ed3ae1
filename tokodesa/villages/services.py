"""Write use-cases of villages: create a shop, give it addresses, give people roles."""

import httpx
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.core import images
from tokodesa.core.tenancy import across_villages
from tokodesa.core.validators import normalize_whatsapp
from tokodesa.regions.selectors import region_exists, region_path

from .models import Domain, Membership, Village, order_prefix_for
from .selectors import villages_changed

MAX_DOMAINS = 3


def _official_names(region_code: str) -> dict[str, str]:
    """Kecamatan, kabupaten/kota, province and postal code from the official region list.

    Empty when the list is not loaded (``load_regions``); a ValidationError when it is loaded
    and has no desa/kelurahan with this code.
    """
    if not region_exists():
        return {}
    path = region_path(code=region_code)
    if len(path) != 4:
        raise ValidationError(
            {
                "region_code": _("There is no village with the code %(code)s in the official list.")
                % {"code": region_code}
            }
        )
    province, regency, district, desa = path
    return {
        "province": province.name,
        "regency": regency.name,
        "district": district.name,
        "postal_code": desa.postal_code,
    }


@transaction.atomic
def village_create(
    *,
    name: str,
    slug: str,
    region_code: str,
    district: str = "",
    regency: str = "",
    province: str = "",
    postal_code: str = "",
    tagline: str = "",
    story: str = "",
    whatsapp: str = "",
    email: str = "",
    address: str = "",
    time_zone: str = Village.TimeZone.WIB,
    status: str = Village.Status.DRAFT,
    logo=None,
) -> Village:
    """Open a village shop. Raises ValidationError naming each bad field.

    With the official regions loaded, the code must be a real desa/kelurahan, and the
    kecamatan, kabupaten/kota, province and postal code come from the list.
    """
    official = _official_names(region_code)
    district = official.get("district", district)
    regency = official.get("regency", regency)
    province = official.get("province", province)
    postal_code = official.get("postal_code") or postal_code
    village = Village(
        order_prefix=order_prefix_for(name),
        name=name.strip(),
        slug=slug,
        region_code=region_code,
        district=district,
        regency=regency,
        province=province,
        postal_code=postal_code,
        tagline=tagline,
        story=story,
        whatsapp=normalize_whatsapp(whatsapp) if whatsapp else "",
        email=email,
        address=address,
        time_zone=time_zone,
        status=status,
    )
    if logo is not None:
        cleaned = images.clean_photo(logo, max_side=Village.LOGO_SIDE)
        village.logo.save(cleaned.name, cleaned, save=False)
    village.full_clean()
    village.save()
    return village


@transaction.atomic
def domain_add(*, village: Village, host: str, primary: bool = False) -> Domain:
    """Let the village shop answer on ``host`` at once (the platform operator's word, e.g. in
    the admin); ``primary`` makes it the canonical address."""
    domain = Domain(village=village, host=host, is_primary=primary, verified_at=timezone.now())
    domain.full_clean()  # normalises and checks the host name, and that it is free
    if primary:
        Domain.objects.filter(village=village, is_primary=True).update(is_primary=False)
    domain.save()
    return domain


@transaction.atomic
def domain_request(*, village: Village, host: str, actor) -> Domain:
    """A village admin asks for the shop's own address (``toko.<desa>.id``). It serves once
    ``domain_verify`` has seen that the host points at the platform."""
    host = host.strip().lower().rstrip(".").removeprefix("https://").removeprefix("http://")
    host = host.split("/", 1)[0]
    if host in {h.lower() for h in settings.PLATFORM_HOSTS}:
        raise ValidationError({"host": _("That is the platform's own address.")})
    if Domain.objects.filter(village=village).count() >= MAX_DOMAINS:
        raise ValidationError(
            {"host": _("A shop has at most %(n)d addresses.") % {"n": MAX_DOMAINS}}
        )
    domain = Domain(village=village, host=host)
    with across_villages("a host name is free only if no village has it"):
        domain.full_clean()
    domain.save()
    audit_record(
        village_id=village.pk,
        actor=actor,
        action="domain",
        subject=host,
        after={"domain": host, "verified": False},
    )
    return domain


def domain_check_url(domain: Domain) -> str:
    return f"http://{domain.host}/.well-known/tokodesa-domain/{domain.token}"


def domain_verify(*, domain: Domain) -> Domain:
    """Ask ``http://<host>/.well-known/tokodesa-domain/<token>``: when the platform answers it
    with the token, the host points here and starts serving the shop (as its main address
    when the shop has none). Raises ValidationError saying what to fix."""
    if domain.verified_at is not None:
        return domain
    url = domain_check_url(domain)
    target = settings.DOMAIN_CHECK_ADDRESS  # tests: a server on loopback; else the host itself
    try:
        if target:
            path = url.split(domain.host, 1)[1]
            answer = httpx.get(
                f"http://{target}{path}",
                headers={"Host": domain.host},
                timeout=5,
                follow_redirects=False,
            )
        else:
            answer = httpx.get(url, timeout=5, follow_redirects=False)
    except httpx.HTTPError:
        raise ValidationError(
            _(
                "%(host)s cannot be reached yet. Create the DNS record below, wait up to an hour, "
                "then check again."
            )
            % {"host": domain.host}
        ) from None
    if answer.status_code != 200 or answer.text.strip() != domain.token:
        raise ValidationError(
            _(
                "%(host)s does not point at TokoDesa yet. Check the DNS record below, then check "
                "again."
            )
            % {"host": domain.host}
        )
    with transaction.atomic():
        first = not Domain.objects.filter(
            village_id=domain.village_id, is_primary=True, verified_at__isnull=False
        ).exists()
        if first:
            Domain.objects.filter(village_id=domain.village_id, is_primary=True).update(
                is_primary=False
            )
        Domain.objects.filter(pk=domain.pk).update(verified_at=timezone.now(), is_primary=first)
        villages_changed()
    domain.refresh_from_db()
    return domain


@transaction.atomic
def domain_remove(*, village: Village, domain: Domain) -> None:
    Domain.objects.filter(village=village, pk=domain.pk).delete()


@transaction.atomic
def village_status_set(*, village: Village, status: str, actor) -> Village:
    """Open, pause or suspend a village shop: the platform operator's decision, audited."""
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only the platform operator can change a shop's status."))
    if status not in Village.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    before = Village.objects.select_for_update().values_list("status", flat=True).get(pk=village.pk)
    if before != status:
        Village.objects.filter(pk=village.pk).update(status=status)
        villages_changed()  # an update() sends no save signal
        audit_record(
            village_id=village.pk,
            actor=actor,
            action="village_status",
            subject=village.name,
            before={"status": before},
            after={"status": status},
        )
    village.status = status
    return village


@transaction.atomic
def village_open(*, village: Village, actor) -> Village:
    """A new shop's admin opens it once the first steps are done (the caller checks them):
    draft → open, once, audited. Closing or suspending stays the platform operator's."""
    if not Village.objects.filter(pk=village.pk, status=Village.Status.DRAFT).update(
        status=Village.Status.ACTIVE
    ):
        raise ValidationError(_("Only a shop being prepared can be opened this way."))
    villages_changed()
    audit_record(
        village_id=village.pk,
        actor=actor,
        action="village_status",
        subject=village.name,
        before={"status": Village.Status.DRAFT},
        after={"status": Village.Status.ACTIVE},
    )
    village.status = Village.Status.ACTIVE
    return village


@transaction.atomic
def membership_grant(
    *, village: Village, user: AbstractBaseUser, role: str, actor=None
) -> Membership:
    """Give ``user`` a role in the village shop (replacing the role they had there)."""
    previous = Membership.objects.filter(village=village, user=user).first()
    membership, _ = Membership.objects.update_or_create(
        village=village, user=user, defaults={"role": role}
    )
    if previous is None or previous.role != role:
        audit_record(
            village_id=village.pk,
            actor=actor,
            action="role_changed",
            subject=user.get_username(),
            before={"role": previous.role if previous else None},
            after={"role": role},
        )
    if role in (Membership.Role.ADMIN, Membership.Role.STAFF) and not user.is_staff:
        user.is_staff = True  # may open the admin, which shows only their village's rows
        user.save(update_fields=["is_staff"])
    return membership


@transaction.atomic
def village_update(*, village: Village, actor=None, logo=None, **fields) -> Village:
    """Change the village shop's profile and settings (the fee change is audited)."""
    before_fee = village.fee_basis_points
    for name, value in fields.items():
        if name == "whatsapp":
            value = normalize_whatsapp(value) if value else ""
        setattr(village, name, value.strip() if isinstance(value, str) else value)
    if logo is not None:
        cleaned = images.clean_photo(logo, max_side=Village.LOGO_SIDE)
        village.logo.save(cleaned.name, cleaned, save=False)
    village.full_clean()
    village.save()
    if village.fee_basis_points != before_fee:
        audit_record(
            village_id=village.pk,
            actor=actor,
            action="price_changed",
            subject=_("village fee"),
            before={"basis_points": before_fee},
            after={"basis_points": village.fee_basis_points},
        )
    return village


@transaction.atomic
def membership_revoke(*, village: Village, user, actor=None) -> None:
    """Take a person's role in the village shop away (an admin cannot remove the last admin)."""
    membership = Membership.objects.filter(village=village, user=user).first()
    if membership is None:
        return
    admins = Membership.objects.filter(village=village, role=Membership.Role.ADMIN)
    if membership.role == Membership.Role.ADMIN and admins.count() == 1:
        raise ValidationError(_("The village shop needs at least one admin."))
    membership.delete()
    audit_record(
        village_id=village.pk,
        actor=actor,
        action="role_changed",
        subject=user.get_username(),
        before={"role": membership.role},
        after={"role": None},
    )
