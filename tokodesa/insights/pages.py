"""What every page showing figures across villages needs (the portal's, the statistics, the
dashboards): the version its kept copy is kept under, and figures no older than the refresh
interval."""

from tokodesa.core import versions
from tokodesa.villages.selectors import villages_generation

from .selectors import FIGURES_TOKEN, figures_age, figures_stale
from .tasks import refresh_figures


def figures_page_version(request) -> str:
    """Portal pages are kept for visitors without a session under the villages' generation and
    the figures' token (renewed each time they are added up): what they show may lag a
    village's change by the page's lifetime (PAGE_SECONDS), never the other way round."""
    return f"portal.{villages_generation()}.{versions.token(FIGURES_TOKEN)}"


def fresh_figures():
    """How old the figures are; older than FIGURES_REFRESH_MINUTES (no scheduler, or it
    stopped), they are asked for (the worker adds them up; on a laptop it happens here, on
    small data)."""
    age = figures_age()
    if figures_stale(age):
        refresh_figures.enqueue()
        age = figures_age()
    return age
