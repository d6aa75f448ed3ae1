"""The photo pipeline: every uploaded or generated picture goes through here.

``clean_photo`` refuses what is not a real, sane photo and returns a fresh WebP master made
from the pixels alone, so EXIF (GPS included), ICC junk and anything smuggled after the
image data are gone. ``make_renditions`` writes smaller WebP copies that pages offer through
``srcset``.
"""

import io
import uuid
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
MASTER_MAX_SIDE = 1600
RENDITION_WIDTHS = (240, 480, 960)
WEBP_QUALITY = 80
# What a decode may cost. A JPEG (every phone camera) is decoded straight at 1/2, 1/4 or 1/8
# of its size (libjpeg's DCT scaling, Pillow's ``draft``), so a 50 MP photo costs a few
# megapixels of memory; other formats are decoded whole, so they get a lower limit: a phone
# screenshot is 2–3 MP, a 12 MP PNG costs ~48 MB. A file whose pixels are absurd for its
# bytes (a tiny file claiming millions of blank pixels) is a decompression bomb.
MAX_JPEG_PIXELS = 64_000_000
MAX_DECODED_PIXELS = 12_000_000
MAX_PIXELS_PER_BYTE = 400


def clean_photos(photos, *, limit: int, max_side: int = 1280) -> list[ContentFile]:
    """Several photos a buyer attached (empty inputs ignored), at most ``limit``, each cleaned
    by ``clean_photo``; raises ValidationError naming the ``photos`` field."""
    photos = [photo for photo in photos if photo]
    if len(photos) > limit:
        raise ValidationError({"photos": _("At most %(n)s photos.") % {"n": limit}})
    return [clean_photo(photo, max_side=max_side) for photo in photos]


def rendition_name(name: str, width: int) -> str:
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-w{width}.webp"))


def clean_photo(upload, *, max_side: int = MASTER_MAX_SIDE) -> ContentFile:
    """Check an uploaded file and return a clean WebP (no metadata) as a ContentFile.

    Raises ValidationError with a message for the villager when the file is too large, is not
    a picture, is damaged, or is absurdly large in pixels.
    """
    limit = settings.UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("The photo is too large (%(size).1f MB). The limit is %(limit)d MB.")
            % {"size": size / 1_048_576, "limit": limit // 1_048_576},
            code="too_large",
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The photo is too large. The limit is %(limit)d MB.") % {"limit": limit // 1_048_576},
            code="too_large",
        )
    not_a_photo = ValidationError(
        _("This file is not a photo we can use. Send a JPEG, PNG or WebP picture."),
        code="not_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise not_a_photo
                _check_pixels(probe, len(data))
                probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.format in ("JPEG", "MPO"):
                # Decode at the smallest scale whose long side still has ``max_side`` pixels.
                long_side = max(image.size)
                box = tuple(max(1, side * max_side // long_side) for side in image.size)
                image.draft("RGB", box)
            if image.width * image.height > MAX_DECODED_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="too_big")
            image.load()  # decodes every pixel: truncated or corrupt files fail here
    except ValidationError:
        raise
    except UnidentifiedImageError as exc:
        raise not_a_photo from exc
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        EOFError,
    ) as exc:
        raise ValidationError(
            _("The photo is damaged or incomplete. Please take or choose it again."),
            code="corrupt",
        ) from exc

    image = ImageOps.exif_transpose(image)  # phone photos are often stored sideways
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    # Bicubic: the photo is already decoded at about the master's size (draft), so the last
    # step is a mild one, where Lanczos is not visibly better and costs a third more.
    image.thumbnail((max_side, max_side), Image.Resampling.BICUBIC)
    out = io.BytesIO()
    # No exif=, no icc_profile=. Encoding effort 2 of 6: the villager waits for this one (a
    # 12 MP phone photo in under 200 ms); the worker spends more on the renditions buyers get.
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=2)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.webp")


def _check_pixels(probe: Image.Image, size: int) -> None:
    pixels = probe.width * probe.height
    jpeg = probe.format in ("JPEG", "MPO")
    too_many = ValidationError(
        _(
            "The photo has too many pixels (%(megapixels)d megapixels). Send a smaller photo "
            "or a screenshot."
        )
        % {"megapixels": pixels // 1_000_000},
        code="too_big",
    )
    if pixels > (MAX_JPEG_PIXELS if jpeg else MAX_DECODED_PIXELS):
        raise too_many
    if pixels > 4_000_000 and pixels > size * MAX_PIXELS_PER_BYTE:
        raise too_many


def make_renditions(storage: Storage, name: str) -> list[int]:
    """Write the WebP renditions narrower than the master; return their widths."""
    with storage.open(name, "rb") as handle, Image.open(handle) as master:
        master.load()
        widths = []
        for width in RENDITION_WIDTHS:
            if width >= master.width:
                break
            height = max(1, round(master.height * width / master.width))
            copy = master.resize((width, height), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            copy.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
            target = rendition_name(name, width)
            if storage.exists(target):
                storage.delete(target)
            storage.save(target, ContentFile(out.getvalue()))
            widths.append(width)
    return widths


CARD_SIZE = (1200, 630)  # what WhatsApp, Facebook and X show for a link (og:image)
CARD_INK, CARD_PAPER, CARD_BRAND = (43, 29, 18), (251, 247, 241), (122, 74, 30)


def share_card(photo, *, title: str, price: str, shop: str) -> bytes:
    """A 1200×630 JPEG for a shared link: the product's photo on the left (cropped to a
    square), its name, price and the village shop on the right. ``photo`` is an open file of
    the master photo, or None (a plain panel). Text uses Pillow's own font (shipped with it),
    so nothing is downloaded or installed."""
    from PIL import ImageDraw, ImageFont

    width, height = CARD_SIZE
    card = Image.new("RGB", CARD_SIZE, CARD_PAPER)
    if photo is not None:
        with Image.open(photo) as source:
            square = ImageOps.fit(source.convert("RGB"), (height, height), Image.Resampling.LANCZOS)
        card.paste(square, (0, 0))
    else:
        ImageDraw.Draw(card).rectangle((0, 0, height, height), fill=(232, 220, 205))
    draw = ImageDraw.Draw(card)
    left, right = height + 48, width - 40
    small, name_font, price_font = (ImageFont.load_default(size=s) for s in (30, 52, 64))
    y = 56
    for line in _wrap(draw, shop, small, right - left)[:2]:
        draw.text((left, y), line, font=small, fill=CARD_BRAND)
        y += 40
    y += 24
    lines = _wrap(draw, title, name_font, right - left)
    if len(lines) > 4:
        lines = [*lines[:3], lines[3].rstrip(".") + "…"]
    for line in lines:
        draw.text(
            (left, y), line, font=name_font, fill=CARD_INK, stroke_width=1, stroke_fill=CARD_INK
        )
        y += 64
    draw.text((left, height - 150), price, font=price_font, fill=CARD_BRAND, stroke_width=2,
              stroke_fill=CARD_BRAND)  # fmt: skip
    draw.text((left, height - 64), "TokoDesa", font=small, fill=(107, 90, 75))
    out = io.BytesIO()
    card.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels (a word too long is cut)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while draw.textlength(word, font=font) > width and len(word) > 1:
            word = word[:-1]
        line = word
    if line:
        lines.append(line)
    return lines
