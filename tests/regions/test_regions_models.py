import pytest
from django.db import IntegrityError
from django.utils import translation

from tokodesa.regions.models import Region, normalize_code, parent_code_of


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("17", "17"),
        ("17.08", "17.08"),
        ("17.08.05.2007", "17.08.05.2007"),
        (" 17.08.05.2007 ", "17.08.05.2007"),
        ("1708052007", "17.08.05.2007"),
        ("170805", "17.08.05"),
        ("", None),
        ("1", None),
        ("17.8", None),
        ("17.08.05.207", None),
        ("17.08.05.20071", None),
        ("17.08.05.2007.", None),
        ("17..08", None),
        ("170805200", None),
        ("17080520071", None),
        ("ab.cd", None),
        ("17.08.05.2007'; DROP TABLE regions_region; --", None),
        ("١٧", None),  # non-ASCII digits
        (None, None),
        (17, None),
    ],
)
def test_normalize_code(raw, expected):
    assert normalize_code(raw) == expected


def test_parent_code_of():
    assert parent_code_of("17.08.05.2007") == "17.08.05"
    assert parent_code_of("17.08") == "17"
    assert parent_code_of("17") is None


@pytest.mark.parametrize(
    ("code", "name", "level", "kind", "short_name", "bare_name"),
    [
        ("17", "Bengkulu", 1, "provinsi", "Bengkulu", "Bengkulu"),
        ("17.08", "Kabupaten Kepahiang", 2, "kabupaten", "Kab. Kepahiang", "Kepahiang"),
        ("17.71", "Kota Bengkulu", 2, "kota", "Kota Bengkulu", "Bengkulu"),
        (
            "31.01",
            "Kabupaten Administrasi Kepulauan Seribu",
            2,
            "kabupaten",
            "Kab. Adm. Kepulauan Seribu",
            "Kepulauan Seribu",
        ),
        (
            "31.71",
            "Kota Administrasi Jakarta Pusat",
            2,
            "kota",
            "Kota Adm. Jakarta Pusat",
            "Jakarta Pusat",
        ),
        ("17.08.05", "Merigi", 3, "kecamatan", "Kec. Merigi", "Merigi"),
        ("91.71.03", "Abepura", 3, "distrik", "Distrik Abepura", "Abepura"),
        ("17.08.05.2007", "Batu Ampar", 4, "desa", "Batu Ampar", "Batu Ampar"),
        ("17.71.01.1001", "Pagar Dewa", 4, "kelurahan", "Pagar Dewa", "Pagar Dewa"),
        ("91.03.01.3007", "Desa Adat Yoboi", 4, "desa_adat", "Desa Adat Yoboi", "Desa Adat Yoboi"),
    ],
)
def test_derived_names_and_kind(code, name, level, kind, short_name, bare_name):
    region = Region(code=code, name=name, level=level)
    assert region.kind == kind
    assert region.short_name == short_name == str(region)
    assert region.bare_name == bare_name
    assert region.is_city == (kind == "kota")


def test_level_labels_are_english_source_strings():
    with translation.override("en"):
        assert str(Region.Level.PROVINCE.label) == "province"
        assert str(Region.Kind.DESA_ADAT.label) == "customary village"
    assert [choice[0] for choice in Region.Level.choices] == [1, 2, 3, 4]


@pytest.mark.django_db
def test_constraints_keep_level_code_and_parent_consistent():
    province = Region.objects.create(code="17", name="Bengkulu", level=1)
    Region.objects.create(code="17.08", name="Kabupaten Kepahiang", level=2, parent=province)
    with pytest.raises(IntegrityError):
        Region.objects.create(code="17.09", name="Wrong level", level=3, parent=province)


@pytest.mark.django_db
def test_constraint_postal_code_only_on_villages():
    with pytest.raises(IntegrityError):
        Region.objects.create(code="17", name="Bengkulu", level=1, postal_code="39371")
