"""Midtrans Snap: keys kept encrypted, the payment page through a local Snap stand-in, and the
payment notification (signature, amount, idempotency, every refusal recorded).

Nothing here reaches the internet: name lookups of any host but 127.0.0.1 fail (see
``no_internet``), and Snap's address points at tests/payments/midtrans_stub.py.
"""

import base64
import hashlib
import json
import socket
import uuid

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.html import escape
from factories import make_product, make_seller, place_order
from midtrans_stub import SnapStub

from tokodesa.orders import services as orders
from tokodesa.orders.models import Order
from tokodesa.payments import secrets
from tokodesa.payments.gateways import midtrans
from tokodesa.payments.methods import Midtrans, payment_options
from tokodesa.payments.models import GatewayRefusal, PaymentRecord, PaymentSettings
from tokodesa.payments.selectors import order_paid_amount, payment_settings

pytestmark = pytest.mark.django_db

SERVER_KEY = "SB-Mid-server-TkDesaBatuAmpar01xyz"
CLIENT_KEY = "SB-Mid-client-TkDesaBatuAmpar01"
OTHER_SERVER_KEY = "SB-Mid-server-TkDesaBangunjiwo9abc"
NOTIFY = "/batu-ampar/pembayaran/midtrans/notifikasi/"
K = PaymentRecord.Kind


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Every host name looked up during a test; anything but loopback is refused."""
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        looked_up.append(name)
        if name not in ("127.0.0.1", "localhost"):
            raise socket.gaierror(socket.EAI_NONAME, f"tests: no internet ({name})")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    return looked_up


@pytest.fixture(autouse=True)
def snap(settings):
    """Midtrans on 127.0.0.1: Snap, and the status API that confirms notifications."""
    with SnapStub(SERVER_KEY) as stub:
        settings.MIDTRANS_SNAP_URL = {"sandbox": stub.url, "production": stub.url}
        settings.MIDTRANS_API_URL = {"sandbox": stub.base, "production": stub.base}
        settings.MIDTRANS_CONNECT_TIMEOUT = 0.5
        settings.MIDTRANS_READ_TIMEOUT = 0.5
        stub.delay = 2.0
        yield stub


@pytest.fixture
def keys(village):
    return midtrans.midtrans_keys_set(
        actor=None, village=village, server_key=SERVER_KEY, client_key=CLIENT_KEY
    )


@pytest.fixture
def variant(seller, regions):
    return make_product(seller, "Gula Aren", price=20000, stock=500).variants.get()


def place(village, variant, quantity=1, payment="midtrans"):
    return place_order(village, [(variant, quantity)], payment=payment, email="rina@example.id")


@pytest.fixture
def order(village, variant, keys):
    return place(village, variant, 2)


def grant(client, order):
    session = client.session
    session["orders"] = [order.code]
    session.save()


def sign(order_id, status_code, gross_amount, key=SERVER_KEY) -> str:
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{key}".encode()).hexdigest()


def notification(order, status="settlement", *, key=SERVER_KEY, **fields) -> dict:
    """A notification as Midtrans sends it (bank transfer), signed with ``key``."""
    body = {
        "transaction_time": "2026-11-20 10:15:00",
        "transaction_status": status,
        "transaction_id": "9aed5972-5b6a-401e-894b-a32c91ed1a3a",
        "status_message": "midtrans payment notification",
        "status_code": {"settlement": "200", "capture": "200", "pending": "201"}.get(status, "202"),
        "payment_type": "bank_transfer",
        "order_id": f"{order.code}-1",
        "merchant_id": "G141532850",
        "gross_amount": f"{order.payable}.00",
        "fraud_status": "accept",
        "currency": "IDR",
        "va_numbers": [{"va_number": "41532850437", "bank": "bca"}],
    }
    body.update(fields)
    if "signature_key" not in fields:
        body["signature_key"] = sign(
            body["order_id"], body["status_code"], body["gross_amount"], key
        )
    return body


def post(client, body, url=NOTIFY):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def notify(client, snap, body, url=NOTIFY):
    """Midtrans records the transaction as the body says, then notifies the shop."""
    snap.knows(body)
    return post(client, body, url)


def refusals(error=None) -> int:
    """How many calls were refused (for one reason)."""
    tallies = GatewayRefusal.objects.filter(**({"error": error} if error else {}))
    return sum(t.count for t in tallies)


def status_of(order) -> str:
    return Order.objects.get(pk=order.pk).status


def records(kind, **filters):
    return list(PaymentRecord.objects.filter(kind=kind, **filters))


# -- keys ----------------------------------------------------------------------------------


def test_keys_are_checked_and_the_server_key_is_stored_encrypted(village):
    for bad in ("", "Mid-client-abcdefgh1234", "SB-Mid-server-", "sk_live_123456789", "x" * 40):
        with pytest.raises(ValidationError):
            midtrans.midtrans_keys_set(actor=None, village=village, server_key=bad, client_key="")
    with pytest.raises(ValidationError):  # a sandbox key for production
        midtrans.midtrans_keys_set(
            actor=None, village=village, server_key=SERVER_KEY, client_key="", production=True
        )
    with pytest.raises(ValidationError):  # keys from two accounts
        midtrans.midtrans_keys_set(
            actor=None,
            village=village,
            server_key=SERVER_KEY,
            client_key="Mid-client-Production123",
        )
    assert not PaymentSettings.objects.filter(village=village).exists()

    config = midtrans.midtrans_keys_set(
        actor=None, village=village, server_key=f"  {SERVER_KEY}\n", client_key=CLIENT_KEY
    )
    stored = PaymentSettings.objects.get(village=village)
    assert stored.pk == config.pk and SERVER_KEY not in stored.midtrans_server_key_encrypted
    assert secrets.decrypt(stored.midtrans_server_key_encrypted) == SERVER_KEY
    assert stored.midtrans_client_key == CLIENT_KEY and not stored.midtrans_production
    assert SERVER_KEY not in repr(midtrans.midtrans_keys(village))

    midtrans.midtrans_keys_set(
        actor=None,
        village=village,
        server_key="Mid-server-Production9876xyz",
        client_key="Mid-client-Production9876",
        production=True,
    )
    assert midtrans.midtrans_keys(village).production
    midtrans.midtrans_keys_clear(actor=None, village=village)
    assert midtrans.midtrans_keys(village) is None


def codes(village):
    return [option.code for option in payment_options(village=village, total=50000)]


def test_the_method_is_offered_only_with_a_key_that_can_be_decrypted(village, settings):
    assert "midtrans" not in codes(village)
    midtrans.midtrans_keys_set(
        actor=None, village=village, server_key=SERVER_KEY, client_key=CLIENT_KEY
    )
    assert "midtrans" in codes(village)
    config = payment_settings(village)
    option = Midtrans().option(village=village, config=config, total=50000, delivery=None)
    assert option.code == "midtrans" and option.label

    settings.SECRET_KEY = "rotated-" + settings.SECRET_KEY  # stored keys become unreadable
    assert "midtrans" not in codes(village)
    with pytest.raises(secrets.SecretUnreadable):
        secrets.decrypt(PaymentSettings.objects.get(village=village).midtrans_server_key_encrypted)
    with pytest.raises(secrets.SecretUnreadable):
        secrets.decrypt("not a fernet token")

    # With PAYMENT_SECRETS_KEY the stored key survives a SECRET_KEY rotation.
    settings.PAYMENT_SECRETS_KEY = "a-separate-long-random-string-for-payment-secrets"
    midtrans.midtrans_keys_set(
        actor=None, village=village, server_key=SERVER_KEY, client_key=CLIENT_KEY
    )
    settings.SECRET_KEY = "rotated-again"
    assert "midtrans" in codes(village)


# -- Snap ----------------------------------------------------------------------------------


def test_a_voucher_goes_to_snap_as_one_negative_item(client, village, variant, keys, snap):
    """Midtrans' documented way: the items, then the voucher as a negative item, adding up."""
    from datetime import date

    from tokodesa.marketing.services import voucher_save

    voucher_save(
        village=village, code="HEMAT", kind="amount", value=5000, starts_on=date(2026, 1, 1)
    )
    order = place_order(
        village, [(variant, 2)], payment="midtrans", email="r@example.id", voucher_code="HEMAT"
    )
    grant(client, order)
    assert client.post(f"/batu-ampar/pesanan/{order.code}/bayar/midtrans/").status_code == 302
    body = snap.requests[0]["body"]
    assert body["transaction_details"]["gross_amount"] == 35000
    assert body["item_details"][-1] == {
        "id": "VOUCHER", "price": -5000, "quantity": 1, "name": "Voucher HEMAT"
    }  # fmt: skip


