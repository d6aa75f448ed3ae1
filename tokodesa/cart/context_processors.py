from .services import cart_count


def cart(request):
    """How many items the visitor's cart in this village shop holds (the header's count)."""
    current = getattr(request, "village", None)
    if current is None or not hasattr(request, "session"):
        return {"cart_count": 0}
    return {"cart_count": cart_count(village=current, session=request.session)}
