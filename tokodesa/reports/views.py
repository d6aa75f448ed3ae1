"""The village's reports (team only), CSV exports, and the public transparency page."""

import csv
import io
from datetime import date, datetime, timedelta

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from tokodesa.ledger.models import LedgerEntry, Payout
from tokodesa.villages.decorators import team_only

from . import selectors
from .selectors import Period

MAX_DAYS = 3660


def _period(request) -> tuple[Period, str]:
    """The date range asked for (?dari=2026-01-01&sampai=2026-12-31), or this year so far."""
    today = timezone.localdate()
    start = parse_date_safe(request.GET.get("dari")) or date(today.year, 1, 1)
    end = parse_date_safe(request.GET.get("sampai")) or today
    note = ""
    if end < start:
        start, end, note = end, start, _("The dates were the wrong way round; they were swapped.")
    if (end - start).days > MAX_DAYS:
        start, note = end - timedelta(days=MAX_DAYS), _("At most ten years at a time.")
    return Period(start, end), note


def parse_date_safe(value) -> date | None:
    try:
        return parse_date(str(value or "")[:10])
    except ValueError:
        return None


@team_only
def report(request):
    village = request.village
    period, note = _period(request)
    return TemplateResponse(
        request,
        "reports/report.html",
        {
            "period": period,
            "note": note,
            "summary": selectors.summary(village=village, period=period),
            "months": selectors.by_month(village=village, period=period),
            "sellers": selectors.by_seller(village=village, period=period),
            "products": selectors.by_product(village=village, period=period),
            "categories": selectors.by_category(village=village, period=period),
            "provinces": selectors.by_province(village=village, period=period),
        },
    )


class _Echo:
    def write(self, value):
        return value


def _csv(filename: str, header: list[str], rows) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value):
    """Defuse formulas (=, +, -, @) a spreadsheet would run from a cell typed by a buyer."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


EXPORTS = {
    "pesanan": (
        [
            "code",
            "ordered_at",
            "status",
            "buyer",
            "whatsapp",
            "province",
            "subtotal",
            "shipping",
            "unique_code",
            "total_paid",
            "delivery",
            "payment",
        ],
        lambda v, p: (
            selectors.sold_orders(village=v, period=p)
            .order_by("created_at")
            .values_list(
                "code",
                "created_at",
                "status",
                "buyer_name",
                "buyer_whatsapp",
                "province_code",
                "subtotal",
                "shipping_fee",
                "unique_code",
                "payable",
                "delivery_label",
                "payment_label",
            )
        ),
    ),
    "baris": (
        [
            "order",
            "ordered_at",
            "seller",
            "product",
            "variant",
            "quantity",
            "unit_price",
            "line_total",
        ],
        lambda v, p: (
            selectors.sold_lines(village=v, period=p)
            .order_by("order__created_at", "id")
            .values_list(
                "order__code",
                "order__created_at",
                "seller_name",
                "product_name",
                "variant_label",
                "quantity",
                "unit_price",
                "line_total",
            )
        ),
    ),
    "pendapatan": (
        ["at", "seller", "kind", "sale", "village_fee", "amount", "note"],
        lambda v, p: (
            LedgerEntry.objects.filter(village=v, created_at__range=p.bounds(v.time_zone))
            .order_by("created_at", "id")
            .values_list(
                "created_at", "seller__display_name", "kind", "sale", "fee", "amount", "note"
            )
        ),
    ),
    "pembayaran": (
        ["at", "seller", "method", "amount", "reference", "paid_by"],
        lambda v, p: (
            Payout.objects.filter(village=v, created_at__range=p.bounds(v.time_zone))
            .order_by("created_at", "id")
            .values_list(
                "created_at", "seller__display_name", "method", "amount", "reference", "actor_label"
            )
        ),
    ),
}


def _xlsx(filename: str, sheet: str, header: list[str], rows) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    page = book.create_sheet(sheet[:31])
    page.append(header)
    for row in rows:
        page.append([_excel_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _excel_cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    return _cell(value)


@team_only
def export(request, what: str, fmt: str = "csv"):
    if what not in EXPORTS:
        raise Http404
    period, _note = _period(request)
    header, rows = EXPORTS[what]
    filename = f"{request.village.slug}-{what}-{period.start}-{period.end}.{fmt}"
    if fmt == "xlsx":
        return _xlsx(filename, what, header, rows(request.village, period).iterator())
    return _csv(filename, header, rows(request.village, period).iterator())


def transparency(request):
    """Public: what the village shop sold, for the villagers and anyone else. No buyer data."""
    village = request.village
    if not village.transparency_public:
        raise Http404
    return TemplateResponse(
        request, "reports/transparency.html", selectors.transparency_figures(village=village)
    )
