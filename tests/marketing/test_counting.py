"""Knowing what sells without spying: page views, carts, checkouts and orders counted by
source and product, with no cookie, no personal data and no query added to a page view."""

import re
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CHECKOUT_FORM, make_product

from tokodesa.marketing.models import DailyCount
from tokodesa.marketing.services import counts_flush

pytestmark = pytest.mark.django_db
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 10; Redmi 9A) Chrome/120 Mobile"}
BUYER = CHECKOUT_FORM


def flush():
    return counts_flush(now=time.time() + 180)  # the minutes counted so far have ended


@pytest.fixture
def gula(seller, regions, bank_account):
    return make_product(seller, "Gula Aren", price=22000, stock=20)


def test_a_counted_page_view_costs_no_query_and_do_not_track_is_honoured(client, gula):
    def queries(path, **headers):
        with CaptureQueriesContext(connection) as seen:
            assert client.get(path, **headers).status_code == 200
        return len(seen)

    page = "/batu-ampar/produk/gula-aren/"
    client.get(page, HTTP_DNT="1")  # the village and the category tree looked up once
    # Rendered fresh, then kept: counting costs no query either way.
    assert queries(page + "?src=wa", **PHONE) == queries(page + "?src=fb", **PHONE, HTTP_DNT="1")
    assert queries(page + "?src=wa", **PHONE) == queries(page + "?src=fb", **PHONE, HTTP_DNT="1")
    client.get(page, **PHONE, HTTP_SEC_GPC="1")
    client.get(page, HTTP_USER_AGENT="Googlebot/2.1")
    client.get(page, HTTP_USER_AGENT="WhatsApp/2.23 (link preview)")
    assert flush() == 2  # the two views from WhatsApp; none of the rest
    rows = DailyCount.objects.filter(kind="view")
    assert [(r.page, r.product_id, r.source, r.n) for r in rows] == [("product", gula.pk, "wa", 2)]
    assert flush() == 0  # taken once
    # A later minute's counts are added to the same row (as the worker's next run does).
    cache.delete("hits-flushed")
    client.get(page + "?src=wa", **PHONE)
    assert flush() == 1 and DailyCount.objects.get(kind="view").n == 3


def test_the_team_sees_a_visit_from_whatsapp_turn_into_an_order(client, village, staff, gula):
    landing = "http://testserver/batu-ampar/produk/gula-aren/?utm_source=wa&utm_campaign=panen"
    client.get("/batu-ampar/", **PHONE, HTTP_REFERER="https://www.facebook.com/")
    client.get(landing.removeprefix("http://testserver"), **PHONE)
    client.post(
        "/batu-ampar/keranjang/tambah/",
        {"variant": gula.variants.get().pk, "quantity": 2},
        HTTP_REFERER=landing,
        **PHONE,
    )
    client.get("/batu-ampar/pesan/", **PHONE)
    client.get("/batu-ampar/pesan/", **PHONE)  # the same checkout: counted once
    client.post("/batu-ampar/pesan/", BUYER, **PHONE)
    review = client.get("/batu-ampar/pesan/periksa/", **PHONE).content.decode()
    key = re.search(r'name="key" value="(\w+)"', review)[1]
    client.post("/batu-ampar/pesan/periksa/", {"key": key, "total": "44000"}, **PHONE)
    # Not flushed yet (the worker takes minutes that ended): the page shows them anyway.

    client.force_login(staff)
    page = client.get("/batu-ampar/kelola/pemasaran/").content.decode()
    main = page[page.find("<h1") : page.find("<footer")]
    assert (
        "<strong>WhatsApp</strong><br>\n<small>Dilihat 1 · Keranjang 1 · Pesanan 1 · Rp44.000"
        in main
    )
    assert "<strong>facebook.com</strong>" in main
    assert "Gula Aren" in main and "<svg" in main
    csv_text = client.get("/batu-ampar/kelola/pemasaran/?unduh=sumber").content.decode()
    assert "wa,1,1,1,1,44000" in csv_text
    # Nothing stored names a person: counts by day, page, product and source only.
    assert {f.name for f in DailyCount._meta.get_fields()} == {
        "id", "village", "day", "kind", "page", "product", "source", "n",
    }  # fmt: skip


def test_a_seller_sees_how_often_her_products_were_seen(client, village, gula, seller):
    from django.contrib.auth import get_user_model

    from tokodesa.sellers.services import seller_link_user

    for _ in range(3):
        client.get("/batu-ampar/produk/gula-aren/", **PHONE)
    flush()
    user = get_user_model().objects.create_user("siti", password="x")
    seller_link_user(seller=seller, user=user)
    client.force_login(user)
    assert "Dilihat 3 kali dalam 30 hari" in client.get("/batu-ampar/lapak/").content.decode()
