"""The shop team's order pages: who may use them, and the transitions through HTTP."""

import pytest
from django.contrib.auth import get_user_model
from factories import make_product, place_order

from tokodesa.orders.models import Order
from tokodesa.villages.services import membership_grant

pytestmark = pytest.mark.django_db


def login(client, village, role, username="tim"):
    user = get_user_model().objects.create_user(username, password="x")
    if role:
        membership_grant(village=village, user=user, role=role)
    client.force_login(user)
    return user


@pytest.fixture
def order(village, seller, regions, bank_account):
    variant = make_product(seller, "Gula Aren", price=22000, stock=5).variants.get()
    return place_order(village, [(variant, 2)], delivery="whatsapp", payment="")


def test_staff_confirm_a_whatsapp_order_with_the_agreed_fee(client, village, order):
    login(client, village, "staff")
    listing = client.get("/batu-ampar/kelola/pesanan/").content.decode()
    assert order.code in listing and "Rina" in listing
    page = client.get(f"/batu-ampar/kelola/pesanan/{order.code}/").content.decode()
    assert "Konfirmasi pesanan" in page
    response = client.post(
        f"/batu-ampar/kelola/pesanan/{order.code}/",
        {"action": "confirm", "shipping_fee": "18.000"},
        follow=True,
    )
    assert "sekarang: menunggu pembayaran" in response.content.decode()
    order.refresh_from_db()
    assert (order.status, order.shipping_fee, order.total) == ("awaiting_payment", 18000, 62000)


def test_staff_walk_an_order_to_the_end_and_history_shows_who(client, village, order):
    login(client, village, "staff")
    url = f"/batu-ampar/kelola/pesanan/{order.code}/"
    client.post(url, {"action": "confirm", "shipping_fee": "0"})
    for action in ("paid", "prepare", "ship", "complete"):
        client.post(url, {"action": action})
    order.refresh_from_db()
    assert order.status == "completed"
    assert list(order.events.values_list("to_status", flat=True)) == [
        "awaiting_confirmation",
        "awaiting_payment",
        "paid",
        "processing",
        "shipped",
        "completed",
    ]
    assert set(order.events.exclude(from_status="").values_list("actor_label", flat=True)) == {
        "tim"
    }


def test_illegal_or_malformed_actions_give_a_message_not_an_error(client, village, order):
    login(client, village, "staff")
    url = f"/batu-ampar/kelola/pesanan/{order.code}/"
    for data in (
        {"action": "complete"},
        {"action": "rm -rf"},
        {"action": "confirm", "shipping_fee": "gratis"},
        {"action": "cancel", "reason": ""},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert 'class="error"' in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == "awaiting_confirmation"


def test_cancel_with_a_reason_puts_stock_back(client, village, order):
    login(client, village, "admin")
    variant = order.lines.get().variant
    client.post(
        f"/batu-ampar/kelola/pesanan/{order.code}/",
        {"action": "cancel", "reason": "Pembeli tidak jadi"},
    )
    variant.refresh_from_db()
    assert Order.objects.get(pk=order.pk).status == "cancelled" and variant.stock == 5


@pytest.mark.parametrize("role", [None, "seller"])
def test_people_outside_the_team_cannot_see_or_change_orders(client, village, order, role):
    login(client, village, role)
    assert client.get("/batu-ampar/kelola/pesanan/").status_code == 404
    response = client.post(
        f"/batu-ampar/kelola/pesanan/{order.code}/", {"action": "cancel", "reason": "x"}
    )
    assert response.status_code == 404
    assert Order.objects.get(pk=order.pk).status == "awaiting_confirmation"


def test_anonymous_visitors_are_sent_to_log_in(client, village, order):
    response = client.get("/batu-ampar/kelola/pesanan/")
    assert response.status_code == 302 and response["Location"].startswith("/batu-ampar/masuk/")


def test_staff_of_another_village_see_nothing_of_this_one(client, village, other_village, order):
    login(client, other_village, "admin")
    assert client.get("/batu-ampar/kelola/pesanan/").status_code == 404
    assert client.get(f"/bangunjiwo/kelola/pesanan/{order.code}/").status_code == 404
    assert order.code not in client.get("/bangunjiwo/kelola/pesanan/").content.decode()


def test_bulk_actions_move_many_orders_and_report_the_rest(
    client, village, seller, regions, bank_account
):
    from tokodesa.payments.services import payment_confirm

    staff = login(client, village, "staff")
    variant = make_product(seller, "Kopi", price=10000, stock=20).variants.get()
    placed = [place_order(village, [(variant, 1)]) for _ in range(3)]
    for order in placed[:2]:
        payment_confirm(order=order, actor=staff)
    response = client.post(
        "/batu-ampar/kelola/pesanan/sekaligus/",
        {"action": "prepare", "order": [o.code for o in placed]},
        follow=True,
    )
    html = response.content.decode()
    assert "2 pesanan diperbarui" in html and placed[2].code in html
    statuses = [Order.objects.get(pk=o.pk).status for o in placed]
    assert statuses == ["processing", "processing", "awaiting_payment"]


def test_the_next_step_comes_first_and_what_cannot_be_undone_is_kept_apart(
    client, village, seller, regions, bank_account
):
    variant = make_product(seller, "Kopi", price=15000, stock=5).variants.get()
    unpaid = place_order(village, [(variant, 1)])
    login(client, village, "staff")
    html = client.get(f"/batu-ampar/kelola/pesanan/{unpaid.code}/").content.decode()
    main = html.split("<main", 1)[1]
    # "Payment received" before the buyer, the lines and the totals.
    assert main.index("Pembayaran diterima") < main.index(unpaid.buyer_name)
    assert main.index("Pembayaran diterima") < main.index('class="totals"')
    # Rejecting the payment and cancelling: closed away at the bottom, each asking a reason.
    zone = main[main.index('<details class="box danger-zone">') :]
    assert "Pembayaran belum diterima" in zone and "Batalkan pesanan" in zone
    assert "Pembayaran belum diterima" not in main[: main.index("danger-zone")]
    assert zone.count("required") >= 2
