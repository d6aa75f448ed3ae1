"""Who may open which back-office page, for their own village and for another one."""

import re

import pytest
from django.contrib.auth import get_user_model
from factories import make_product, make_seller, place_order

from tokodesa.sellers.services import seller_link_user
from tokodesa.villages.services import membership_grant

pytestmark = pytest.mark.django_db

# Every back-office and seller page: each route of the shop under kelola/ or lapak/ must be
# listed here (test_every_back_office_route_is_in_the_matrix), with its parameters filled.
TEAM_PAGES = [
    "kelola/",
    "kelola/catatan/",
    "kelola/pendaftar/",
    "kelola/warga-baru/",
    "kelola/warga/{seller}/akun/",
    "kelola/pesanan/",
    "kelola/pesanan/{code}/",
    "kelola/pesanan/{code}/label/",
    "kelola/kemas/",
    "kelola/pesan-dulu/",
    "kelola/produk/",
    "kelola/produk/impor/",
    "kelola/produk/impor/contoh.csv",
    "kelola/penjual/",
    "kelola/penjual/{seller}/",
    "kelola/pembayaran-penjual/{payout}/",
    "kelola/bukti/{record}/",
    "kelola/laporan/",
    "kelola/laporan/pesanan.csv",
    "kelola/laporan/pesanan.xlsx",
    "kelola/ongkir/",
    "kelola/pemasaran/",
    "kelola/potongan-harga/",
    "kelola/ulasan/",
    "kelola/masalah/",
    "kelola/voucher/",
    "kelola/voucher/baru/",
    "kelola/voucher/{voucher}/",
]
# Pages that only take a POST: the team gets "method not allowed", everyone else what a GET
# of a team page gets.
TEAM_POST_PAGES = [
    "kelola/pesanan/sekaligus/",
    "kelola/warga/{seller}/akun/tautan/",
    "kelola/voucher/{voucher}/status/",
]
ADMIN_PAGES = ["kelola/desa/", "kelola/pembayaran/", "kelola/api/"]
SELLER_PAGES = [
    "lapak/",
    "lapak/uang/",
    "lapak/ulasan/",
    "lapak/produk/baru/",
    "lapak/produk/{product}/",
]
SELLER_POST_PAGES = [
    "lapak/produk/{product}/jeda/",
    "lapak/produk/{product}/foto/hapus/",
    "lapak/stok/{variant}/",
    "lapak/produk/{product}/potongan/",
]
# Not back-office pages although under lapak/: the one-time link a new seller opens.
PUBLIC_ROUTES = ["lapak/aktifkan/<uidb64>/<token>/"]

ROLES = [
    "operator",
    "admin",
    "staff",
    "seller",
    "buyer",
    "anonymous",
    "admin_elsewhere",
    "staff_elsewhere",
    "seller_elsewhere",
]
TEAM_ACCESS = {"operator": 200, "admin": 200, "staff": 200, "anonymous": 302}
ADMIN_ACCESS = {"operator": 200, "admin": 200, "anonymous": 302}
SELLER_ACCESS = {"seller": 200, "anonymous": 302}


@pytest.fixture
def world(village, other_village, regions, bank_account):
    seller = make_seller(village, display_name="Ibu Siti")
    product = make_product(seller, "Gula Aren")
    order = place_order(village, [(product.variants.get(), 1)])
    User = get_user_model()
    users = {
        "operator": User.objects.create_superuser("op", "op@x.id", "x"),
        "buyer": User.objects.create_user("pembeli", password="x"),
    }
    for role, place in (
        ("admin", village),
        ("staff", village),
        ("admin_elsewhere", other_village),
        ("staff_elsewhere", other_village),
    ):
        users[role] = User.objects.create_user(role, password="x")
        membership_grant(village=place, user=users[role], role=role.split("_")[0])
    users["seller"] = User.objects.create_user("siti", password="x")
    seller_link_user(seller=seller, user=users["seller"])
    users["seller_elsewhere"] = User.objects.create_user("wagiman", password="x")
    seller_link_user(
        seller=make_seller(other_village, display_name="Pak Wagiman"),
        user=users["seller_elsewhere"],
    )
    from datetime import date

    from factories import jpeg_bytes, upload

    from tokodesa.ledger.models import Payout
    from tokodesa.marketing.services import voucher_save
    from tokodesa.payments.services import payment_claim

    record = payment_claim(order=order, proof=upload(jpeg_bytes(), "bukti.jpg"))
    voucher = voucher_save(
        village=village, code="PANEN10", kind="percent", value=10, starts_on=date(2026, 1, 1)
    )
    payout = Payout.objects.create(
        village=village, seller=seller, amount=1000, method="cash", actor_label="Sari"
    )
    return {
        "users": users,
        "fill": {
            "code": order.code,
            "seller": seller.pk,
            "product": product.pk,
            "variant": product.variants.get().pk,
            "payout": payout.pk,
            "record": record.pk,
            "voucher": voucher.pk,
        },
    }


