"""The one place money and counts are formatted: ``{{ 25000|rupiah }}`` → ``Rp25.000``,
``{{ 1250|number }}`` → ``1.250`` (Indonesian thousands dots)."""

from django import template

register = template.Library()


def format_number(value: int | None) -> str:
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")


def format_rupiah(amount: int | None) -> str:
    if amount is None or amount == "":
        return ""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{format_number(abs(amount))}"


register.filter("rupiah", format_rupiah, is_safe=True)
register.filter("number", format_number, is_safe=True)


def format_grams(grams: int | None) -> str:
    """``850`` → ``850 g``; ``1250`` → ``1,25 kg`` (Indonesian decimal comma)."""
    if grams is None or grams == "":
        return ""
    grams = int(grams)
    if grams < 1000:
        return f"{grams} g"
    kilos = f"{grams / 1000:.2f}".rstrip("0").rstrip(".")
    return f"{kilos.replace('.', ',')} kg"


register.filter("grams", format_grams, is_safe=True)
