import binascii
import contextlib
import dataclasses
import re
import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from qris_samples import (
    BANK_AND_NATIONAL,
    DYNAMIC_25000,
    FIXED_FEE,
    NATIONAL_ONLY,
    PERCENTAGE_FEE,
    POSTAL_AND_ADDITIONAL,
    QRIS_ONLY_NMID,
    QRIS_TEMPLATE,
    STATIC_SAMPLES,
    build,
    crc16_bitwise,
)

from tokodesa.payments.qris import (
    MAX_AMOUNT,
    QrisError,
    QrisPayload,
    crc16_ccitt_false,
    parse,
    parse_static,
    qr_svg,
    to_dynamic,
)

# Two whole payloads written out, their CRCs computed bit by bit, with binascii.crc_hqx and
# with qriskit 0.2.0 (run by hand, not a test dependency), all three agreeing.
LITERAL_STATIC = (
    "00020101021151440014ID.CO.QRIS.WWW0215ID10263708123450303UMI5204541153033605802ID"
    "5920TOKO DESA BATU AMPAR6009KEPAHIANG6304E93E"
)
LITERAL_DYNAMIC = (
    "00020101021251440014ID.CO.QRIS.WWW0215ID10263708123450303UMI5204541153033605405250005802ID"
    "5920TOKO DESA BATU AMPAR6009KEPAHIANG62130109TD-0001236304D34C"
)

STATIC_BASE = [
    ("00", "01"),
    ("01", "11"),
    ("51", QRIS_TEMPLATE),
    ("52", "5411"),
    ("53", "360"),
    ("58", "ID"),
    ("59", "TOKO DESA BATU AMPAR"),
    ("60", "KEPAHIANG"),
]


def replaced(fields, tag, value):
    """``fields`` with ``tag`` set to ``value``, or dropped when ``value`` is None."""
    return [(t, value if t == tag else v) for t, v in fields if t != tag or value is not None]


def inserted_before(fields, before, tag, value):
    index = [t for t, _ in fields].index(before)
    return [*fields[:index], (tag, value), *fields[index:]]


def refused(payload, message):
    with pytest.raises(QrisError, match=message) as caught:
        parse(payload)
    return str(caught.value)


# --- CRC ------------------------------------------------------------------------------------


def test_crc_check_value():
    assert crc16_ccitt_false("123456789") == "29B1"
    assert crc16_bitwise("123456789") == "29B1"


@pytest.mark.parametrize("data", ["", "A", "6304", "0002010102116304", "x" * 511])
def test_crc_agrees_with_bitwise_and_binascii(data):
    expected = f"{binascii.crc_hqx(data.encode(), 0xFFFF):04X}"
    assert crc16_ccitt_false(data) == crc16_bitwise(data) == expected


@pytest.mark.parametrize(
    "payload, crc", [(LITERAL_STATIC, "E93E"), (LITERAL_DYNAMIC, "D34C")], ids=["static", "dynamic"]
)
def test_crc_of_whole_literal_payloads(payload, crc):
    assert payload.endswith("6304" + crc)
    assert crc16_ccitt_false(payload[:-4]) == crc16_bitwise(payload[:-4]) == crc
    parse(payload)


def test_literals_match_the_sample_builder():
    assert LITERAL_STATIC == NATIONAL_ONLY
    assert LITERAL_DYNAMIC == DYNAMIC_25000


@pytest.mark.parametrize("name", STATIC_SAMPLES)
def test_every_sample_carries_a_crc_both_implementations_agree_on(name):
    payload = STATIC_SAMPLES[name]
    assert crc16_ccitt_false(payload[:-4]) == crc16_bitwise(payload[:-4]) == payload[-4:]


# --- parsing valid payloads -----------------------------------------------------------------


def test_national_template_only():
    qris = parse(NATIONAL_ONLY)
    assert qris.merchant_name == "TOKO DESA BATU AMPAR"
    assert qris.merchant_city == "KEPAHIANG"
    assert qris.nmid == QRIS_ONLY_NMID
    assert qris.is_static is True
    assert qris.amount is None
    assert qris.tip is None
    assert qris.postal_code is None
    assert qris.mcc == "5411"
    assert [(a.tag, a.guid) for a in qris.merchant_accounts] == [("51", "ID.CO.QRIS.WWW")]
    assert qris.merchant_accounts[0].get("03") == "UMI"
    assert [tag for tag, _ in qris.fields] == ["00", "01", "51", "52", "53", "58", "59", "60", "63"]
    assert qris.get("63") == "E93E"


