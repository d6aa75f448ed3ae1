"""Small server-rendered SVG charts: no JavaScript, a few hundred bytes each."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tokodesa.core.templatetags.rupiah import format_number, format_rupiah

register = template.Library()


@register.simple_tag
def bar_chart(rows, money: bool = True, title: str = "") -> str:
    """Bars for [(label, value)], scaled to the largest value; fits 340 px. Each label has
    its own line above its bar (long names whole, up to 44 characters), the value at the
    bar's end."""
    rows = list(rows)
    if not rows:
        return ""
    width, bar_h, label_h, gap = 340, 14, 16, 8
    step = label_h + bar_h + gap
    top = max(value for _, value in rows) or 1
    height = len(rows) * step
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(rows):
        y = i * step
        length = max(1, round((width - 90) * value / top))
        shown = format_rupiah(value) if money else format_number(value)
        text = str(label)
        text = text if len(text) <= 44 else text[:43] + "…"
        parts.append(
            f'<text x="0" y="{y + 12}" font-size="13">{escape(text)}</text>'
            f'<rect x="0" y="{y + label_h}" width="{length}" height="{bar_h}" rx="3" '
            f'fill="#a86b2d"/><text x="{length + 4}" y="{y + label_h + 11}" '
            f'font-size="12">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
