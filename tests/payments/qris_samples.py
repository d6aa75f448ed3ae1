"""Made-up QRIS payloads built to the EMVCo merchant-presented spec, for tests.

The merchants, NMIDs and account numbers are invented. The CRC here is computed bit by bit,
independently of ``tokodesa.payments.qris``, so the samples also check that module's CRC.
"""


def crc16_bitwise(data: str) -> str:
    """CRC-16/CCITT-FALSE, one bit at a time: poly 0x1021, init 0xFFFF, no reflection."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = (crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    assert len(tag) == 2 and len(value) <= 99
    return f"{tag}{len(value):02d}{value}"


def template(*subfields: tuple[str, str]) -> str:
    return "".join(tlv(tag, value) for tag, value in subfields)


def build(*fields: tuple[str, str]) -> str:
    """Fields in the order given, then tag 63 with the CRC over everything up to ``6304``."""
    body = "".join(tlv(tag, value) for tag, value in fields) + "6304"
    return body + crc16_bitwise(body)


QRIS_ONLY_NMID = "ID1026370812345"
BANK_NMID = "ID2026390112233"

QRIS_TEMPLATE = template(
    ("00", "ID.CO.QRIS.WWW"),
    ("02", QRIS_ONLY_NMID),
    ("03", "UMI"),
)

# National template in 51 only (QRIS from a non-bank acquirer).
NATIONAL_ONLY = build(
    ("00", "01"),
    ("01", "11"),
    ("51", QRIS_TEMPLATE),
    ("52", "5411"),
    ("53", "360"),
    ("58", "ID"),
    ("59", "TOKO DESA BATU AMPAR"),
    ("60", "KEPAHIANG"),
)

# A bank's own template in 26 (merchant PAN, merchant id) plus the national one in 51.
BANK_AND_NATIONAL = build(
    ("00", "01"),
    ("01", "11"),
    (
        "26",
        template(
            ("00", "ID.CO.BRI.WWW"),
            ("01", "936000020000123456"),
            ("02", "000001234567890"),
            ("03", "UMI"),
        ),
    ),
    ("51", template(("00", "ID.CO.QRIS.WWW"), ("02", BANK_NMID), ("03", "UMI"))),
    ("52", "5499"),
    ("53", "360"),
    ("58", "ID"),
    ("59", "BUMDES MAJU BERSAMA"),
    ("60", "BANTUL"),
)

# An e-wallet template in 26, tip indicator 02 with a fixed fee of Rp1.000 in 56.
FIXED_FEE = build(
    ("00", "01"),
    ("01", "11"),
    ("26", template(("00", "COM.GO-JEK.WWW"), ("01", "936009140000000042"), ("02", "G000000042"))),
    ("51", template(("00", "ID.CO.QRIS.WWW"), ("02", "ID2026000000042"), ("03", "UKE"))),
    ("52", "5812"),
    ("53", "360"),
    ("55", "02"),
    ("56", "1000"),
    ("58", "ID"),
    ("59", "WARUNG BU SITI"),
    ("60", "SLEMAN"),
)

# Tip indicator 03 with a convenience fee of 0.7 % in 57.
PERCENTAGE_FEE = build(
    ("00", "01"),
    ("01", "11"),
    ("51", template(("00", "ID.CO.QRIS.WWW"), ("02", "ID2026000000077"), ("03", "UME"))),
    ("52", "5999"),
    ("53", "360"),
    ("55", "03"),
    ("57", "0.7"),
    ("58", "ID"),
    ("59", "KOPERASI TANI SUBUR"),
    ("60", "KAB. KEPAHIANG"),
)

# Postal code in 61 and additional data in 62 (terminal label 07, purpose 08).
POSTAL_AND_ADDITIONAL = build(
    ("00", "01"),
    ("01", "11"),
    ("26", template(("00", "ID.CO.BANKMANDIRI.WWW"), ("01", "936000080000000777"))),
    ("51", template(("00", "ID.CO.QRIS.WWW"), ("02", "ID2026000000777"), ("03", "UMI"))),
    ("52", "5411"),
    ("53", "360"),
    ("58", "ID"),
    ("59", "KIOS DESA MERIGI"),
    ("60", "KEPAHIANG"),
    ("61", "39371"),
    ("62", template(("07", "KASIR01"), ("08", "BELANJA"))),
)

STATIC_SAMPLES = {
    "national_only": NATIONAL_ONLY,
    "bank_and_national": BANK_AND_NATIONAL,
    "fixed_fee": FIXED_FEE,
    "percentage_fee": PERCENTAGE_FEE,
    "postal_and_additional": POSTAL_AND_ADDITIONAL,
}

# Dynamic: an amount of Rp25.000 in 54, bill number in 62.
DYNAMIC_25000 = build(
    ("00", "01"),
    ("01", "12"),
    ("51", QRIS_TEMPLATE),
    ("52", "5411"),
    ("53", "360"),
    ("54", "25000"),
    ("58", "ID"),
    ("59", "TOKO DESA BATU AMPAR"),
    ("60", "KEPAHIANG"),
    ("62", template(("01", "TD-000123"))),
)
