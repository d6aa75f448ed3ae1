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
