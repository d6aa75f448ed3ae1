"""Live courier rates (shipping.live) at checkout, against a stub provider on 127.0.0.1.

The stub (rates_stub.py) speaks RajaOngkir's and Biteship's documented request and answer
shapes and checks every request; every failure of the provider falls back to the offline
table with a note for the buyer, within the 4 s budget. Nothing here leaves the machine.
"""

import socket
import time

import httpx
import pytest
from django.utils import translation
from django.utils.translation import gettext
from factories import make_product, place_order
from rates_stub import API_KEY, RatesStub

from tokodesa.catalog.services import VariantData
from tokodesa.shipping import live
from tokodesa.shipping.methods import Destination, Parcel, delivery_options

pytestmark = pytest.mark.django_db

YOGYA = Destination("34", "34.71", "34.71.01", "34.71.01.1001")  # postal code 55142
BANTUL = Destination("34", "34.02", "34.02.16", "34.02.16.2001")  # not in the region map
NOTE = "Estimated fee (live courier rates are unavailable right now)"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Every HTTP request made by these tests goes to 127.0.0.1, or the test fails."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    hosts = []
    send = httpx.HTTPTransport.handle_request

    def guarded(transport, request):
        hosts.append(request.url.host)
        if request.url.host != "127.0.0.1":
            raise AssertionError(f"request to {request.url.host}")
        return send(transport, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", guarded)
    yield hosts
    assert set(hosts) <= {"127.0.0.1"}


@pytest.fixture
def stub():
    server = RatesStub().start()
    yield server
    server.stop()


@pytest.fixture
def rajaongkir(settings, stub):
    settings.SHIPPING_LIVE_PROVIDER = "rajaongkir"
    settings.SHIPPING_LIVE_API_KEY = API_KEY
    settings.SHIPPING_LIVE_BASE_URL = f"{stub.url}/api/v1"
    # The operator's mapping: the village's kecamatan and the buyer's (kecamatan-level ids).
    settings.SHIPPING_LIVE_REGION_MAP = {"17.08.05": "1001", "34.71.01": "2002"}
    return stub


@pytest.fixture
def biteship(settings, stub, regions):
    settings.SHIPPING_LIVE_PROVIDER = "biteship"
    settings.SHIPPING_LIVE_API_KEY = API_KEY
    settings.SHIPPING_LIVE_BASE_URL = stub.url
    return stub


@pytest.fixture(params=["rajaongkir", "biteship"])
def provider(request, regions):
    return request.getfixturevalue(request.param)


def couriers(village, destination=YOGYA, weight=1000, subtotal=50000):
    found = delivery_options(
        village=village, destination=destination, parcel=Parcel(weight_g=weight, subtotal=subtotal)
    )
    return [o for o in found if o.code.startswith("courier:")]


def offline(village, settings, destination=YOGYA, weight=1000):
    provider = settings.SHIPPING_LIVE_PROVIDER
    settings.SHIPPING_LIVE_PROVIDER = ""
    try:
        return [(o.code, o.fee) for o in couriers(village, destination, weight)]
    finally:
        settings.SHIPPING_LIVE_PROVIDER = provider


def assert_fell_back(found, village, settings, destination=YOGYA, weight=1000):
    assert found, "the offline table prices this route"
    assert [(o.code, o.fee) for o in found] == offline(village, settings, destination, weight)
    assert all(o.detail.startswith(gettext(NOTE)) for o in found)


def test_rajaongkir_quotes_become_checkout_options(rajaongkir, village, settings):
    with translation.override("en"):
        found = couriers(village)
    assert [(o.code, o.label, o.fee, o.estimate) for o in found] == [
        ("courier:pos-reguler", "Pos Reguler", 27_444, "3–5 days"),
        ("courier:jnt-ez", "J&T EZ", 29_333, "1–2 days"),
        ("courier:jne-reg", "JNE REG", 31_111, "2–3 days"),
        ("courier:jne-yes", "JNE YES", 52_222, "1 day(s)"),
        ("courier:sicepat-gokil", "SiCepat GOKIL", 99_555, ""),  # no ETD given
    ]
    assert all(o.detail == "" for o in found)
    assert rajaongkir.problems == []
    [seen] = rajaongkir.requests
    assert seen.path == "/api/v1/calculate/domestic-cost" and seen.client_ip == "127.0.0.1"
    assert seen.headers["key"] == API_KEY
    assert seen.fields == {
        "origin": "1001",  # the village's desa has no id of its own: its kecamatan's
        "destination": "2002",
        "weight": "1200",  # 1000 g + 200 g packing
        "courier": "jne:jnt:pos:sicepat",
        "price": "lowest",
    }
    # Pickup still comes first, and checkout sorts everything cheapest first.
    every = delivery_options(
        village=village, destination=YOGYA, parcel=Parcel(weight_g=1000, subtotal=50000)
    )
    assert every[0].code == "pickup" and [o.fee for o in every] == sorted(o.fee for o in every)


def test_biteship_quotes_become_checkout_options(biteship, village):
    with translation.override("en"):
        found = couriers(village, subtotal=65000)
    assert [(o.code, o.label, o.fee, o.estimate) for o in found] == [
        ("courier:pos-reguler", "Pos Reguler", 26_888, "3–5 days"),
        ("courier:jne-reg", "JNE REG", 31_666, "2–3 days"),
        ("courier:sicepat-best", "SiCepat BEST", 45_777, "1 day(s)"),
    ]
    assert biteship.problems == []
    [seen] = biteship.requests
    assert seen.path == "/v1/rates/couriers" and seen.client_ip == "127.0.0.1"
    assert seen.headers["authorization"] == API_KEY
    assert seen.fields == {
        "origin_postal_code": 39371,  # the village's own postal code
        "destination_postal_code": 55142,  # Gedongkiwo's, from the region list
        "couriers": "jne,jnt,pos,sicepat",
        "items": [{"name": "Paket", "value": 65000, "weight": 1200, "quantity": 1}],
    }


@pytest.mark.parametrize("mode", ["empty", "401", "500", "malformed"])
def test_a_failing_provider_falls_back_to_the_offline_table_with_a_note(
    provider, mode, village, settings
):
    provider.mode = mode
    started = time.monotonic()
    found = couriers(village)
    assert time.monotonic() - started < 5
    assert len(provider.requests) == 1 and provider.problems == []
    assert_fell_back(found, village, settings)


def test_a_slow_provider_costs_at_most_the_budget_then_rests(provider, village, settings):
    provider.mode = "slow"  # answers after 6 s
    started = time.monotonic()
    found = couriers(village)
    assert time.monotonic() - started < 5
    assert_fell_back(found, village, settings)
    # It timed out, so the next checkout does not wait for it again (for a minute).
    started = time.monotonic()
    assert_fell_back(couriers(village), village, settings)
    assert time.monotonic() - started < 1 and len(provider.requests) == 1


def test_an_answer_trickling_in_is_cut_off_at_the_deadline(rajaongkir, village, settings):
    rajaongkir.mode = "trickle"  # one byte every 0.3 s: no read ever times out on its own
    started = time.monotonic()
    found = couriers(village)
    assert time.monotonic() - started < 5
    assert_fell_back(found, village, settings)


def test_a_refused_connection_falls_back_at_once(settings, village):
    with socket.socket() as sock:  # a port on 127.0.0.1 that nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.SHIPPING_LIVE_PROVIDER = "rajaongkir"
    settings.SHIPPING_LIVE_API_KEY = API_KEY
    settings.SHIPPING_LIVE_BASE_URL = f"http://127.0.0.1:{port}/api/v1"
    settings.SHIPPING_LIVE_REGION_MAP = {"17.08.05": "1001", "34.71.01": "2002"}
    started = time.monotonic()
    found = couriers(village)
    assert time.monotonic() - started < 2
    assert_fell_back(found, village, settings)


def test_a_route_without_a_region_mapping_is_priced_offline_without_asking(
    rajaongkir, village, settings
):
    found = couriers(village, BANTUL)
    assert rajaongkir.requests == []
    assert_fell_back(found, village, settings, BANTUL)


def test_a_destination_without_a_postal_code_is_priced_offline(biteship, village, settings):
    kecamatan_only = Destination("34", "34.71", "34.71.01", "")
    found = couriers(village, kecamatan_only)
    assert biteship.requests == []
    assert_fell_back(found, village, settings, kecamatan_only)


def test_live_answers_are_cached_per_route_and_weight_step(rajaongkir, village):
    first = couriers(village, weight=1250)  # 1450 g: asked as 1500 g
    rajaongkir.mode = "500"  # a reload must not ask again, so this is never seen
    assert couriers(village, weight=1300) == first  # 1500 g: the same step
    assert len(rajaongkir.requests) == 1 and rajaongkir.requests[0].fields["weight"] == "1500"
    rajaongkir.mode = "normal"
    couriers(village, weight=1301)  # 1501 g: the next step
    assert [r.fields["weight"] for r in rajaongkir.requests] == ["1500", "1600"]


def test_no_provider_no_request_and_no_note(settings, stub, village):
    settings.SHIPPING_LIVE_PROVIDER = ""
    settings.SHIPPING_LIVE_BASE_URL = stub.url
    found = couriers(village)
    assert found and all(o.detail and gettext(NOTE) not in o.detail for o in found)
    assert stub.requests == []


@pytest.mark.parametrize("name, key", [("rajaongkir", ""), ("kiriminaja", API_KEY)])
def test_a_misconfigured_provider_falls_back(settings, stub, village, name, key):
    settings.SHIPPING_LIVE_PROVIDER = name
    settings.SHIPPING_LIVE_API_KEY = key
    settings.SHIPPING_LIVE_BASE_URL = stub.url
    assert_fell_back(couriers(village), village, settings)
    assert stub.requests == []


def test_no_exception_from_the_provider_reaches_checkout(
    rajaongkir, village, settings, monkeypatch
):
    def explode(self, **kwargs):
        raise RuntimeError("bug in an adapter")

    monkeypatch.setattr(live.RajaOngkir, "rates", explode)
    assert_fell_back(couriers(village), village, settings)


def test_an_order_is_charged_the_live_fee_without_asking_again(
    rajaongkir, village, seller, regions, bank_account
):
    product = make_product(seller, "Pot Bunga", variants=[VariantData("besar", 60000, 800, 3)])
    shown = {o.code: o.fee for o in couriers(village, weight=800)}  # the checkout page
    order = place_order(village, [(product.variants.get(), 1)], delivery="courier:jne-reg")
    assert order.shipping_fee == shown["courier:jne-reg"] == 31_111
    assert order.delivery_label == "JNE REG" and len(rajaongkir.requests) == 1


def test_region_map_from_a_csv_the_operator_prepared(settings, tmp_path):
    path = tmp_path / "rajaongkir.csv"
    path.write_text("code;provider_id\n170805;1001\n34.71.01.1001;3003\n", encoding="utf-8")
    settings.SHIPPING_LIVE_REGION_MAP = {"34.71.01": "2002"}
    settings.SHIPPING_LIVE_REGION_MAP_FILE = str(path)
    assert live.region_id_from_settings("17.08.05.2007") == "1001"  # its kecamatan's
    assert live.region_id_from_settings("34.71.01.1001") == "3003"  # the desa's own
    assert live.region_id_from_settings("34.71.01.1002") == "2002"
    assert live.region_id_from_settings("34.02.16.2001") is None
    assert live.region_id_from_settings("not a code") is None


@pytest.mark.parametrize(
    "etd, days",
    [
        ("2-3", (2, 3)),
        ("1-2 HARI", (1, 2)),
        ("2 - 3 days", (2, 3)),
        ("1 day", (1, 1)),
        ("3", (3, 3)),
        (4, (4, 4)),
        ("6-8 jam", (1, 1)),
        ("", None),
        ("-", None),
        (None, None),
        ("1-365", None),
    ],
)
def test_days_from_the_providers_etd_text(etd, days):
    assert live.days_from_etd(etd) == days
