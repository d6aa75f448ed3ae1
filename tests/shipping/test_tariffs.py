"""The offline courier tariff engine: weights, zones, quotes and importing a village's table.

No database and no network: everything here is pure computation on region codes.
"""

import dataclasses
import json
from math import ceil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tokodesa.shipping.tariffs import (
    EMPTY_TABLE,
    ISLAND_GROUP,
    SERVICES,
    RoundingRule,
    RowError,
    Table,
    chargeable_weight,
    default_table,
    eta_text,
    load_table,
    quote,
    zone_between,
)

BATU_AMPAR = "17.08.05.2007"  # desa Batu Ampar, Kec. Merigi, Kab. Kepahiang, Bengkulu
HEADER = (
    "courier,service,zone,origin_province,destination_province,"
    "first_kg,next_kg,days_min,days_max,rounding,max_kg\n"
)


def fees(quotes):
    return {q.code: q.fee for q in quotes}


def ship(destination, weight_g=1000, **kwargs):
    return quote(origin_code=BATU_AMPAR, destination_code=destination, weight_g=weight_g, **kwargs)


# --- chargeable weight --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grams", "over_300g", "ceil_"),
    [
        (0, 1, 1),  # nothing weighs less than the minimum 1 kg
        (1, 1, 1),
        (300, 1, 1),
        (1000, 1, 1),
        (1001, 1, 2),
        (1300, 1, 2),  # 1.3 kg: JNE/J&T/SiCepat carry the 0.3 kg free, POS does not
        (1301, 2, 2),
        (2000, 2, 2),
        (2300, 2, 3),
        (2301, 3, 3),
        (29_999, 30, 30),
        (150_000, 150, 150),
    ],
)
def test_chargeable_weight_at_the_rounding_boundaries(grams, over_300g, ceil_):
    assert chargeable_weight(grams, rule="over_300g") == over_300g
    assert chargeable_weight(grams, rule="ceil") == ceil_
    assert chargeable_weight(grams, rule=RoundingRule(300)) == over_300g


def test_each_courier_uses_its_own_rounding_rule():
    rules = {
        f"{s.courier}-{s.code}": str(r.rule)
        for s in SERVICES
        for r in default_table().rates
        if r.service_key == (s.courier, s.code)
    }
    assert rules == {
        "jne-reg": "over_300g",
        "jne-yes": "over_300g",
        "jne-oke": "over_300g",
        "jnt-ez": "over_300g",
        "pos-reguler": "ceil",
        "sicepat-reg": "over_300g",
        "sicepat-best": "over_300g",
    }
    kg = {q.code: q.chargeable_kg for q in ship("17.71", 1300)}
    assert kg == {
        "jne-reg": 1,
        "jne-yes": 1,
        "jne-oke": 1,
        "jnt-ez": 1,
        "pos-reguler": 2,
        "sicepat-reg": 1,
        "sicepat-best": 1,
    }
    assert {q.chargeable_kg for q in ship("17.71", 1301)} == {2}
    assert {q.chargeable_kg for q in ship("17.71", 1000)} == {1}
    assert {q.chargeable_kg for q in ship("17.71", 0)} == {1}


@pytest.mark.parametrize(
    ("grams", "dims", "over_300g", "ceil_"),
    [
        (500, (30, 20, 10), 1, 1),  # 6000 cm³ = exactly 1 kg
        (500, (40, 30, 30), 6, 6),  # 36 000 cm³ = 6 kg, heavier than the actual 0.5 kg
        (500, (40, 30, 31), 6, 7),  # 6.2 kg
        (500, (40, 30, 31.5), 6, 7),  # exactly 6.3 kg: 40 × 30 × 31.5 = 37 800 cm³
        (500, (40, 30, 32), 7, 7),  # 6.4 kg
        (9_000, (40, 30, 30), 9, 9),  # the actual weight wins when heavier
        (0, (10.5, 10, 10), 1, 1),  # floats are fine
    ],
)
def test_volumetric_weight(grams, dims, over_300g, ceil_):
    length, width, height = dims
    for rule, expected in (("over_300g", over_300g), ("ceil", ceil_)):
        got = chargeable_weight(
            grams, length_cm=length, width_cm=width, height_cm=height, rule=rule
        )
        assert got == expected, (rule, dims)


