"""QRIS: Indonesia's EMVCo merchant-presented QR code, parsed, checked and made dynamic.

A village shop pastes the static QRIS its bank gave it (the text inside the printed QR). At
checkout :func:`to_dynamic` turns it into a dynamic QRIS for the order's exact amount, which
:func:`qr_svg` draws for the buyer. There is no payment callback: the shop confirms receipt,
as with a bank transfer.

The payload is a run of TLV fields: a 2-digit tag, a 2-digit length and the value. Tags 26–51
(merchant account information) and 62 (additional data) hold TLV fields of their own. Tag 63,
last, is a CRC-16/CCITT-FALSE over everything before its 4 hex digits, ``6304`` included.

Pure Python, no Django: error messages are in Indonesian because they are shown to the shop
team as they are.
"""

import io
import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "MAX_AMOUNT",
    "MAX_PAYLOAD_LENGTH",
    "MerchantAccount",
    "QrisError",
    "QrisPayload",
    "Tip",
    "crc16_ccitt_false",
    "parse",
    "parse_static",
    "qr_svg",
    "to_dynamic",
]

MAX_PAYLOAD_LENGTH = 512
MAX_AMOUNT = 9_999_999_999  # 10 digits; tag 54 allows 13 characters

STATIC = "11"
DYNAMIC = "12"

_ACCOUNT_TAGS = frozenset(f"{n:02d}" for n in range(26, 52))
_TEMPLATE_TAGS = _ACCOUNT_TAGS | {"62"}
_AMOUNT = re.compile(r"\d+(\.\d{1,2})?")
_CRC_FIELD = re.compile(r"6304(.{4})")
_CRC_HEX = re.compile(r"[0-9A-F]{4}")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")


class QrisError(ValueError):
    """The text is not a usable QRIS; the message says why, in Indonesian."""


@dataclass(frozen=True)
class MerchantAccount:
    """One merchant account template (tags 26–51): who routes the payment to the merchant."""

    tag: str
    guid: str  # reverse-domain name in subtag 00, e.g. "ID.CO.QRIS.WWW"
    subfields: tuple[tuple[str, str], ...]  # all subtags in order, 00 included

    def get(self, subtag: str) -> str | None:
        return dict(self.subfields).get(subtag)


@dataclass(frozen=True)
class Tip:
    """Tag 55, the tip or convenience fee indicator, with its value from 56 or 57."""

    indicator: Literal["01", "02", "03"]
    fixed_fee: str | None = None  # tag 56 when the indicator is "02", in rupiah
    percentage: str | None = None  # tag 57 when the indicator is "03"

    @property
    def kind(self) -> Literal["prompt", "fixed", "percentage"]:
        return {"01": "prompt", "02": "fixed", "03": "percentage"}[self.indicator]


@dataclass(frozen=True)
class QrisPayload:
    merchant_name: str
    merchant_city: str
    postal_code: str | None
    nmid: str | None  # National Merchant ID, tag 51 subtag 02
    is_static: bool
    amount: str | None  # tag 54 exactly as written, e.g. "25000" or "25000.00"
    tip: Tip | None
    mcc: str
    merchant_accounts: tuple[MerchantAccount, ...]
    additional_data: tuple[tuple[str, str], ...]  # subtags of tag 62, in order
    fields: tuple[tuple[str, str], ...]  # every top-level field in order, 63 (CRC) last

    def get(self, tag: str) -> str | None:
        """The raw value of a top-level tag, or None."""
        return dict(self.fields).get(tag)

    def serialize(self) -> str:
        """The payload text again, with its CRC recomputed."""
        return _serialize([(tag, value) for tag, value in self.fields if tag != "63"])


