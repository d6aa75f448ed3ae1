import csv
import io

import pytest
from django.contrib.auth import get_user_model
from factories import make_product, make_seller, place_order

from tokodesa.payments.services import payment_confirm
from tokodesa.villages.services import membership_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales(village, seller, regions, bank_account, staff):
    other = make_seller(village, display_name="Pak Darmawan")
    gula = make_product(seller, "Gula Aren", price=20000, stock=50).variants.get()
    cangkir = make_product(
        other, "Cangkir Bambu", category_slug="kerajinan-bambu", price=15000, stock=50
    ).variants.get()
    placed = []
    for picks, name in (([(gula, 2), (cangkir, 1)], '=HYPERLINK("x")'), ([(gula, 1)], "Rina")):
        order = place_order(village, picks, buyer=name)
        payment_confirm(order=order, actor=staff)
        placed.append(order)
    return placed


def test_report_shows_sales_by_month_seller_product_category_and_province(client, staff, sales):
    client.force_login(staff)
    html = client.get("/batu-ampar/kelola/laporan/").content.decode()
    assert "Rp75.000" in html  # 55,000 + 20,000 of goods
    assert "<svg" in html and "Gula Aren" in html and "Pak Darmawan" in html
    assert "Daerah Istimewa Yogyakarta" in html


def test_bad_dates_do_not_break_the_report(client, staff, sales):
    client.force_login(staff)
    for query in (
        "?dari=kemarin&sampai=2026-13-45",
        "?dari=2030-01-01&sampai=2020-01-01",
        "?dari=1900-01-01",
        "?dari=" + "9" * 500,
    ):
        assert client.get(f"/batu-ampar/kelola/laporan/{query}").status_code == 200


def test_csv_exports_are_excel_friendly_and_safe(client, staff, sales):
    client.force_login(staff)
    response = client.get("/batu-ampar/kelola/laporan/pesanan.csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "code" and len(rows) == 3
    assert any(row[3].startswith("'=") for row in rows[1:])  # formula defused
    lines = b"".join(client.get("/batu-ampar/kelola/laporan/baris.csv").streaming_content)
    assert b"Cangkir Bambu" in lines
    assert client.get("/batu-ampar/kelola/laporan/rahasia.csv").status_code == 404


def test_reports_are_for_the_team_only(client, village, sales):
    seller_user = get_user_model().objects.create_user("warga", password="x")
    membership_grant(village=village, user=seller_user, role="seller")
    client.force_login(seller_user)
    assert client.get("/batu-ampar/kelola/laporan/").status_code == 404
    assert client.get("/batu-ampar/kelola/laporan/pesanan.csv").status_code == 404


def test_xlsx_exports_open_as_spreadsheets(client, staff, sales):
    from openpyxl import load_workbook

    client.force_login(staff)
    response = client.get("/batu-ampar/kelola/laporan/baris.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.active.values)
    assert rows[0][0] == "order" and len(rows) == 4
    assert {row[4] for row in rows[1:]} == {"500 g"}


def test_charts_name_months_and_keep_long_names_whole(client, staff, sales):
    from django.utils import timezone, translation
    from django.utils.formats import date_format

    from tokodesa.reports.templatetags.charts import bar_chart

    client.force_login(staff)
    html = client.get("/batu-ampar/kelola/laporan/").content.decode()
    with translation.override("id"):
        month = date_format(timezone.localdate(), "M Y")  # "Des 2026"
    assert f'font-size="13">{month}</text>' in html and "-12</text>" not in html
    chart = bar_chart([("Hiasan Air Mancur Bambu Besar (50 cm)", 185000), ("Gula", 22000)])
    assert ">Hiasan Air Mancur Bambu Besar (50 cm)</text>" in chart  # not cut at 20
    assert chart.count('<rect x="0"') == 2  # each bar under its own label