def test_volumetric_weight_in_a_quote():
    # A light but bulky box of bamboo trays: 60 × 40 × 30 cm = 12 kg volumetric.
    light = fees(ship("17.71", 2000))
    bulky = {q.code: q for q in ship("17.71", 2000, dims=(60, 40, 30))}
    assert {q.chargeable_kg for q in bulky.values()} == {12}
    assert all(bulky[code].fee > fee for code, fee in light.items())
    assert bulky["jne-reg"].fee == 15_000 * 12


@pytest.mark.parametrize(
    "kwargs",
    [
        {"actual_g": -1},
        {"actual_g": 1_000_001},  # more than a tonne
        {"actual_g": 10**12},
        {"actual_g": 1.5},
        {"actual_g": True},
        {"actual_g": "1000"},
        {"actual_g": None},
        {"actual_g": 100, "length_cm": 10},  # one side alone
        {"actual_g": 100, "length_cm": 10, "width_cm": 10},
        {"actual_g": 100, "length_cm": 0, "width_cm": 10, "height_cm": 10},
        {"actual_g": 100, "length_cm": -10, "width_cm": 10, "height_cm": 10},
        {"actual_g": 100, "length_cm": float("nan"), "width_cm": 10, "height_cm": 10},
        {"actual_g": 100, "length_cm": float("inf"), "width_cm": 10, "height_cm": 10},
        {"actual_g": 100, "length_cm": 5000, "width_cm": 10, "height_cm": 10},
        {"actual_g": 100, "length_cm": "10", "width_cm": 10, "height_cm": 10},
    ],
)
def test_chargeable_weight_refuses_negative_and_absurd_input(kwargs):
    actual = kwargs.pop("actual_g")
    with pytest.raises(ValueError):
        chargeable_weight(actual, rule="ceil", **kwargs)


@pytest.mark.parametrize("rule", ["", "round", "over_0g", "over_1000g", "over_0.3", "CEILING", 3])
def test_unknown_rounding_rule(rule):
    with pytest.raises(ValueError):
        chargeable_weight(1000, rule=rule)


def test_quote_refuses_bad_weights_dimensions_and_origin():
    with pytest.raises(ValueError):
        ship("17.71", -5)
    with pytest.raises(ValueError):
        ship("17.71", 2_000_000)
    with pytest.raises(ValueError):
        ship("17.71", 1000, dims=(10, 10))
    with pytest.raises(ValueError):
        ship("17.71", 1000, dims=(10, 10, -1))
    with pytest.raises(ValueError):
        quote(origin_code="Kepahiang", destination_code="17.71", weight_g=1000)


# --- zones --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("destination", "zone"),
    [
        ("17.08.05.2007", 0),  # Batu Ampar itself
        ("17.08.05.2001", 0),  # Pulo Geto, another desa of Kec. Merigi
        ("17.08.05", 0),  # Kec. Merigi
        ("1708052003", 0),  # Taba Mulan, undotted
        ("17.08.01", 1),  # Kec. Bermani Ilir, same Kab. Kepahiang
        ("17.08.01.2001", 1),  # Kota Agung, in Bermani Ilir
        ("17.08", 1),  # only the kabupaten: could be Merigi, so the farther zone 1
        ("17.71", 2),  # Kota Bengkulu
        ("17", 2),  # only the province
        ("16", 3),  # Sumatera Selatan
        ("11", 3),  # Aceh
        ("19.71", 3),  # Kota Pangkal Pinang, Bangka Belitung counts with Sumatra
        ("21.71", 3),  # Kota Batam, Kepulauan Riau counts with Sumatra
        ("31.71", 4),  # Kota Administrasi Jakarta Pusat
        ("31.71.01", 4),  # Gambir
        ("51", 4),  # Bali
        ("64", 4),  # Kalimantan Timur
        ("73", 4),  # Sulawesi Selatan
        ("81", 4),  # Maluku
        ("94", 4),  # Papua Tengah
    ],
)
def test_zone_from_real_codes(destination, zone):
    assert zone_between(BATU_AMPAR, destination) == zone
    quotes = ship(destination)
    assert quotes
    assert {q.zone for q in quotes} == {zone}


