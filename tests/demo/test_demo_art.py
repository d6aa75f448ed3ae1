"""The demo illustrations: valid, deterministic, colourful pictures with camera-like EXIF.

No database is needed: run with ``-p no:django`` when the settings are in flux.
"""

import io
import itertools

import pytest
from PIL import ExifTags, Image, ImageChops, ImageStat

from tokodesa.demo import art

GERABAH = {"guci", "celengan", "piring-tanah-liat", "anglo"}


@pytest.fixture(scope="module")
def pictures() -> dict[str, bytes]:
    return {kind: art.product_illustration(kind) for kind in art.KINDS}


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _mean_saturation(image: Image.Image) -> float:
    return ImageStat.Stat(image.convert("RGB").convert("HSV")).mean[1]


def _mean_difference(a: Image.Image, b: Image.Image) -> float:
    small = (128, 128)
    diff = ImageChops.difference(a.convert("RGB").resize(small), b.convert("RGB").resize(small))
    return ImageStat.Stat(diff.convert("L")).mean[0]


def _degrees(dms) -> float:
    d, m, s = (float(v) for v in dms)
    return d + m / 60 + s / 3600


def test_kinds_are_the_twelve_demo_products():
    assert len(art.KINDS) == 12
    assert len(set(art.KINDS)) == 12
    assert {"gula-aren", "kopi-bubuk", "guci", "anglo"} <= set(art.KINDS)


@pytest.mark.parametrize("kind", art.KINDS)
def test_each_kind_is_a_colourful_1200px_jpeg(pictures, kind):
    image = _open(pictures[kind])
    assert image.format == "JPEG"
    assert image.size == (1200, 1200)
    assert image.mode == "RGB"
    # a flat illustration, not grey boxes: clearly saturated and not one flat colour
    assert _mean_saturation(image) > 40
    assert max(ImageStat.Stat(image).stddev) > 20


@pytest.mark.parametrize("kind", art.KINDS)
def test_each_kind_is_deterministic(pictures, kind):
    assert art.product_illustration(kind) == pictures[kind]


def test_different_kinds_give_different_pictures(pictures):
    images = {kind: _open(data) for kind, data in pictures.items()}
    assert len(set(pictures.values())) == len(art.KINDS)
    for a, b in itertools.combinations(art.KINDS, 2):
        assert _mean_difference(images[a], images[b]) > 5, (a, b)


@pytest.mark.parametrize("kind", ["gula-aren", "guci", "hiasan-air-mancur"])
def test_variants_change_the_composition(pictures, kind):
    first = _open(pictures[kind])
    for variant in (1, 2):
        other = art.product_illustration(kind, variant=variant)
        assert other != pictures[kind]
        assert _mean_difference(first, _open(other)) > 5


@pytest.mark.parametrize("kind", art.KINDS)
def test_each_kind_carries_camera_and_gps_exif(pictures, kind):
    exif = _open(pictures[kind]).getexif()
    assert exif[ExifTags.Base.Make] == "TokoDesa Demo"
    assert exif[ExifTags.Base.Model] == "TokoDesa Demo"
    assert exif[ExifTags.Base.Orientation] == 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert gps, "the GPS IFD (0x8825) is missing"
    lat = _degrees(gps[ExifTags.GPS.GPSLatitude])
    lon = _degrees(gps[ExifTags.GPS.GPSLongitude])
    assert gps[ExifTags.GPS.GPSLatitudeRef] == "S"
    assert gps[ExifTags.GPS.GPSLongitudeRef] == "E"
    if kind in GERABAH:  # Desa Bangunjiwo, Bantul
        assert lat == pytest.approx(7.84, abs=0.01)
        assert lon == pytest.approx(110.32, abs=0.01)
    else:  # Desa Batu Ampar, Bengkulu
        assert lat == pytest.approx(3.63, abs=0.01)
        assert lon == pytest.approx(102.62, abs=0.01)


def test_size_is_honoured():
    image = _open(art.product_illustration("celengan", size=300))
    assert image.size == (300, 300)


@pytest.mark.parametrize("kind", ["", "durian", "Gula-Aren", "gula aren"])
def test_unknown_kind_raises(kind):
    with pytest.raises(ValueError):
        art.product_illustration(kind)


def test_portrait_is_a_deterministic_colourful_jpeg():
    data = art.portrait("Ibu Siti Aminah")
    image = _open(data)
    assert image.format == "JPEG"
    assert image.size == (600, 600)
    assert _mean_saturation(image) > 40
    assert art.portrait("Ibu Siti Aminah") == data
    assert art.portrait("Pak Harun") != data
    assert _open(art.portrait("Pak Harun", size=200)).size == (200, 200)


def test_portraits_vary_with_the_name():
    names = ["Ibu Siti", "Pak Harun", "Ibu Rosmala", "Pak Darmawan", "Mbak Wulan", "Mas Joko"]
    images = [_open(art.portrait(name, size=200)) for name in names]
    distinct = {
        (i, j)
        for i, j in itertools.combinations(range(len(images)), 2)
        if _mean_difference(images[i], images[j]) > 3
    }
    assert len(distinct) == len(names) * (len(names) - 1) // 2


def test_village_logo_is_a_deterministic_png_badge():
    data = art.village_logo("Desa Batu Ampar")
    image = _open(data)
    assert image.format == "PNG"
    assert image.size == (512, 512)
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 0  # rounded, transparent corners
    assert image.getpixel((256, 256))[3] == 255
    assert _mean_saturation(image) > 40
    assert art.village_logo("Desa Batu Ampar") == data
    assert art.village_logo("Desa Bangunjiwo") != data
    assert _open(art.village_logo("Desa Bangunjiwo", size=128)).size == (128, 128)
