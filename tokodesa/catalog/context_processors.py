from .selectors import search_hint as _search_hint


def search_hint(request):
    """The search box's examples, from the shop's own products (lazily: only pages that show
    the box ask)."""
    current = getattr(request, "village", None)
    if current is None:
        return {"search_hint": ""}
    return {"search_hint": lambda: ", ".join(_search_hint(village_id=current.pk))}