def test_island_groups():
    assert len(ISLAND_GROUP) == 38
    assert ISLAND_GROUP["21"] == ISLAND_GROUP["19"] == ISLAND_GROUP["12"] == "sumatra"
    assert zone_between("21.71", "31.71") == 4  # Batam → Jakarta crosses island groups
    assert zone_between("91.03", "94.01") == 3  # within Papua
    assert zone_between("53.71", "51.71") == 3  # Kupang → Denpasar: Bali–Nusa Tenggara
    assert zone_between("64.71", "65.01") == 3  # Kalimantan
    assert zone_between("82", "81") == 3  # Maluku Utara → Maluku


def test_zone_rates_are_used_within_a_zone():
    expected = {0: 8_000, 1: 9_000, 2: 15_000, 3: 23_000}
    for destination, zone in (("17.08.05", 0), ("17.08.01", 1), ("17.71", 2), ("16", 3)):
        jne = {q.code: q for q in ship(destination, 1000)}["jne-reg"]
        assert (jne.zone, jne.fee, jne.by_route) == (zone, expected[zone], False)
    # Zone 4 without a province-pair row: Bengkulu → Kalimantan Timur.
    jne = {q.code: q for q in ship("64.71", 1000)}["jne-reg"]
    assert (jne.fee, jne.by_route) == (48_000, False)


def test_fee_is_first_kg_plus_next_kg_for_each_further_kg():
    # J&T EZ zone 2: Rp15.000 for the first kg, Rp14.000 for each further one.
    jnt = {q.code: q for q in ship("17.71", 5_200)}["jnt-ez"]
    assert (jnt.chargeable_kg, jnt.fee) == (5, 15_000 + 14_000 * 4)


def test_quotes_are_sorted_cheapest_first_with_indonesian_eta():
    quotes = ship("31.71", 2_500)
    assert [q.fee for q in quotes] == sorted(q.fee for q in quotes)
    assert all(q.eta.endswith(" hari") for q in quotes)
    jne = {q.code: q for q in quotes}["jne-reg"]
    assert jne.eta == "2–3 hari"
    assert jne.label == "JNE REG"
    assert eta_text(1, 1) == "1 hari"
    assert eta_text(2, 3) == "2–3 hari"


def test_oke_is_not_offered_within_a_kabupaten():
    assert "jne-oke" not in fees(ship("17.08.01"))
    assert "jne-oke" in fees(ship("17.71"))


# --- province-pair rows -------------------------------------------------------------------


def test_province_pair_row_wins_over_the_zone_rate():
    to_jakarta = {q.code: q for q in ship("31.71", 1000)}
    to_kalimantan = {q.code: q for q in ship("64", 1000)}
    assert to_jakarta["jne-reg"].zone == to_kalimantan["jne-reg"].zone == 4
    assert to_jakarta["jne-reg"].fee == 26_000
    assert to_jakarta["jne-reg"].by_route
    assert to_kalimantan["jne-reg"].fee == 48_000
    assert not to_kalimantan["jne-reg"].by_route
    # The Bengkulu rows apply only to parcels from Bengkulu.
    from_lampung = quote(origin_code="18.71", destination_code="31.71", weight_g=1000)
    assert fees(from_lampung)["jne-reg"] == 48_000


def test_papua_is_dearest_for_every_service():
    provinces = sorted(ISLAND_GROUP)
    for service in SERVICES:
        by_province = {
            province: fees(ship(province, 1000)).get(f"{service.courier}-{service.code}")
            for province in provinces
        }
        dearest = max((fee, province) for province, fee in by_province.items() if fee)
        assert dearest[1].startswith("9"), (service.label, dearest)