def test_a_pre_order_is_paid_on_midtrans_in_two_parts(
    client, village, seller, regions, keys, snap, staff
):
    """The deposit as one transaction, the rest as another once the goods are ready; each
    notification is checked against the amount its own transaction asked for."""
    from datetime import date, timedelta

    kopi = make_product(
        seller, "Kopi Panen Raya", price=100_000, stock=20,
        ready_on=date.today() + timedelta(days=45), deposit_percent=30,
    ).variants.get()  # fmt: skip
    order = place(village, kopi, 2)
    assert (order.deposit, order.unique_code) == (60_000, 0)  # Midtrans: no kode unik
    grant(client, order)
    client.post(f"/batu-ampar/pesanan/{order.code}/bayar/midtrans/")
    body = snap.requests[-1]["body"]
    assert body["transaction_details"] == {"order_id": f"{order.code}-1", "gross_amount": 60_000}
    assert body["item_details"] == [
        {"id": order.code, "price": 60_000, "quantity": 1, "name": f"DP pesanan {order.code}"}
    ]
    # Midtrans says the whole order was paid on that transaction: not what it asked for.
    wrong = notification(order, gross_amount="200000.00")
    assert notify(client, snap, wrong).json()["error"] == "amount_mismatch"
    assert notify(client, snap, notification(order, gross_amount="60000.00")).status_code == 200
    assert status_of(order) == "deposit_paid"

    orders.preorder_batch_ready(village=village, product_id=kopi.product_id, actor=staff)
    client.post(f"/batu-ampar/pesanan/{order.code}/bayar/midtrans/")
    body = snap.requests[-1]["body"]
    assert body["transaction_details"] == {"order_id": f"{order.code}-2", "gross_amount": 140_000}
    assert body["item_details"][0]["name"] == f"Pelunasan pesanan {order.code}"
    rest = notification(
        order, order_id=f"{order.code}-2", gross_amount="140000.00",
        transaction_id="0b5e2d4c-7f0e-4a57-9a52-6a0d1b9a8c01",
    )  # fmt: skip
    assert notify(client, snap, rest).json()["result"] == "confirmed"
    assert status_of(order) == "paid" and order_paid_amount(order=order) == 200_000


