from django_tasks import task

from tokodesa.core.images import make_renditions
from tokodesa.core.tenancy import in_village


@task()
@in_village
def product_image_renditions(village_id: int, image_id: int) -> list[int]:
    """Make the WebP renditions of a product photo (after the upload's transaction)."""
    from .models import ProductImage

    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None:  # deleted before the worker got to it
        return []
    widths = make_renditions(image.image.storage, image.image.name)
    ProductImage.objects.filter(pk=image_id).update(rendition_widths=widths)
    return widths


@task()
def apply_price_cuts() -> int:
    """Start the price cuts whose first day came, end those whose last day passed (hourly)."""
    from .services import price_cuts_apply

    return price_cuts_apply()
