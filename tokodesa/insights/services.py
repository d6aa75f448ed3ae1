"""Adding up the figures of every village, by region and month (see models). Run by the
scheduler every ``REFRESH_MINUTES``; the pages ask for it when the figures are older (on a
laptop without a scheduler it then runs in the request, on small data)."""

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tokodesa.catalog.models import Product
from tokodesa.catalog.selectors import CategoryTree
from tokodesa.core import versions
from tokodesa.core.db import parallel_reads
from tokodesa.core.people import one_time_login
from tokodesa.core.tenancy import across_villages
from tokodesa.core.validators import normalize_whatsapp
from tokodesa.onboarding.models import VillageApplication
from tokodesa.orders.models import Order, OrderLine
from tokodesa.regions.models import normalize_code
from tokodesa.regions.selectors import region_get, region_search
from tokodesa.sellers.models import Seller
from tokodesa.villages.models import Village

from .models import Figure, Monitor, Refresh
from .selectors import FIGURES_TOKEN, WIB

K = Figure.Kind
SOLD = ("paid", "processing", "shipped", "completed")  # as the village's own reports count
MONTHS_KEPT = 24


def region_chain(code: str, *, deepest: int = 4) -> list[tuple[str, int]]:
    """Indonesia and every region above ``code`` (and itself): [("", 0), ("17", 1), …]."""
    parts = code.split(".")
    return [("", 0)] + [(".".join(parts[:i]), i) for i in range(1, min(len(parts), deepest) + 1)]


def _first_month(today: date) -> date:
    months = today.year * 12 + today.month - 1 - (MONTHS_KEPT - 1)
    return date(months // 12, months % 12 + 1, 1)


def figures_refresh(*, now: datetime | None = None) -> int:
    """Add everything up again; returns the number of figures written. One transaction: the
    pages read the old figures until the new ones are complete. (PostgreSQL may use parallel
    workers for it, which pages do not.)"""
    with parallel_reads():
        return _figures_refresh(now=now)


def _figures_refresh(*, now: datetime | None = None) -> int:
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
            add(code, K.SALES, "", month, row["n"], row["amount"] or 0, deepest=4)
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


# Words an operator may type for "all of Indonesia" when granting a monitor.
NATIONWIDE = {"", "indonesia", "seluruh indonesia", "nasional", "id"}


def monitor_region(text: str) -> str:
    """The region a monitor is granted, from what the operator typed: a province or
    kabupaten/kota code ("17", "17.08", "1708"), its name ("Kepahiang"), or "Indonesia" (""),
    else ValidationError saying what would fit."""
    text = " ".join((text or "").split())
    if text.lower() in NATIONWIDE:
        return ""
    code = normalize_code(text)
    if code is not None:
        region = region_get(code=code)
        if region is None or region.level > 2:
            raise ValidationError(
                _("No province or kabupaten/kota has the code %(code)s.") % {"code": code}
            )
        return region.code
    found = [r for r in region_search(query=text, limit=10) if r.level <= 2]
    exact = [r for r in found if text.lower() in (r.name.lower(), r.short_name.lower())]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0].code
    if not found:
        raise ValidationError(
            _("No province or kabupaten/kota is called “%(name)s”.") % {"name": text}
        )
    raise ValidationError(
        _("Several regions fit; type the code of one: %(choices)s.")
        % {"choices": ", ".join(f"{r.code} {r.name}" for r in found[:6])}
    )


@dataclass(frozen=True)
class Grant:
    monitor: Monitor
    user: object
    uid: str  # with ``token``: a one-time link to choose a password ("" if they have one)
    token: str


@transaction.atomic
def monitor_grant(
    *, name: str, email: str, whatsapp: str, organisation: str, region: str, actor
) -> Grant:
    """Let a person (found by e-mail, else a new account) read the figures of a region: a
    kabupaten/kota, a province or all Indonesia. Idempotent for the same person and region.
    A person without a password gets a one-time link to choose one."""
    errors: dict[str, list[str]] = {}
    name, organisation = " ".join(name.split())[:150], " ".join(organisation.split())[:150]
    email = email.strip().lower()
    if not name:
        errors["name"] = [_("Write the person's name.")]
    if not organisation:
        errors["organisation"] = [_("Write the office, e.g. Dinas Koperasi dan UKM Kab. X.")]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Write a valid e-mail address.")]
    try:
        whatsapp = normalize_whatsapp(whatsapp) if whatsapp.strip() else ""
    except ValidationError as error:
        errors["whatsapp"] = error.messages
    try:
        code = monitor_region(region)
    except ValidationError as error:
        errors["region"] = error.messages
    if errors:
        raise ValidationError(errors)

    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        base = f"pantau.{slugify(name)[:40] or 'dinas'}"
        username, n = base, 2
        while User.objects.filter(username=username).exists():
            username, n = f"{base}{n}", n + 1
        user = User(username=username, first_name=name, email=email)
        user.set_unusable_password()
        user.save()
    monitor, _created = Monitor.objects.update_or_create(
        user=user,
        region_code=code,
        defaults={"organisation": organisation},
        create_defaults={"organisation": organisation, "created_by": actor},
    )
    uid, token = ("", "") if user.has_usable_password() else one_time_login(user)
    return Grant(monitor, user, uid, token)


def monitor_revoke(*, monitor: Monitor) -> None:
    """The person no longer reads that region's figures (their account stays)."""
    monitor.delete()