def test_pay_now_opens_a_snap_page_with_the_documented_request(client, order, snap, no_internet):
    grant(client, order)
    page = client.get(f"/batu-ampar/pesanan/{order.code}/").content.decode()
    assert f'action="/batu-ampar/pesanan/{order.code}/bayar/midtrans/"' in page

    response = client.post(f"/batu-ampar/pesanan/{order.code}/bayar/midtrans/")
    assert response.status_code == 302
    assert response["Location"].startswith("https://app.sandbox.midtrans.com/snap/v2/vtweb/")

    [request] = snap.requests
    auth = base64.b64encode(f"{SERVER_KEY}:".encode()).decode()
    assert request["headers"]["authorization"] == f"Basic {auth}"
    body = request["body"]
    assert body["transaction_details"] == {"order_id": f"{order.code}-1", "gross_amount": 40000}
    assert body["item_details"] == [
        {"id": body["item_details"][0]["id"], "price": 20000, "quantity": 2,
         "name": "Gula Aren (500 g)"}
    ]  # fmt: skip
    assert body["customer_details"] == {
        "first_name": "Rina",
        "phone": order.buyer_whatsapp,
        "email": "rina@example.id",
    }
    assert body["callbacks"]["finish"] == f"http://testserver/batu-ampar/pesanan/{order.code}/"
    assert body["expiry"]["unit"] == "minutes" and 23 * 60 < body["expiry"]["duration"] <= 24 * 60
    assert "x-override-notification" not in request["headers"]  # http: not reachable anyway

    [attempt] = records(K.GATEWAY, order=order)
    assert attempt.reference == f"{order.code}-1" and attempt.method == "midtrans"
    assert attempt.raw["response"]["redirect_url"] == response["Location"]
    assert SERVER_KEY not in json.dumps(attempt.raw)
    assert status_of(order) == "awaiting_payment" and order_paid_amount(order=order) == 0

    # Coming back makes a new attempt: Midtrans refuses an order_id it has seen.
    assert client.post(f"/batu-ampar/pesanan/{order.code}/bayar/midtrans/").status_code == 302
    assert snap.requests[1]["body"]["transaction_details"]["order_id"] == f"{order.code}-2"
    # Over https Midtrans is told where to notify, for this transaction.
    client.post(f"/batu-ampar/pesanan/{order.code}/bayar/midtrans/", secure=True)
    assert snap.requests[2]["headers"]["x-override-notification"] == (
        "https://testserver/batu-ampar/pembayaran/midtrans/notifikasi/"
    )
    assert set(no_internet) <= {"127.0.0.1"}  # the client talked to the stand-in only


