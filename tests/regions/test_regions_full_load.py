"""The shipped file loaded once for the whole module (the load takes a few seconds).

The load runs inside a transaction that is rolled back when the module is done, so other
test modules see an empty regions table; each test runs in a savepoint inside it.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tokodesa.regions.models import Region
from tokodesa.regions.selectors import region_children, region_get, region_path, region_search

pytestmark = pytest.mark.django_db

COUNTS = {1: 38, 2: 514, 3: 7285, 4: 83762}


@pytest.fixture(scope="module")
def load_output(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_regions", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def test_load_counts_per_level(load_output):
    assert "91599 created" in load_output
    for level, count in COUNTS.items():
        assert f"{Region.Level(level).label}: {count:,}" in load_output
        assert Region.objects.filter(level=level).count() == count
    assert Region.objects.filter(level=1, parent__isnull=False).count() == 0
    assert Region.objects.filter(level__gt=1, parent__isnull=True).count() == 0


def test_reload_is_a_no_op(load_output, django_assert_max_num_queries):
    out = io.StringIO()
    # Reading the table and counting per level; no writes.
    with django_assert_max_num_queries(4) as ctx:
        call_command("load_regions", stdout=out)
    assert "already up to date" in out.getvalue()
    assert not any(
        q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        for q in ctx.captured_queries
    )
    assert Region.objects.count() == sum(COUNTS.values())


def test_batu_ampar_in_kepahiang(load_output, django_assert_num_queries):
    with django_assert_num_queries(1):
        path = region_path(code="17.08.05.2007")
    assert [(r.code, r.name, r.level) for r in path] == [
        ("17", "Bengkulu", 1),
        ("17.08", "Kabupaten Kepahiang", 2),
        ("17.08.05", "Merigi", 3),
        ("17.08.05.2007", "Batu Ampar", 4),
    ]
    desa = path[-1]
    assert desa.postal_code == "39371"
    assert desa.kind == Region.Kind.DESA
    assert desa.parent_id == "17.08.05"
    assert [str(r) for r in path] == ["Bengkulu", "Kab. Kepahiang", "Kec. Merigi", "Batu Ampar"]
    assert region_get(code="1708052007") == desa


def test_bangunjiwo_in_bantul(load_output):
    path = region_path(code="34.02.16.2001")
    assert [(r.name, r.postal_code) for r in path] == [
        ("Daerah Istimewa Yogyakarta", ""),
        ("Kabupaten Bantul", ""),
        ("Kasihan", ""),
        ("Bangunjiwo", "55184"),
    ]


def test_eighteen_villages_named_batu_ampar(load_output):
    assert Region.objects.filter(level=4, name="Batu Ampar").count() == 18
    found = list(region_search(query="batu AMPAR", level=4, limit=100))
    assert len([r for r in found if r.name == "Batu Ampar"]) == 18
    assert "17.08.05.2007" in {r.code for r in found}
    assert all(r.level == 4 for r in found)


def test_search_orders_larger_regions_first(load_output):
    results = list(region_search(query="bantul"))
    assert results[0].code == "34.02"
    assert [r.level for r in results] == sorted(r.level for r in results)
    assert len(region_search(query="a")) == 20
    assert len(region_search(query="a", limit=10_000)) == 100
    assert list(region_search(query="  kota   bengkulu ", level=2)) == [region_get(code="17.71")]
    assert list(region_search(query="")) == []
    assert list(region_search(query="%")) == []
    assert list(region_search(query="_")) == []
    assert list(region_search(query="bantul", level=9)) == []


def test_children(load_output, django_assert_num_queries):
    with django_assert_num_queries(1):
        provinces = list(region_children(parent_code=None))
    assert len(provinces) == 38
    assert [p.name for p in provinces] == sorted(p.name for p in provinces)

    regencies = list(region_children(parent_code="17"))
    assert len(regencies) == 10
    assert {r.kind for r in regencies} == {Region.Kind.KABUPATEN, Region.Kind.KOTA}
    assert [r.short_name for r in regencies if r.is_city] == ["Kota Bengkulu"]

    villages = list(region_children(parent_code="17.08.05"))
    names = [v.name for v in villages]
    assert "Batu Ampar" in names and names == sorted(names)
    assert all(v.parent_id == "17.08.05" for v in villages)

    assert list(region_children(parent_code="17.08.05.2007")) == []


def test_children_query_uses_the_index_without_sorting(load_output):
    plan = region_children(parent_code="17.08").explain()
    assert "regions_parent_name_idx" in plan
    if connection.vendor == "sqlite":
        assert "TEMP B-TREE" not in plan.upper()
    elif connection.vendor == "postgresql":  # load_regions ANALYZEs, so the plan is stable
        assert "Sort" not in plan


@pytest.mark.parametrize(
    "bad",
    [
        "",
        " ",
        "x",
        "17.8",
        "17.08.05.20071",
        "99",
        "17.99",
        "17.08.05.9999",
        "17;08",
        "' OR 1=1 --",
        "17.08.05.2007\x00",
        "1" * 500,
    ],
)
def test_malformed_or_unknown_codes_give_nothing(load_output, bad):
    assert region_get(code=bad) is None
    assert region_path(code=bad) == []
    if bad.strip():
        assert list(region_children(parent_code=bad)) == []
