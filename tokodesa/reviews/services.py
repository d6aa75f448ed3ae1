"""Write use-cases of reviews: a verified buyer reviews a line of a completed order, the
seller replies once, the shop team hides a review with a reason (audited), never edits it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from tokodesa.audit.services import audit_record
from tokodesa.catalog.services import product_rating_set
from tokodesa.core.images import clean_photos
from tokodesa.core.tasks import enqueue_with_transaction
from tokodesa.core.validators import plain_text

from .models import PHOTOS_MAX, REPLY_MAX, TEXT_MAX, Review, ReviewPhoto
from .tasks import review_photo_renditions


def _buyer_label(name: str) -> str:
    """ "Rina Wulandari" → "Rina W.": enough to be a person, not enough to find her."""
    parts = name.split()
    if not parts:
        return _("Buyer")
    return parts[0][:40] + (f" {parts[-1][0].upper()}." if len(parts) > 1 else "")


@transaction.atomic
def review_add(*, order, line_id, rating, text: str = "", photos=()) -> Review:
    """The buyer of a completed ``order`` reviews one of its lines (once). Raises
    ValidationError naming what is wrong; then nothing is saved."""
    if order.status != "completed":
        raise ValidationError(_("You can review once the order is completed."))
    line = order.lines.select_related("variant__product").filter(pk=line_id).first()
    if line is None:
        raise ValidationError(_("This item is not in the order."))
    if line.variant is None:
        raise ValidationError(_("This product is no longer sold, so it cannot be reviewed."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose 1 to 5 stars.")})
    text = plain_text(text, limit=TEXT_MAX, field="text")
    cleaned = clean_photos(photos, limit=PHOTOS_MAX)
    try:
        with transaction.atomic():
            review = Review.objects.create(
                village_id=order.village_id,
                order_line=line,
                product=line.variant.product,
                seller_id=line.seller_id,
                rating=rating,
                text=text,
                buyer_label=_buyer_label(order.buyer_name),
                variant_label=line.variant_label,
            )
    except IntegrityError as error:
        raise ValidationError(_("You have already reviewed this item. Thank you!")) from error
    for content in cleaned:
        photo = ReviewPhoto(village_id=order.village_id, review=review)
        photo.image.save(content.name, content, save=True)
        enqueue_with_transaction(review_photo_renditions, order.village_id, photo.pk)
    _rating_refresh(review)
    return review


@transaction.atomic
def review_reply(*, review: Review, seller, text: str) -> Review:
    """The seller answers a review of her product, once."""
    if review.seller_id != seller.pk:
        raise ValidationError(_("Only the seller of this product can reply."))
    if review.replied_at:
        raise ValidationError(_("You have already replied to this review."))
    text = plain_text(text, limit=REPLY_MAX, field="reply")
    if not text:
        raise ValidationError({"reply": _("Write your reply.")})
    done = Review.objects.filter(
        village=review.village_id, pk=review.pk, replied_at__isnull=True
    ).update(reply=text, replied_at=timezone.now())
    if not done:
        raise ValidationError(_("You have already replied to this review."))
    review.refresh_from_db()
    _rating_refresh(review)  # the kept product page shows the reply
    return review


@transaction.atomic
def review_hide(*, review: Review, reason: str, actor) -> Review:
    """The shop team hides a review (spam, insults, someone's phone number), with a reason,
    in the audit log; the text itself is never changed."""
    reason = " ".join(str(reason or "").split())[:300]
    if len(reason) < 3:
        raise ValidationError({"reason": _("Say why the review is hidden.")})
    Review.objects.filter(village=review.village_id, pk=review.pk).update(
        hidden=True, hidden_reason=reason
    )
    audit_record(
        village_id=review.village_id,
        actor=actor,
        action="review_hidden",
        subject=f"{review.product.name} · {review.buyer_label}",
        after={"reason": reason},
    )
    review.refresh_from_db()
    _rating_refresh(review)
    return review


def _rating_refresh(review: Review) -> None:
    shown = Review.objects.filter(
        village=review.village_id, product=review.product_id, hidden=False
    ).aggregate(n=Count("pk"), total=Sum("rating", default=0))
    product_rating_set(
        product_id=review.product_id,
        village_id=review.village_id,
        count=shown["n"],
        total=shown["total"],
    )