def test_any_origin_row_applies_only_from_another_island_group():
    table, errors = load_table(
        HEADER
        + "JNE,REG,3,,,20000,20000,2,4,over_300g,\n"
        + "JNE,REG,4,,,50000,50000,3,6,over_300g,\n"
        + "JNE,REG,,*,94,90000,90000,5,8,over_300g,\n"
        + "JNE,REG,,31,94,85000,85000,5,8,over_300g,\n"
    )
    assert errors == []

    def jne(origin):
        return fees(quote(origin_code=origin, destination_code="94.01", weight_g=1000, table=table))

    assert jne("17.08.05") == {"jne-reg": 90_000}  # Bengkulu → Papua Tengah: the * row
    assert jne("31.71.01") == {"jne-reg": 85_000}  # the exact pair beats *
    assert jne("91.03.01") == {"jne-reg": 20_000}  # Papua → Papua Tengah is zone 3


# --- what cannot be quoted ----------------------------------------------------------------


@pytest.mark.parametrize(
    "destination",
    ["99", "10", "20.01", "41.01.01", "00", "", "   ", "17.8", "17.08.05.207", "Jakarta", None, 31],
)
def test_unknown_or_malformed_destination_gives_no_quotes(destination):
    assert ship(destination) == []


def test_origin_in_an_unknown_province_gives_no_quotes():
    assert quote(origin_code="99.01.01.2001", destination_code="17.71", weight_g=1000) == []


def test_no_service_has_a_rate_there():
    table, errors = load_table(HEADER + "JNE,REG,0,,,8000,8000,1,2,over_300g,\n")
    assert errors == []
    assert quote(origin_code=BATU_AMPAR, destination_code="17.71", weight_g=1, table=table) == []


def test_weight_limits():
    at_30kg = fees(ship("17.71", 30_000))
    assert set(at_30kg) == {s.key for s in SERVICES}
    # 30.31 kg: over_300g makes it 31 kg, past YES and BEST (30 kg); POS's ceil too.
    at_30_31 = fees(ship("17.71", 30_310))
    assert set(at_30_31) == {"jne-reg", "jne-oke", "jnt-ez", "sicepat-reg"}
    # 30.3 kg is still 30 kg for over_300g couriers, but 31 kg for POS.
    assert set(fees(ship("17.71", 30_300))) == {s.key for s in SERVICES} - {"pos-reguler"}
    # 150 kg: only the services without a limit.
    heavy = ship("17.71", 150_000)
    assert {q.code for q in heavy} == {"jne-reg", "jne-oke"}
    assert {q.chargeable_kg for q in heavy} == {150}
    assert fees(heavy)["jne-reg"] == 15_000 * 150


# --- the shipped table --------------------------------------------------------------------


def test_shipped_table_loads_once_and_is_plausible():
    table = default_table()
    assert table is default_table()
    assert {s.key for s in table.services} == {s.key for s in SERVICES}
    assert 8_000 <= fees(ship("17.08.01"))["jne-reg"] <= 10_000
    for destination in ("31.71", "64", "73", "81", "94"):
        assert 20_000 <= fees(ship(destination))["jne-reg"] <= 110_000
    # every price is whole rupiah and every ETA sensible
    for rate in table.rates:
        assert isinstance(rate.first_kg, int)
        assert 0 < rate.next_kg <= rate.first_kg
        assert 1 <= rate.days_min <= rate.days_max
    # Bengkulu → Java: one row per service and Java province
    bengkulu_java = [r for r in table.rates if r.origin_province == "17"]
    assert {r.destination_province for r in bengkulu_java} == {"31", "32", "33", "34", "35", "36"}


def test_table_is_immutable_and_round_trips_through_json_and_csv():
    table = default_table()
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.rates = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        table.rates[0].first_kg = 1
    data = json.loads(json.dumps(table.to_json()))
    assert Table.from_json(data) == table
    again, errors = load_table(table.to_csv())
    assert errors == []
    assert again == table


def test_from_json_checks_the_data_again():
    data = default_table().to_json()
    data["rates"][0]["first_kg"] = -1
    with pytest.raises(ValueError, match="negatif"):
        Table.from_json(data)
    with pytest.raises(ValueError):
        Table.from_json({"format": 2, "rates": []})
    with pytest.raises(ValueError):
        Table.from_json({"format": 1, "rates": ["JNE"]})


