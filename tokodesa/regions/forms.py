"""The four official-region pickers (province → kabupaten/kota → kecamatan → desa/kelurahan)
that a form shows: each level lists the children of the one chosen above it, so the pickers
work without JavaScript (a "Choose" button reloads the form) and with it (shop.js loads a
level at a time from ``region-children``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import region_children

LEVELS = ("province", "regency", "district", "village")


class RegionPickersForm(forms.Form):
    """A form with ``province``, ``regency``, ``district`` and ``village`` pickers; a subclass
    calls ``set_region_choices()`` in its ``__init__`` (and sets ``field_order``)."""

    province = forms.ChoiceField(label=_("Province"))
    regency = forms.ChoiceField(label=_("Regency / city"))
    district = forms.ChoiceField(label=_("District (kecamatan)"))
    village = forms.ChoiceField(label=_("Village / kelurahan"))

    def set_region_choices(self) -> None:
        source = self.data if self.is_bound else self.initial
        parent = None
        for level in LEVELS:
            choices = (
                [(r.code, r.name) for r in region_children(parent_code=parent)]
                if (level == "province" or parent)
                else []
            )
            self.fields[level].choices = [("", "—")] + choices
            chosen = source.get(level) or ""
            parent = chosen if chosen in {code for code, _ in choices} else None

    @property
    def region_fields(self) -> list:
        return [self[level] for level in LEVELS]

    @property
    def regions_complete(self) -> bool:
        """Whether the four region pickers hold a valid chain (the last has options)."""
        source = self.data if self.is_bound else self.initial
        return bool(source.get("village")) and source.get("village") in {
            code for code, _ in self.fields["village"].choices
        }
