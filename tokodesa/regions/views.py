from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .selectors import region_children


@require_GET
@cache_control(max_age=86400, public=True)
def children(request):
    """``/wilayah/?induk=17.08`` → the kecamatan of Kab. Kepahiang, for the address pickers."""
    parent = request.GET.get("induk") or None
    regions = region_children(parent_code=parent[:13] if parent else None)
    return JsonResponse(
        {
            "regions": [
                {"code": r.code, "name": r.name, "postal_code": r.postal_code} for r in regions
            ]
        }
    )
