"""Checking a buyer's proof of payment: a photo of the transfer receipt, or a bank's PDF."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from tokodesa.core.images import clean_photo

# Active content a PDF viewer might run; a bank's transfer receipt never needs any of it.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|OpenAction|AA|RichMedia|XFA)\b")


def clean_proof(upload) -> ContentFile:
    """A safe copy of the proof: photos re-encoded (EXIF and anything smuggled gone), PDFs
    checked for being a whole PDF without scripts. Raises ValidationError for the buyer."""
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
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("The PDF is incomplete. Please download it again from your bank."))
    if _PDF_ACTIVE.search(data):
        raise ValidationError(_("This PDF contains scripts or attachments and cannot be accepted."))
    return ContentFile(data, name="bukti.pdf")
