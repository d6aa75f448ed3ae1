"""The API with a village's key: keys made and revoked by the village admin, scopes, another
village's data never reachable, orders placed and moved by the shop's own rules, stock and
prices, reports, idempotency keys, and signed webhooks with their delivery log."""

import hashlib
import hmac
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import make_product, make_seller, place_order

from tokodesa.api.models import ApiKey, Webhook, WebhookDelivery
from tokodesa.api.services import key_create, key_revoke, webhook_create
from tokodesa.audit.models import AuditEntry
from tokodesa.catalog.models import Variant
from tokodesa.orders.models import Order

pytestmark = pytest.mark.django_db

ALL = ["orders:read", "orders:write", "stock:write", "reports:read"]
BUYER = {
    "buyer": {"name": "Bot Kabupaten", "whatsapp": "0812-9876-5432"},
    "address": {"village_code": "34.71.01.1001", "street": "Jl. Suryowijayan 12"},
    "delivery": "pickup",
    "payment": "bank_transfer",
}


def token_for(village, scopes=ALL, seller=None, name="Kasir BUMDes"):
    return key_create(village=village, actor=None, name=name, scopes=scopes, seller=seller)[1]


def call(client, method, path, token=None, body=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if method == "get":
        return client.get(f"/api/v1{path}", **headers)
    return client.post(
        f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json", **headers
    )


@pytest.fixture
def gula(seller, regions, bank_account):
    return make_product(seller, "Gula Aren", price=22_000, stock=10).variants.get()


@pytest.fixture
def theirs(other_village, regions):
    """An order and a variant of another village."""
    from tokodesa.payments.services import bank_account_add

    bank_account_add(
        actor=None, village=other_village, bank_name="BPD DIY", account_number="001",
        account_holder="BUMDes Bangunjiwo",
    )  # fmt: skip
    variant = make_product(make_seller(other_village), "Gerabah", stock=5).variants.get()
    return place_order(other_village, [(variant, 1)]), variant


def test_the_admin_makes_a_key_sees_it_once_and_revokes_it(client, village, village_admin, staff):
    client.force_login(staff)
    assert client.get("/batu-ampar/kelola/api/").status_code == 404  # admins only
    client.force_login(village_admin)
    page = client.post(
        "/batu-ampar/kelola/api/",
        {"action": "key", "name": "Kasir BUMDes", "scopes": ["orders:read", "reports:read"]},
    ).content.decode()
    token = re.search(r'<code class="secret">(tdk_[\w-]+)</code>', page)[1]
    key = ApiKey.objects.get()
    assert key.secret_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in json.dumps(list(ApiKey.objects.values()), default=str)
    assert key.scopes == ["orders:read", "reports:read"]
    page = client.get("/batu-ampar/kelola/api/").content.decode()
    assert token not in page and key.prefix in page and "belum pernah dipakai" in page
    assert call(client, "get", "/pesanan", token).status_code == 200
    assert "terakhir dipakai" in client.get("/batu-ampar/kelola/api/").content.decode()
    client.post("/batu-ampar/kelola/api/", {"action": "revoke", "key": key.pk})
    answer = call(client, "get", "/pesanan", token)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized"
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "api_key_created",
        "api_key_revoked",
    }


def test_a_seller_key_is_only_for_her_own_stock(village, seller):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        key_create(village=village, actor=None, name="x", scopes=["orders:read"], seller=seller)


ENDPOINTS = [
    ("get", "/pesanan", "orders:read"),
    ("get", "/pesanan/{order}", "orders:read"),
    ("post", "/pesanan/{order}/aksi", "orders:write"),
    ("post", "/varian/{variant}", "stock:write"),
    ("get", "/laporan", "reports:read"),
    ("get", "/saldo", "reports:read"),
]


