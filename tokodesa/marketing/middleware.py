"""Counting storefront page views (see ``counting``): after the response, with no query."""

from .counting import count, counting_allowed, source_of

#: The shop pages counted (``catalog`` URL names), kept pages included.
COUNTED = {"home", "products", "category", "search", "product", "seller"}


class CountVisitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        village = getattr(request, "village", None)
        if (
            village is not None
            and request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.namespace == "catalog"
            and match.url_name in COUNTED
            and counting_allowed(request)
        ):
            source = source_of(request.get_full_path()) or source_of(
                request.headers.get("Referer", ""), host=request.get_host()
            )
            item = match.kwargs.get("slug", "") if match.url_name == "product" else ""
            count(village_id=village.pk, kind="view", page=match.url_name, item=item, source=source)
        return response