def crc16_ccitt_false(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection) as 4 uppercase hex digits."""
    crc = 0xFFFF
    for byte in data.encode("ascii"):
        crc = ((crc << 8) & 0xFFFF) ^ _CRC_TABLE[((crc >> 8) ^ byte) & 0xFF]
    return f"{crc:04X}"


def _crc_table() -> tuple[int, ...]:
    table = []
    for n in range(256):
        crc = n << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
        table.append(crc & 0xFFFF)
    return tuple(table)


_CRC_TABLE = _crc_table()


def parse(payload: str) -> QrisPayload:
    """Parse and check a QRIS payload, static or dynamic; raise :class:`QrisError` if unusable."""
    if not isinstance(payload, str):
        raise QrisError("Kode QRIS harus berupa teks")
    payload = payload.strip()
    if not payload:
        raise QrisError("Kode QRIS kosong")
    if len(payload) > MAX_PAYLOAD_LENGTH:
        raise QrisError(f"Kode QRIS terlalu panjang (lebih dari {MAX_PAYLOAD_LENGTH} karakter)")
    if not _PRINTABLE_ASCII.fullmatch(payload):
        raise QrisError(
            "Kode QRIS berisi karakter yang tidak valid (hanya huruf, angka, dan tanda baca)"
        )
    if not payload.startswith("000201"):
        raise QrisError("Ini bukan kode QRIS: kode QRIS selalu diawali 000201")
    tail = _CRC_FIELD.fullmatch(payload[-8:])
    if not tail:
        raise QrisError(
            "Kode QRIS tidak lengkap: checksum (tag 63) tidak ada di akhir; kode mungkin terpotong"
        )
    if not _CRC_HEX.fullmatch(tail[1]):
        raise QrisError(
            "Kode QRIS rusak: checksum (tag 63) harus 4 karakter heksadesimal huruf besar"
        )
    if crc16_ccitt_false(payload[:-4]) != tail[1]:
        raise QrisError("Kode QRIS rusak: checksum (CRC) tidak cocok")

    fields = _split(payload)
    if fields[-1][0] != "63" or len(fields[-1][1]) != 4:
        raise QrisError(f"Panjang tag {fields[-1][0]} tidak sesuai")
    values = dict(fields)

    def required(tag: str, what: str) -> str:
        value = values.get(tag)
        if value is None or not value.strip():
            raise QrisError(f"Kode QRIS tidak lengkap: {what} (tag {tag}) tidak ada")
        return value

    initiation = required("01", "metode inisiasi")
    if initiation not in (STATIC, DYNAMIC):
        raise QrisError(
            f"Tag 01 harus 11 (QRIS statis) atau 12 (QRIS dinamis), bukan {initiation!r}"
        )

    accounts = []
    for tag, value in fields:
        if tag in _ACCOUNT_TAGS:
            subfields = _split_template(tag, value)
            guid = dict(subfields).get("00")
            if not guid:
                raise QrisError(
                    f"Kode QRIS rusak: tag {tag} tidak punya GUID penyelenggara (subtag 00)"
                )
            accounts.append(MerchantAccount(tag, guid, tuple(subfields)))
    if not accounts:
        raise QrisError("Kode QRIS tidak lengkap: informasi akun merchant (tag 26–51) tidak ada")

    mcc = required("52", "kategori merchant/MCC")
    if not re.fullmatch(r"\d{4}", mcc):
        raise QrisError(f"Kategori merchant/MCC (tag 52) harus 4 angka, bukan {mcc!r}")
    currency = required("53", "mata uang")
    if currency != "360":
        raise QrisError(f"Mata uang QRIS harus Rupiah (kode 360), bukan {currency!r} (tag 53)")

    amount = values.get("54")
    if amount is not None:
        _check_amount(amount, "54", "Jumlah pembayaran")
    tip = _tip(values)

    country = required("58", "kode negara")
    if country != "ID":
        raise QrisError(f"Kode negara QRIS harus ID, bukan {country!r} (tag 58)")
    merchant_name = required("59", "nama merchant")
    merchant_city = required("60", "kota merchant")
    postal_code = values.get("61")
    additional = tuple(_split_template("62", values["62"])) if "62" in values else ()
    nmid = next((a.get("02") for a in accounts if a.tag == "51"), None)

    return QrisPayload(
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        postal_code=postal_code or None,
        nmid=nmid or None,
        is_static=initiation == STATIC,
        amount=amount,
        tip=tip,
        mcc=mcc,
        merchant_accounts=tuple(accounts),
        additional_data=additional,
        fields=tuple(fields),
    )


def parse_static(payload: str) -> QrisPayload:
    """:func:`parse`, refusing a dynamic QRIS: what a shop's settings form accepts."""
    parsed = parse(payload)
    if not parsed.is_static:
        raise QrisError("Ini QRIS dinamis; tempel QRIS statis dari bank Anda")
    return parsed