@pytest.mark.parametrize(("method", "path", "scope"), ENDPOINTS)
def test_the_key_permission_matrix(client, village, gula, theirs, method, path, scope):
    """Every endpoint × no key, a revoked key, a key without the scope, a key with it for our
    things and for another village's."""
    ours = place_order(village, [(gula, 1)])
    their_order, their_variant = theirs
    body = {"action": "prepare"} if "aksi" in path else {"stock": 3}

    def url(order, variant):
        return path.format(order=order.code, variant=variant.pk)

    assert call(client, method, url(ours, gula), body=body).status_code == 401
    revoked = token_for(village)
    key_revoke(key=ApiKey.objects.get(prefix=revoked.split("_")[1]), actor=None)
    assert call(client, method, url(ours, gula), revoked, body).status_code == 401
    assert call(client, method, url(ours, gula), "tdk_nope_nope", body).status_code == 401
    others = token_for(village, [s for s in ALL if s != scope], name="lain")
    denied = call(client, method, url(ours, gula), others, body)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "insufficient_scope"
    allowed = token_for(village, [scope], name="boleh")
    assert call(client, method, url(ours, gula), allowed, body).status_code in (200, 422)
    if "{" in path:  # another village's order or variant: not found, and untouched
        answer = call(client, method, url(their_order, their_variant), allowed, body)
        assert answer.status_code == 404
        assert Order.objects.get(pk=their_order.pk).status == "awaiting_payment"
        assert Variant.objects.get(pk=their_variant.pk).stock == 4
    elif path == "/pesanan":
        codes = [o["code"] for o in call(client, "get", path, allowed).json()["items"]]
        assert codes == [ours.code]


def test_orders_page_by_cursor_in_a_constant_number_of_queries(client, village, gula):
    token = token_for(village)
    for _ in range(3):
        place_order(village, [(gula, 1)])
    call(client, "get", "/pesanan?limit=2", token)  # the key's "last used" written once

    def count(limit):
        with CaptureQueriesContext(connection) as queries:
            answer = call(client, "get", f"/pesanan?limit={limit}", token)
        return len(queries), answer.json()

    few, page = count(2)
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = call(client, "get", f"/pesanan?limit=2&after={page['next_cursor']}", token).json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    for _ in range(6):
        place_order(village, [(gula, 1)])
    many, page = count(9)
    assert len(page["items"]) == 9 and many == few


def test_a_bot_places_an_order_once_however_often_it_retries(client, village, gula):
    token = token_for(village)
    body = {**BUYER, "lines": [{"variant_id": gula.pk, "quantity": 2}]}
    missing = call(client, "post", "/pesanan", token, body)
    assert missing.status_code == 400  # the header is required (in the schema, too)
    first = call(client, "post", "/pesanan", token, body, HTTP_IDEMPOTENCY_KEY="wa-8812")
    assert first.status_code == 201
    order = first.json()
    assert (order["status"], order["subtotal"], order["lines"][0]["quantity"]) == (
        "awaiting_payment",
        44_000,
        2,
    )
    again = call(client, "post", "/pesanan", token, body, HTTP_IDEMPOTENCY_KEY="wa-8812")
    assert again.status_code == 201 and again.json() == order
    assert Order.objects.count() == 1 and Variant.objects.get(pk=gula.pk).stock == 8
    other = {**body, "lines": [{"variant_id": gula.pk, "quantity": 1}]}
    clash = call(client, "post", "/pesanan", token, other, HTTP_IDEMPOTENCY_KEY="wa-8812")
    assert clash.status_code == 409
    too_many = {**body, "lines": [{"variant_id": gula.pk, "quantity": 50}]}
    refused = call(client, "post", "/pesanan", token, too_many, HTTP_IDEMPOTENCY_KEY="wa-8813")
    error = refused.json()["error"]
    assert refused.status_code == 422 and error["code"] == "refused"
    assert error["message_id"] == "Stok Gula Aren tinggal 8."
    assert error["message_en"] == "Only 8 of Gula Aren left in stock."
    assert Order.objects.count() == 1


def test_orders_move_by_the_shops_own_rules(client, village, gula):
    token = token_for(village)
    order = place_order(village, [(gula, 1)], delivery="pickup")
    code = order.code

    def act(**body):
        return call(client, "post", f"/pesanan/{code}/aksi", token, body)

    assert act(action="terbang").status_code == 400
    early = act(action="complete")
    assert early.status_code == 422 and "Order" in early.json()["error"]["message_en"]
    paid = act(action="payment_received", reason="BRI 10:02")
    assert paid.status_code == 200 and paid.json()["status"] == "paid"
    assert paid.json()["paid"] == order.payable
    assert act(action="prepare").json()["status"] == "processing"
    assert act(action="complete").json()["status"] == "completed"
    event = Order.objects.get(pk=order.pk).events.last()
    assert event.actor_label == "API: Kasir BUMDes"
    assert AuditEntry.objects.get(action="payment_confirmed").actor_label == "API: Kasir BUMDes"


