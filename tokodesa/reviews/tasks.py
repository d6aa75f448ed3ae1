from django_tasks import task

from tokodesa.core.images import make_renditions
from tokodesa.core.tenancy import in_village


@task()
@in_village
def review_photo_renditions(village_id: int, photo_id: int) -> list[int]:
    """The WebP renditions of a buyer's review photo (after the review's transaction)."""
    from .models import ReviewPhoto

    photo = ReviewPhoto.objects.filter(pk=photo_id).first()
    if photo is None:
        return []
    widths = make_renditions(photo.image.storage, photo.image.name)
    ReviewPhoto.objects.filter(pk=photo_id).update(rendition_widths=widths)
    return widths
