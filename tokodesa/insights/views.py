"""Figures across villages for people outside the shops: a pemantau's regional dashboard
(``/pantau/…``, read-only, aggregates of its own region only), the public national statistics
(``/statistik/``), and the platform operator's page granting pemantau
(``/operator/pemantau/``)."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tokodesa.core.numbers import posted_id
from tokodesa.core.pagecache import page_for_everybody
from tokodesa.core.people import actor_label
from tokodesa.core.validators import normalize_whatsapp
from tokodesa.core.whatsapp import wa_link
from tokodesa.regions.models import normalize_code
from tokodesa.regions.selectors import region_path
from tokodesa.reports.views import _csv, _xlsx
from tokodesa.villages.decorators import operator_only

from . import selectors, services
from .forms import MonitorForm
from .models import Monitor
from .pages import figures_page_version, fresh_figures

NATION = "id"  # the address of the dashboard of all Indonesia: /pantau/id/


def _slug(code: str) -> str:
    return code or NATION


def monitor_only(view):
    """Only a pemantau (or the platform operator); others log in, or get a plain 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("login"))
        request.monitors = selectors.monitor_regions(request.user)  # read once per request
        if not (request.user.is_superuser or request.monitors):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _watched(request, code: str) -> str:
    """The region code of the address, if this person may read it; else 404 (an unknown
    region and another's region look the same)."""
    region = "" if code == NATION else normalize_code(code)
    if region is None or (code != NATION and region != code):
        raise Http404
    if not _may_watch(request, region):
        raise Http404
    return region


def _may_watch(request, code: str) -> bool:
    return request.user.is_superuser or any(m.covers(code) for m in request.monitors)


def _months(request) -> int:
    try:
        months = int(request.GET.get("bulan", ""))
    except ValueError:
        return selectors.DEFAULT_MONTHS
    return months if months in selectors.MONTH_CHOICES else selectors.DEFAULT_MONTHS


@monitor_only
def index(request):
    """The regions this person watches; straight to the dashboard when there is one."""
    watched = request.monitors
    if len(watched) == 1 or not watched:  # no row: the platform operator sees Indonesia
        code = watched[0].region_code if watched else ""
        return redirect("insights:dashboard", code=_slug(code))
    return TemplateResponse(
        request,
        "insights/index.html",
        {"watched": [(m, _slug(m.region_code), _region_name(m.region_code)) for m in watched]},
    )


def _region_name(code: str) -> str:
    path = region_path(code=code) if code else []
    return path[-1].name if path else "Indonesia"


@monitor_only
def dashboard(request, code: str):
    region = _watched(request, code)
    months = _months(request)
    board = selectors.region_dashboard(code=region, months=months)
    if board is None:
        raise Http404
    crumbs = [("Indonesia", "")] + [(r.short_name, r.code) for r in board.path]
    return TemplateResponse(
        request,
        "insights/dashboard.html",
        {
            "board": board,
            "slug": _slug(region),
            "months": months,
            "month_choices": selectors.MONTH_CHOICES,
            # Only the levels this person may open are links.
            "crumbs": [(name, _slug(c), _may_watch(request, c)) for name, c in crumbs],
            "drill": board.level < 3,
            "children_title": CHILDREN_TITLES[board.level],
            "downloads": DOWNLOADS,
            **_charts(board),
        },
    )