def test_stock_and_prices_through_a_seller_key(client, village, seller, gula):
    mine = token_for(village, ["stock:write"], seller=seller, name="Bu Siti")
    other = make_product(make_seller(village), "Rebung", stock=4).variants.get()
    place_order(village, [(gula, 3)])  # sold meanwhile: 7 left
    answer = call(client, "post", f"/varian/{gula.pk}", mine, {"stock": 12, "price": 25_000})
    assert answer.status_code == 200
    assert (answer.json()["stock"], answer.json()["price"]) == (12, 25_000)
    gula.product.refresh_from_db()
    assert gula.product.price_min == 25_000 and gula.product.stock_total == 12
    change = AuditEntry.objects.get(action="price_changed")
    assert change.actor_label == "API: Bu Siti" and change.after == {"500 g": 25_000}
    assert call(client, "post", f"/varian/{other.pk}", mine, {"stock": 1}).status_code == 404
    assert Variant.objects.get(pk=other.pk).stock == 4
    bad = call(client, "post", f"/varian/{gula.pk}", mine, {"stock": -1})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"


def test_reports_and_balances(client, village, gula, staff):
    from tokodesa.orders import services as orders
    from tokodesa.payments.services import payment_confirm

    order = place_order(village, [(gula, 2)])
    payment_confirm(order=order, actor=staff)
    order = orders.order_start_preparing(order=order, actor=staff)
    orders.order_complete(order=order, actor=staff)
    token = token_for(village, ["reports:read"])
    report = call(client, "get", "/laporan", token).json()
    assert (report["orders"], report["turnover"]) == (1, 44_000)
    assert report["products_top"] == [{"name": "Gula Aren", "amount": 44_000}]
    [balance] = call(client, "get", "/saldo", token).json()["items"]
    assert balance["earned"] == balance["balance"] == 44_000
    assert call(client, "get", "/laporan?start=2026-12-31&end=2026-01-01", token).status_code == 400


class Receiver:
    """A program's webhook address on 127.0.0.1: answers ``status`` and keeps what it got."""

    def __init__(self, status=200):
        self.status, self.received = status, []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/tokodesa"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_HTTP = settings.WEBHOOK_ALLOW_PRIVATE = True
    hook = Receiver()
    yield hook
    hook.close()


def test_webhooks_are_signed_and_logged(
    client, village, village_admin, gula, staff, receiver, django_capture_on_commit_callbacks
):
    from tokodesa.payments.services import payment_confirm

    client.force_login(village_admin)
    page = client.post(
        "/batu-ampar/kelola/api/",
        {"action": "webhook", "url": receiver.url, "events": ["order.placed", "order.paid"]},
    ).content.decode()
    secret = re.search(r'<code class="secret">(whsec_[\w-]+)</code>', page)[1]
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(village, [(gula, 1)])
    with django_capture_on_commit_callbacks(execute=True):
        payment_confirm(order=order, actor=staff)
    assert [json.loads(body)["event"] for _, body in receiver.received] == [
        "order.placed",
        "order.paid",
    ]
    headers, body = receiver.received[1]
    stamp, mac = re.fullmatch(
        r"t=(\d+),v1=([0-9a-f]{64})", headers["X-TokoDesa-Signature"]
    ).groups()
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(mac, expected)
    assert json.loads(body)["order"]["code"] == order.code
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    log = client.get("/batu-ampar/kelola/api/").content.decode()
    assert "Pesanan dibayar" in log and order.code in log and "HTTP 200" in log


def test_a_failing_address_is_logged_and_tried_again_by_the_worker(
    village, gula, receiver, django_capture_on_commit_callbacks
):
    from tokodesa.api.services import DeliveryFailed, webhook_send

    receiver.status = 500
    webhook_create(village=village, actor=None, url=receiver.url, events=["order.placed"])
    with django_capture_on_commit_callbacks(execute=True):
        place_order(village, [(gula, 1)])
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 1, 500)
    receiver.status = 204
    delivery.refresh_from_db()
    assert webhook_send(delivery=delivery).status == "delivered"  # the worker's next try
    receiver.status = 500
    with pytest.raises(DeliveryFailed):  # raised, so the worker queues it again
        webhook_send(delivery=WebhookDelivery.objects.get())


def test_webhooks_never_reach_the_servers_own_network(
    village, gula, settings, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    settings.WEBHOOK_ALLOW_HTTP = settings.WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError):
        webhook_create(
            village=village, actor=None, url="http://example.id/x", events=["order.paid"]
        )
    hook, _secret = webhook_create(
        village=village, actor=None, url="https://127.0.0.1:6379/", events=["order.placed"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        place_order(village, [(gula, 1)])
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.status == "failed" and "not on the internet" in delivery.error
    assert Webhook.objects.count() == 1
