"""Pre-orders with a deposit (uang muka, DP): the deposit now, the rest when the goods are
ready, and the deposit back when the harvest fails; the team and the seller see what waits."""

import re
from datetime import date, timedelta

import pytest
from factories import (
    CHECKOUT_FORM,
    edit_form,
    log_in_as_seller,
    make_product,
    make_seller,
    place_order,
    placing,
    race,
)
from hypothesis import given
from hypothesis import strategies as st

from tokodesa.audit.models import AuditEntry
from tokodesa.cart.services import cart_add, cart_get_or_create
from tokodesa.catalog.models import Variant
from tokodesa.ledger.models import LedgerEntry
from tokodesa.notifications.models import Message
from tokodesa.orders import services as orders
from tokodesa.orders.models import Order
from tokodesa.orders.pricing import deposit_amount
from tokodesa.payments.selectors import order_paid_amount, order_refund_outstanding
from tokodesa.payments.services import payment_claim, payment_confirm, payment_settings_update

pytestmark = pytest.mark.django_db

BUYER = CHECKOUT_FORM


@pytest.fixture
def kopi(village, seller, regions, bank_account):
    """The next coffee harvest: Rp100.000 a kilo, 30 % now, ready in 45 days, 20 kilos."""
    from tokodesa.sellers.models import Seller

    Seller.objects.filter(pk=seller.pk).update(whatsapp="+6281211112222")
    return make_product(
        seller,
        "Kopi Panen Raya",
        price=100_000,
        stock=20,
        ready_on=date.today() + timedelta(days=45),
        deposit_percent=30,
    ).variants.get()


def messages(order, template):
    return list(Message.objects.filter(order=order, template=template))


def status_of(order) -> str:
    return Order.objects.get(pk=order.pk).status


def test_a_buyer_pays_a_deposit_then_the_rest_when_the_harvest_is_in(client, kopi, staff):
    client.post("/batu-ampar/keranjang/tambah/", {"variant": kopi.pk, "quantity": 2})
    client.post("/batu-ampar/pesan/", BUYER)
    review = client.get("/batu-ampar/pesan/periksa/").content.decode()
    code = int(re.search(r"<dt>Kode unik</dt><dd>Rp(\d+)</dd>", review)[1])
    now = f"Rp{60_000 + code:,}".replace(",", ".")
    assert f"Buat pesanan · DP {now}" in review
    assert "Rp140.000" in review  # the rest, when the goods are ready
    key = re.search(r'name="key" value="(\w+)"', review)[1]
    client.post("/batu-ampar/pesan/periksa/", {"key": key, "total": "200000"})

    order = Order.objects.get()
    assert (order.total, order.deposit, order.unique_code) == (200_000, 60_000, code)
    assert (order.due_now, order.balance) == (60_000 + code, 140_000)
    page = client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()
    assert f'id="pay-amount">{now}<' in page  # the transfer asked for is the deposit

    # The buyer says the deposit is sent; the team finds it in the bank.
    assert payment_claim(order=order).amount == 60_000 + code
    assert (
        "Toko sedang memeriksanya"
        in client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()
    )
    client.force_login(staff)
    client.post(f"/batu-ampar/kelola/pesanan/{order.code}/", {"action": "paid", "reason": ""})
    assert status_of(order) == "deposit_paid"
    assert order_paid_amount(order=order) == 60_000 + code
    [to_seller] = messages(order, "pesan_dulu_untuk_penjual")
    assert "Kopi Panen Raya" in to_seller.text and order.code in to_seller.text
    assert messages(order, "pesanan_untuk_penjual") == []  # nothing to bring yet
    [told] = messages(order, "dp_diterima")
    assert "Rp140.000" in told.text and told.to == "+6281298765432"

    # The team and the seller see the batch waiting, by its ready date.
    batches = client.get("/batu-ampar/kelola/pesan-dulu/").content.decode()
    assert "Kopi Panen Raya" in batches and order.code in batches

    # Harvest in: the buyer is asked for the rest.
    client.post("/batu-ampar/kelola/pesan-dulu/", {"product": kopi.product_id, "action": "ready"})
    order.refresh_from_db()
    assert order.status == "awaiting_balance" and order.due_now == 140_000
    assert order.expires_at.date() == (order.events.last().created_at + timedelta(days=3)).date()
    [asked] = messages(order, "pelunasan_diminta")
    assert "Rp140.000" in asked.text and f"/pesanan/{order.code}/" in asked.text
    assert AuditEntry.objects.filter(action="preorder_ready").exists()
    batches, waiting = (
        client.get("/batu-ampar/kelola/pesan-dulu/").content.decode().split("Menunggu pelunasan")
    )
    assert "Tidak ada pesanan pesan dulu yang menunggu barang." in batches
    assert order.code in waiting and "Rp140.000" in waiting

    # The buyer says they paid the rest; the team confirms; the order goes on as any other.
    client.logout()
    session = client.session
    session["orders"] = [order.code]
    session.save()
    page = client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()
    assert 'id="pay-amount">Rp140.000<' in page
    assert "Toko sedang memeriksanya" not in page  # the deposit's claim was answered
    claim = payment_claim(order=order)
    assert claim.amount == 140_000
    client.force_login(staff)
    client.post(f"/batu-ampar/kelola/pesanan/{order.code}/", {"action": "paid", "reason": ""})
    order.refresh_from_db()
    assert order.status == "paid" and order_paid_amount(order=order) == order.payable
    assert len(messages(order, "pesanan_untuk_penjual")) == 1  # now: bring it to the shop
    order = orders.order_start_preparing(order=order, actor=staff)
    orders.order_complete(order=order, actor=staff)
    earning = LedgerEntry.objects.get(kind="earning")
    assert earning.amount + earning.fee == 200_000  # the seller earns the whole sale


