import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from tokodesa.core.validators import normalize_whatsapp


@pytest.mark.parametrize(
    "amount, shown",
    [
        (25000, "Rp25.000"),
        (0, "Rp0"),
        (999, "Rp999"),
        (1250000, "Rp1.250.000"),
        (-5000, "-Rp5.000"),
    ],
)
def test_rupiah_filter(amount, shown):
    assert Template("{{ amount|rupiah }}").render(Context({"amount": amount})) == shown


@pytest.mark.parametrize(
    "raw", ["081234567890", "+6281234567890", "6281234567890", "0812-3456-7890", " 0812 3456 7890 "]
)
def test_indonesian_numbers_become_e164(raw):
    assert normalize_whatsapp(raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["", "12345", "0812", "abc", "+1 202 555 0100x" * 5])
def test_wrong_numbers_are_refused_in_indonesian(raw):
    from django.utils import translation

    with translation.override("id"), pytest.raises(ValidationError) as error:
        normalize_whatsapp(raw)
    assert "bukan nomor HP yang benar" in str(error.value.messages[0])