def test_items_add_up_with_a_shipping_fee_and_a_unique_code(order, snap):
    Order.objects.filter(pk=order.pk).update(
        shipping_fee=15000,
        total=F("subtotal") + 15000,
        unique_code=123,
        payable=F("subtotal") + 15000 + 123,
    )
    order.refresh_from_db()
    url = midtrans.create_transaction(
        order, notification_url="https://tokodesa.id/batu-ampar/pembayaran/midtrans/notifikasi/"
    )
    assert url.startswith("https://app.sandbox.midtrans.com/")
    request = snap.requests[-1]
    items = request["body"]["item_details"]
    assert [item["price"] for item in items] == [20000, 15000, 123]
    assert sum(i["price"] * i["quantity"] for i in items) == order.payable == 55123
    assert all(len(item["name"]) <= 50 for item in items)
    assert request["headers"]["x-override-notification"].endswith("/midtrans/notifikasi/")


@pytest.mark.parametrize("mode", ["unauthorized", "error", "garbage", "slow"])
def test_snap_failures_raise_a_message_for_the_buyer_and_pay_nothing(order, snap, mode):
    snap.mode = mode
    with pytest.raises(midtrans.GatewayError) as error:
        midtrans.create_transaction(order)
    assert error.value.message and SERVER_KEY not in error.value.message
    assert status_of(order) == "awaiting_payment" and order_paid_amount(order=order) == 0
    assert not records(K.CONFIRMED)
    [failed] = records(K.GATEWAY, order=order)
    assert failed.note.startswith("Snap failed") and failed.amount == 0
    # The failed attempt keeps its number: Midtrans may have created it before timing out.
    snap.mode = "ok"
    midtrans.create_transaction(order)
    assert snap.requests[-1]["body"]["transaction_details"]["order_id"] == f"{order.code}-2"


def test_a_snap_failure_is_shown_on_the_order_page(client, order, snap):
    snap.mode = "error"
    grant(client, order)
    response = client.post(f"/batu-ampar/pesanan/{order.code}/bayar/midtrans/")
    assert response.status_code == 302
    assert response["Location"] == f"/batu-ampar/pesanan/{order.code}/"
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    page = client.get(response["Location"]).content.decode()
    assert escape(message) in page and status_of(order) == "awaiting_payment"


def test_pay_now_is_only_for_the_buyer_and_by_post(client, order, snap):
    url = f"/batu-ampar/pesanan/{order.code}/bayar/midtrans/"
    assert client.post(url).status_code == 404  # this browser did not place the order
    grant(client, order)
    assert client.get(url).status_code == 405
    assert not snap.requests


def test_the_real_midtrans_is_never_reached_from_tests(order, no_internet, settings):
    # No stand-in configured: the client tries Midtrans' sandbox and the guard stops it.
    settings.MIDTRANS_SNAP_URL = settings.MIDTRANS_API_URL = {}
    with pytest.raises(midtrans.GatewayError):
        midtrans.create_transaction(order)
    with pytest.raises(midtrans.StatusUnavailable):
        midtrans.transaction_status(midtrans.midtrans_keys(order.village), f"{order.code}-1")
    assert no_internet == ["app.sandbox.midtrans.com", "api.sandbox.midtrans.com"]
    assert status_of(order) == "awaiting_payment"


def test_no_payment_page_without_keys_or_for_an_order_not_waiting(village, variant, order, snap):
    midtrans.midtrans_keys_clear(actor=None, village=village)
    with pytest.raises(midtrans.GatewayError):
        midtrans.create_transaction(order)
    midtrans.midtrans_keys_set(
        actor=None, village=village, server_key=SERVER_KEY, client_key=CLIENT_KEY
    )
    orders.order_cancel(order=order, actor=None, reason="batal", by_buyer=True)
    order.refresh_from_db()
    with pytest.raises(midtrans.GatewayError):
        midtrans.create_transaction(order)
    assert not snap.requests


