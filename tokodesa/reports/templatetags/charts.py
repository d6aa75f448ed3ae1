"""Small server-rendered SVG charts: no JavaScript, a few hundred bytes each."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from tokodesa.core.templatetags.rupiah import format_number, format_rupiah

register = template.Library()


@register.simple_tag
def bar_chart(rows, money: bool = True, title: str = "") -> str:
    """Horizontal bars for [(label, value)], scaled to the largest value; fits 340 px."""
    rows = list(rows)
    if not rows:
        return ""
    width, label_w, bar_h, gap = 340, 120, 18, 6
    top = max(value for _, value in rows) or 1
    height = len(rows) * (bar_h + gap)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(rows):
        y = i * (bar_h + gap)
        length = max(1, round((width - label_w - 70) * value / top))
        shown = format_rupiah(value) if money else format_number(value)
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="11">{escape(str(label)[:20])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{length}" height="{bar_h}" rx="3" '
            f'fill="#a86b2d"/><text x="{label_w + length + 4}" y="{y + 13}" '
            f'font-size="11">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
