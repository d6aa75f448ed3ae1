from tokodesa.villages.models import Village

from .models import Seller


def seller_by_slug(*, village: Village, slug: str) -> Seller | None:
    """An active seller of ``village`` (None when unknown, pending or suspended)."""
    return village.sellers.filter(slug=slug, status=Seller.Status.ACTIVE).first()
