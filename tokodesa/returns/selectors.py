"""What the pages show of problem reports."""

from .models import ProblemReport


def reports_of_order(*, order) -> dict[int, ProblemReport]:
    """{order line id: its report} for the buyer's page."""
    rows = ProblemReport.objects.filter(village=order.village_id, order_line__order=order)
    return {report.order_line_id: report for report in rows}


def reports_for_team(*, village, limit: int = 100) -> list[ProblemReport]:
    """Open reports first, then the newest decided ones, with their order and photos."""
    return list(
        ProblemReport.objects.filter(village=village)
        .select_related("order_line__order")
        .prefetch_related("photos")
        .order_by("status", "-created_at")[:limit]
    )