def test_bank_template_in_26_plus_national_in_51():
    qris = parse(BANK_AND_NATIONAL)
    assert [(a.tag, a.guid) for a in qris.merchant_accounts] == [
        ("26", "ID.CO.BRI.WWW"),
        ("51", "ID.CO.QRIS.WWW"),
    ]
    bank = qris.merchant_accounts[0]
    assert bank.get("01") == "936000020000123456"
    assert bank.get("02") == "000001234567890"
    assert qris.nmid == "ID2026390112233"  # from 51, not the bank's merchant id in 26
    assert qris.merchant_name == "BUMDES MAJU BERSAMA"


def test_fixed_fee_tip():
    qris = parse(FIXED_FEE)
    assert qris.tip.indicator == "02"
    assert qris.tip.kind == "fixed"
    assert qris.tip.fixed_fee == "1000"
    assert qris.tip.percentage is None
    assert qris.merchant_accounts[0].guid == "COM.GO-JEK.WWW"


def test_percentage_fee_tip():
    qris = parse(PERCENTAGE_FEE)
    assert qris.tip.kind == "percentage"
    assert qris.tip.percentage == "0.7"
    assert qris.tip.fixed_fee is None
    assert qris.merchant_city == "KAB. KEPAHIANG"


def test_prompted_tip():
    qris = parse(build(*inserted_before(STATIC_BASE, "58", "55", "01")))
    assert qris.tip.kind == "prompt"
    assert qris.tip.fixed_fee is qris.tip.percentage is None


def test_postal_code_and_nested_additional_data():
    qris = parse(POSTAL_AND_ADDITIONAL)
    assert qris.postal_code == "39371"
    assert qris.additional_data == (("07", "KASIR01"), ("08", "BELANJA"))
    assert qris.get("62") == "0707KASIR010807BELANJA"


def test_dynamic_payload_parses_with_its_amount():
    qris = parse(DYNAMIC_25000)
    assert qris.is_static is False
    assert qris.amount == "25000"
    assert qris.additional_data == (("01", "TD-000123"),)


@pytest.mark.parametrize("amount", ["1", "25000", "25000.5", "25000.00", "9999999999.99"])
def test_amount_formats_accepted(amount):
    fields = replaced(STATIC_BASE, "01", "12")
    assert parse(build(*inserted_before(fields, "58", "54", amount))).amount == amount


def test_surrounding_whitespace_is_stripped():
    assert parse(f"  \n\t{NATIONAL_ONLY} \r\n") == parse(NATIONAL_ONLY)


def test_fields_serialise_back_to_the_same_payload():
    for payload in [*STATIC_SAMPLES.values(), DYNAMIC_25000]:
        assert parse(payload).serialize() == payload


def test_payload_is_frozen():
    qris = parse(NATIONAL_ONLY)
    assert isinstance(qris, QrisPayload)
    with pytest.raises(dataclasses.FrozenInstanceError):
        qris.amount = "1"


def test_tags_need_not_be_ascending_between_00_and_63():
    fields = [STATIC_BASE[0], STATIC_BASE[1], *reversed(STATIC_BASE[2:])]
    assert parse(build(*fields)).merchant_name == "TOKO DESA BATU AMPAR"


# --- to_dynamic -----------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [1, 25_000, 1_250_000, MAX_AMOUNT])
@pytest.mark.parametrize("name", STATIC_SAMPLES)
def test_round_trip_to_dynamic(name, amount):
    static_payload = STATIC_SAMPLES[name]
    static = parse(static_payload)
    dynamic_payload = to_dynamic(static_payload, amount)
    dynamic = parse(dynamic_payload)

    assert dynamic.is_static is False
    assert dynamic.amount == str(amount)
    assert dynamic.get("01") == "12"
    for attr in ("merchant_name", "merchant_city", "nmid", "postal_code", "mcc", "tip"):
        assert getattr(dynamic, attr) == getattr(static, attr)
    assert dynamic.merchant_accounts == static.merchant_accounts
    assert dynamic.additional_data == static.additional_data

    tags = [tag for tag, _ in dynamic.fields]
    assert tags == sorted(tags)
    assert tags[-1] == "63"
    assert tags.index("54") == tags.index("53") + 1
    assert dynamic_payload[-8:-4] == "6304"
    assert crc16_bitwise(dynamic_payload[:-4]) == dynamic_payload[-4:]

    untouched = [(t, v) for t, v in static.fields if t not in ("01", "54", "63")]
    assert [(t, v) for t, v in dynamic.fields if t not in ("01", "54", "63")] == untouched