# -- notifications -------------------------------------------------------------------------


def test_a_valid_settlement_marks_the_order_paid_once(client, order, snap):
    response = notify(client, snap, notification(order))
    assert response.status_code == 200 and response.json() == {"ok": True, "result": "confirmed"}
    assert status_of(order) == "paid" and order_paid_amount(order=order) == order.payable
    [confirmed] = records(K.CONFIRMED)
    assert confirmed.reference == "9aed5972-5b6a-401e-894b-a32c91ed1a3a"
    assert confirmed.method == "midtrans" and confirmed.amount == order.payable
    [event] = records(K.GATEWAY, order=order)
    assert "signature_key" not in event.raw and event.raw["order_id"] == f"{order.code}-1"
    # Midtrans' status API was asked, with the village's server key.
    [asked] = [r for r in snap.requests if r["path"] == f"/v2/{order.code}-1/status"]
    assert asked["headers"]["authorization"].startswith("Basic ")


def test_the_same_notification_ten_times_confirms_once(client, order, snap):
    body = notification(order)
    answers = [notify(client, snap, body) for _ in range(10)]
    assert all(a.status_code == 200 for a in answers)
    assert [a.json()["result"] for a in answers] == ["confirmed"] + ["already_confirmed"] * 9
    assert len(records(K.CONFIRMED)) == 1 and len(records(K.GATEWAY, order=order)) == 10
    assert order_paid_amount(order=order) == order.payable
    assert order.events.filter(to_status="paid").count() == 1


def test_a_pending_notification_replayed_as_settlement_pays_nothing(client, order, snap):
    """The signature covers order_id, status_code and gross_amount only: a genuine pending
    notification edited to say "settlement" still verifies. It must not pay the order."""
    pending = notification(order, "pending")
    assert notify(client, snap, pending).json()["result"] == "pending"
    forged = {**pending, "transaction_status": "settlement", "transaction_id": str(uuid.uuid4())}
    response = post(client, forged)
    assert response.status_code == 400 and response.json()["error"] == "status_mismatch"
    forged_capture = {**forged, "transaction_status": "capture", "fraud_status": "accept"}
    assert post(client, forged_capture).status_code == 400
    # Even with status_code 200 (a settlement of this amount once signed by Midtrans for
    # another attempt), the status API says pending: nothing is paid.
    signed_200 = notification(order, "settlement", transaction_id=str(uuid.uuid4()))
    response = post(client, signed_200)
    assert response.status_code == 200 and response.json()["result"] == (
        "not_settlement_per_midtrans"
    )
    assert status_of(order) == "awaiting_payment" and not records(K.CONFIRMED)
    assert order_paid_amount(order=order) == 0 and refusals("status_mismatch") == 2


def test_the_status_api_transaction_is_the_one_confirmed(client, order, snap):
    real = notification(order)
    snap.knows(real)
    forged = {**real, "transaction_id": "attacker-chosen"}
    assert post(client, forged).json()["result"] == "confirmed"
    [confirmed] = records(K.CONFIRMED)
    assert confirmed.reference == real["transaction_id"]  # Midtrans' id, not the body's


def test_a_settlement_midtrans_cannot_confirm_is_not_recorded_and_retried(client, order, snap):
    body = notification(order)
    # Midtrans does not know the transaction (its status API answers status_code 404).
    response = post(client, body)
    assert response.status_code == 503 and response.json()["error"] == "unverified"
    snap.mode = "status_error"
    response = notify(client, snap, body)
    assert response.status_code == 503 and status_of(order) == "awaiting_payment"
    # The status API disagrees about the amount.
    snap.mode = "ok"
    snap.knows({**body, "gross_amount": "1.00"})
    assert post(client, body).status_code == 422
    assert not records(K.CONFIRMED) and refusals("unverified") == 2
    # Midtrans sends it again once its API answers: paid.
    assert notify(client, snap, body).json()["result"] == "confirmed"


