"""PDF files for the proof-of-payment tests, written byte by byte so that each one is exactly
the trick it names (pypdf's writer would normalise them)."""

import zlib


def _classic(objects: list[bytes], *, root: int = 1, tail: bytes = b"") -> bytes:
    """A PDF 1.4 file with a classic xref table; ``objects[i]`` is object i+1's body."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out) + tail


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R >>"
TEXT = b"BT /F1 12 Tf 20 100 Td (Transfer Rp40.123 berhasil) Tj ET"
CONTENTS = b"<< /Length %d >>\nstream\n" % len(TEXT) + TEXT + b"\nendstream"


def receipt() -> bytes:
    """A plain one-page receipt, as a bank's app exports it."""
    return _classic(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE,
            CONTENTS,
        ]
    )


def with_catalog(extra: bytes, *more: bytes) -> bytes:
    """A receipt whose catalog carries ``extra`` (objects 5… are ``more``)."""
    return _classic(
        [
            b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            PAGE,
            CONTENTS,
            *more,
        ]
    )


def open_action_script() -> bytes:
    return with_catalog(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")


def escaped_names() -> bytes:
    """``/J#61vaScript`` and ``/Open#41ction``: what a byte search misses, a viewer reads."""
    return with_catalog(b"/Open#41ction << /S /J#61vaScript /J#53 (app.alert(1)) >>")


def script_in_name_tree() -> bytes:
    return with_catalog(
        b"/Names << /JavaScript 5 0 R >>",
        b"<< /Names [(x) << /S /JavaScript /JS (app.alert(1)) >>] >>",
    )


def page_additional_action() -> bytes:
    return _classic(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
            b"/AA << /O << /S /Launch /F (cmd.exe) >> >> >>",
            CONTENTS,
        ]
    )


def embedded_file() -> bytes:
    return with_catalog(
        b"/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>",
        b"<< /Type /Filespec /F (a.exe) >>",
    )


def script_in_object_stream() -> bytes:
    """PDF 1.5: the catalog and its script live compressed inside an object stream, indexed by
    a compressed xref stream; no readable byte of the file says JavaScript."""
    inner = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] >>",
        b"<< /S /JavaScript /JS (app.alert(1)) >>",
    ]
    header, body, position = b"", b"", 0
    for number, obj in enumerate(inner, start=1):
        header += b"%d %d " % (number, position)
        body += obj + b"\n"
        position += len(obj) + 1
    stream = zlib.compress(header + body)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    objstm_at = len(out)
    out += (
        b"5 0 obj\n<< /Type /ObjStm /N 4 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(stream))
        + stream
        + b"\nendstream\nendobj\n"
    )
    xref_at = len(out)
    rows = b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")
    for index in range(4):
        rows += b"\x02" + (5).to_bytes(4, "big") + index.to_bytes(2, "big")
    rows += b"\x01" + objstm_at.to_bytes(4, "big") + (0).to_bytes(2, "big")
    rows += b"\x01" + xref_at.to_bytes(4, "big") + (0).to_bytes(2, "big")
    packed = zlib.compress(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n"
        % len(packed)
        + packed
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return bytes(out)
