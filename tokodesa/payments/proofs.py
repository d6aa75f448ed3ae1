"""Checking a buyer's proof of payment: a photo of the transfer receipt, or a bank's PDF.

Photos go through the photo pipeline (re-encoded: EXIF and anything smuggled are gone). A PDF
is parsed with pypdf and every object in it is read, compressed object streams included, with
names decoded as a viewer decodes them (``/J#61vaScript`` is ``/JavaScript``): one that could
run anything (scripts, actions on opening, launches, attachments, forms that submit) is
refused. A bank's transfer receipt needs none of it.
"""

import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from tokodesa.core.images import clean_photo

logger = logging.getLogger(__name__)

#: Keys of a PDF dictionary that make a viewer do something beyond showing the page.
ACTIVE_KEYS = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/XFA",
    }
)
#: Action types (``/S``) that run, fetch or send something.
ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/RichMediaExecute",
        "/GoToE",
        "/GoToR",
        "/Rendition",
        "/Sound",
        "/Movie",
    }
)
MAX_PAGES = 20
MAX_OBJECTS = 50_000


class _Active(Exception):
    pass


def clean_proof(upload) -> ContentFile:
    """A safe copy of the proof: photos re-encoded (EXIF and anything smuggled gone), PDFs
    checked for being a whole PDF without active content. Raises ValidationError for the
    buyer."""
    limit = settings.UPLOAD_MAX_BYTES
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        return clean_photo(upload, max_side=2000)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large. The limit is %(limit)d MB.") % {"limit": limit // 1_048_576}
        )
    _check_pdf(data)
    return ContentFile(data, name="bukti.pdf")


def _check_pdf(data: bytes) -> None:
    damaged = ValidationError(
        _("The PDF is incomplete or damaged. Please download it again from your bank.")
    )
    if b"%%EOF" not in data[-2048:]:
        raise damaged
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("This PDF is locked with a password. Send a screenshot of the receipt instead.")
            )
        pages = len(reader.pages)
        if pages == 0 or pages > MAX_PAGES:
            raise (
                damaged
                if pages == 0
                else ValidationError(
                    _("A proof of payment has at most %(n)d pages.") % {"n": MAX_PAGES}
                )
            )
        _walk(reader)
    except _Active as found:
        logger.warning("Refused a PDF proof with active content: %s", found)
        raise ValidationError(
            _("This PDF contains scripts or attachments and cannot be accepted.")
        ) from None
    except ValidationError:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, OSError) as error:
        raise damaged from error
    except RecursionError as error:
        raise damaged from error


def _walk(reader: PdfReader) -> None:
    """Read every object of the file (reachable or not) and refuse active content."""
    stack: list = [reader.trailer]
    for generation, numbers in reader.xref.items():
        stack.extend(IndirectObject(number, generation, reader) for number in numbers)
    stack.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise _Active("too many objects")
        if isinstance(item, DictionaryObject):  # streams too (their dictionary)
            for name, value in item.items():
                if name in ACTIVE_KEYS:
                    raise _Active(name)
                if name == "/S" and value in ACTIVE_ACTIONS:
                    raise _Active(f"/S {value}")
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