def test_a_capture_later_cancelled_reaches_the_team(client, order, snap, staff):
    paid = notification(order, "capture", fraud_status="accept", payment_type="credit_card")
    assert notify(client, snap, paid).json()["result"] == "confirmed"
    assert order_paid_amount(order=order) == order.payable
    # A forged cancel (Midtrans still says capture) takes nothing back.
    cancel = notification(order, "cancel", fraud_status="accept", payment_type="credit_card")
    assert post(client, cancel).json()["result"] == "already_confirmed"
    assert order_paid_amount(order=order) == order.payable
    # Midtrans really cancels the capture: the money no longer counts as paid, and the team
    # sees it on the dashboard and in the audit log.
    assert notify(client, snap, cancel).json()["result"] == "reversed"
    assert notify(client, snap, cancel).json()["result"] == "already_reversed"
    [reversed_] = records(K.REVERSED)
    assert reversed_.amount == order.payable and order_paid_amount(order=order) == 0
    assert status_of(order) == "paid"  # the team decides: cancel, or ask to pay again
    from tokodesa.audit.models import AuditEntry

    [entry] = AuditEntry.objects.filter(action="payment_reversed")
    assert entry.subject == order.code and entry.village_id == order.village_id
    client.force_login(staff)
    page = client.get("/batu-ampar/kelola/").content.decode()
    assert order.code in page and "ditarik kembali" in page


def test_a_partial_refund_takes_back_only_its_amount(client, order, snap):
    assert notify(client, snap, notification(order)).json()["result"] == "confirmed"
    refund = notification(order, "partial_refund", refund_amount="5000.00")
    assert notify(client, snap, refund).json()["result"] == "reversed"
    assert order_paid_amount(order=order) == order.payable - 5000


def test_a_bad_signature_is_refused_and_counted(client, order, snap):
    body = notification(order, signature_key="0" * 128)
    response = post(client, body)
    assert response.status_code == 403 and response.json()["error"] == "invalid_signature"
    assert status_of(order) == "awaiting_payment" and not records(K.CONFIRMED)
    [tally] = GatewayRefusal.objects.all()
    assert tally.error == "invalid_signature" and tally.count == 1 and tally.last_status == 403
    assert body["signature_key"] not in tally.sample and body["order_id"] in tally.sample
    # Signed with another village's key, or with the amount changed after signing: refused.
    assert post(client, notification(order, key=OTHER_SERVER_KEY)).status_code == 403
    tampered = notification(order)
    tampered["gross_amount"] = "1.00"
    assert post(client, tampered).status_code == 403
    assert post(client, notification(order, signature_key="é" * 128)).status_code == 403
    assert refusals("invalid_signature") == 4 and status_of(order) == "awaiting_payment"
    assert not snap.transactions and not [r for r in snap.requests if "/v2/" in r["path"]]


def test_a_flood_of_refused_calls_keeps_a_count_not_every_body(client, order, village):
    before = PaymentRecord.objects.count()
    padding = "x" * 60_000
    for n in range(200):
        body = {**notification(order, signature_key=f"{n:0128d}"), "padding": padding}
        assert post(client, body).status_code == 403
    for body in (b'{"order_id": "\x00\x00"}', b"\x00" * 1000, '{"a": "\\u0000"}'):
        assert post(client, body).status_code == 400
    assert PaymentRecord.objects.count() == before
    assert GatewayRefusal.objects.count() == 3  # one row per reason and day
    assert (
        refusals("invalid_signature") == 200
        and refusals("malformed_json") + refusals("missing_fields") == 3
    )
    assert all(
        len(t.sample) <= 2000 and "\x00" not in t.sample for t in GatewayRefusal.objects.all()
    )


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"gross_amount": "40001.00"}, "amount_mismatch"),
        ({"gross_amount": "39999.99"}, "amount_mismatch"),
        ({"gross_amount": "NaN"}, "amount_mismatch"),
        ({"gross_amount": "4e4x"}, "amount_mismatch"),
        ({"gross_amount": "9" * 5000}, "amount_mismatch"),
        ({"currency": "USD"}, "currency_mismatch"),
    ],
)
def test_a_wrong_amount_or_currency_is_refused(client, order, fields, error):
    response = post(client, notification(order, **fields))
    assert response.status_code == 422 and response.json()["error"] == error
    assert status_of(order) == "awaiting_payment"
    assert refusals(error) == 1


def test_the_amount_as_midtrans_writes_it_is_accepted(client, order, snap):
    body = notification(order, gross_amount=str(order.payable))
    assert notify(client, snap, body).status_code == 200
    assert status_of(order) == "paid"


