"""What pages show of reviews."""

from django.db.models import Prefetch

from .models import Review, ReviewPhoto

SHOWN_ON_PAGE = 10


def product_reviews(*, product, limit: int = SHOWN_ON_PAGE) -> list[Review]:
    """The latest reviews shown of a product, with their photos (2 queries)."""
    return list(
        Review.objects.filter(village=product.village_id, product=product, hidden=False)
        .prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.order_by("id")))
        .order_by("-created_at", "-id")[:limit]
    )


def reviews_of_order(*, order) -> dict[int, Review]:
    """{order line id: its review} for the buyer's order page."""
    rows = Review.objects.filter(village=order.village_id, order_line__order=order)
    return {review.order_line_id: review for review in rows}


def reviews_for_seller(*, seller, limit: int = 50) -> list[Review]:
    return list(
        Review.objects.filter(village=seller.village_id, seller=seller)
        .select_related("product")
        .order_by("replied_at", "-created_at")[:limit]  # those to answer first
    )


def reviews_for_team(*, village, limit: int = 100) -> list[Review]:
    return list(
        Review.objects.filter(village=village)
        .select_related("product", "seller")
        .prefetch_related("photos")
        .order_by("-created_at", "-id")[:limit]
    )


def product_page_reviews(product) -> dict:
    """The product page's part (catalog.hooks): its reviews, no query when it has none."""
    return {"reviews": product_reviews(product=product) if product.rating_count else []}
