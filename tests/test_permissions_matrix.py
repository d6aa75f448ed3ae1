"""Who may open which back-office page, for their own village and for another one."""

import pytest
from django.contrib.auth import get_user_model
from factories import make_product, make_seller

from tokodesa.cart.services import cart_add, cart_get_or_create
from tokodesa.orders import services as orders
from tokodesa.sellers.services import seller_link_user
from tokodesa.villages.services import membership_grant

pytestmark = pytest.mark.django_db

TEAM_PAGES = [
    "kelola/pesanan/",
    "kelola/pesanan/{code}/",
    "kelola/pesanan/{code}/label/",
    "kelola/kemas/",
    "kelola/produk/",
    "kelola/penjual/",
    "kelola/penjual/{seller}/",
    "kelola/laporan/",
    "kelola/laporan/pesanan.csv",
    "kelola/ongkir/",
]
SELLER_PAGES = ["lapak/", "lapak/uang/", "lapak/produk/baru/", "lapak/produk/{product}/"]

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
SELLER_ACCESS = {"seller": 200, "anonymous": 302}


@pytest.fixture
def world(village, other_village, regions, bank_account):
    seller = make_seller(village, display_name="Ibu Siti")
    product = make_product(seller, "Gula Aren")
    cart = cart_get_or_create(village=village, session={})
    cart_add(cart=cart, variant_id=product.variants.get().pk)
    order = orders.order_place(
        cart=cart,
        buyer=orders.BuyerDetails(name="Rina", whatsapp="081298765432"),
        address=orders.AddressDetails(village_code="34.71.01.1001", street="Jl. A 1"),
        delivery_code="pickup",
        payment_code="bank_transfer",
    )
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
    return {
        "users": users,
        "fill": {"code": order.code, "seller": seller.pk, "product": product.pk},
    }


@pytest.mark.parametrize("role", ROLES)
def test_back_office_pages_by_role(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    seen = {}
    for page in TEAM_PAGES:
        seen[page] = client.get("/batu-ampar/" + page.format(**world["fill"])).status_code
    assert seen == {page: TEAM_ACCESS.get(role, 404) for page in TEAM_PAGES}
    seen = {}
    for page in SELLER_PAGES:
        seen[page] = client.get("/batu-ampar/" + page.format(**world["fill"])).status_code
    assert seen == {page: SELLER_ACCESS.get(role, 404) for page in SELLER_PAGES}


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
