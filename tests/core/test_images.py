"""The photo pipeline, through the service that product photos go through."""

import io

import pytest
from django.core.exceptions import ValidationError
from factories import jpeg_bytes, make_product, upload
from PIL import Image

from tokodesa.catalog.models import ProductImage
from tokodesa.catalog.services import product_image_add
from tokodesa.core.images import rendition_name

pytestmark = pytest.mark.django_db


def _exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (3.0, 37.0, 48.0)
    gps[3], gps[4] = "E", (102.0, 37.0, 12.0)
    return exif


def test_photo_is_stored_as_webp_without_exif_upright_with_renditions(
    seller, django_capture_on_commit_callbacks
):
    product = make_product(seller)
    with django_capture_on_commit_callbacks(execute=True):  # renditions are made after commit
        image = product_image_add(
            product=product,
            upload=upload(jpeg_bytes(size=(2000, 1000), exif=_exif_with_gps())),
            alt="Gula aren",
        )
    image.refresh_from_db()
    with image.image.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "WEBP"
        assert not stored.getexif()  # no GPS, no camera, nothing
        assert "exif" not in stored.info and "icc_profile" not in stored.info
        # The phone said "rotate 90°": the stored picture is upright (portrait).
        assert stored.size == (800, 1600)
    assert image.rendition_widths == [240, 480]  # narrower than the 800 px master
    storage = image.image.storage
    for width in image.rendition_widths:
        with storage.open(rendition_name(image.image.name, width)) as handle:
            assert Image.open(handle).size[0] == width


def test_photo_tag_gives_srcset_and_lazy_loading(shop, seller, django_capture_on_commit_callbacks):
    product = make_product(seller, "Gula Aren")
    with django_capture_on_commit_callbacks(execute=True):
        product_image_add(product=product, upload=upload(jpeg_bytes(size=(1200, 1200))))
    html = shop.get("/produk/").content.decode()
    assert 'loading="lazy"' in html and "-w240.webp 240w" in html and "-w960.webp 960w" in html
    assert 'width="1200" height="1200"' in html


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"%PDF-1.4 not a picture", "bukan foto"),
        (b"<?php system($_GET['c']); ?>", "bukan foto"),
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "bukan foto"),
        (b"", "bukan foto"),
        (jpeg_bytes()[:600], "rusak"),
    ],
)
def test_files_that_are_not_sound_photos_are_refused_and_nothing_is_saved(seller, content, reason):
    product = make_product(seller)
    with pytest.raises(ValidationError) as error:
        product_image_add(product=product, upload=upload(content))
    assert reason in " ".join(error.value.messages)
    assert not ProductImage.objects.exists()


def test_script_appended_to_a_real_photo_is_dropped(seller):
    product = make_product(seller)
    payload = jpeg_bytes() + b"<script>alert(1)</script>"
    image = product_image_add(product=product, upload=upload(payload))
    with image.image.open("rb") as handle:
        assert b"<script>" not in handle.read()


def test_oversized_upload_is_refused_with_its_size(seller, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    product = make_product(seller)
    big = upload(b"\xff" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        product_image_add(product=product, upload=big)
    assert "terlalu besar" in error.value.messages[0] and "1 MB" in error.value.messages[0]


def test_decompression_bomb_is_refused(seller):
    product = make_product(seller)
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # tiny file, 144 megapixels
    with pytest.raises(ValidationError):
        product_image_add(product=product, upload=upload(out.getvalue(), "bom.png", "image/png"))


def test_png_with_transparency_keeps_it(seller):
    product = make_product(seller)
    out = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(out, "PNG")
    image = product_image_add(product=product, upload=upload(out.getvalue(), "a.png", "image/png"))
    with image.image.open("rb") as handle:
        assert Image.open(handle).mode == "RGBA"


def _png(size, mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white").save(out, "PNG", optimize=True)
    return out.getvalue()


def test_a_tiny_file_with_49_megapixels_is_refused_before_it_is_decoded(seller, village):
    """47 KB that would decode into ~150 MB: refused from its header, as a product photo and
    as a proof of payment."""
    bomb = _png((7000, 7000))
    assert len(bomb) < 200_000
    product = make_product(seller)
    with pytest.raises(ValidationError) as error:
        product_image_add(product=product, upload=upload(bomb, "bom.png", "image/png"))
    assert "piksel" in error.value.messages[0]
    from tokodesa.payments.proofs import clean_proof

    with pytest.raises(ValidationError):
        clean_proof(upload(bomb, "bukti.png", "image/png"))
    assert not ProductImage.objects.exists()


def test_a_large_png_that_is_not_a_phone_photo_is_refused(seller):
    product = make_product(seller)
    with pytest.raises(ValidationError):
        product_image_add(product=product, upload=upload(_png((4500, 3000)), "a.png", "image/png"))


def test_a_50_megapixel_phone_photo_is_decoded_at_reduced_size_and_kept(seller):
    product = make_product(seller)
    out = io.BytesIO()
    Image.new("RGB", (8160, 6120), (120, 80, 40)).save(out, "JPEG", quality=85)
    image = product_image_add(product=product, upload=upload(out.getvalue(), "hp.jpg"))
    assert (image.width, image.height) == (1600, 1200)