def _charts(board) -> dict:
    """The bars of the charts, and how old the figures are, for the templates."""
    return {
        "month_chart": [(date_format(m, "M Y"), amount) for m, _n, amount in board.months],
        "category_chart": [(name, amount) for name, _n, amount in board.categories],
        "buyer_chart": [(name, n) for name, n, _amount in board.buyers[:10]],
        "age_minutes": None if board.age is None else int(board.age.total_seconds() // 60),
    }


CHILDREN_TITLES = {
    0: gettext_lazy("Provinces"),
    1: gettext_lazy("Kabupaten and kota"),
    2: gettext_lazy("Kecamatan"),
    3: gettext_lazy("Desa and kelurahan"),
}
DOWNLOADS = [
    ("bulanan", gettext_lazy("Orders and turnover by month")),
    ("wilayah", gettext_lazy("Regions below")),
    ("kategori", gettext_lazy("Top categories")),
    ("asal-pembeli", gettext_lazy("Where buyers come from")),
]


EXPORTS = {
    "bulanan": (
        ["month", "orders", "turnover_rupiah"],
        lambda board: [(m.strftime("%Y-%m"), n, amount) for m, n, amount in board.months],
    ),
    "wilayah": (
        [
            "region_code",
            "region",
            "shops_open",
            "preparing",
            "applying",
            "sellers",
            "products",
            "orders",
            "turnover_rupiah",
        ],
        lambda board: [
            (
                row.region.code,
                row.region.name,
                row.catalog.shops,
                row.catalog.preparing,
                row.catalog.applying,
                row.catalog.sellers,
                row.catalog.products,
                row.orders,
                row.turnover,
            )
            for row in board.children
        ],
    ),
    "kategori": (["category", "items", "turnover_rupiah"], lambda board: board.categories),
    "asal-pembeli": (["buyers_province", "orders", "turnover_rupiah"], lambda board: board.buyers),
}


@monitor_only
def export(request, code: str, what: str, fmt: str = "csv"):
    region = _watched(request, code)
    if what not in EXPORTS:
        raise Http404
    months = _months(request)
    board = selectors.region_dashboard(code=region, months=months)
    if board is None:
        raise Http404
    header, rows = EXPORTS[what]
    since, until = board.months[0][0], board.months[-1][0]
    filename = f"tokodesa-{_slug(region)}-{what}-{since:%Y-%m}-{until:%Y-%m}.{fmt}"
    if fmt == "xlsx":
        return _xlsx(filename, what, header, rows(board))
    return _csv(filename, header, rows(board))


def statistics(request):
    """Public: villages live, sellers, products, orders and turnover per month, by province.
    Figures only (ADR 15); on unless the platform turns it off (PUBLIC_STATISTICS), which
    holds at once, kept pages or not."""
    if not settings.PUBLIC_STATISTICS:
        raise Http404
    return _statistics(request)


@page_for_everybody(figures_page_version)
def _statistics(request):
    fresh_figures()
    board = selectors.region_dashboard(code="")
    return TemplateResponse(request, "insights/statistics.html", {"board": board, **_charts(board)})


@operator_only
@require_http_methods(["GET", "POST"])
def monitors(request):
    """Who reads which region's figures; grant a new pemantau or take a region away."""
    form = MonitorForm(request.POST or None)
    context = {}
    if request.method == "POST" and request.POST.get("action") == "revoke":
        monitor = Monitor.objects.filter(pk=posted_id(request.POST, "monitor")).first()
        if monitor is not None:
            services.monitor_revoke(monitor=monitor)
            messages.success(
                request,
                _("%(name)s no longer sees that region.") % {"name": actor_label(monitor.user)},
            )
        return redirect("insights:monitors")
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.monitor_grant(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            context["grant"] = grant
            context.update(_handover(request, grant, form.cleaned_data["whatsapp"]))
            form = MonitorForm()
    rows = Monitor.objects.select_related("user").order_by("region_code", "user__first_name")
    context.update(
        {
            "form": form,
            "monitors": [(m, _region_name(m.region_code), _slug(m.region_code)) for m in rows],
        }
    )
    return TemplateResponse(request, "insights/monitors.html", context)


def _handover(request, grant, whatsapp: str) -> dict:
    """The one-time link (if the person has no password yet), and WhatsApp with it."""
    dashboard = request.build_absolute_uri(reverse("insights:index"))
    if grant.uid:
        link = request.build_absolute_uri(
            reverse("onboarding:activate", kwargs={"uidb64": grant.uid, "token": grant.token})
        )
        text = _(
            "Hello %(name)s, you can now follow the village shops of %(region)s on TokoDesa. "
            "Open this link to choose your password (username %(username)s): %(link)s"
        )
    else:
        link = ""
        text = _(
            "Hello %(name)s, you can now follow the village shops of %(region)s on TokoDesa, "
            "with your usual login (username %(username)s): %(link)s"
        )
    text = text % {
        "name": actor_label(grant.user),
        "region": _region_name(grant.monitor.region_code),
        "username": grant.user.get_username(),
        "link": link or dashboard,
    }
    number = normalize_whatsapp(whatsapp) if whatsapp.strip() else ""
    return {"link": link, "link_wa": wa_link(number, text) if number else ""}