def test_an_unknown_order_is_refused(client, order):
    other = "2" if order.code[-1] != "2" else "3"  # a code one letter off (codes are random)
    for order_id in (f"{order.code[:-1]}{other}-1", order.code, "BTA-XXXXX-1", "../../etc"):
        response = post(client, notification(order, order_id=order_id))
        assert response.status_code == 404, order_id
    assert refusals("unknown_order") == 4


def test_another_villages_order_sent_here_is_unknown(client, order, other_village, regions, snap):
    seller = make_seller(other_village)
    theirs = make_product(seller, "Gerabah", price=30000, stock=5).variants.get()
    midtrans.midtrans_keys_set(
        actor=None, village=other_village, server_key=OTHER_SERVER_KEY, client_key=""
    )
    snap.status_keys.add(OTHER_SERVER_KEY)
    their_order = place(other_village, theirs)
    # Signed with this village's key (else the signature already fails): still not ours.
    response = notify(client, snap, notification(their_order))
    assert response.status_code == 404 and status_of(their_order) == "awaiting_payment"
    # Signed with theirs, sent to our address: the signature does not verify here.
    assert post(client, notification(their_order, key=OTHER_SERVER_KEY)).status_code == 403
    # At their own address it is theirs.
    theirs_url = "/bangunjiwo/pembayaran/midtrans/notifikasi/"
    response = notify(client, snap, notification(their_order, key=OTHER_SERVER_KEY), theirs_url)
    assert response.status_code == 200
    assert status_of(their_order) == "paid" and status_of(order) == "awaiting_payment"


def test_the_same_reference_in_two_villages_confirms_both(
    client, order, other_village, snap, bank_account
):
    """A payment reference is unique within one village's gateway account, not platform-wide;
    and staff's words on a confirmation are a note, never a key."""
    seller = make_seller(other_village)
    theirs = make_product(seller, "Gerabah", price=30000, stock=5).variants.get()
    midtrans.midtrans_keys_set(
        actor=None, village=other_village, server_key=OTHER_SERVER_KEY, client_key=""
    )
    snap.status_keys.add(OTHER_SERVER_KEY)
    their_order = place(other_village, theirs)
    assert notify(client, snap, notification(order)).json()["result"] == "confirmed"
    theirs_url = "/bangunjiwo/pembayaran/midtrans/notifikasi/"
    body = notification(their_order, key=OTHER_SERVER_KEY)  # the same transaction_id
    assert notify(client, snap, body, theirs_url).json()["result"] == "confirmed"
    # Staff in both villages confirm transfers with the same words.
    from tokodesa.payments import services

    services.bank_account_add(
        actor=None,
        village=other_village,
        bank_name="BPD DIY",
        account_number="001",
        account_holder="BUMDes",
    )
    for village, variant in ((order.village, order.lines.get().variant), (other_village, theirs)):
        for _n in range(2):
            again = place(village, variant, payment="bank_transfer")
            record = services.payment_confirm(order=again, actor=None, note="lunas")
            assert record.reference == "" and record.note == "lunas"
    assert PaymentRecord.objects.filter(kind=K.CONFIRMED, note="lunas").count() == 4


@pytest.mark.parametrize(
    "body, error",
    [
        ("{not json", "malformed_json"),
        ("[1, 2, 3]", "malformed_json"),
        ("", "malformed_json"),
        (b"\xff\xfe\x00", "malformed_json"),
        ("[" * 10_000 + "]" * 10_000, "malformed_json"),
        (json.dumps({"order_id": "BTA-22222-1"}), "missing_fields"),
        (json.dumps({"order_id": 5, "status_code": 200}), "missing_fields"),
        (json.dumps({"order_id": "\x00", "status_code": "\x00"}), "missing_fields"),
    ],
)
def test_malformed_notifications_are_refused(client, order, body, error):
    response = post(client, body)
    assert response.status_code == 400 and response.json()["error"] == error
    [tally] = GatewayRefusal.objects.all()
    assert tally.error == error and tally.count == 1 and not records(K.CONFIRMED)


def test_a_huge_body_is_refused_without_being_read_whole(client, order):
    signed = notification(order)
    body = {"signature_key": signed.pop("signature_key"), **signed, "padding": "x" * 70_000}
    response = post(client, body)
    assert response.status_code == 413 and response.json()["error"] == "too_large"
    assert status_of(order) == "awaiting_payment"
    [tally] = GatewayRefusal.objects.all()
    assert len(tally.sample) <= 2000 and body["signature_key"] not in tally.sample


