"""Figures for the village: sales by month, seller, product, category and province.

A sale counts once it is paid (paid, being prepared, shipped or completed); amounts are the
goods sold (order subtotals / line totals), without shipping fees and unique codes.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format

from tokodesa.orders.models import Order, OrderLine

SOLD = ("paid", "processing", "shipped", "completed")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def bounds(self, tz: str) -> tuple[datetime, datetime]:
        zone = zoneinfo.ZoneInfo(tz)
        return (
            datetime.combine(self.start, time.min, zone),
            datetime.combine(self.end, time.max, zone),
        )


def sold_orders(*, village, period: Period):
    start, end = period.bounds(village.time_zone)
    return Order.objects.filter(village=village, status__in=SOLD, created_at__range=(start, end))


def sold_lines(*, village, period: Period):
    start, end = period.bounds(village.time_zone)
    return OrderLine.objects.filter(
        village=village, order__status__in=SOLD, order__created_at__range=(start, end)
    )


def summary(*, village, period: Period) -> dict:
    orders = sold_orders(village=village, period=period)
    totals = orders.aggregate(
        orders=Count("id"), turnover=Sum("subtotal"), buyers=Count("buyer_whatsapp", distinct=True)
    )
    sellers = sold_lines(village=village, period=period).values("seller").distinct().count()
    return {
        "orders": totals["orders"],
        "turnover": totals["turnover"] or 0,
        "buyers": totals["buyers"],
        "sellers": sellers,
    }


def by_month(*, village, period: Period) -> list[tuple[str, int]]:
    zone = zoneinfo.ZoneInfo(village.time_zone)
    rows = (
        sold_orders(village=village, period=period)
        .annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("month")
        .annotate(total=Sum("subtotal"))
        .order_by("month")
    )
    # "Des 2026", in the page's language (the CSV exports keep their own ISO dates).
    return [(date_format(row["month"], "M Y"), row["total"]) for row in rows]


def by_seller(*, village, period: Period, limit: int = 20) -> list[tuple[str, int]]:
    rows = (
        sold_lines(village=village, period=period)
        .values("seller_name")
        .annotate(total=Sum("line_total"))
        .order_by("-total", "seller_name")[:limit]
    )
    return [(row["seller_name"], row["total"]) for row in rows]


def by_product(*, village, period: Period, limit: int = 20) -> list[tuple[str, int]]:
    rows = (
        sold_lines(village=village, period=period)
        .values("product_name")
        .annotate(total=Sum("line_total"))
        .order_by("-total", "product_name")[:limit]
    )
    return [(row["product_name"], row["total"]) for row in rows]


def by_category(*, village, period: Period) -> list[tuple[str, int]]:
    rows = (
        sold_lines(village=village, period=period)
        .values(name=F("variant__product__category__name"))
        .annotate(total=Sum("line_total"))
        .order_by("-total")
    )
    return [(row["name"] or "—", row["total"]) for row in rows]


def by_province(*, village, period: Period) -> list[tuple[str, int]]:
    """Where buyers live: orders per province (names from the order's region label)."""
    rows = (
        sold_orders(village=village, period=period)
        .values("province_code")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    from tokodesa.regions.models import Region

    names = dict(
        Region.objects.filter(code__in=[r["province_code"] for r in rows]).values_list(
            "code", "name"
        )
    )
    return [
        (names.get(row["province_code"], row["province_code"] or "—"), row["n"]) for row in rows
    ]


def transparency_figures(*, village) -> dict:
    """What the public transparency page (and the API) shows: the last twelve months' sales,
    sellers and top products. No buyer data."""
    today = timezone.localdate()
    period = Period(date(today.year - 1, today.month, 1), today)
    return {
        "months": by_month(village=village, period=period),
        "sellers": village.sellers.filter(status="active").count(),
        "products": by_product(village=village, period=period, limit=10),
        "summary": summary(village=village, period=period),
        "period": period,
    }