def _routes(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if hasattr(entry, "url_patterns"):
            yield from _routes(entry.url_patterns, route)
        else:
            yield route


def test_every_back_office_route_is_in_the_matrix():
    from django.urls import get_resolver

    listed = [
        re.sub(r"\{[^}]+\}", "1", page)
        for page in TEAM_PAGES + TEAM_POST_PAGES + ADMIN_PAGES + SELLER_PAGES + SELLER_POST_PAGES
    ]
    routes = [
        route
        for route in _routes(get_resolver("tokodesa.shop_urls").url_patterns)
        if route.startswith(("kelola/", "lapak/")) and route not in PUBLIC_ROUTES
    ]
    patterns = {route: re.compile(re.sub(r"<[^>]+>", "[^/]+", route) + "$") for route in routes}
    unlisted = [r for r in routes if not any(patterns[r].match(page) for page in listed)]
    stale = [page for page in listed if not any(p.match(page) for p in patterns.values())]
    assert (unlisted, stale) == ([], [])


@pytest.mark.parametrize("role", ROLES)
def test_back_office_pages_by_role(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    seen = {}
    for page in TEAM_PAGES:
        seen[page] = client.get("/batu-ampar/" + page.format(**world["fill"])).status_code
    assert seen == {page: TEAM_ACCESS.get(role, 404) for page in TEAM_PAGES}
    seen = {}
    for page in TEAM_POST_PAGES:
        seen[page] = client.get("/batu-ampar/" + page.format(**world["fill"])).status_code
    expected = TEAM_ACCESS.get(role, 404)
    assert seen == dict.fromkeys(TEAM_POST_PAGES, 405 if expected == 200 else expected)
    seen = {}
    for page in ADMIN_PAGES:
        seen[page] = client.get("/batu-ampar/" + page.format(**world["fill"])).status_code
    assert seen == {page: ADMIN_ACCESS.get(role, 404) for page in ADMIN_PAGES}
    seen = {}
    for page in SELLER_PAGES:
        seen[page] = client.get("/batu-ampar/" + page.format(**world["fill"])).status_code
    assert seen == {page: SELLER_ACCESS.get(role, 404) for page in SELLER_PAGES}
    seen = {}
    for page in SELLER_POST_PAGES:
        seen[page] = client.get("/batu-ampar/" + page.format(**world["fill"])).status_code
    expected = SELLER_ACCESS.get(role, 404)
    assert seen == dict.fromkeys(SELLER_POST_PAGES, 405 if expected == 200 else expected)


@pytest.mark.parametrize("role", ["admin_elsewhere", "staff_elsewhere", "seller", "buyer"])
def test_state_changes_are_refused_for_outsiders(client, world, role):
    from tokodesa.orders.models import Order

    client.force_login(world["users"][role])
    code = world["fill"]["code"]
    for data in ({"action": "paid"}, {"action": "cancel", "reason": "x"}):
        assert client.post(f"/batu-ampar/kelola/pesanan/{code}/", data).status_code == 404
    assert (
        client.post(
            f"/batu-ampar/kelola/penjual/{world['fill']['seller']}/",
            {"amount": "1", "method": "cash"},
        ).status_code
        == 404
    )
    assert Order.objects.get(code=code).status == "awaiting_payment"


@pytest.mark.parametrize(
    "path, field",
    [
        ("kelola/produk/", "product"),
        ("kelola/pendaftar/", "seller"),
        ("kelola/desa/", "user"),
        ("kelola/desa/", "account"),
    ],
)
def test_malformed_ids_in_team_forms_never_give_a_server_error(client, world, path, field):
    client.force_login(world["users"]["admin"])
    part = {"user": "remove", "account": "bank-off"}.get(field, "")
    for value in ("abc", "-1", "1e9", "", "9" * 40):
        response = client.post(f"/batu-ampar/{path}", {field: value, "part": part, "approve": "1"})
        assert response.status_code in (302, 404), (value, response.status_code)