def test_less_than_the_deposit_is_refused_and_the_order_keeps_waiting(kopi, village, staff):
    order = place_order(village, [(kopi, 1)])
    with pytest.raises(Exception, match="kurang dari"):
        payment_confirm(order=order, actor=staff, amount=order.deposit - 1)
    assert status_of(order) == "awaiting_payment"


def test_cash_on_delivery_is_not_offered_for_a_deposit(client, kopi, village):
    payment_settings_update(village=village, actor=None, cod_enabled=True)
    gula = make_product(kopi.product.seller, "Gula Aren", price=20_000).variants.get()
    client.post("/batu-ampar/keranjang/tambah/", {"variant": gula.pk, "quantity": 1})
    client.post("/batu-ampar/pesan/", BUYER)
    assert 'value="cod"' in client.get("/batu-ampar/pesan/").content.decode()
    client.post("/batu-ampar/keranjang/tambah/", {"variant": kopi.pk, "quantity": 1})
    assert 'value="cod"' not in client.get("/batu-ampar/pesan/").content.decode()
    with pytest.raises(Exception, match="cara pembayaran"):
        place_order(village, [(kopi, 1)], payment="cod")


def test_goods_made_already_are_paid_with_the_deposit_and_shipping_with_the_rest(
    village, kopi, seller
):
    gula = make_product(seller, "Gula Aren", price=20_000).variants.get()
    order = place_order(village, [(kopi, 1), (gula, 2)])
    assert order.deposit == 30_000 + 40_000
    assert order.balance == order.total - order.deposit == 70_000


def test_deposit_paid_after_the_goods_are_ready_asks_for_the_rest_at_once(village, kopi, staff):
    order = place_order(village, [(kopi, 1)])
    orders.preorder_batch_ready(village=village, product_id=kopi.product_id, actor=staff)
    assert status_of(order) == "awaiting_payment"  # still waiting for its deposit
    payment_confirm(order=order, actor=staff)
    assert status_of(order) == "awaiting_balance"


