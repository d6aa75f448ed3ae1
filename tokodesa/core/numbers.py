"""The one parser for whole numbers that arrive as text (forms, query strings, CSV files).

``str.isdigit`` and ``int`` accept more than a person types: superscripts (``"²"``), digits
of other scripts, 5,000-digit numbers that overflow a database column. Here only ASCII digits
are numbers, optionally grouped by thousands dots or spaces as Indonesians write them
(``20.000``), and every number must lie within bounds that fit its column.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Bounds of the columns numbers end up in.
MAX_ID = 2**63 - 1  # BigAutoField
MAX_INT = 2**31 - 1  # (Positive)IntegerField
MAX_SMALL = 2**15 - 1  # (Positive)SmallIntegerField
MAX_RUPIAH = 10**12  # Rp1 trillion: above any village order, far inside a bigint
MAX_STOCK = 1_000_000  # units of one variant
MAX_PRICE = 2_000_000_000  # rupiah for one unit (the product form's bound)
MAX_DIGITS = 19

_PLAIN = re.compile(r"-?[0-9]{1,19}")
_GROUPED = re.compile(r"-?[0-9]{1,3}(?:[. ][0-9]{3})+")


def parse_int(value, *, minimum: int = 0, maximum: int = MAX_INT, grouped: bool = False):
    """The whole number in ``value`` when it is one within [minimum, maximum], else None.

    ``grouped`` also accepts thousands separators (``20.000``, ``1 500 000``) and a leading
    ``Rp``, as staff type amounts of money.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if grouped:
            text = text.removeprefix("Rp").removeprefix("rp").strip()
        if len(text) > MAX_DIGITS * 2:
            return None
        if _PLAIN.fullmatch(text):
            number = int(text)
        elif grouped and _GROUPED.fullmatch(text):
            number = int(text.replace(".", "").replace(" ", ""))
        else:
            return None
    return number if minimum <= number <= maximum else None


def posted_id(data, name: str) -> int:
    """A row id sent in a form, or 0 (which matches nothing) when it is not one."""
    return parse_int(data.get(name, ""), minimum=1, maximum=MAX_ID) or 0


def whole_rupiah(value, *, field: str = "amount", maximum: int = MAX_RUPIAH) -> int:
    """An amount typed by staff: an int, or digits with optional thousands dots ("20.000")."""
    number = parse_int(value, minimum=0, maximum=maximum, grouped=True)
    if number is None:
        raise ValidationError({field: _("Enter the amount in whole rupiah, e.g. 20.000.")})
    return number


class WholeNumberField(forms.IntegerField):
    """A form's whole number: ASCII digits only, within the bounds of its column (the model
    field's own bounds when it has them, else ``MAX_INT``)."""

    default_error_messages = {"invalid": gettext_lazy("Enter a whole number, e.g. 25.")}

    def __init__(self, *, grouped: bool = False, **kwargs):
        self.grouped = grouped
        kwargs.setdefault("max_value", MAX_INT)
        kwargs.setdefault("min_value", -MAX_INT - 1)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_int(value, minimum=-MAX_ID, maximum=MAX_ID, grouped=self.grouped)
        if number is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class IdConverter:
    """``<id:name>`` in URLs: a row id that fits its column (Django's ``<id:…>`` takes any
    number of digits, and 30 of them overflow the database)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
