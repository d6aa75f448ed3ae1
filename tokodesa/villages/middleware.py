"""Find the village shop a request is for: by its own host name, or by /<slug>/ on ours.

On the platform's host, ``/batu-ampar/produk/kopi-bubuk/`` is routed as if the shop were
mounted there: the slug moves from ``path_info`` into the script prefix, so the shop's
urlconf and every ``reverse()``/``{% url %}`` work unchanged in both addressing modes and
links stay on the address the visitor used (docs/adr/0002-tenant-routing.md).
"""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone

from tokodesa.core.tenancy import across_villages, no_village, village_scope

from .models import RESERVED_SLUGS, Domain, Village
from .selectors import village_by_host, village_by_slug


class VillageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.platform_hosts = {host.lower() for host in settings.PLATFORM_HOSTS}

    def __call__(self, request):
        request.village = None
        # Every request starts strict: a query on village rows without this request's
        # village raises, whatever the caller (a test, a server thread) had set.
        with no_village():
            return self._route(request)

    def _route(self, request):
        host = request.get_host().rsplit(":", 1)[0].lower().rstrip(".")
        if host in self.platform_hosts:
            slug, sep, rest = request.path_info.lstrip("/").partition("/")
            if not slug or slug in RESERVED_SLUGS or len(slug) > 60:
                return self.get_response(request)
            village = village_by_slug(slug=slug)
            if village is None:
                return self.get_response(request)  # the portal's own 404
            if not sep:
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
            prefix = f"{get_script_prefix()}{slug}/"
            request.path_info = "/" + rest
        else:
            village = village_by_host(host=host)
            if village is None:
                if request.path_info.startswith(CHECK_PATH):
                    return _domain_check_answer(host, request.path_info[len(CHECK_PATH) :])
                raise Http404("Unknown host")
            prefix = get_script_prefix()

        with village_scope(village):
            if not village.is_open and not _may_preview(request, village):
                raise Http404("Village shop is not open")
            request.village = village
            request.urlconf = settings.SHOP_URLCONF
            previous = get_script_prefix()
            set_script_prefix(prefix)
            try:
                with timezone.override(village.time_zone):
                    return self.get_response(request)
            finally:
                set_script_prefix(previous)


CHECK_PATH = "/.well-known/tokodesa-domain/"


def _domain_check_answer(host: str, token: str) -> HttpResponse:
    """A host a village asked for, not serving yet: the platform proves it is reached there by
    answering the verification request with the host's token."""
    with across_villages("the verification answer of a host not serving yet"):
        pending = Domain.objects.filter(host=host, token=token[:32], verified_at__isnull=True)
        if not token or not pending.exists():
            raise Http404("Unknown host")
    return HttpResponse(token, content_type="text/plain")


def _may_preview(request, village: Village) -> bool:
    """The team of a village that is not open yet may look at its shop."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or village.memberships.filter(user=user, role__in=["admin", "staff"]).exists()
    )