def test_to_dynamic_exact_output():
    expected = (
        "00020101021251440014ID.CO.QRIS.WWW0215ID10263708123450303UMI5204541153033605405250005802ID"
        "5920TOKO DESA BATU AMPAR6009KEPAHIANG6304"
    )
    assert to_dynamic(NATIONAL_ONLY, 25_000) == expected + crc16_bitwise(expected)


def test_to_dynamic_keeps_tip_tags_as_given():
    dynamic = parse(to_dynamic(FIXED_FEE, 50_000))
    assert [t for t, _ in dynamic.fields][6:9] == ["54", "55", "56"]
    assert (dynamic.get("55"), dynamic.get("56")) == ("02", "1000")
    dynamic = parse(to_dynamic(PERCENTAGE_FEE, 50_000))
    assert (dynamic.get("55"), dynamic.get("57")) == ("03", "0.7")


def test_to_dynamic_replaces_an_amount_in_a_static_code():
    static = build(*inserted_before(STATIC_BASE, "58", "54", "10000"))
    assert parse(static).amount == "10000"
    dynamic = parse(to_dynamic(static, 7_500))
    assert dynamic.amount == "7500"
    assert [t for t, _ in dynamic.fields].count("54") == 1


def test_to_dynamic_accepts_surrounding_whitespace():
    assert to_dynamic(f" {NATIONAL_ONLY}\n", 100) == to_dynamic(NATIONAL_ONLY, 100)


@pytest.mark.parametrize("payload", [DYNAMIC_25000, "to_dynamic"])
def test_to_dynamic_refuses_a_dynamic_code(payload):
    if payload == "to_dynamic":
        payload = to_dynamic(BANK_AND_NATIONAL, 10_000)
    with pytest.raises(QrisError, match="Ini QRIS dinamis; tempel QRIS statis dari bank Anda"):
        to_dynamic(payload, 5_000)
    with pytest.raises(QrisError, match="QRIS dinamis"):
        parse_static(payload)


@pytest.mark.parametrize("amount", [0, -1, -25_000, MAX_AMOUNT + 1, 10**15])
def test_to_dynamic_refuses_absurd_amounts(amount):
    with pytest.raises(QrisError, match=r"antara Rp1 dan Rp9\.999\.999\.999"):
        to_dynamic(NATIONAL_ONLY, amount)


@pytest.mark.parametrize("amount", [25_000.0, "25000", None, True])
def test_to_dynamic_wants_whole_rupiah_as_int(amount):
    with pytest.raises(TypeError):
        to_dynamic(NATIONAL_ONLY, amount)


def test_to_dynamic_refuses_a_broken_static_code():
    with pytest.raises(QrisError, match="checksum"):
        to_dynamic(NATIONAL_ONLY.replace("BATU", "BATO"), 1_000)


def test_parse_static_accepts_static():
    assert parse_static(NATIONAL_ONLY).is_static


# --- refusing broken payloads ---------------------------------------------------------------


def test_one_changed_character():
    message = refused(NATIONAL_ONLY.replace("AMPAR", "AMPER"), "checksum")
    assert message == "Kode QRIS rusak: checksum (CRC) tidak cocok"