# --- importing a village's own table ------------------------------------------------------


GOOD = (
    "\ufeffkurir;layanan;zona;provinsi_asal;provinsi_tujuan;harga_kg_pertama;"
    "harga_kg_berikutnya;hari_min;hari_maks;pembulatan;berat_maks;catatan\n"
    "JNE;REG;0;;;7000;7000;1;1;over_300g;;\n"
    "\n"
    "jne;reg;1;;;8500;8500;1;2;over_300g;;dari kantor JNE Kepahiang\n"
    "J&T Express;EZ;1;;;8000;7500;1;2;over_300g;50;\n"
    "POS Indonesia;Pos Reguler;1;;;7500;7500;2;3;ceil;30;\n"
    "JNE;REG;;17;31;25000;25000;2;3;over_300g;;\n"
)


def test_import_a_good_file():
    table, errors = load_table(GOOD)
    assert errors == []
    assert len(table.rates) == 5
    got = fees(
        quote(origin_code=BATU_AMPAR, destination_code="17.08.01", weight_g=2500, table=table)
    )
    # 2.5 kg is 3 kg for every courier here (0.5 kg is over the 0.3 kg tolerance)
    assert got == {"jne-reg": 8_500 * 3, "jnt-ez": 8_000 + 7_500 * 2, "pos-reguler": 7_500 * 3}
    assert fees(quote(origin_code=BATU_AMPAR, destination_code="31", weight_g=1, table=table)) == {
        "jne-reg": 25_000
    }
    # bytes with a BOM, commas, English header: the same table
    again, errors = load_table(table.to_csv().encode("utf-8-sig"))
    assert (again, errors) == (table, [])


BROKEN = (
    "\ufeffcourier;service;zone;origin_province;destination_province;first_kg;next_kg;"
    "days_min;days_max;rounding;max_kg\n"  # line 1
    "JNE;REG;1;;;9000;9000;1;2;over_300g;\n"  # 2: good, but must not be imported
    "JNE;REG;2;;;9.000;9000;2;3;over_300g;\n"  # 3: price with a thousands dot
    "Lion Parcel;REGPACK;2;;;9000;9000;2;3;over_300g;\n"  # 4: unknown courier
    "\n"  # 5: empty line, skipped
    "J&T;EZ;2;;;15000;14000;5;2;over_300g;50\n"  # 6: days 5–2
    "SiCepat;REG;2;;;14000;14000;2;3\n"  # 7: missing columns
    "POS;Pos Reguler;2;;;13000;12000;2;4;ceil;30\n"  # 8: good
)


