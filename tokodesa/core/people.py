"""Small helpers shared by the apps' services."""

from django.utils.text import slugify


def actor_label(user, fallback: str = "") -> str:
    """How a person is named in histories and logs: full name, else username, else fallback."""
    if user is not None and getattr(user, "is_authenticated", False):
        return (user.get_full_name() or user.get_username())[:100]
    return fallback[:100]


def unique_slug(queryset, name: str, *, default: str, max_length: int) -> str:
    """A readable slug for ``name`` not used in ``queryset`` yet: gula-aren, gula-aren-2."""
    base = slugify(name)[:max_length] or default
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
