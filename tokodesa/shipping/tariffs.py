"""Offline courier tariffs: a price for every courier service, from region codes alone.

No network, no database: a quote is computed from two Kemendagri region codes, a weight and
a rate table. A ``Courier`` delivery method (see ``methods.py``) turns the quotes into
delivery options; live providers can later stand behind the same interface.

Zones
    The origin is the village's kecamatan, the destination the buyer's; a desa code reduces
    to its kecamatan. Zone 0 same kecamatan, 1 same kabupaten/kota, 2 same province, 3 same
    island group, 4 another island group. Island groups go by the province code's first
    digit (1x Sumatra, 3x Java, 5x Bali–Nusa Tenggara, 6x Kalimantan, 7x Sulawesi, 8x Maluku,
    9x Papua). **Kepulauan Riau (21) and Bangka Belitung (19) count with Sumatra**: both were
    carved out of Sumatran provinces (Riau, Sumatera Selatan), their parcels travel through
    Sumatran hubs (Pekanbaru, Palembang), and couriers price them as regional routes from
    Sumatra rather than as inter-island ones. A village whose courier prices them otherwise
    adds province-pair rows. Only the 38 provinces of Kepmendagri 300.2.2-2138/2025 are
    known; any other province code gets no quote.

    A destination coarser than a kecamatan (e.g. only "17.71" or "16") gets the *farthest*
    zone it could be in: "17" seen from 17.08.05 is zone 2, "17.08" is zone 1. Quoting too
    much is safer for the village, which pays the courier, than quoting too little.

Rate table
    One row per (courier, service, scope) with the first-kg and next-kg price in whole
    rupiah, the estimated days and the service's rounding rule and optional weight limit.
    A scope is one of, most specific first:

    1. a province pair ``origin_province → destination_province`` ("17" → "31"), used
       whenever the parcel goes between those two (different) provinces;
    2. ``* → destination_province``: from any province of *another island group* (zone 4)
       to that province — how Papua is priced dearer than the zone-4 average;
    3. a zone 0–4.

    A service without a row for the scope it needs is not offered there (JNE OKE, for
    example, has no zone 0–1 rows: JNE sells it between cities only).

Chargeable weight
    ``max(actual, L × W × H / 6000 kg)``, then the service's rounding rule: ``over_300g``
    carries up to 300 g of a started kilogram free (1.3 kg → 1 kg, 1.31 kg → 2 kg; JNE, J&T,
    SiCepat), ``ceil`` rounds any fraction up (POS). Never less than 1 kg. A service is
    offered while the chargeable weight is within its ``max_kg``.

Importing a village's own table — all or nothing
    :func:`load_table` checks every row and, if any row is bad, imports **nothing** and
    lists every bad row with its line number and an Indonesian message. A half-imported price
    list is the worst outcome for money: the missing rows would silently fall back to other
    prices. Blank lines, a UTF-8 byte-order mark and ``;`` or tab separators (what a
    spreadsheet set to Indonesian exports) are accepted; prices must be plain digits ("9000",
    not "9.000" or "Rp9.000"), since a dot is a thousands separator in Indonesian and a
    decimal point in English and guessing wrong costs a thousandfold.

Errors
    :func:`chargeable_weight` and :func:`quote` raise ``ValueError`` for negative, non-integer
    or absurd weights and dimensions, and :func:`quote` for a malformed *origin* (the village's
    own code, checked when the village is saved: a programming error). A destination that is
    malformed or in an unknown province, or an origin in an unknown province, gives ``[]``:
    the caller shows its other delivery methods.

Messages for people (``RowError.message``, ``Quote.eta``) are in Indonesian, as the brief for
this module asks; they are plain strings, not yet in the gettext catalogue.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from functools import cache
from importlib import resources
from math import floor, isfinite
from typing import Any

from tokodesa.core.numbers import parse_int

# ---------------------------------------------------------------------------------------------
# Couriers and services this engine knows. Codes are stored on orders ("jne-reg"), so they are
# fixed here rather than free text in a table; adding a courier is one entry.


@dataclass(frozen=True)
class Service:
    courier: str  # courier id: "jne"
    code: str  # service id within the courier: "reg"
    courier_name: str  # as written in a rate table: "JNE"
    name: str  # as written in a rate table: "REG"
    label: str  # as shown to a buyer: "JNE REG"

    @property
    def key(self) -> str:
        """Stable identifier, e.g. for a delivery option code: ``"jne-reg"``."""
        return f"{self.courier}-{self.code}"


SERVICES: tuple[Service, ...] = (
    Service("jne", "reg", "JNE", "REG", "JNE REG"),
    Service("jne", "yes", "JNE", "YES", "JNE YES"),
    Service("jne", "oke", "JNE", "OKE", "JNE OKE"),
    Service("jnt", "ez", "J&T", "EZ", "J&T EZ"),
    Service("pos", "reguler", "POS", "Pos Reguler", "Pos Reguler"),
    Service("sicepat", "reg", "SiCepat", "REG", "SiCepat REG"),
    Service("sicepat", "best", "SiCepat", "BEST", "SiCepat BEST"),
)
_SERVICE_BY_KEY = {(s.courier, s.code): s for s in SERVICES}
_COURIER_ALIASES = {
    "jne": "jne",
    "j&t": "jnt",
    "jnt": "jnt",
    "j&t express": "jnt",
    "j&t ez": "jnt",
    "pos": "pos",
    "pos indonesia": "pos",
    "sicepat": "sicepat",
    "si cepat": "sicepat",
    "sicepat ekspres": "sicepat",
}
_COURIER_NAMES = {s.courier: s.courier_name for s in SERVICES}


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _service_named(courier: str, name: str) -> Service | None:
    wanted = _norm(name)
    for s in SERVICES:
        if s.courier == courier and wanted in {s.code, _norm(s.name), _norm(s.label)}:
            return s
    return None


# ---------------------------------------------------------------------------------------------
# Provinces and island groups (Kepmendagri 300.2.2-2138/2025: 38 provinces).

_ISLAND_BY_DIGIT = {
    "1": "sumatra",
    "3": "jawa",
    "5": "bali-nusa-tenggara",
    "6": "kalimantan",
    "7": "sulawesi",
    "8": "maluku",
    "9": "papua",
}
# fmt: off
_PROVINCE_CODES = (
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",  # Sumatra (+ Kepri, Babel)
    "31", "32", "33", "34", "35", "36",  # Java
    "51", "52", "53",  # Bali, Nusa Tenggara
    "61", "62", "63", "64", "65",  # Kalimantan
    "71", "72", "73", "74", "75", "76",  # Sulawesi
    "81", "82",  # Maluku
    "91", "92", "93", "94", "95", "96",  # Papua
)
# fmt: on
#: Province code → island group. Kepulauan Riau (21) joins Sumatra; see the module docstring.
ISLAND_GROUP: Mapping[str, str] = {
    code: "sumatra" if code == "21" else _ISLAND_BY_DIGIT[code[0]] for code in _PROVINCE_CODES
}

_DOTTED = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
_UNDOTTED = re.compile(r"[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{10}")


def _segments(code: object) -> tuple[str, ...] | None:
    """("17", "08", "05") for "17.08.05.2007" or "1708052007"; None if malformed.

    The same forms as ``regions.models.normalize_code`` accepts, kept here so this module
    needs neither Django's app registry nor the database.
    """
    if not isinstance(code, str):
        return None
    code = code.strip()
    if _DOTTED.fullmatch(code):
        parts = code.split(".")
    elif _UNDOTTED.fullmatch(code):
        parts = [p for p in (code[0:2], code[2:4], code[4:6]) if p]
    else:
        return None
    return tuple(parts[:3])


def _zone(origin: tuple[str, ...], destination: tuple[str, ...]) -> int | None:
    if origin[0] not in ISLAND_GROUP or destination[0] not in ISLAND_GROUP:
        return None
    if origin[0] != destination[0]:
        return 3 if ISLAND_GROUP[origin[0]] == ISLAND_GROUP[destination[0]] else 4
    # Same province: a level either code lacks counts as different (the farther zone).
    if len(origin) < 2 or len(destination) < 2 or origin[1] != destination[1]:
        return 2
    if len(origin) < 3 or len(destination) < 3 or origin[2] != destination[2]:
        return 1
    return 0


def zone_between(origin_code: str, destination_code: str) -> int | None:
    """The zone (0–4) between two region codes; None if either is malformed or unknown."""
    origin, destination = _segments(origin_code), _segments(destination_code)
    if origin is None or destination is None:
        return None
    return _zone(origin, destination)


# ---------------------------------------------------------------------------------------------
# Weight.

#: Heaviest parcel a quote is computed for (1 tonne); anything above is a data error.
MAX_WEIGHT_G = 1_000_000
#: Longest side accepted, in cm.
MAX_SIDE_CM = 1_000
#: Volumetric divisor of Indonesian couriers: L × W × H (cm) / 6000 = kg.
VOLUMETRIC_DIVISOR = 6000

_RULE_RE = re.compile(r"over_([1-9][0-9]{0,2})g", re.ASCII)


@dataclass(frozen=True)
class RoundingRule:
    """How a courier rounds weight to whole kilograms.

    ``tolerance_g`` grams of a started kilogram ride free: 300 means 1.3 kg → 1 kg and
    1.31 kg → 2 kg; 0 rounds any fraction up.
    """

    tolerance_g: int

    def __post_init__(self) -> None:
        if type(self.tolerance_g) is not int or not 0 <= self.tolerance_g < 1000:
            raise ValueError("tolerance_g must be an int from 0 to 999")

    @classmethod
    def parse(cls, text: str | RoundingRule) -> RoundingRule:
        """``"ceil"`` or ``"over_300g"`` (1–999 g); ValueError for anything else."""
        if isinstance(text, RoundingRule):
            return text
        if not isinstance(text, str):
            raise ValueError(f"unknown rounding rule {text!r}")
        text = text.strip().lower()
        if text == "ceil":
            return cls(0)
        match = _RULE_RE.fullmatch(text)
        if not match:
            raise ValueError(f"unknown rounding rule {text!r}")
        return cls(int(match[1]))

    def __str__(self) -> str:
        return "ceil" if self.tolerance_g == 0 else f"over_{self.tolerance_g}g"

    def kilograms(self, grams: Fraction | int) -> int:
        whole = floor(Fraction(grams) / 1000)
        rest = grams - whole * 1000
        return max(1, whole + (1 if rest > self.tolerance_g else 0))


def _check_side(name: str, value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number of centimetres, not {value!r}")
    if not isfinite(value) or not 0 < value <= MAX_SIDE_CM:
        raise ValueError(f"{name} must be more than 0 and at most {MAX_SIDE_CM} cm, not {value!r}")
    return Fraction(value)


def _check_weight(actual_g: object) -> int:
    if isinstance(actual_g, bool) or not isinstance(actual_g, int):
        raise ValueError(f"weight must be whole grams (int), not {actual_g!r}")
    if not 0 <= actual_g <= MAX_WEIGHT_G:
        raise ValueError(f"weight must be 0 to {MAX_WEIGHT_G} g, not {actual_g}")
    return actual_g


def chargeable_weight(
    actual_g: int,
    *,
    length_cm: float | None = None,
    width_cm: float | None = None,
    height_cm: float | None = None,
    rule: RoundingRule | str,
) -> int:
    """Kilograms the courier charges: max(actual, L×W×H/6000 kg), rounded by ``rule``, ≥ 1.

    Give all three dimensions or none. Raises ValueError for a negative, non-integer or
    absurd weight (> 1 t), a dimension that is not positive or above 10 m, or an unknown rule.
    """
    grams: Fraction | int = _check_weight(actual_g)
    rule = RoundingRule.parse(rule)
    sides = (length_cm, width_cm, height_cm)
    if any(side is not None for side in sides):
        if any(side is None for side in sides):
            raise ValueError("give length, width and height together, or none of them")
        length, width, height = (
            _check_side(n, v) for n, v in zip(("length", "width", "height"), sides, strict=True)
        )
        volumetric_g = length * width * height * 1000 / VOLUMETRIC_DIVISOR
        grams = max(grams, volumetric_g)
    return rule.kilograms(grams)


# ---------------------------------------------------------------------------------------------
# The rate table.

#: Columns of a rate table, in the order :meth:`Table.to_csv` writes them.
COLUMNS = (
    "courier",
    "service",
    "zone",
    "origin_province",
    "destination_province",
    "first_kg",
    "next_kg",
    "days_min",
    "days_max",
    "rounding",
    "max_kg",
    "note",
)
REQUIRED_COLUMNS = frozenset(
    {"courier", "service", "zone", "first_kg", "next_kg", "days_min", "days_max", "rounding"}
)
#: Indonesian header names a village may use instead.
COLUMN_ALIASES = {
    "kurir": "courier",
    "layanan": "service",
    "zona": "zone",
    "provinsi_asal": "origin_province",
    "provinsi_tujuan": "destination_province",
    "harga_kg_pertama": "first_kg",
    "harga_kg_berikutnya": "next_kg",
    "hari_min": "days_min",
    "hari_maks": "days_max",
    "pembulatan": "rounding",
    "berat_maks": "max_kg",
    "catatan": "note",
}
ANY_ORIGIN = "*"
MAX_PRICE = 10_000_000  # per kg; more is a typo (an extra zero or two)
MAX_DAYS = 60
MAX_LIMIT_KG = 1_000


@dataclass(frozen=True)
class Rate:
    """One row of a rate table: a service's price for one scope (zone or province pair)."""

    courier: str  # "jne"
    service: str  # "reg"
    first_kg: int
    next_kg: int
    days_min: int
    days_max: int
    rounding: str  # "over_300g" or "ceil"
    max_kg: int | None = None
    zone: int | None = None
    origin_province: str | None = None  # a province code, or "*" (any other island group)
    destination_province: str | None = None
    note: str = ""

    @property
    def scope(self) -> tuple[str | int | None, ...]:
        return (self.zone, self.origin_province, self.destination_province)

    @property
    def service_key(self) -> tuple[str, str]:
        return (self.courier, self.service)

    @property
    def rule(self) -> RoundingRule:
        return RoundingRule.parse(self.rounding)

    def fee(self, kg: int) -> int:
        """First kilogram plus every further one."""
        return self.first_kg + self.next_kg * (kg - 1)


