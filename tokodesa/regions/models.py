"""Indonesia's official administrative regions (Kepmendagri 300.2.2-2138/2025).

One table, four levels, keyed by the dotted Kemendagri code::

    17              Bengkulu                 level 1, provinsi
    17.08           Kabupaten Kepahiang      level 2, kabupaten/kota
    17.08.05        Merigi                   level 3, kecamatan (distrik in Papua)
    17.08.05.2007   Batu Ampar               level 4, desa/kelurahan, postal code 39371

Names are stored exactly as the source gives them. Level-2 names keep their official
designation as a prefix ("Kabupaten Kepahiang", "Kota Bengkulu", "Kota Administrasi Jakarta
Pusat"), so :attr:`Region.kind` and :attr:`Region.short_name` are derived from the name and no
column can disagree with it. The rows are reference data loaded by ``load_regions``; nothing
else writes them.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

#: Digits per segment of a code: provinsi, kabupaten/kota, kecamatan, desa/kelurahan.
SEGMENT_WIDTHS = (2, 2, 2, 4)
#: Length of the dotted code at each level (index 0 = level 1).
CODE_LENGTHS = (2, 5, 8, 13)

_DOTTED = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
_UNDOTTED = re.compile(r"[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10}")
# Level-2 designations, longest first; the short form is how addresses usually write them.
_REGENCY_PREFIXES = (
    ("Kabupaten Administrasi ", "Kab. Adm. ", "kabupaten"),
    ("Kota Administrasi ", "Kota Adm. ", "kota"),
    ("Kabupaten ", "Kab. ", "kabupaten"),
    ("Kota ", "Kota ", "kota"),
)


def normalize_code(code: object) -> str | None:
    """The dotted code for ``code``, or None if it is not a well-formed region code.

    Accepts the dotted form (``"17.08.05.2007"``) and the bare digits used on NIKs and in
    other data sets (``"1708052007"``); surrounding whitespace is ignored. Says nothing about
    whether the region exists.
    """
    if not isinstance(code, str):
        return None
    code = code.strip()
    if _DOTTED.fullmatch(code):
        return code
    if _UNDOTTED.fullmatch(code):
        return ".".join(p for p in (code[0:2], code[2:4], code[4:6], code[6:10]) if p)
    return None


def parent_code_of(code: str) -> str | None:
    """``"17.08.05"`` for ``"17.08.05.2007"``; None for a province."""
    head, dot, _tail = code.rpartition(".")
    return head if dot else None


def level_of(code: str) -> int:
    """The level (1–4) of a well-formed dotted code."""
    return code.count(".") + 1


class Region(models.Model):
    """A provinsi, kabupaten/kota, kecamatan or desa/kelurahan."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("province")
        REGENCY = 2, _("regency/city")
        DISTRICT = 3, _("district")
        VILLAGE = 4, _("village")

    class Kind(models.TextChoices):
        """The finer designation, derived from the code and name (see :attr:`Region.kind`)."""

        PROVINSI = "provinsi", _("province")
        KABUPATEN = "kabupaten", _("regency")
        KOTA = "kota", _("city")
        KECAMATAN = "kecamatan", _("district")
        DISTRIK = "distrik", _("district (Papua)")
        KELURAHAN = "kelurahan", _("urban village")
        DESA = "desa", _("village")
        DESA_ADAT = "desa_adat", _("customary village")

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.SmallIntegerField(_("level"), choices=Level.choices)
    # No separate index on parent_id: the (parent, name) index below starts with it.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        db_index=False,
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            # Children of X ordered by name, then code (names repeat within a kecamatan): one
            # index range scan with no sort; the provinces are the range parent IS NULL.
            models.Index(fields=["parent", "name", "code"], name="regions_parent_name_idx"),
            # Name look-ups within one level, in the order region_search returns them.
            models.Index(fields=["level", "name", "code"], name="regions_level_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(Exact(Length("code"), 2), level=1, parent__isnull=True)
                    | models.Q(Exact(Length("code"), 5), level=2, parent__isnull=False)
                    | models.Q(Exact(Length("code"), 8), level=3, parent__isnull=False)
                    | models.Q(Exact(Length("code"), 13), level=4, parent__isnull=False)
                ),
                name="regions_level_matches_code",
            ),
            models.CheckConstraint(
                condition=models.Q(level=4) | models.Q(postal_code=""),
                name="regions_postal_code_on_villages_only",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def kind(self) -> Region.Kind:
        """Provinsi, kabupaten or kota, kecamatan or distrik, kelurahan, desa or desa adat.

        Kabupaten/kota comes from the official name's prefix; distrik is the kecamatan of the
        Papua provinces (codes 91–96); for villages the first digit of the last code segment
        says 1 kelurahan, 2 desa, 3 desa adat.
        """
        if self.level == self.Level.PROVINCE:
            return self.Kind.PROVINSI
        if self.level == self.Level.REGENCY:
            return self.Kind.KOTA if self.name.startswith("Kota ") else self.Kind.KABUPATEN
        if self.level == self.Level.DISTRICT:
            return self.Kind.DISTRIK if self.code[:2] >= "91" else self.Kind.KECAMATAN
        first = self.code[9:10]
        if first == "1":
            return self.Kind.KELURAHAN
        if first == "3":
            return self.Kind.DESA_ADAT
        return self.Kind.DESA

    @property
    def is_city(self) -> bool:
        """True for a kota (including Jakarta's kota administrasi)."""
        return self.kind == self.Kind.KOTA

    @property
    def bare_name(self) -> str:
        """A kabupaten/kota's name without its designation: "Kabupaten Kepahiang" → "Kepahiang"."""
        if self.level == self.Level.REGENCY:
            for prefix, _short, _kind in _REGENCY_PREFIXES:
                if self.name.startswith(prefix):
                    return self.name[len(prefix) :]
        return self.name

    @property
    def short_name(self) -> str:
        """The name as addresses write it: "Kab. Kepahiang", "Kota Bengkulu", "Kec. Merigi".

        Provinces and villages keep their plain name ("Bengkulu", "Batu Ampar"); villages'
        kind is shown by :attr:`kind` where the page needs it.
        """
        if self.level == self.Level.REGENCY:
            for prefix, short, _kind in _REGENCY_PREFIXES:
                if self.name.startswith(prefix):
                    return short + self.name[len(prefix) :]
        if self.level == self.Level.DISTRICT:
            return ("Distrik " if self.kind == self.Kind.DISTRIK else "Kec. ") + self.name
        return self.name

    @property
    def parent_code(self) -> str | None:
        return parent_code_of(self.code)