def test_import_reports_every_bad_row_and_imports_nothing():
    table, errors = load_table(BROKEN)
    assert table == EMPTY_TABLE
    assert table.rates == ()
    assert [e.row for e in errors] == [3, 4, 6, 7]
    by_row = {e.row: e.message for e in errors}
    assert "harga kg pertama" in by_row[3] and "9.000" in by_row[3]
    assert "kurir “Lion Parcel” tidak dikenal" in by_row[4]
    assert "estimasi hari minimal (5) lebih besar dari maksimal (2)" in by_row[6]
    assert "9 kolom, seharusnya 11" in by_row[7]
    assert str(errors[0]).startswith("Baris 3: ")
    assert all(isinstance(e, RowError) for e in errors)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("JNE,REG,5,,,9000,9000,1,2,over_300g,", "zona harus 0, 1, 2, 3 atau 4"),
        ("JNE,REG,1.0,,,9000,9000,1,2,over_300g,", "zona harus"),
        ("JNE,REG,,,,9000,9000,1,2,over_300g,", "isi zona (0–4) atau provinsi"),
        ("JNE,REG,1,17,31,9000,9000,1,2,over_300g,", "jangan keduanya"),
        ("JNE,REG,,17,,9000,9000,1,2,over_300g,", "harus diisi keduanya"),
        ("JNE,REG,,17.08,31,9000,9000,1,2,over_300g,", "harus 2 angka"),
        ("JNE,REG,,17,99,9000,9000,1,2,over_300g,", "“99” tidak dikenal"),
        ("JNE,REG,,17,17,9000,9000,1,2,over_300g,", "provinsi asal dan tujuan sama"),
        ("JNE,REG,,31,*,9000,9000,1,2,over_300g,", "harus 2 angka"),
        ("JNE,ECO,1,,,9000,9000,1,2,over_300g,", "layanan “ECO” tidak dikenal untuk JNE"),
        (",REG,1,,,9000,9000,1,2,over_300g,", "kurir kosong"),
        ("JNE,,1,,,9000,9000,1,2,over_300g,", "layanan kosong"),
        ("JNE,REG,1,,,-9000,9000,1,2,over_300g,", "tidak boleh negatif"),
        ("JNE,REG,1,,,Rp9000,9000,1,2,over_300g,", "bilangan bulat"),
        ("JNE,REG,1,,,9000.50,9000,1,2,over_300g,", "bilangan bulat"),
        ("JNE,REG,1,,,,9000,1,2,over_300g,", "harga kg pertama kosong"),
        ("JNE,REG,1,,,90000000,9000,1,2,over_300g,", "harus antara 0 dan 10000000"),
        ("JNE,REG,1,,,9000,9000,0,2,over_300g,", "estimasi hari minimal harus antara 1"),
        ("JNE,REG,1,,,9000,9000,1,2,round,", "pembulatan “round” tidak dikenal"),
        ("JNE,REG,1,,,9000,9000,1,2,over_300g,0", "berat maksimal harus antara 1"),
        ("JNE,REG,1,,,9000,9000,1,2,over_300g,30,extra", "12 kolom, seharusnya 11"),
    ],
)
def test_each_kind_of_bad_row_is_explained(row, expected):
    table, errors = load_table(HEADER + row + "\n")
    assert table.rates == ()
    assert len(errors) == 1
    assert errors[0].row == 2
    assert expected in errors[0].message


def test_several_problems_in_one_row_are_reported_together():
    _table, errors = load_table(HEADER + "Lion,X,7,,,abc,9000,3,1,round,\n")
    assert len(errors) == 1
    for part in ("kurir", "zona", "harga kg pertama", "estimasi hari", "pembulatan"):
        assert part in errors[0].message


def test_rows_that_disagree_with_each_other():
    _table, errors = load_table(
        HEADER
        + "JNE,REG,1,,,9000,9000,1,2,over_300g,\n"  # 2
        + "JNE,REG,1,,,9500,9500,1,2,over_300g,\n"  # 3: duplicate
        + "JNE,REG,2,,,15000,15000,2,3,ceil,\n"  # 4: other rounding
        + "JNE,REG,3,,,23000,23000,2,4,over_300g,30\n"  # 5: other limit
        + "JNE,REG,,17,31,26000,26000,2,3,over_300g,\n"  # 6: fine
        + "jne,reg,,17,31,26000,26000,2,3,over_300g,\n"  # 7: duplicate pair
    )
    assert [e.row for e in errors] == [3, 4, 5, 7]
    assert "tarif ganda: JNE REG zona 1 sudah ada di baris 2" in errors[0].message
    assert "pembulatan over_300g di baris 2" in errors[1].message
    assert "berat maksimal tanpa batas di baris 2" in errors[2].message
    assert "provinsi 17 → 31 sudah ada di baris 6" in errors[3].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "berkas kosong"),
        ("\n\n", "berkas kosong"),
        (HEADER, "tidak berisi satu pun baris tarif"),
        (HEADER.replace("first_kg,", ""), "kolom wajib tidak ada: first_kg"),
        (HEADER.replace("first_kg", "frist_kg"), "kolom tidak dikenal: “frist_kg”"),
        (HEADER.replace("max_kg", "zone"), "kolom ganda: zone"),
        (HEADER.replace("origin_province,", ""), "harus ada keduanya"),
    ],
)
def test_file_level_problems(text, expected):
    table, errors = load_table(text)
    assert table.rates == ()
    assert [e.row for e in errors] == [1]
    assert expected in errors[0].message


