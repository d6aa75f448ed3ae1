"""What an attacker tried in a day: guessing, malformed input, a database that goes away, and
the headers a browser needs to protect buyers."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from factories import make_product, place_order

from tokodesa.core.numbers import parse_int, posted_id, whole_rupiah

pytestmark = pytest.mark.django_db

PASSWORD = "Gula-Aren-2026!"


@pytest.fixture
def person(village):
    from tokodesa.villages.services import membership_grant

    user = get_user_model().objects.create_user("sari", password=PASSWORD, is_staff=True)
    membership_grant(village=village, user=user, role="staff")
    return user


# -- guessing passwords ----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/batu-ampar/masuk/", "/admin/login/"])
def test_fifty_wrong_passwords_then_the_right_one_does_not_log_in(client, person, url):
    answers = [
        client.post(url, {"username": "sari", "password": f"salah-{n}"}).status_code
        for n in range(50)
    ]
    assert answers.count(429) >= 40  # locked after a few tries, not after 50
    response = client.post(url, {"username": "sari", "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in html and "15 menit" in html
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_usernames_is_locked_out_too(client, person):
    for n in range(12):
        client.post("/batu-ampar/masuk/", {"username": f"orang{n}", "password": "x"})
    response = client.post("/batu-ampar/masuk/", {"username": "sari", "password": PASSWORD})
    assert response.status_code == 429
    # Another address can still log in as sari? No: her username is not locked (only the
    # address was), so from elsewhere she gets in.
    other = client.post(
        "/batu-ampar/masuk/",
        {"username": "sari", "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
    )
    assert other.status_code == 302


def test_a_few_mistakes_then_the_right_password_logs_in(client, person):
    for n in range(3):
        assert client.post("/batu-ampar/masuk/", {"username": "sari", "password": f"x{n}"})
    response = client.post("/batu-ampar/masuk/", {"username": "sari", "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(person.pk)


def test_the_admin_login_lands_on_the_admin_with_or_without_next(client, db):
    get_user_model().objects.create_superuser("operator", password=PASSWORD)
    response = client.post("/admin/login/", {"username": "operator", "password": PASSWORD})
    assert response.status_code == 302 and client.get(response["Location"], follow=True)
    client.logout()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "operator", "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_after_login_sends_an_anonymous_visitor_to_the_login(client, village):
    response = client.get("/batu-ampar/masuk/lanjut/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


# -- guessing the WhatsApp number of an order ---------------------------------------------


@pytest.fixture
def order(village, seller, regions, bank_account):
    variant = make_product(seller, "Gula Aren", price=20000, stock=50).variants.get()
    return place_order(village, [(variant, 1)])


def test_forty_guesses_from_fresh_sessions_are_counted_on_the_server(client, order):
    url = f"/batu-ampar/pesanan/{order.code}/"
    answers = []
    for n in range(40):
        client.cookies.clear()  # a fresh session each time
        response = client.post(url, {"whatsapp": f"0812{n:08d}"})
        answers.append(response.status_code)
    assert answers[:10] == [403] * 10 and set(answers[10:]) == {429}
    client.cookies.clear()
    # Even the right number is not checked any more for a while.
    response = client.post(url, {"whatsapp": "081298765432"})
    assert response.status_code == 429 and "Terlalu banyak" in response.content.decode()
    assert order.buyer_name not in response.content.decode()


def test_one_address_guessing_many_codes_is_stopped(client, order, village):
    for n in range(30):
        client.cookies.clear()
        client.post(f"/batu-ampar/pesanan/BTA-{n:05d}/", {"whatsapp": "081298765432"})
    response = client.post(f"/batu-ampar/pesanan/{order.code}/", {"whatsapp": "081298765432"})
    assert response.status_code == 429
    # The buyer on another network is not affected.
    response = client.post(
        f"/batu-ampar/pesanan/{order.code}/", {"whatsapp": "081298765432"}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302


def test_an_unknown_code_answers_exactly_as_a_known_one(client, order):
    import re

    def page(code, method="get"):
        client.cookies.clear()
        call = client.post if method == "post" else client.get
        response = call(f"/batu-ampar/pesanan/{code}/", {"whatsapp": "081211112222"})
        html = re.sub(r'value="[^"]{40,}"', "", response.content.decode()).replace(code, "CODE")
        return response.status_code, html

    unknown = "BTA-ZZZZZ" if order.code != "BTA-ZZZZZ" else "BTA-YYYYY"
    assert page(order.code) == page(unknown)
    assert page(order.code, "post") == page(unknown, "post")
    assert page(order.code, "post")[0] == 403


def test_the_client_address_behind_a_proxy_is_read_from_the_right(rf, settings):
    from tokodesa.core.clients import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 36.80.1.2")
    assert client_ip(request) == "127.0.0.1"  # no proxy configured: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "36.80.1.2"  # what nginx saw, not what the client wrote
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="")) == "127.0.0.1"


# -- malformed input ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path, data",
    [
        ("get", "/batu-ampar/pesanan/%00/", None),
        ("get", "/batu-ampar/produk/?seller=%00", None),
        ("get", "/batu-ampar/cari/?q=%00%01%02", None),
        ("get", "/batu-ampar/kategori/hasil-pertanian/?page=%00", None),
        ("post", "/batu-ampar/pesan/periksa/", {"key": "\x00"}),
        ("post", "/batu-ampar/keranjang/tambah/", {"variant": "1", "quantity": "1\x00"}),
        ("get", "/admin/orders/order/?status__exact=%00", None),
        ("get", "/", {"q\x00": "x"}),
    ],
)
def test_nul_bytes_anywhere_get_a_clear_400(admin_client, village, method, path, data):
    response = getattr(admin_client, method)(path, data or {})
    assert response.status_code == 400
    assert "tidak diperbolehkan" in response.content.decode()


def test_a_cookie_with_nul_is_ignored(client, village):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/batu-ampar/").status_code == 200


@pytest.mark.parametrize(
    "text, expected",
    [
        ("25", 25),
        (" 25 ", 25),
        ("²", None),
        ("١٢٣", None),
        ("9" * 30, None),
        ("9" * 5000, None),
        ("-1", None),
        ("1e9", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_one_parser_for_posted_numbers(text, expected):
    assert parse_int(text) == expected


def test_posted_ids_and_amounts_are_bounded():
    from django.core.exceptions import ValidationError

    assert posted_id({"id": "²"}, "id") == 0 and posted_id({"id": "9" * 30}, "id") == 0
    assert posted_id({"id": "12"}, "id") == 12
    assert whole_rupiah("Rp20.000") == 20000 and whole_rupiah("1 500 000") == 1_500_000
    for bad in ("²", "9" * 5000, "9" * 30, "20.00", "-5", "1,5"):
        with pytest.raises(ValidationError):
            whole_rupiah(bad)


def test_huge_numbers_in_forms_and_paths_are_refused_not_crashed(client, staff, order, seller):
    client.force_login(staff)
    response = client.post(
        f"/batu-ampar/kelola/pesanan/{order.code}/",
        {"action": "confirm", "shipping_fee": "9" * 30},
        follow=True,
    )
    assert response.status_code == 200
    assert client.get("/batu-ampar/produk/" + "9" * 30 + "/").status_code == 404
    assert client.post("/batu-ampar/keranjang/tambah/", {"variant": "9" * 30}).status_code < 500


def test_a_seller_cannot_overflow_the_stock(client, seller, village):
    from tokodesa.sellers.services import seller_link_user

    user = get_user_model().objects.create_user("siti", password="x")
    seller_link_user(seller=seller, user=user)
    variant = make_product(seller, "Gula", stock=5).variants.get()
    client.force_login(user)
    for delta in ("-" + "1" + "0" * 22, "9" * 30, "²", "99999999"):
        response = client.post(f"/batu-ampar/lapak/stok/{variant.pk}/", {"delta": delta})
        assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.stock == 5


def test_a_5000_digit_price_in_the_courier_csv_is_a_listed_error(village):
    from tokodesa.shipping.tariffs import load_table

    header = "courier,service,zone,first_kg,next_kg,days_min,days_max,rounding\n"
    table, errors = load_table(header + "jne,reg,1," + "9" * 5000 + ",1000,2,3,0.3\n")
    assert not table.rates and len(errors) == 1
    assert "harus antara" in str(errors[0]) and len(str(errors[0])) < 300


def test_a_media_name_too_long_for_the_disk_is_not_found(client, village):
    assert client.get("/media/" + "a" * 300 + ".webp").status_code == 404
    assert client.get("/media/" + "a/" * 300 + "x.webp").status_code == 404


def test_admin_filters_with_absurd_values_are_refused_not_crashed(admin_client, village):
    for query in (
        "created_at__year=" + "9" * 30,
        "created_at__month=²",
        "status__exact=" + "x" * 500,
    ):
        response = admin_client.get(f"/admin/orders/order/?{query}")
        assert response.status_code in (200, 302), query


# -- the database briefly away -------------------------------------------------------------


def test_a_database_that_is_away_gives_the_busy_page_not_an_error(client, village, monkeypatch):
    from django.db import OperationalError

    from tokodesa.villages import middleware

    def away(**kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    # In a middleware, before any view: handler500 answers.
    monkeypatch.setattr(middleware, "village_by_slug", away)
    client.raise_request_exception = False
    response = client.get("/batu-ampar/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "sibuk" in response.content.decode()


def test_a_database_error_in_a_view_gives_the_busy_page(shop, seller, monkeypatch):
    from django.db import InterfaceError

    from tokodesa.catalog import selectors

    def closed(**kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(selectors, "home_products", closed)
    response = shop.get("/")
    assert response.status_code == 503 and "sibuk" in response.content.decode()


# -- headers -------------------------------------------------------------------------------


def test_every_page_has_a_strict_content_security_policy(client, village, seller):
    make_product(seller, "Gula Aren")
    for url in ("/", "/batu-ampar/", "/batu-ampar/produk/", "/admin/login/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def _settings_with(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, bool(s.SECURE_PROXY_SSL_HEADER)]))"
    )
    environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "tokodesa.settings", **env}
    environ.pop("BEHIND_TLS_PROXY", None) if "BEHIND_TLS_PROXY" not in env else None
    out = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


def test_behind_a_tls_proxy_hsts_and_secure_cookies_are_on():
    assert _settings_with(BEHIND_TLS_PROXY="1") == "[31536000, true, true, true]"
    assert _settings_with() == "[0, false, false, false]"


def test_photos_are_never_gzipped_again_but_pages_are(client, village, seller):
    from factories import jpeg_bytes, make_product, upload

    from tokodesa.catalog.services import product_image_add

    product = make_product(seller, "Gula Aren")
    image = product_image_add(product=product, upload=upload(jpeg_bytes((900, 700))))
    photo = client.get(image.image.url, HTTP_ACCEPT_ENCODING="gzip")
    assert photo.status_code == 200 and photo["Content-Type"] == "image/webp"
    assert "Content-Encoding" not in photo
    page = client.get("/batu-ampar/", HTTP_ACCEPT_ENCODING="gzip")
    assert page["Content-Encoding"] == "gzip"
