from django import template

from tokodesa.regions.selectors import provinces

from ..selectors import shipping_estimate

register = template.Library()


@register.inclusion_tag("shipping/_estimate.html", takes_context=True)
def shipping_estimate_box(context, variants):
    """Where the parcel is sent from, and the cheapest courier to the province the buyer asks
    for (``?ke=34``) for the lightest of ``variants``: before any address, from the rate
    table (never a live request). The page is kept per province."""
    request, village = context["request"], context["village"]
    asked = request.GET.get("ke", "")[:2]
    lightest = min((v.weight_g for v in variants), default=0)
    estimate = None
    if asked and lightest:
        estimate = shipping_estimate(village=village, province_code=asked, weight_g=lightest)
    return {"village": village, "provinces": provinces(), "estimate": estimate, "asked": asked}