def test_a_failed_harvest_cancels_the_orders_and_owes_back_what_was_paid(
    client, village, kopi, staff
):
    paid = place_order(village, [(kopi, 2)], buyer="Budi")
    payment_confirm(order=paid, actor=staff)
    unpaid = place_order(village, [(kopi, 1)], buyer="Sari")
    assert Variant.objects.get(pk=kopi.pk).stock == 17

    client.force_login(staff)
    url = "/batu-ampar/kelola/pesan-dulu/"
    client.post(url, {"product": kopi.product_id, "action": "failed", "reason": ""})
    assert status_of(paid) == "deposit_paid"  # a reason for the buyers is required
    client.post(
        url, {"product": kopi.product_id, "action": "failed", "reason": "Panen gagal karena hujan"}
    )
    assert status_of(paid) == status_of(unpaid) == "cancelled"
    assert order_refund_outstanding(order=paid) == paid.deposit + paid.unique_code
    assert order_refund_outstanding(order=unpaid) == 0
    assert Variant.objects.get(pk=kopi.pk).stock == 20
    [told] = messages(paid, "pesanan_dibatalkan")
    assert "Panen gagal karena hujan" in told.text


def test_the_seller_sees_her_pre_orders_by_ready_date(client, village, kopi, seller, staff):
    place_order(village, [(kopi, 3)])
    other = make_seller(village, display_name="Pak Darmawan")
    make_product(other, "Rebung", ready_on=date.today() + timedelta(days=9))
    log_in_as_seller(client, seller)
    stall = client.get("/batu-ampar/lapak/").content.decode()
    assert "3 barang × Kopi Panen Raya" in stall
    assert "Rebung" not in stall.split("Pesanan pesan dulu")[-1].split("</section>")[0]


def test_a_deposit_needs_a_ready_date_on_the_product_form(client, village, seller):
    log_in_as_seller(client, seller)
    product = make_product(seller, "Kolang Kaling")
    form = edit_form(product, deposit_percent="30")
    page = client.post(f"/batu-ampar/lapak/produk/{product.pk}/", form).content.decode()
    assert "atur juga tanggal siapnya" in page
    form["ready_on"] = (date.today() + timedelta(days=30)).isoformat()
    client.post(f"/batu-ampar/lapak/produk/{product.pk}/", form)
    product.refresh_from_db()
    assert product.deposit_percent == 30


@given(
    lines=st.lists(
        st.tuples(st.integers(1, 5_000_000), st.sampled_from([None, 10, 25, 30, 50, 90])),
        min_size=1,
        max_size=6,
    ),
    extra=st.integers(-10_000, 100_000),  # shipping less a voucher
)
def test_a_deposit_is_part_of_the_total_and_never_all_of_it(lines, extra):
    subtotal = sum(line_total for line_total, _ in lines)
    total = max(subtotal + extra, 0)
    deposit = deposit_amount(lines, total=total)
    assert 0 <= deposit < max(total, 1)
    if deposit:
        assert any(percent for _, percent in lines)
        # Every line without a deposit is paid in full with it; the others at their percent.
        expected = sum(t if not p else (t * p + 50) // 100 for t, p in lines)
        assert deposit == expected


@pytest.mark.django_db(transaction=True)
def test_thirty_buyers_race_for_a_quota_of_ten(village, seller, regions, bank_account):
    kopi = make_product(
        seller,
        "Kopi Panen Raya",
        price=100_000,
        stock=10,
        ready_on=date.today() + timedelta(days=45),
        deposit_percent=30,
    ).variants.get()
    carts = []
    for _ in range(30):
        cart = cart_get_or_create(village=village, session={})
        cart_add(cart=cart, variant_id=kopi.pk, quantity=1)
        carts.append(cart)

    results = race(village, [placing(cart) for cart in carts])
    assert [r for r in results if r.startswith("error")] == []
    assert results.count("done") == 10
    assert Variant.objects.get(pk=kopi.pk).stock == 0
    placed = Order.objects.all()
    assert placed.count() == 10 and {o.deposit for o in placed} == {30_000}
    # Every open order has its own first transfer (deposit + kode unik).
    assert len({o.due_now for o in placed}) == 10