def to_dynamic(static_payload: str, amount: int) -> str:
    """The dynamic QRIS for ``amount`` whole rupiah, made from a static QRIS.

    Tag 01 becomes "12", tag 54 (the amount, digits only) goes right after 53, any amount the
    static code carried is dropped, every other field keeps its place and value, and the CRC is
    recomputed.
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int of whole rupiah, not {type(amount).__name__}")
    if not 1 <= amount <= MAX_AMOUNT:
        raise QrisError(
            f"Jumlah pembayaran harus antara Rp1 dan Rp{MAX_AMOUNT:,}".replace(",", ".")
        )
    parsed = parse_static(static_payload)
    fields = []
    for tag, value in parsed.fields:
        if tag in ("54", "63"):
            continue
        fields.append((tag, DYNAMIC if tag == "01" else value))
        if tag == "53":
            fields.append(("54", str(amount)))
    dynamic = _serialize(fields)
    parse(dynamic)  # never hand out a code we would not accept ourselves
    return dynamic


def qr_svg(payload: str, *, title: str = "Kode QRIS") -> str:
    """The QR code of a valid QRIS payload as an inline SVG element.

    Error correction M, a 4-module quiet zone, black on white; one module is one user unit of
    the viewBox and there is no width or height, so CSS sizes it. No XML declaration: it goes
    straight into HTML (``|safe``).
    """
    import segno  # drawing only; parsing and conversion need nothing but the standard library

    parse(payload)
    qr = segno.make_qr(payload.strip(), error="m", boost_error=False)
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        border=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        title=title,
        svgclass="qris",
        lineclass=None,
    )
    svg = out.getvalue().decode("utf-8")
    return svg.replace("<svg ", '<svg shape-rendering="crispEdges" role="img" ', 1)


def _split(payload: str) -> list[tuple[str, str]]:
    return _tlv(
        payload,
        wrong_length="Panjang tag {} tidak sesuai",
        repeated="Kode QRIS rusak: tag {} muncul lebih dari sekali",
        garbled="Ini bukan kode QRIS",
    )


def _split_template(parent: str, value: str) -> list[tuple[str, str]]:
    subfields = _tlv(
        value,
        wrong_length=f"Isi tag {parent} rusak: panjang subtag {{}} tidak sesuai",
        repeated=f"Isi tag {parent} rusak: subtag {{}} muncul lebih dari sekali",
        garbled=f"Isi tag {parent} rusak: tidak tersusun dari subtag",
    )
    if not subfields:
        raise QrisError(f"Isi tag {parent} kosong")
    return subfields


def _tlv(text: str, *, wrong_length: str, repeated: str, garbled: str) -> list[tuple[str, str]]:
    """TLV fields in order. A field that does not fit is blamed on the length field before it."""
    fields: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        header = text[pos : pos + 4]
        if len(header) < 4 or not header.isdigit():
            if not fields:
                raise QrisError(garbled)
            # the previous length field ended its value too early or too late
            raise QrisError(wrong_length.format(fields[-1][0]))
        tag, length = header[:2], int(header[2:])
        value = text[pos + 4 : pos + 4 + length]
        if len(value) < length:
            raise QrisError(wrong_length.format(tag))
        if any(tag == seen for seen, _ in fields):
            raise QrisError(repeated.format(tag))
        fields.append((tag, value))
        pos += 4 + length
    return fields


def _check_amount(value: str, tag: str, what: str) -> None:
    if len(value) > 13 or not _AMOUNT.fullmatch(value):
        raise QrisError(f"{what} (tag {tag}) tidak valid: {value!r}")
    if float(value) <= 0:
        raise QrisError(f"{what} (tag {tag}) harus lebih dari nol")


def _tip(values: dict[str, str]) -> Tip | None:
    indicator = values.get("55")
    fee, percentage = values.get("56"), values.get("57")
    if indicator is None:
        if fee is not None or percentage is not None:
            tag = "56" if fee is not None else "57"
            raise QrisError(f"Kode QRIS rusak: tag {tag} ada tanpa indikator tip (tag 55)")
        return None
    if indicator == "01":
        if fee is not None or percentage is not None:
            raise QrisError(
                "Kode QRIS rusak: tip diminta dari pembeli (tag 55 = 01), tag 56/57 tidak boleh ada"
            )
        return Tip("01")
    if indicator == "02":
        if fee is None:
            raise QrisError("Kode QRIS tidak lengkap: biaya tetap (tag 56) tidak ada")
        if percentage is not None:
            raise QrisError(
                "Kode QRIS rusak: biaya tetap (tag 55 = 02) tidak boleh disertai tag 57"
            )
        _check_amount(fee, "56", "Biaya tetap")
        return Tip("02", fixed_fee=fee)
    if indicator == "03":
        if percentage is None:
            raise QrisError("Kode QRIS tidak lengkap: persentase biaya (tag 57) tidak ada")
        if fee is not None:
            raise QrisError(
                "Kode QRIS rusak: biaya persentase (tag 55 = 03) tidak boleh disertai tag 56"
            )
        if not (_AMOUNT.fullmatch(percentage) and 0 < float(percentage) < 100):
            raise QrisError(f"Persentase biaya (tag 57) tidak valid: {percentage!r}")
        return Tip("03", percentage=percentage)
    raise QrisError(f"Indikator tip (tag 55) harus 01, 02, atau 03, bukan {indicator!r}")


def _serialize(fields: list[tuple[str, str]]) -> str:
    parts = []
    for tag, value in fields:
        if len(value) > 99:
            raise QrisError(f"Isi tag {tag} terlalu panjang (lebih dari 99 karakter)")
        parts.append(f"{tag}{len(value):02d}{value}")
    body = "".join(parts) + "6304"
    return body + crc16_ccitt_false(body)