def test_the_kept_copy_of_a_body_never_has_the_signature():
    from tokodesa.payments.webhooks import _raw_copy

    signature = sign("BTA-22222-1", "200", "1000.00")
    text = f'{{"signature_key": "{signature}", "order_id": "BTA-22222-1", "x": "\x00'
    for cut in (30, 60, 100, len(text)):
        kept = _raw_copy(text[:cut].encode(), None)
        assert signature[:20] not in kept["body"] and "\x00" not in kept["body"]
    kept = _raw_copy(b"", {"order_id": "A", "signature_key": signature, "nested": [{"a": 1}]})
    assert kept == {"order_id": "A", "nested": [{"a": 1}]}


def test_only_post(client, order):
    assert client.get(NOTIFY).status_code == 405
    assert client.put(NOTIFY, "{}", content_type="application/json").status_code == 405


def test_a_shop_without_midtrans_refuses_notifications(client, order, village):
    midtrans.midtrans_keys_clear(actor=None, village=village)
    response = post(client, notification(order))
    assert response.status_code == 403 and response.json()["error"] == "not_configured"
    assert refusals("not_configured") == 1 and status_of(order) == "awaiting_payment"


def test_pending_is_recorded_and_a_late_pending_does_not_undo_a_payment(client, order, snap):
    assert notify(client, snap, notification(order, "pending")).json()["result"] == "pending"
    assert status_of(order) == "awaiting_payment"
    assert notify(client, snap, notification(order)).json()["result"] == "confirmed"
    assert post(client, notification(order, "pending")).json()["result"] == "pending"
    assert status_of(order) == "paid" and order_paid_amount(order=order) == order.payable
    assert len(records(K.GATEWAY, order=order)) == 3


def test_card_capture_pays_only_when_accepted(client, order, snap):
    challenge = notification(order, "capture", fraud_status="challenge", payment_type="credit_card")
    challenge["status_code"] = "201"
    challenge["signature_key"] = sign(challenge["order_id"], "201", challenge["gross_amount"])
    assert notify(client, snap, challenge).json()["result"] == "challenged"
    assert status_of(order) == "awaiting_payment"
    accepted = notification(order, "capture", fraud_status="accept", payment_type="credit_card")
    assert notify(client, snap, accepted).json()["result"] == "confirmed"
    assert status_of(order) == "paid"


@pytest.mark.parametrize("status", ["deny", "cancel", "expire", "failure"])
def test_failed_payments_are_recorded_and_leave_the_order_waiting(client, order, status):
    response = post(client, notification(order, status, fraud_status="deny"))
    assert response.status_code == 200 and response.json()["result"] == "failed"
    assert status_of(order) == "awaiting_payment" and not records(K.CONFIRMED)
    [event] = records(K.GATEWAY, order=order)
    assert event.note.startswith(status)


def test_money_for_an_order_no_longer_waiting_is_recorded_for_the_team(client, order, snap):
    orders.order_cancel(order=order, actor=None, reason="batal", by_buyer=True)
    response = notify(client, snap, notification(order))
    assert response.status_code == 200  # Midtrans must not keep sending it
    assert response.json()["result"] == "paid_while_cancelled"
    assert status_of(order) == "cancelled" and not records(K.CONFIRMED)
    [event] = records(K.GATEWAY, order=order)
    assert "check by hand" in event.note
    # A second, different transaction paying an order already paid: recorded, not confirmed.
    other = place(order.village, order.lines.get().variant)
    notify(client, snap, notification(other))
    second = notification(other, transaction_id=str(uuid.uuid4()), order_id=f"{other.code}-2")
    assert notify(client, snap, second).json()["result"] == "paid_while_paid"
    assert len(records(K.CONFIRMED, order=other)) == 1


def test_an_unexpected_error_answers_400_and_is_counted(client, order, snap, monkeypatch):
    from tokodesa.payments import services

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "payment_confirm", broken)
    response = notify(client, snap, notification(order))
    assert response.status_code == 400 and response.json()["error"] == "error"
    assert "database went away" not in response.content.decode()
    assert refusals("error") == 1 and not records(K.GATEWAY)
    assert status_of(order) == "awaiting_payment"
