"""load_regions on small hand-written files: updates in place, refuses bad input."""

import gzip
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import models

from tokodesa.regions.models import Region
from tokodesa.regions.selectors import region_path

pytestmark = pytest.mark.django_db

HEADER = "code,name,postal_code\n"
BASE = (
    "17,Bengkulu,\n"
    "17.08,Kabupaten Kepahiang,\n"
    "17.08.05,Merigi,\n"
    "17.08.05.2007,Batu Ampar,39371\n"
    "17.08.05.2008,Desa Lama,39371\n"
)


def write(tmp_path, body, name="regions.csv"):
    path = tmp_path / name
    data = (HEADER + body).encode()
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    return str(path)


def load(path, *args):
    out = io.StringIO()
    call_command("load_regions", "--file", path, *args, stdout=out)
    return out.getvalue()


def table():
    return list(Region.objects.values_list("code", "name", "level", "parent_id", "postal_code"))


def test_load_then_no_op_then_force(tmp_path):
    path = write(tmp_path, BASE, "regions.csv.gz")
    assert "5 created" in load(path)
    assert table()[-1] == ("17.08.05.2008", "Desa Lama", 4, "17.08.05", "39371")
    assert "already up to date" in load(path)
    assert "0 created, 5 updated, 0 deleted" in load(path, "--force")
    assert len(table()) == 5


def test_changed_file_updates_in_place(tmp_path):
    load(write(tmp_path, BASE))
    assert region_path(code="17.08.05.2007")[-1].name == "Batu Ampar"  # now kept in memory
    changed = BASE.replace("Batu Ampar,39371", "Batu Ampar Baru,39372").replace(
        "17.08.05.2008,Desa Lama,39371\n", "17.08.05.2009,Desa Baru,39373\n"
    )
    out = load(write(tmp_path, changed))
    assert "1 created, 1 updated, 1 deleted" in out
    assert [r[:2] for r in table()] == [
        ("17", "Bengkulu"),
        ("17.08", "Kabupaten Kepahiang"),
        ("17.08.05", "Merigi"),
        ("17.08.05.2007", "Batu Ampar Baru"),
        ("17.08.05.2009", "Desa Baru"),
    ]
    assert region_path(code="17.08.05.2007")[-1].postal_code == "39372"  # not the kept one


def test_whole_branch_removed_children_first(tmp_path):
    load(write(tmp_path, BASE + "18,Lampung,\n18.01,Kabupaten Lampung Barat,\n"))
    assert "2 deleted" in load(write(tmp_path, BASE))
    load(write(tmp_path, "18,Lampung,\n"))
    assert [r[0] for r in table()] == ["18"]


@pytest.mark.parametrize(
    "body",
    [
        "17,Bengkulu,\n17,Bengkulu,\n",  # duplicate
        "17.08,Kabupaten Kepahiang,\n",  # parent missing
        "17,Bengkulu,\n17.08.05,Merigi,\n",  # grandparent only
        "17,Bengkulu,\n17.8,Kabupaten Kepahiang,\n",  # malformed code
        "17,Bengkulu,39371\n",  # postal code on a province
        "17,Bengkulu,\n17.08,Kab,\n17.08.05,Merigi,\n17.08.05.2007,Batu Ampar,3937\n",
        "17,Bengkulu\n",  # missing column
        "17, ,\n",  # blank name
    ],
)
def test_malformed_file_is_refused_and_nothing_changes(tmp_path, body):
    load(write(tmp_path, BASE))
    before = table()
    with pytest.raises(CommandError):
        load(write(tmp_path, body, "bad.csv"))
    assert table() == before


def test_wrong_header_and_missing_file(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("kode,nama\n17,Bengkulu\n")
    with pytest.raises(CommandError, match="header"):
        load(str(bad))
    with pytest.raises(CommandError):
        load(str(tmp_path / "missing.csv"))
    assert table() == []


def test_region_still_referenced_is_not_deleted(tmp_path, monkeypatch):
    """A region that left the file but is still pointed at (PROTECT) stops the load."""
    load(write(tmp_path, BASE))
    from tokodesa.regions import services

    def refuse(self, *args, **kwargs):
        raise models.ProtectedError("referenced", {Region(code="17.08.05.2008")})

    monkeypatch.setattr(models.QuerySet, "delete", refuse)
    with pytest.raises(CommandError, match="still referenced"):
        load(write(tmp_path, BASE.replace("17.08.05.2008,Desa Lama,39371\n", "")))
    monkeypatch.undo()
    assert len(table()) == 5
    assert services.regions_count_by_level() == {1: 1, 2: 1, 3: 1, 4: 1 + 1}


def test_admin_is_read_only(tmp_path, admin_client):
    load(write(tmp_path, BASE))
    changelist = "/admin/regions/region/"
    assert admin_client.get(changelist).status_code == 200
    response = admin_client.get(changelist, {"q": "17.08", "level__exact": "4"})
    assert response.status_code == 200
    assert b"Batu Ampar" in response.content and b"Merigi</a>" not in response.content
    assert admin_client.get(changelist, {"q": "39371"}).status_code == 200
    detail = admin_client.get(f"{changelist}17.08.05.2007/change/")
    assert detail.status_code == 200 and b"39371" in detail.content
    assert admin_client.get(f"{changelist}add/").status_code == 403
    assert admin_client.post(f"{changelist}17.08.05.2007/delete/").status_code == 403
    assert Region.objects.count() == 5
