"""The buyer's path through HTTP: cart → checkout → review → order page."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import make_product, make_seller

from tokodesa.catalog.models import Variant
from tokodesa.orders.models import Order

pytestmark = pytest.mark.django_db

BUYER = {
    "name": "Rina Wulandari",
    "whatsapp": "0812-9876-5432",
    "email": "rina@example.id",
    "province": "34",
    "regency": "34.71",
    "district": "34.71.01",
    "village": "34.71.01.1001",
    "street": "Jl. Suryowijayan 12",
    "rt_rw": "03/05",
    "postal_code": "",
    "note": "",
    "delivery": "pickup",
    "payment": "bank_transfer",
}


@pytest.fixture
def goods(village, seller, regions, bank_account):
    other = make_seller(village, display_name="Pak Darmawan")
    return {
        "gula": make_product(seller, "Gula Aren", price=22000, stock=5).variants.get(),
        "cangkir": make_product(
            other, "Cangkir Bambu", category_slug="kerajinan-bambu", price=15000, stock=3
        ).variants.get(),
    }


def add(client, variant, quantity=1):
    return client.post(
        "/batu-ampar/keranjang/tambah/", {"variant": variant.pk, "quantity": quantity}
    )


def test_buyer_orders_products_of_two_sellers_as_a_guest(
    client, goods, django_capture_on_commit_callbacks
):
    type(goods["gula"].village).objects.update(email="toko@batuampar.id")
    add(client, goods["gula"], 2)
    add(client, goods["cangkir"])
    cart = client.get("/batu-ampar/keranjang/").content.decode()
    assert "Rp44.000" in cart and "Rp59.000" in cart and "2 warga" in cart

    response = client.post("/batu-ampar/pesan/", BUYER)
    assert response.status_code == 302 and response["Location"] == "/batu-ampar/pesan/periksa/"
    review = client.get("/batu-ampar/pesan/periksa/").content.decode()
    assert "Rp59.000" in review and "Gedongkiwo" in review and "Kota Yogyakarta" in review
    key = re.search(r'name="key" value="(\w+)"', review)[1]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/batu-ampar/pesan/periksa/", {"key": key, "total": "59000"})
    order = Order.objects.get()
    assert response["Location"] == f"/batu-ampar/pesanan/{order.code}/"
    assert re.fullmatch(r"BTA-[2-9A-HJKMNP-Z]{5}", order.code)
    assert (order.status, order.total, order.buyer_whatsapp) == (
        "awaiting_payment",
        59000,
        "+6281298765432",
    )
    assert order.postal_code == "55142"  # from the official list
    assert [(line.product_name, line.quantity, line.seller_name) for line in order.lines.all()] == [
        ("Gula Aren", 2, goods["gula"].product.seller.title),
        ("Cangkir Bambu", 1, "Pak Darmawan"),
    ]
    assert Variant.objects.get(pk=goods["gula"].pk).stock == 3
    page = client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()
    assert "Menunggu pembayaran" in page and "0123-01-000456-30-1" in page
    assert "https://wa.me/6281234567801?text=" in page
    assert client.get("/batu-ampar/keranjang/").content.decode().count("Keranjang Anda kosong") == 1
    assert {m.to[0] for m in mail.outbox} >= {"rina@example.id"}
    # Every message names the amount the buyer saw before placing: kode unik included.
    payable = f"Rp{order.payable:,}".replace(",", ".")
    to_buyer = next(m for m in mail.outbox if m.to == ["rina@example.id"])
    to_team = next(m for m in mail.outbox if m.to != ["rina@example.id"])
    assert f"Total: {payable}" in to_buyer.body and f"Total: {payable}" in to_team.body
    assert (
        to_team.subject
        == f"[Desa Batu Ampar] Pesanan baru {order.code} dari Rina Wulandari, {payable}"
    )


def test_the_order_page_asks_strangers_for_the_whatsapp_number(client, goods):
    add(client, goods["gula"])
    client.post("/batu-ampar/pesan/", BUYER)
    review = client.get("/batu-ampar/pesan/periksa/").content.decode()
    key = re.search(r'name="key" value="(\w+)"', review)[1]
    client.post("/batu-ampar/pesan/periksa/", {"key": key, "total": "22000"})
    order = Order.objects.get()

    client.cookies.clear()
    page = client.get(f"/batu-ampar/pesanan/{order.code}/")
    assert "nomor WhatsApp" in page.content.decode() and "Gula Aren" not in page.content.decode()
    wrong = client.post(f"/batu-ampar/pesanan/{order.code}/", {"whatsapp": "081111111111"})
    assert wrong.status_code == 403 and "tidak cocok" in wrong.content.decode()
    right = client.post(f"/batu-ampar/pesanan/{order.code}/", {"whatsapp": "+62 812 9876 5432"})
    assert right.status_code == 302
    assert "Gula Aren" in client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()


def test_whatsapp_order_reserves_stock_and_opens_whatsapp(client, goods):
    add(client, goods["cangkir"], 2)
    data = {k: v for k, v in BUYER.items() if k not in ("delivery", "payment")}
    response = client.post("/batu-ampar/pesan/", {**data, "via": "whatsapp"})
    order = Order.objects.get()
    assert order.status == "awaiting_confirmation" and order.channel == "whatsapp"
    assert Variant.objects.get(pk=goods["cangkir"].pk).stock == 1
    location = response["Location"]
    assert location.startswith("https://wa.me/6281234567801?text=")
    from urllib.parse import unquote

    text = unquote(location.split("text=", 1)[1])
    for expected in (
        order.code,
        "2 × Cangkir Bambu",
        "Rp30.000",
        "Rina Wulandari",
        "Jl. Suryowijayan 12",
        f"/batu-ampar/pesanan/{order.code}/",
    ):
        assert expected in text


def test_region_pickers_work_without_javascript(client, goods):
    add(client, goods["gula"])
    page = client.post("/batu-ampar/pesan/", {"province": "34", "refresh": "province"})
    html = page.content.decode()
    assert page.status_code == 200 and "Kota Yogyakarta" in html
    assert "Mantrijeron" not in html and "errorlist" not in html
    html = client.post(
        "/batu-ampar/pesan/", {"province": "34", "regency": "34.71", "refresh": "regency"}
    ).content.decode()
    assert "Mantrijeron" in html
    chosen = {"province": "34", "regency": "34.71", "district": "34.71.01"}
    html = client.post(
        "/batu-ampar/pesan/", {**chosen, "village": "34.71.01.1001", "refresh": "village"}
    ).content.decode()
    assert 'name="postal_code" value="55142"' in html  # the desa's own, from the official list
    assert "Kode pos (boleh dikosongkan)" in html


def test_region_children_endpoint(client, village, regions):
    data = client.get("/batu-ampar/wilayah/?induk=34.71.01").json()
    assert data["regions"] == [
        {"code": "34.71.01.1001", "name": "Gedongkiwo", "postal_code": "55142"}
    ]
    assert client.get("/wilayah/?induk=<script>").json() == {"regions": []}
    assert len(client.get("/wilayah/").json()["regions"]) == 2


def test_double_submitted_review_makes_one_order(client, goods):
    add(client, goods["gula"])
    client.post("/batu-ampar/pesan/", BUYER)
    review = client.get("/batu-ampar/pesan/periksa/").content.decode()
    key = re.search(r'name="key" value="(\w+)"', review)[1]
    first = client.post("/batu-ampar/pesan/periksa/", {"key": key, "total": "22000"})
    second = client.post("/batu-ampar/pesan/periksa/", {"key": key, "total": "22000"})
    assert Order.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_bad_checkout_input_gets_clear_messages(client, goods):
    add(client, goods["gula"])
    bad = {**BUYER, "whatsapp": "12345", "village": "99.99.99.9999", "street": ""}
    html = client.post("/batu-ampar/pesan/", bad).content.decode()
    assert "bukan nomor HP yang benar" in html
    assert "Periksa isian yang ditandai" in html
    assert Order.objects.count() == 0


def test_price_changed_after_review_refuses_the_order(client, goods):
    add(client, goods["gula"])
    client.post("/batu-ampar/pesan/", BUYER)
    review = client.get("/batu-ampar/pesan/periksa/").content.decode()
    key = re.search(r'name="key" value="(\w+)"', review)[1]
    Variant.objects.filter(pk=goods["gula"].pk).update(price=25000)
    response = client.post(
        "/batu-ampar/pesan/periksa/", {"key": key, "total": "22000"}, follow=True
    )
    assert "harga yang berubah" in response.content.decode()
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    "variant, quantity",
    [("abc", 1), ("999999", 1), ("", 1), (None, "-3"), (None, "100000"), (None, "1e3")],
)
def test_tampered_cart_forms_are_refused_plainly(client, goods, variant, quantity):
    data = {"variant": goods["gula"].pk if variant is None else variant, "quantity": quantity}
    response = client.post("/batu-ampar/keranjang/tambah/", data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "alert" in html or "error" in html
    assert "Keranjang Anda kosong" in html


def test_a_variant_of_another_village_cannot_enter_the_cart(client, goods, other_village):
    theirs = make_product(make_seller(other_village), "Guci").variants.get()
    response = client.post("/batu-ampar/keranjang/tambah/", {"variant": theirs.pk}, follow=True)
    assert "(lagi) dijual di toko ini" in response.content.decode()


def test_checkout_without_csrf_token_is_refused(goods):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/batu-ampar/keranjang/tambah/", {"variant": goods["gula"].pk})
    assert response.status_code == 403


def test_placing_an_order_prices_it_once(client, goods):
    """One quote per request: the settings rows are read once each, the village not at all
    (remembered since the first request), and the whole request (session, cart, stock,
    order, lines, history) stays small."""
    add(client, goods["gula"], 2)
    add(client, goods["cangkir"])
    client.post("/batu-ampar/pesan/", BUYER)
    key = re.search(r'name="key" value="(\w+)"', client.get("/batu-ampar/pesan/periksa/").text)[1]

    with CaptureQueriesContext(connection) as placing:
        response = client.post("/batu-ampar/pesan/periksa/", {"key": key, "total": "59000"})
    assert response.status_code == 302 and Order.objects.count() == 1
    reads = [q["sql"] for q in placing.captured_queries if q["sql"].startswith("SELECT")]

    def reads_of(table):
        return sum(f'FROM "{table}"' in sql for sql in reads)

    # Remembered since the review page read them; a change is seen at once (next test).
    assert reads_of("shipping_shippingsettings") == 0
    assert reads_of("payments_paymentsettings") == 0
    assert reads_of("villages_village") == 0
    assert reads_of("regions_region") == 0  # the address, remembered since the review page
    assert reads_of("orders_order") == 0  # no look-up of the form's key: a clash finds it
    # The test's own transaction turns each transaction of the request into a savepoint;
    # in production those are BEGIN and COMMIT, which are not counted.
    statements = [q["sql"] for q in placing.captured_queries]
    counted = [sql for sql in statements if not sql.startswith(("SAVEPOINT", "RELEASE"))]
    assert len(counted) <= 15, "\n".join(sql[:120] for sql in counted)
    stock = [sql for sql in counted if "UPDATE" in sql and "catalog_" in sql]
    assert len(stock) == 2  # all variants in one statement, all their products in another


def _review(client):
    html = client.get("/batu-ampar/pesan/periksa/").content.decode()
    key = re.search(r'name="key" value="(\w+)"', html)[1]
    code = re.search(r"<dt>Kode unik</dt><dd>Rp(\d+)</dd>", html)
    return html, key, int(code[1]) if code else 0


def test_the_amount_to_transfer_is_shown_before_the_order_is_placed(client, goods):
    add(client, goods["gula"])
    client.post("/batu-ampar/pesan/", BUYER)
    html, key, code = _review(client)
    assert 1 <= code <= 999
    payable = f"Rp{22000 + code:,}".replace(",", ".")
    assert f"Buat pesanan · {payable}" in html
    assert _review(client)[2] == code  # looking again keeps the amount
    response = client.post("/batu-ampar/pesan/periksa/", {"key": key, "total": "22000"})
    order = Order.objects.get()
    assert response["Location"].endswith(f"/pesanan/{order.code}/")
    assert (order.unique_code, order.payable) == (code, 22000 + code)


def test_a_kode_unik_taken_meanwhile_shows_the_new_amount_before_placing(client, goods):
    add(client, goods["gula"])
    client.post("/batu-ampar/pesan/", BUYER)
    _html, key, code = _review(client)
    # Another buyer's open order gets the same amount to transfer in the meantime.
    from factories import place_order

    other = place_order(goods["gula"].village, [(goods["gula"], 1)], buyer="Budi")
    Order.objects.filter(pk=other.pk).update(unique_code=code, payable=22000 + code)

    response = client.post(
        "/batu-ampar/pesan/periksa/", {"key": key, "total": "22000"}, follow=True
    )
    assert Order.objects.count() == 1  # nothing placed with an amount the buyer did not see
    html = response.content.decode()
    assert "jumlah transfer yang sama" in html
    new = int(re.search(r"<dt>Kode unik</dt><dd>Rp(\d+)</dd>", html)[1])
    assert new != code
    key = re.search(r'name="key" value="(\w+)"', html)[1]
    client.post("/batu-ampar/pesan/periksa/", {"key": key, "total": "22000"})
    assert Order.objects.exclude(pk=other.pk).get().payable == 22000 + new


def test_a_form_placed_twice_returns_the_first_order_even_when_stock_ran_out(goods):
    from tokodesa.cart.services import cart_add, cart_get_or_create
    from tokodesa.checkout import services as checkout

    village = goods["cangkir"].village
    carts = [cart_get_or_create(village=village, session={}) for _ in range(2)]
    for cart in carts:  # the same cart, as two requests each read it
        cart_add(cart=cart, variant_id=goods["cangkir"].pk, quantity=3)

    def place(cart):
        return checkout.order_place(
            cart=cart,
            buyer=checkout.BuyerDetails(name="Rina", whatsapp="081298765432"),
            address=checkout.AddressDetails(village_code="34.71.01.1001", street="Jl. A 1"),
            delivery_code="pickup",
            payment_code="bank_transfer",
            idempotency_key="k1",
        )

    first = place(carts[0])
    again = place(carts[1])  # its stock is gone: the first order is the answer, not an error
    assert again.pk == first.pk and Order.objects.count() == 1
    assert Variant.objects.get(pk=goods["cangkir"].pk).stock == 0


def test_checkout_sees_a_changed_payment_route_or_shipping_setting_at_once(
    client, goods, bank_account, village_admin
):
    from tokodesa.payments.services import bank_account_change, payment_settings_update
    from tokodesa.shipping.services import shipping_settings_update

    village = goods["gula"].village
    add(client, goods["gula"])
    html = client.get("/batu-ampar/pesan/").content.decode()
    assert 'value="bank_transfer"' in html and "Buka 07.00" not in html
    bank_account_change(
        village=village, actor=village_admin, account_id=bank_account.pk, is_active=False
    )
    shipping_settings_update(village=village, opening_hours="Buka 07.00")
    html = client.get("/batu-ampar/pesan/").content.decode()
    assert 'value="bank_transfer"' not in html and "Buka 07.00" in html
    payment_settings_update(village=village, actor=village_admin, cod_enabled=True)
    assert 'value="cod"' in client.get("/batu-ampar/pesan/").content.decode()


def _checked_delivery(html: str) -> str:
    return re.search(r'name="delivery" value="([^"]+)" checked', html)[1]


def test_the_default_delivery_reaches_the_buyer(client, goods):
    add(client, goods["gula"])
    # A desa in Yogyakarta was just chosen (JS posts the form to price the deliveries): the
    # pickup in Kepahiang that was the default before the address is not kept.
    far = {**BUYER, "refresh": "village"}
    assert _checked_delivery(client.post("/batu-ampar/pesan/", far).content.decode()).startswith(
        "courier:"
    )
    near = {
        **far,
        "province": "17",
        "regency": "17.08",
        "district": "17.08.05",
        "village": "17.08.05.2007",
    }
    html = client.post("/batu-ampar/pesan/", near).content.decode()
    assert _checked_delivery(html) == "pickup"  # a neighbour: the cheapest, fetched at the shop