@dataclass(frozen=True)
class Table:
    """An immutable rate table. Build one with :func:`load_table` or :meth:`from_json`.

    ``to_json()`` gives plain dicts, lists, strings and ints (to store on a village);
    ``to_csv()`` gives a file :func:`load_table` reads back.
    """

    rates: tuple[Rate, ...]
    _index: dict = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index: dict[tuple, Rate] = {}
        for rate in self.rates:
            key = (rate.service_key, rate.scope)
            if key in index:
                raise ValueError(f"duplicate rate for {key}")
            index[key] = rate
        object.__setattr__(self, "_index", index)

    @property
    def services(self) -> tuple[Service, ...]:
        """Services with at least one rate, in table order."""
        keys = dict.fromkeys(rate.service_key for rate in self.rates)
        return tuple(_SERVICE_BY_KEY[key] for key in keys)

    def rate(
        self, service: Service, *, origin_province: str, destination_province: str, zone: int
    ) -> Rate | None:
        """The most specific rate for this service there: province pair, ``*`` pair, zone."""
        key = (service.courier, service.code)
        index = self._index
        if origin_province != destination_province:
            found = index.get((key, (None, origin_province, destination_province)))
            if found:
                return found
        if zone == 4:
            found = index.get((key, (None, ANY_ORIGIN, destination_province)))
            if found:
                return found
        return index.get((key, (zone, None, None)))

    def to_json(self) -> dict[str, Any]:
        return {"format": 1, "rates": [asdict(rate) for rate in self.rates]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Table:
        """The table ``to_json`` gave; checked like an import. ValueError if anything is off."""
        if not isinstance(data, Mapping) or data.get("format") != 1:
            raise ValueError("not a rate table (format 1)")
        records = data.get("rates")
        if not isinstance(records, list):
            raise ValueError("not a rate table: 'rates' must be a list")
        numbered = []
        for number, record in enumerate(records, start=1):
            if not isinstance(record, Mapping):
                raise ValueError(f"rate {number} is not an object")
            numbered.append((number, {k: _to_text(v) for k, v in record.items()}))
        table, errors = _build(numbered)
        if errors:
            raise ValueError("; ".join(str(e) for e in errors))
        return table

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in self.rates:
            service = _SERVICE_BY_KEY[r.service_key]
            writer.writerow(
                [
                    service.courier_name,
                    service.name,
                    "" if r.zone is None else r.zone,
                    r.origin_province or "",
                    r.destination_province or "",
                    r.first_kg,
                    r.next_kg,
                    r.days_min,
                    r.days_max,
                    r.rounding,
                    "" if r.max_kg is None else r.max_kg,
                    r.note,
                ]
            )
        return out.getvalue()


def _to_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return repr(value)  # rejected by the integer checks, as it should be
    return str(value)


@dataclass(frozen=True)
class RowError:
    """A problem with one row of an imported table; ``row`` is the line number in the file."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"Baris {self.row}: {self.message}"


# ---------------------------------------------------------------------------------------------
# Reading a table.

_FIELD_NAMES = {
    "first_kg": "harga kg pertama",
    "next_kg": "harga kg berikutnya",
    "days_min": "estimasi hari minimal",
    "days_max": "estimasi hari maksimal",
    "max_kg": "berat maksimal",
}
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_PROVINCE_RE = re.compile(r"[0-9]{2}", re.ASCII)


def _integer(
    fields: Mapping[str, str], name: str, low: int, high: int, problems: list[str]
) -> int | None:
    text = fields.get(name, "").strip()
    label = _FIELD_NAMES[name]
    if not text:
        problems.append(f"{label} kosong")
        return None
    if text.startswith("-") and _DIGITS.fullmatch(text[1:]):
        problems.append(f"{label} tidak boleh negatif ({text})")
        return None
    if not _DIGITS.fullmatch(text):
        problems.append(
            f"{label} harus bilangan bulat tanpa titik, koma atau “Rp”, mis. 9000 — bukan “{text}”"
        )
        return None
    value = parse_int(text, minimum=low, maximum=high)
    if value is None:
        shown = text if len(text) <= 20 else f"{text[:20]}…"
        problems.append(f"{label} harus antara {low} dan {high}, bukan {shown}")
        return None
    return value


def _province(text: str, role: str, problems: list[str], *, wildcard: bool = False) -> str | None:
    if wildcard and text == ANY_ORIGIN:
        return text
    if not _PROVINCE_RE.fullmatch(text):
        problems.append(
            f"kode provinsi {role} harus 2 angka, mis. 17 untuk Bengkulu — bukan “{text}”"
        )
        return None
    if text not in ISLAND_GROUP:
        problems.append(f"kode provinsi {role} “{text}” tidak dikenal")
        return None
    return text


def _parse_row(fields: Mapping[str, str]) -> tuple[Rate | None, list[str]]:
    """One row as text fields → a Rate, or the problems (in Indonesian) that prevent it."""
    problems: list[str] = []

    courier_text = fields.get("courier", "").strip()
    service_text = fields.get("service", "").strip()
    courier = _COURIER_ALIASES.get(_norm(courier_text))
    service = None
    if not courier_text:
        problems.append("kurir kosong")
    elif courier is None:
        known = ", ".join(dict.fromkeys(s.courier_name for s in SERVICES))
        problems.append(f"kurir “{courier_text}” tidak dikenal (pilihan: {known})")
    elif not service_text:
        problems.append("layanan kosong")
    else:
        service = _service_named(courier, service_text)
        if service is None:
            known = ", ".join(s.name for s in SERVICES if s.courier == courier)
            problems.append(
                f"layanan “{service_text}” tidak dikenal untuk {_COURIER_NAMES[courier]} "
                f"(pilihan: {known})"
            )

    zone_text = fields.get("zone", "").strip()
    origin_text = fields.get("origin_province", "").strip()
    destination_text = fields.get("destination_province", "").strip()
    zone = origin = destination = None
    if zone_text and (origin_text or destination_text):
        problems.append("isi zona atau pasangan provinsi asal–tujuan, jangan keduanya")
    elif zone_text:
        if zone_text in {"0", "1", "2", "3", "4"}:
            zone = int(zone_text)
        else:
            problems.append(f"zona harus 0, 1, 2, 3 atau 4 — bukan “{zone_text}”")
    elif origin_text and destination_text:
        origin = _province(origin_text, "asal", problems, wildcard=True)
        destination = _province(destination_text, "tujuan", problems)
        if origin and origin == destination:
            problems.append(
                "provinsi asal dan tujuan sama; untuk tarif dalam satu provinsi pakai zona 0–2"
            )
            origin = None
    elif origin_text or destination_text:
        problems.append("provinsi asal dan provinsi tujuan harus diisi keduanya")
    else:
        problems.append("isi zona (0–4) atau provinsi asal dan tujuan")

    first_kg = _integer(fields, "first_kg", 0, MAX_PRICE, problems)
    next_kg = _integer(fields, "next_kg", 0, MAX_PRICE, problems)
    days_min = _integer(fields, "days_min", 1, MAX_DAYS, problems)
    days_max = _integer(fields, "days_max", 1, MAX_DAYS, problems)
    if days_min is not None and days_max is not None and days_min > days_max:
        problems.append(
            f"estimasi hari minimal ({days_min}) lebih besar dari maksimal ({days_max})"
        )

    rounding_text = fields.get("rounding", "").strip()
    rounding = None
    try:
        rounding = str(RoundingRule.parse(rounding_text))
    except ValueError:
        problems.append(
            f"aturan pembulatan “{rounding_text}” tidak dikenal (pakai ceil atau over_300g)"
        )

    max_kg = None
    if fields.get("max_kg", "").strip():
        max_kg = _integer(fields, "max_kg", 1, MAX_LIMIT_KG, problems)

    if problems:
        return None, problems
    return (
        Rate(
            courier=service.courier,
            service=service.code,
            first_kg=first_kg,
            next_kg=next_kg,
            days_min=days_min,
            days_max=days_max,
            rounding=rounding,
            max_kg=max_kg,
            zone=zone,
            origin_province=origin,
            destination_province=destination,
            note=fields.get("note", "").strip(),
        ),
        [],
    )


def _scope_text(rate: Rate) -> str:
    if rate.zone is not None:
        return f"zona {rate.zone}"
    origin = "semua pulau lain" if rate.origin_province == ANY_ORIGIN else rate.origin_province
    return f"provinsi {origin} → {rate.destination_province}"


def _build(numbered: Iterable[tuple[int, Mapping[str, str]]]) -> tuple[Table, list[RowError]]:
    """Parse numbered rows and check them against each other; all or nothing."""
    errors: list[RowError] = []
    rates: list[Rate] = []
    seen: dict[tuple, int] = {}
    first_of_service: dict[tuple[str, str], tuple[int, Rate]] = {}
    count = 0
    for number, fields in numbered:
        count += 1
        rate, problems = _parse_row(fields)
        if rate is not None:
            service = _SERVICE_BY_KEY[rate.service_key]
            key = (rate.service_key, rate.scope)
            if key in seen:
                problems.append(
                    f"tarif ganda: {service.label} {_scope_text(rate)} "
                    f"sudah ada di baris {seen[key]}"
                )
            else:
                seen[key] = number
            if rate.service_key in first_of_service:
                at, first = first_of_service[rate.service_key]
                if first.rounding != rate.rounding:
                    problems.append(
                        f"{service.label} memakai pembulatan {first.rounding} di baris {at}; "
                        "satu layanan harus memakai aturan yang sama di semua baris"
                    )
                if first.max_kg != rate.max_kg:
                    limit = "tanpa batas" if first.max_kg is None else f"{first.max_kg} kg"
                    problems.append(
                        f"{service.label} memakai berat maksimal {limit} di baris {at}; "
                        "satu layanan harus memakai batas yang sama di semua baris"
                    )
            else:
                first_of_service[rate.service_key] = (number, rate)
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
        elif rate is not None:
            rates.append(rate)
    if count == 0 and not errors:
        errors.append(RowError(1, "berkas tidak berisi satu pun baris tarif"))
    if errors:
        return EMPTY_TABLE, errors
    return Table(tuple(rates)), []


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def load_table(csv_text: str | bytes) -> tuple[Table, list[RowError]]:
    """Read a rate table from CSV; (table, []) if every row is good, else (empty, errors).

    **All or nothing**: one bad row and nothing is imported; every bad row is reported with
    its line number in the file (the header is line 1) and what is wrong, in Indonesian.
    Accepts a UTF-8 BOM, blank lines (skipped, still counted) and ``,``, ``;`` or tab
    separators, detected from the header. Header names are English (see :data:`COLUMNS`) or
    Indonesian (see :data:`COLUMN_ALIASES`), in any order; unknown columns are refused.
    """
    if isinstance(csv_text, bytes):
        try:
            csv_text = csv_text.decode("utf-8-sig")
        except UnicodeDecodeError:
            return EMPTY_TABLE, [RowError(1, "berkas bukan teks UTF-8; simpan sebagai CSV UTF-8")]
    if not isinstance(csv_text, str):
        raise TypeError("csv_text must be str or bytes")
    text = csv_text.removeprefix("\ufeff")
    if "\x00" in text:
        return EMPTY_TABLE, [RowError(1, "berkas berisi karakter biner; bukan berkas CSV")]
    lines = text.splitlines()
    header_line = next((line for line in lines if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))

    header: list[str] | None = None
    numbered: list[tuple[int, dict[str, str]]] = []
    errors: list[RowError] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header, problem = _read_header(record)
                if problem:
                    return EMPTY_TABLE, [RowError(start, problem)]
                continue
            extra = record[len(header) :]
            if len(record) < len(header) or any(cell.strip() for cell in extra):
                errors.append(
                    RowError(
                        start,
                        f"baris ini berisi {len(record)} kolom, seharusnya {len(header)} "
                        "(periksa pemisah kolom dan tanda kutip)",
                    )
                )
                continue
            numbered.append((start, dict(zip(header, record, strict=False))))
    except csv.Error as exc:
        errors.append(RowError(max(reader.line_num, 1), f"format CSV rusak: {exc}"))
    if header is None:
        return EMPTY_TABLE, errors or [RowError(1, "berkas kosong: baris judul kolom tidak ada")]
    if errors and not numbered:  # every row had the wrong number of columns
        return EMPTY_TABLE, errors
    table, row_errors = _build(numbered)
    if errors or row_errors:
        return EMPTY_TABLE, sorted(errors + row_errors, key=lambda e: e.row)
    return table, []


def _read_header(record: list[str]) -> tuple[list[str], str]:
    names = [COLUMN_ALIASES.get(_norm(cell), _norm(cell)) for cell in record]
    unknown = [
        cell.strip() for cell, name in zip(record, names, strict=True) if name not in COLUMNS
    ]
    if unknown:
        return names, (
            "kolom tidak dikenal: "
            + ", ".join(f"“{u}”" for u in unknown)
            + " (kolom yang dikenal: "
            + ", ".join(COLUMNS)
            + ")"
        )
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        return names, "kolom ganda: " + ", ".join(duplicated)
    missing = [c for c in COLUMNS if c in REQUIRED_COLUMNS and c not in names]
    if missing:
        return names, "kolom wajib tidak ada: " + ", ".join(missing)
    if ("origin_province" in names) != ("destination_province" in names):
        return names, "kolom origin_province dan destination_province harus ada keduanya"
    return names, ""


EMPTY_TABLE = Table(())


@cache
def default_table() -> Table:
    """The shipped indicative table (``data/rates.csv``), read once per process."""
    text = resources.files("tokodesa.shipping").joinpath("data/rates.csv").read_text("utf-8")
    table, errors = load_table(text)
    if errors:
        raise RuntimeError("shipped rates.csv is invalid: " + "; ".join(map(str, errors)))
    return table


# ---------------------------------------------------------------------------------------------
# Quotes.


@dataclass(frozen=True)
class Quote:
    code: str  # "jne-reg"
    courier: str  # "JNE"
    service: str  # "REG"
    label: str  # "JNE REG"
    fee: int  # rupiah
    chargeable_kg: int
    zone: int
    days_min: int
    days_max: int
    eta: str  # "2–3 hari"
    by_route: bool  # priced by a province-pair row rather than the zone


def eta_text(days_min: int, days_max: int) -> str:
    """ "2–3 hari", or "1 hari" when both are equal."""
    if days_min == days_max:
        return f"{days_min} hari"
    return f"{days_min}–{days_max} hari"


def _check_dims(dims: object) -> tuple[float, float, float] | None:
    if dims is None:
        return None
    if not isinstance(dims, tuple | list) or len(dims) != 3:
        raise ValueError("dims must be (length_cm, width_cm, height_cm)")
    return tuple(dims)  # type: ignore[return-value]


def quote(
    *,
    origin_code: str,
    destination_code: str,
    weight_g: int,
    dims: tuple[float, float, float] | None = None,
    table: Table | None = None,
) -> list[Quote]:
    """Every service in ``table`` (default: the shipped one) that can carry the parcel there.

    ``origin_code`` is the village's region code (desa or kecamatan), ``destination_code`` the
    buyer's at any level; ``dims`` are (length, width, height) in cm. Cheapest first, then
    fastest. ``[]`` when the destination is malformed or in an unknown province, or no service
    has a rate there or takes the weight. ValueError for a malformed origin or a bad weight or
    dimension.
    """
    if table is None:
        table = default_table()
    sides = _check_dims(dims)
    length, width, height = sides if sides else (None, None, None)
    chargeable_weight(weight_g, length_cm=length, width_cm=width, height_cm=height, rule="ceil")
    origin = _segments(origin_code)
    if origin is None:
        raise ValueError(f"malformed origin region code {origin_code!r}")
    destination = _segments(destination_code)
    if destination is None:
        return []
    zone = _zone(origin, destination)
    if zone is None:
        return []
    quotes = []
    for service in table.services:
        rate = table.rate(
            service, origin_province=origin[0], destination_province=destination[0], zone=zone
        )
        if rate is None:
            continue
        kg = chargeable_weight(
            weight_g, length_cm=length, width_cm=width, height_cm=height, rule=rate.rule
        )
        if rate.max_kg is not None and kg > rate.max_kg:
            continue
        quotes.append(
            Quote(
                code=service.key,
                courier=service.courier_name,
                service=service.name,
                label=service.label,
                fee=rate.fee(kg),
                chargeable_kg=kg,
                zone=zone,
                days_min=rate.days_min,
                days_max=rate.days_max,
                eta=eta_text(rate.days_min, rate.days_max),
                by_route=rate.zone is None,
            )
        )
    return sorted(quotes, key=lambda q: (q.fee, q.days_max, q.days_min, q.label))
