"""Write use-cases of sellers (pelapak)."""

from django.db import transaction
from django.utils.text import slugify

from tokodesa.core import images
from tokodesa.core.validators import normalize_whatsapp
from tokodesa.villages.models import Village

from .models import Seller


def _unique_slug(village: Village, name: str) -> str:
    base = slugify(name)[:70] or "penjual"
    taken = set(village.sellers.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


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
    )
    seller.slug = _unique_slug(village, seller.shop_name or seller.display_name)
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
