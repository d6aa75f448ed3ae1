"""The one place money is formatted: ``{{ 25000|rupiah }}`` → ``Rp25.000``."""

from django import template

register = template.Library()


def format_rupiah(amount: int | None) -> str:
    if amount is None or amount == "":
        return ""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


register.filter("rupiah", format_rupiah, is_safe=True)
