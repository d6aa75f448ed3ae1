"""Readable, unique web addresses (slugs) for what villagers name: products, sellers."""

from django.utils.text import slugify


def unique_slug(queryset, name: str, *, default: str, max_length: int) -> str:
    """A readable slug for ``name`` not used in ``queryset`` yet: gula-aren, gula-aren-2."""
    base = slugify(name)[:max_length] or default
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
