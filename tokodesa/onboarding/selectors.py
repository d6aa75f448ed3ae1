from django.db.models import Case, IntegerField, QuerySet, Value, When

from .models import VillageApplication

A = VillageApplication


def applications_for_review(*, status: str = "") -> QuerySet:
    """The operator's list: the applications still in review first, each part oldest first."""
    applications = A.objects.select_related("shop")
    if status in A.Status.values:
        applications = applications.filter(status=status)
    open_first = Case(
        When(status__in=A.OPEN_STATUSES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return applications.order_by(open_first, "created_at")[:200]


def application_get(*, pk: int) -> VillageApplication | None:
    return A.objects.select_related("shop", "reviewed_by").filter(pk=pk).first()
