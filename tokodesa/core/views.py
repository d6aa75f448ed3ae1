from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """robots.txt of the host: the portal's on the platform, a shop's on its own domain."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cari/",
        "Disallow: /*/cari/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


FAVICON = (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' "
    "rx='7' fill='#7a4a1e'/><path d='M6 16 16 7l10 9v9H6z' fill='#f3c87a'/></svg>"
)


@require_GET
@cache_control(max_age=604800, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (printable pages)."""
    return HttpResponse(FAVICON, content_type="image/svg+xml")


def server_error(request):
    """handler500: the database briefly away gives the "busy, try again" page (503) —
    nothing was saved, since each write is one transaction — anything else the plain 500."""
    import sys

    from .middleware import busy_page, database_away, plain_page

    if database_away(sys.exc_info()[1]):
        return busy_page(request)
    return plain_page(request, "500.html", 500)


def bad_request(request, exception=None):
    """handler400 (malformed uploads, too many fields, suspicious input)."""
    from .middleware import bad_request_page

    return bad_request_page(request)


def media(request, path: str, document_root: str):
    """Uploaded photos on local disk (the laptop demo). A name the file system cannot even
    look up (too long, invalid) is simply not found."""
    from django.http import Http404
    from django.views.static import serve

    try:
        return serve(request, path, document_root=document_root)
    except (OSError, ValueError) as error:
        raise Http404 from error


def locked_out(request, response=None, credentials=None):
    """django-axes' answer while a username or an address is locked out (429)."""
    from django.conf import settings
    from django.template.response import TemplateResponse

    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return TemplateResponse(request, "locked_out.html", {"minutes": minutes}, status=429).render()
