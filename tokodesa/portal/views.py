"""The national portal. For now: the list of open village shops (a later issue grows it)."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import escape

from tokodesa.core.pagecache import page_for_everybody
from tokodesa.villages.selectors import open_villages, villages_generation


def _portal_version(request) -> str:
    return f"portal.{villages_generation()}"  # product counts may lag PAGE_SECONDS


@page_for_everybody(_portal_version)
def home(request):
    return TemplateResponse(request, "portal/home.html", {"villages": open_villages()})


def sitemap_index(request):
    """A sitemap index pointing at each open village shop's own sitemap."""
    base = f"{request.scheme}://{request.get_host()}"
    entries = []
    for village in open_villages():
        url = (
            f"https://{village.primary_host}/sitemap.xml"
            if village.primary_host
            else f"{base}/{village.slug}/sitemap.xml"
        )
        entries.append(f"<sitemap><loc>{escape(url)}</loc></sitemap>")
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(entries)
        + "</sitemapindex>\n"
    )
    return HttpResponse(body, content_type="application/xml")
