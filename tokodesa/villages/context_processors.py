def canonical_base(request) -> str:
    """``scheme://host`` search engines should use for this page: the village's main domain
    when it has one, else the address the visitor used."""
    current = getattr(request, "village", None)
    if current is not None and current.primary_host:
        return f"https://{current.primary_host}"
    return f"{request.scheme}://{request.get_host()}"


def canonical_path(request) -> str:
    current = getattr(request, "village", None)
    return request.path_info if current is not None and current.primary_host else request.path


def village(request):
    """The current village shop (None on the portal) and the page's canonical address."""
    base, path = canonical_base(request), canonical_path(request)
    current = getattr(request, "village", None)
    return {
        "village": current,
        "canonical_base": base,
        "canonical_path": path,
        "canonical_url": base + path,
    }


def area(request):
    """Which frame a shop page wears: "team" for the shop team's pages (/kelola/…), "stall"
    for a seller's (/lapak/…), "" for the buyers' shop (and the portal)."""
    if getattr(request, "village", None) is None or not request.user.is_authenticated:
        return {"area": ""}
    match = getattr(request, "resolver_match", None)
    route = match.route if match is not None else ""
    if route.startswith("kelola/"):
        return {"area": "team"}
    if route.startswith("lapak/"):
        return {"area": "stall"}
    return {"area": ""}
