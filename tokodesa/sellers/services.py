"""Write use-cases of sellers (pelapak)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.core import images
from tokodesa.core.people import one_time_login
from tokodesa.core.slugs import unique_slug
from tokodesa.core.validators import normalize_whatsapp
from tokodesa.villages.models import Village

from .models import Seller


@transaction.atomic
def seller_register(
    *,
    village: Village,
    display_name: str,
    shop_name: str = "",
    story: str = "",
    whatsapp: str = "",
    photo=None,
    user=None,
    status: str = Seller.Status.PENDING,
    payout_account: str = "",
) -> Seller:
    """Sign a villager up as a seller of ``village`` (pending approval unless told otherwise).

    Raises ValidationError for a bad WhatsApp number or a photo that is not a photo.
    """
    seller = Seller(
        village=village,
        user=user,
        display_name=display_name.strip(),
        shop_name=shop_name.strip(),
        story=story.strip(),
        whatsapp=normalize_whatsapp(whatsapp) if whatsapp else "",
        status=status,
        payout_account=payout_account.strip()[:120],
    )
    seller.slug = unique_slug(
        village.sellers.all(),
        seller.shop_name or seller.display_name,
        default="penjual",
        max_length=70,
    )
    if photo is not None:
        cleaned = images.clean_photo(photo, max_side=480)
        seller.photo.save(f"{village.pk}/{cleaned.name}", cleaned, save=False)
    seller.full_clean()
    seller.save()
    return seller


@transaction.atomic
def seller_link_user(*, seller: Seller, user) -> Seller:
    """Give a seller a login to their stall (and the seller role in the village)."""
    from tokodesa.villages.services import membership_grant

    seller.user = user
    seller.save(update_fields=["user"])
    membership_grant(village=seller.village, user=user, role="seller")
    return seller


@transaction.atomic
def seller_approve(*, seller: Seller, actor) -> Seller:
    if seller.status != Seller.Status.PENDING:
        raise ValidationError(_("Only applications waiting for approval can be approved."))
    seller.status = Seller.Status.ACTIVE
    seller.save(update_fields=["status"])
    audit_record(
        village_id=seller.village_id,
        actor=actor,
        action="seller_approved",
        subject=seller.display_name,
    )
    return seller


@transaction.atomic
def seller_reject(*, seller: Seller, actor, reason: str) -> Seller:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the villager knows.")})
    if seller.status != Seller.Status.PENDING:
        raise ValidationError(_("Only applications waiting for approval can be rejected."))
    seller.status = Seller.Status.SUSPENDED
    seller.save(update_fields=["status"])
    audit_record(
        village_id=seller.village_id,
        actor=actor,
        action="seller_rejected",
        subject=seller.display_name,
        after={"reason": reason.strip()[:300]},
    )
    return seller


@transaction.atomic
def seller_account_handover(*, seller: Seller) -> tuple[str, str]:
    """Give a villager signed up by staff their own login: a user without a password, and a
    one-time (uidb64, token) pair for the link on which they choose one."""
    from django.contrib.auth import get_user_model

    user = seller.user
    if user is None:
        User = get_user_model()
        base = f"{seller.village.slug}.{seller.slug}"[:140]
        username, n = base, 2
        while User.objects.filter(username=username).exists():
            username, n = f"{base}{n}", n + 1
        user = User(username=username, first_name=seller.display_name[:150])
        user.set_unusable_password()
        user.save()
        seller_link_user(seller=seller, user=user)
    return one_time_login(user)