@pytest.mark.parametrize("cut", [1, 2, 4, 8, 30, len(NATIONAL_ONLY) // 2, len(NATIONAL_ONLY) - 7])
def test_truncated(cut):
    refused(NATIONAL_ONLY[:-cut], "tidak lengkap.*terpotong")


@pytest.mark.parametrize("delta", [1, -1, 5, -5, 60])
def test_wrong_length_field_with_a_recomputed_crc(delta):
    body = NATIONAL_ONLY[:-4]
    body = body.replace("5920TOKO", f"59{20 + delta:02d}TOKO")
    message = refused(body + crc16_bitwise(body), "Panjang tag 59 tidak sesuai")
    assert message == "Panjang tag 59 tidak sesuai"


def test_wrong_length_field_without_crc_update():
    refused(NATIONAL_ONLY.replace("5920TOKO", "5921TOKO"), "checksum .*tidak cocok")


def test_wrong_length_inside_a_template():
    fields = replaced(STATIC_BASE, "51", QRIS_TEMPLATE.replace("0215ID", "0219ID"))
    refused(build(*fields), "Isi tag 51 rusak: panjang subtag 02 tidak sesuai")


@pytest.mark.parametrize(
    "tag, message",
    [
        ("59", r"Kode QRIS tidak lengkap: nama merchant \(tag 59\) tidak ada"),
        ("60", r"Kode QRIS tidak lengkap: kota merchant \(tag 60\) tidak ada"),
        ("01", r"tidak lengkap: metode inisiasi \(tag 01\)"),
        ("52", r"tidak lengkap: kategori merchant/MCC \(tag 52\)"),
        ("53", r"tidak lengkap: mata uang \(tag 53\)"),
        ("58", r"tidak lengkap: kode negara \(tag 58\)"),
        ("51", r"tidak lengkap: informasi akun merchant \(tag 26–51\)"),
    ],
)
def test_missing_field(tag, message):
    refused(build(*replaced(STATIC_BASE, tag, None)), message)


def test_blank_merchant_name():
    refused(build(*replaced(STATIC_BASE, "59", "   ")), r"nama merchant \(tag 59\) tidak ada")


@pytest.mark.parametrize(
    "tag, value, message",
    [
        ("53", "840", r"Mata uang QRIS harus Rupiah \(kode 360\), bukan '840'"),
        ("58", "SG", "Kode negara QRIS harus ID, bukan 'SG'"),
        ("52", "541", r"MCC \(tag 52\) harus 4 angka"),
        ("52", "54A1", r"MCC \(tag 52\) harus 4 angka"),
        ("01", "13", r"Tag 01 harus 11 \(QRIS statis\) atau 12 \(QRIS dinamis\)"),
        ("51", "0215ID1026370812345", r"tag 51 tidak punya GUID"),
        ("51", "ID.CO.QRIS.WWW", "Isi tag 51 rusak: tidak tersusun dari subtag"),
    ],
)
def test_wrong_value(tag, value, message):
    refused(build(*replaced(STATIC_BASE, tag, value)), message)


@pytest.mark.parametrize("amount", ["12,50", "12.505", ".5", "1e5", "-100", "0", "0.00", "1" * 14])
def test_wrong_amount(amount):
    refused(
        build(*inserted_before(STATIC_BASE, "58", "54", amount)), r"Jumlah pembayaran \(tag 54\)"
    )


@pytest.mark.parametrize(
    "tip_fields, message",
    [
        ([("55", "04")], r"Indikator tip \(tag 55\) harus 01, 02, atau 03"),
        ([("55", "02")], r"biaya tetap \(tag 56\) tidak ada"),
        ([("55", "03")], r"persentase biaya \(tag 57\) tidak ada"),
        ([("55", "01"), ("56", "1000")], "tag 56/57 tidak boleh ada"),
        ([("55", "02"), ("56", "1000"), ("57", "5")], "tidak boleh disertai tag 57"),
        ([("55", "03"), ("56", "1000"), ("57", "5")], "tidak boleh disertai tag 56"),
        ([("56", "1000")], r"tag 56 ada tanpa indikator tip \(tag 55\)"),
        ([("57", "5")], r"tag 57 ada tanpa indikator tip \(tag 55\)"),
        ([("55", "02"), ("56", "seribu")], r"Biaya tetap \(tag 56\) tidak valid"),
        ([("55", "03"), ("57", "100")], r"Persentase biaya \(tag 57\) tidak valid"),
        ([("55", "03"), ("57", "0")], r"Persentase biaya \(tag 57\) tidak valid"),
    ],
)
def test_inconsistent_tip(tip_fields, message):
    index = [t for t, _ in STATIC_BASE].index("58")
    refused(build(*STATIC_BASE[:index], *tip_fields, *STATIC_BASE[index:]), message)


def test_lowercase_crc():
    payload = POSTAL_AND_ADDITIONAL  # its CRC, 19E2, has a letter
    assert re.search("[A-F]", payload[-4:])
    refused(payload[:-4] + payload[-4:].lower(), "huruf besar")


@pytest.mark.parametrize(
    "garbage",
    [
        "hello world",
        "https://tokodesa.id/bayar",
        "12345678",
        "00020101021163041234",
        "000201" + "9" * 50 + "6304ABCD",
    ],
)
def test_garbage(garbage):
    with pytest.raises(QrisError):
        parse(garbage)


def test_garbage_says_it_is_not_qris():
    refused("hello world", "Ini bukan kode QRIS")


@pytest.mark.parametrize("empty", ["", "   ", "\n\t"])
def test_empty(empty):
    refused(empty, "Kode QRIS kosong")


def test_too_long():
    refused(NATIONAL_ONLY + "0" * 2048, "terlalu panjang")
    refused("0" * 513, "terlalu panjang")


@pytest.mark.parametrize("name", ["TOKO DÉSA", "TOKO\u200bDESA", "TOKO\x00DESA", "TOKO 🛒"])
def test_non_ascii_and_control_characters(name):
    refused(build(*replaced(STATIC_BASE, "59", name)), "karakter yang tidak valid")


def test_duplicated_tag():
    fields = inserted_before(STATIC_BASE, "60", "59", "TOKO LAIN")
    refused(build(*fields), "tag 59 muncul lebih dari sekali")


def test_not_a_string():
    with pytest.raises(QrisError):
        parse(None)


def test_qris_error_is_a_value_error():
    assert issubclass(QrisError, ValueError)


# --- every small corruption is caught -------------------------------------------------------


@given(
    name=st.sampled_from(sorted(STATIC_SAMPLES)),
    position=st.integers(min_value=0, max_value=10_000),
    char=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(exclude_categories=("Cs",)),
    ),
)
def test_every_single_character_mutation_is_detected(name, position, char):
    payload = STATIC_SAMPLES[name]
    position %= len(payload)
    assume(payload[position] != char)
    with pytest.raises(QrisError):
        parse(payload[:position] + char + payload[position + 1 :])


def test_every_printable_substitution_is_detected_exhaustively():
    payload = BANK_AND_NATIONAL
    for position, original in enumerate(payload):
        for char in string.printable:
            if char == original:
                continue
            with pytest.raises(QrisError):
                parse(payload[:position] + char + payload[position + 1 :])


@pytest.mark.parametrize("name", STATIC_SAMPLES)
def test_every_single_character_deletion_is_detected(name):
    payload = STATIC_SAMPLES[name]
    for position in range(len(payload)):
        with pytest.raises(QrisError):
            parse(payload[:position] + payload[position + 1 :])


@given(st.text(max_size=600))
def test_arbitrary_text_is_parsed_or_refused_with_qris_error(text):
    with contextlib.suppress(QrisError):
        parse(text)


@given(st.text(alphabet=string.digits + string.ascii_uppercase + " .-", max_size=300))
def test_structure_checks_behind_a_valid_crc_only_raise_qris_error(body):
    # The CRC is right, so these reach the TLV and field checks.
    payload = "000201" + body + "6304"
    payload += crc16_bitwise(payload)
    with contextlib.suppress(QrisError):
        parse(payload)


# --- the QR code image ----------------------------------------------------------------------


def test_qr_svg_is_inline_scalable_and_small():
    payload = to_dynamic(POSTAL_AND_ADDITIONAL, 1_250_000)
    svg = qr_svg(payload)
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg
    assert len(svg.encode()) < 10_000
    view_box = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    assert view_box and view_box[1] == view_box[2]
    opening = svg[: svg.index(">")]
    assert " width=" not in opening and " height=" not in opening
    # A QR symbol is 4·version + 17 modules wide, plus a 4-module quiet zone on each side.
    modules = int(view_box[1]) - 8
    assert modules >= 21 and (modules - 17) % 4 == 0
    assert "<title>Kode QRIS</title>" in svg


def test_qr_svg_uses_error_correction_m():
    import segno

    payload = to_dynamic(NATIONAL_ONLY, 25_000)
    expected = segno.make_qr(payload, error="m", boost_error=False)
    view_box = re.search(r'viewBox="0 0 (\d+) ', qr_svg(payload))
    assert int(view_box[1]) == expected.symbol_size(border=4)[0]
    assert expected.error == "M"


def test_qr_svg_refuses_a_broken_payload():
    with pytest.raises(QrisError):
        qr_svg(NATIONAL_ONLY[:-1])
