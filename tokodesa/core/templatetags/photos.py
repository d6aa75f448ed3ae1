import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from tokodesa.core.images import rendition_name

register = template.Library()


@register.simple_tag
def photo(
    image,
    sizes: str = "100vw",
    css: str = "",
    eager: bool = False,
    alt: str = "",
    src_width: int = 480,
):
    """``<img>`` of a product photo with its WebP renditions in ``srcset``, lazy by default.

    ``image`` is a ProductImage (or anything with ``image``, ``width``, ``height`` and
    ``rendition_widths``). ``src`` (for browsers without srcset) is the smallest rendition at
    least ``src_width`` wide: a card asks for 240, not the 480 a page-wide photo needs.
    """
    if not image or not image.image:
        return ""
    name = image.image.name
    storage = image.image.storage
    candidates = [(w, storage.url(rendition_name(name, w))) for w in image.rendition_widths]
    candidates.append((image.width, image.image.url))
    fallback = next((url for w, url in candidates if w >= src_width), candidates[-1][1])
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}" '
        'loading="{}" decoding="async">',
        fallback,
        ", ".join(f"{url} {w}w" for w, url in candidates),
        sizes,
        image.width,
        image.height,
        alt or getattr(image, "alt", ""),
        css,
        "eager" if eager else "lazy",
    )


@register.simple_tag
def photo_url(image, width: int = 960) -> str:
    """The URL of the largest rendition not wider than ``width`` (for og:image)."""
    if not image or not image.image:
        return ""
    fitting = [w for w in image.rendition_widths if w <= width]
    if fitting and image.width > width:
        return image.image.storage.url(rendition_name(image.image.name, max(fitting)))
    return image.image.url


@register.filter
def jsonld(data) -> str:
    """A ``<script type="application/ld+json">`` block, escaped like ``json_script``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
