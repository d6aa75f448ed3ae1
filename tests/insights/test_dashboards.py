"""Regional dashboards for a pemantau (read-only, aggregates of its own region only), granted by
the platform operator; the public national statistics; exports; fixed query counts."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import make_product, make_seller, make_village, place_order
from openpyxl import load_workbook

from tokodesa.insights.models import Monitor
from tokodesa.insights.services import figures_refresh, monitor_grant
from tokodesa.orders.models import Order
from tokodesa.payments.services import bank_account_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(db):
    return get_user_model().objects.create_superuser("operator", password="x")


@pytest.fixture
def sales(village, other_village, regions, bank_account):
    """Gula Aren sold twice in Kepahiang (Bengkulu) to a buyer in Yogyakarta; a pot sold in
    Bantul (Yogyakarta); figures added up."""
    bank_account_add(
        actor=None,
        village=other_village,
        bank_name="BPD DIY",
        account_number="001-222-333",
        account_holder="BUMDes Bangunjiwo",
    )
    gula = make_product(make_seller(village), "Gula Aren", price=20000, stock=50)
    pot = make_product(make_seller(other_village), "Pot Gerabah", price=50000, stock=5)
    for picks in ([(gula.variants.get(), 2)], [(gula.variants.get(), 1)]):
        Order.objects.filter(pk=place_order(village, picks).pk).update(status="paid")
    Order.objects.filter(
        pk=place_order(other_village, [(pot.variants.get(), 1)], buyer="Bu Sulastri").pk
    ).update(status="completed")
    figures_refresh()


def _pemantau(code: str, name: str = "Pak Darto") -> object:
    grant = monitor_grant(
        name=name,
        email=f"{name.split()[-1].lower()}@kepahiangkab.go.id",
        whatsapp="",
        organisation="Dinas Koperasi dan UKM",
        region=code,
        actor=None,
    )
    grant.user.set_password("x")
    grant.user.save()
    return grant.user


def test_a_kabupaten_pemantau_sees_its_sales_by_month_kecamatan_category_and_buyers(client, sales):
    client.force_login(_pemantau("17.08"))
    response = client.get("/pantau/", follow=True)
    assert response.redirect_chain[-1][0] == "/pantau/17.08/"
    html = response.content.decode()
    assert "Kabupaten Kepahiang" in html
    assert "Rp60.000" in html  # 3 kg of gula aren, goods only
    assert "Merigi" in html  # the kecamatan below, a link to drill down
    assert 'href="/pantau/17.08.05/?bulan=12"' in html
    assert "Hasil Pertanian" in html  # what sells
    assert "Daerah Istimewa Yogyakarta" in html  # where buyers come from
    assert "<svg" in html  # server-rendered charts
    assert "Rina" not in html and "081298765432" not in html  # no buyer is named
    assert "Rp50.000" not in html  # Bantul's pot is another region's

    html = client.get("/pantau/17.08.05/").content.decode()
    assert "Batu Ampar" in html and "Rp60.000" in html  # the desa, under its kecamatan


@pytest.mark.parametrize("path", ["/pantau/34/", "/pantau/id/", "/pantau/17/", "/pantau/34.02/"])
def test_a_pemantau_sees_only_its_own_region(client, sales, path):
    client.force_login(_pemantau("17.08"))
    assert client.get(path).status_code == 404
    assert client.get(path + "bulanan.csv").status_code == 404


def test_a_province_pemantau_and_the_ministry(client, sales):
    client.force_login(_pemantau("Bengkulu", name="Bu Rahmi"))  # by name
    html = client.get("/pantau/17/").content.decode()
    assert "Kabupaten Kepahiang" in html and "Rp60.000" in html
    assert client.get("/pantau/34/").status_code == 404

    client.force_login(_pemantau("", name="Pak Menteri"))  # all Indonesia
    html = client.get("/pantau/id/").content.decode()
    assert "Bengkulu" in html and "Daerah Istimewa Yogyakarta" in html
    assert "Rp110.000" in html  # every village's goods
    assert client.get("/pantau/34.02/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/pantau/17.08.05.2007/",
        "/pantau/99/",
        "/pantau/abc/",
        "/pantau/17.08/x.csv",
        "/pantau/1708/",
    ],
)
def test_unknown_regions_and_exports_are_plain_404s(client, sales, operator, path):
    client.force_login(operator)  # may read everything; still nothing there
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("months", ["3", "24", "abc", "-1", "99999999999999999999"])
def test_any_period_asked_for_gives_a_page(client, sales, operator, months):
    client.force_login(operator)
    response = client.get("/pantau/17/", {"bulan": months})
    assert response.status_code == 200


def test_people_outside_get_a_login_or_a_404(client, sales, village_admin):
    response = client.get("/pantau/17.08/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    client.force_login(village_admin)  # a village's admin is not a pemantau
    for path in ("/pantau/", "/pantau/17.08/", "/pantau/17.08/bulanan.csv"):
        assert client.get(path).status_code == 404


def test_exports_in_csv_and_excel(client, sales):
    client.force_login(_pemantau("17"))
    response = client.get("/pantau/17/wilayah.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["region_code", "region"]
    assert rows[1][:2] == ["17.08", "Kabupaten Kepahiang"] and rows[1][-1] == "60000"
    response = client.get("/pantau/17/bulanan.xlsx", {"bulan": "3"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0] == ("month", "orders", "turnover_rupiah") and len(values) == 4
    assert values[-1][1:] == (2, 60000)
    for what in ("kategori", "asal-pembeli"):
        assert client.get(f"/pantau/17/{what}.csv").status_code == 200


def test_dashboard_queries_do_not_grow_with_the_villages(client, sales):
    client.force_login(_pemantau("", name="Pak Menteri"))

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    paths = ("/pantau/id/", "/pantau/34/", "/pantau/34.02/")
    [queries(p) for p in paths]  # the regions' paths are then kept by the process
    before = [queries(p) for p in paths]
    for i in range(6):
        village = make_village(
            slug=f"desa-{i}", name=f"Desa {i}", region_code="34.02.16.2001", status="active"
        )
        make_product(make_seller(village), f"Gerabah {i}", price=10000)
    figures_refresh()
    assert [queries(p) for p in paths] == before


def test_the_operator_grants_a_pemantau_who_chooses_a_password_and_lands_on_the_dashboard(
    client, sales, operator
):
    client.force_login(operator)
    response = client.post(
        "/operator/pemantau/",
        {
            "action": "grant",
            "name": "Pak Darto",
            "organisation": "Dinas Koperasi dan UKM Kabupaten Kepahiang",
            "email": "Darto@Kepahiangkab.go.id",
            "whatsapp": "0812 3456 7890",
            "region": "Kepahiang",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "wa.me/6281234567890" in html
    link = re.search(r'value="(http://testserver/akun/aktifkan/[^"]+)"', html).group(1)
    monitor = Monitor.objects.get()
    assert (monitor.region_code, monitor.user.email) == ("17.08", "darto@kepahiangkab.go.id")
    assert not monitor.user.has_usable_password()

    client.logout()
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "kopi-robusta-2026", "new_password2": "kopi-robusta-2026"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/pantau/17.08/"
    assert "Rp60.000" in response.content.decode()

    # Granted again (another region, same e-mail): the same person, no new link needed.
    client.force_login(operator)
    html = client.post(
        "/operator/pemantau/",
        {
            "name": "Pak Darto",
            "organisation": "Dinas",
            "email": "darto@kepahiangkab.go.id",
            "region": "34",
        },
    ).content.decode()
    assert "akun/aktifkan" not in html and Monitor.objects.count() == 2
    assert get_user_model().objects.filter(email__iexact="darto@kepahiangkab.go.id").count() == 1
    monitor.user.refresh_from_db()  # its password was chosen since
    client.force_login(monitor.user)
    html = client.get("/pantau/").content.decode()  # two regions: a list to choose from
    assert 'href="/pantau/17.08/"' in html and 'href="/pantau/34/"' in html

    client.force_login(operator)
    client.post("/operator/pemantau/", {"action": "revoke", "monitor": monitor.pk})
    assert list(Monitor.objects.values_list("region_code", flat=True)) == ["34"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("region", "17.08.05", "Tidak ada provinsi atau kabupaten/kota dengan kode 17.08.05."),
        ("region", "Atlantis", "Tidak ada provinsi atau kabupaten/kota bernama “Atlantis”."),
        ("region", "a", "Beberapa wilayah cocok"),
        ("email", "bukan-email", "Tulis alamat e-mail yang benar."),
        ("whatsapp", "12", "WhatsApp"),
    ],
)
def test_a_grant_with_bad_input_says_why_and_saves_nothing(
    client, regions, operator, field, value, message
):
    client.force_login(operator)
    data = {
        "name": "Pak Darto",
        "organisation": "Dinas",
        "email": "darto@example.id",
        "whatsapp": "",
        "region": "17.08",
    }
    data[field] = value
    response = client.post("/operator/pemantau/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Monitor.objects.exists()
    assert not get_user_model().objects.filter(email="darto@example.id").exists()


def test_only_the_operator_grants(client, regions, village_admin):
    assert client.get("/operator/pemantau/").status_code == 302
    client.force_login(village_admin)
    assert client.get("/operator/pemantau/").status_code == 404
    client.force_login(_pemantau("17.08"))  # a pemantau cannot grant either
    assert client.post("/operator/pemantau/", {"region": "", "name": "x"}).status_code == 404


def test_the_public_statistics(client, sales, settings):
    html = client.get("/statistik/").content.decode()
    assert "Rp110.000" in html and "Bengkulu" in html and "<svg" in html
    assert "Rina" not in html
    assert 'href="/statistik/"' in client.get("/").content.decode()
    settings.PUBLIC_STATISTICS = False
    assert client.get("/statistik/").status_code == 404


def test_a_pemantau_logs_in_on_the_platform(client, sales):
    _pemantau("17.08")
    response = client.post(
        "/masuk/", {"username": "pantau.pak-darto", "password": "x"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/pantau/17.08/"


@pytest.mark.parametrize("junk", ["abc", "-1", "9" * 30, ""])
def test_a_revoke_with_a_junk_id_changes_nothing_and_never_fails(client, regions, operator, junk):
    _pemantau("17.08")
    client.force_login(operator)
    response = client.post("/operator/pemantau/", {"action": "revoke", "monitor": junk})
    assert response.status_code == 302 and Monitor.objects.count() == 1
