"""Validators shared by several apps."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_whatsapp(value: str) -> str:
    """An Indonesian phone number (08…, 62…, +62…) in E.164 (+628…), or ValidationError."""
    raw = (value or "").strip()
    if raw.startswith("62"):
        raw = "+" + raw
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number. Write it like 0812 3456 7890."),
            code="invalid_phone",
            params={"value": value[:30]},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_whatsapp(value: str) -> None:
    normalize_whatsapp(value)


_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?]")  # a tag, a comment or a script


def plain_text(text, *, limit: int, field: str) -> str:
    """What a buyer or villager wrote, tidied: trimmed lines, at most ``limit`` characters, and
    no markup (refused with a message rather than silently cleaned, so the writer sees why)."""
    text = "\n".join(line.strip() for line in str(text or "").strip().splitlines()).strip()
    if len(text) > limit:
        raise ValidationError(
            {field: _("Please keep it to %(limit)s characters (now %(n)s).")
             % {"limit": limit, "n": len(text)}}
        )  # fmt: skip
    if _MARKUP.search(text):
        raise ValidationError({field: _("Please write plain text, without < and > tags.")})
    return text
