"""Adding up the figures of every village, by region and month (see models). Run by the
scheduler every ``REFRESH_MINUTES``; the pages ask for it when the figures are older (on a
laptop without a scheduler it then runs in the request, on small data)."""

import time
import zoneinfo
from collections import defaultdict
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tokodesa.catalog.models import Product
from tokodesa.catalog.selectors import CategoryTree
from tokodesa.core import versions
from tokodesa.core.tenancy import across_villages
from tokodesa.onboarding.models import VillageApplication
from tokodesa.orders.models import Order, OrderLine
from tokodesa.sellers.models import Seller
from tokodesa.villages.models import Village

from .models import Figure, Refresh
from .selectors import FIGURES_TOKEN

K = Figure.Kind
SOLD = ("paid", "processing", "shipped", "completed")  # as the village's own reports count
MONTHS_KEPT = 24
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")  # months of the national figures, in WIB


def region_chain(code: str, *, deepest: int = 4) -> list[tuple[str, int]]:
    """Indonesia and every region above ``code`` (and itself): [("", 0), ("17", 1), …]."""
    parts = code.split(".")
    return [("", 0)] + [(".".join(parts[:i]), i) for i in range(1, min(len(parts), deepest) + 1)]


def _first_month(today: date) -> date:
    months = today.year * 12 + today.month - 1 - (MONTHS_KEPT - 1)
    return date(months // 12, months % 12 + 1, 1)


def figures_refresh(*, now: datetime | None = None) -> int:
    """Add everything up again; returns the number of figures written. One transaction: the
    pages read the old figures until the new ones are complete."""
    started = time.monotonic()
    now = now or timezone.now()
    since = datetime.combine(_first_month(now.astimezone(WIB).date()), datetime.min.time(), WIB)
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])

    def add(
        code: str,
        kind: str,
        key: str = "",
        month=None,
        n: int = 0,
        amount: int = 0,
        deepest: int = 3,
    ):
        for region, _level in region_chain(code, deepest=deepest):
            total = totals[(region, kind, month, key)]
            total[0] += n
            total[1] += amount

    with across_villages("the national figures add up every village"):
        villages = {
            pk: (code, status)
            for pk, code, status in Village.objects.values_list("pk", "region_code", "status")
        }
        open_ = {pk for pk, (_code, status) in villages.items() if status == Village.Status.ACTIVE}
        for code, status in villages.values():
            if status == Village.Status.ACTIVE:
                add(code, K.CATALOG, "shops", n=1, deepest=4)
            elif status == Village.Status.DRAFT:
                add(code, K.CATALOG, "preparing", n=1, deepest=4)
        for code in VillageApplication.objects.filter(
            status__in=VillageApplication.OPEN_STATUSES
        ).values_list("region_code", flat=True):
            add(code, K.CATALOG, "applying", n=1, deepest=4)
        sellers = Seller.objects.filter(status="active").values("village").annotate(n=Count("id"))
        for row in sellers:
            if row["village"] in open_:
                add(villages[row["village"]][0], K.CATALOG, "sellers", n=row["n"], deepest=4)
        products = (
            Product.objects.filter(status="active", seller__status="active")
            .values("village")
            .annotate(n=Count("id"))
        )
        for row in products:
            if row["village"] in open_:
                add(villages[row["village"]][0], K.CATALOG, "products", n=row["n"], deepest=4)

        sold = Order.objects.filter(status__in=SOLD, created_at__gte=since)
        by_month = TruncMonth("created_at", tzinfo=WIB)
        for row in (
            sold.annotate(m=by_month)
            .values("village", "m", "province_code")
            .annotate(n=Count("id"), amount=Sum("subtotal"))
        ):
            code, month = villages[row["village"]][0], row["m"].date()
            add(code, K.SALES, "", month, row["n"], row["amount"] or 0)
            add(code, K.BUYERS, row["province_code"] or "?", month, row["n"], row["amount"] or 0)

        tree = CategoryTree.load()
        roots = {pk: tree.root_of(c).slug for pk, c in tree.nodes.items()}
        lines = (
            OrderLine.objects.filter(order__status__in=SOLD, order__created_at__gte=since)
            .annotate(m=TruncMonth("order__created_at", tzinfo=WIB))
            .values("village", "m", "variant__product__category")
            .annotate(n=Sum("quantity"), amount=Sum("line_total"))
        )
        for row in lines:
            root = roots.get(row["variant__product__category"], "lainnya")
            code, month = villages[row["village"]][0], row["m"].date()
            add(code, K.CATEGORY, root, month, row["n"] or 0, row["amount"] or 0)

    rows = [
        Figure(
            region_code=region,
            level=region.count(".") + 1 if region else 0,
            kind=kind,
            month=month,
            key=key,
            count=n,
            amount=amount,
        )
        for (region, kind, month, key), (n, amount) in totals.items()
    ]
    with transaction.atomic():
        Figure.objects.all().delete()
        Figure.objects.bulk_create(rows, batch_size=5000)
        Refresh.objects.all().delete()
        Refresh.objects.create(finished_at=timezone.now(), seconds=time.monotonic() - started)
        versions.changed(FIGURES_TOKEN)  # pages kept with the old figures are not shown again
    return len(rows)