def test_header_without_optional_columns():
    table, errors = load_table(
        "courier,service,zone,first_kg,next_kg,days_min,days_max,rounding\n"
        "SiCepat,BEST,0,14000,14000,1,1,over_300g\n"
    )
    assert errors == []
    assert table.rates[0].max_kg is None


def test_bytes_that_are_not_utf8_and_binary_junk():
    _table, errors = load_table(b"\xff\xfe\x00J\x00N\x00E")
    assert [e.row for e in errors] == [1]
    _table, errors = load_table("courier\x00,service\n")
    assert [e.row for e in errors] == [1]


# --- properties ---------------------------------------------------------------------------

# One destination per zone from Batu Ampar, plus a province-pair row and a "*" row.
DESTINATIONS = ["17.08.05", "17.08.01", "17.71", "16", "64", "31.71", "94", "95"]


@given(
    st.integers(0, 200_000),
    st.integers(0, 200_000),
    st.sampled_from(DESTINATIONS),
    st.one_of(st.none(), st.tuples(*[st.integers(1, 150)] * 3)),
)
def test_fee_never_decreases_with_weight(a, b, destination, dims):
    light, heavy = sorted((a, b))
    lighter = fees(ship(destination, light, dims=dims))
    heavier = fees(ship(destination, heavy, dims=dims))
    for code, fee in heavier.items():
        assert code in lighter  # a service that takes the heavier parcel takes the lighter
        assert lighter[code] <= fee


@given(
    st.integers(0, 1_000_000),
    st.sampled_from(["ceil", "over_300g", "over_500g", "over_1g", "over_999g"]),
    st.one_of(
        st.none(),
        st.tuples(*[st.floats(0.1, 300, allow_nan=False, allow_infinity=False)] * 3),
    ),
)
def test_chargeable_weight_bounds(actual_g, rule, dims):
    length, width, height = dims or (None, None, None)
    kg = chargeable_weight(actual_g, length_cm=length, width_cm=width, height_cm=height, rule=rule)
    tolerance = RoundingRule.parse(rule).tolerance_g
    volumetric_g = length * width * height / 6 if dims else 0
    billed_g = max(actual_g, volumetric_g)
    assert kg >= 1
    # Never less than the weight minus the courier's free tolerance (ceil: never less at all)…
    assert kg * 1000 + tolerance >= actual_g
    assert kg * 1000 + tolerance >= volumetric_g - 1e-6
    if tolerance == 0:
        assert kg * 1000 >= actual_g
    # …and never more than the next whole kilogram.
    assert kg <= max(1, ceil(billed_g / 1000 - 1e-9))


@given(st.text(max_size=400))
def test_any_text_imports_or_explains_itself(text):
    table, errors = load_table(text)
    if errors:
        assert table.rates == ()
        assert all(e.row >= 1 and e.message for e in errors)
    else:
        assert table.rates


@given(
    st.lists(
        st.sampled_from(
            [
                "JNE,REG,1,,,9000,9000,1,2,over_300g,",
                "JNE,REG,2,,,9.000,9000,1,2,over_300g,",
                "Lion,REG,2,,,9000,9000,1,2,over_300g,",
                "J&T,EZ,2,,,15000,14000,5,2,over_300g,50",
                "SiCepat,REG,2,,,14000",
                "",
            ]
        ),
        max_size=12,
    )
)
def test_bad_rows_are_reported_by_their_line_number(rows):
    table, errors = load_table(HEADER + "\n".join(rows) + "\n")
    bad = [
        number
        for number, row in enumerate(rows, start=2)
        if row and not row.startswith("JNE,REG,1,")
    ]
    good = [number for number, row in enumerate(rows, start=2) if row.startswith("JNE,REG,1,")]
    duplicates = good[1:]  # the same zone row twice
    if not good and not bad:  # nothing but blank lines
        assert [e.row for e in errors] == [1]
    else:
        assert [e.row for e in errors] == sorted(bad + duplicates)
    assert len(table.rates) == (0 if errors else 1)
