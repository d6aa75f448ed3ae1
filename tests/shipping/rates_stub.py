"""A stand-in for RajaOngkir (by Komerce) and Biteship on 127.0.0.1, in a thread, any free port.

It speaks each provider's documented shapes and checks every request it gets (path, headers,
fields); what it finds wrong is listed in ``problems`` and answered with a 400. ``mode`` picks
the answer: "normal", "empty", "401", "500", "malformed", "slow" (sleeps past the client's
deadline, then answers normally) or "trickle" (answers one byte every 0.3 s).

    RajaOngkir: POST {base}/calculate/domestic-cost, base = stub.url + "/api/v1"
    Biteship:   POST {base}/v1/rates/couriers,      base = stub.url
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

API_KEY = "stub-key-not-a-real-one"
RAJAONGKIR_PATH = "/api/v1/calculate/domestic-cost"
BITESHIP_PATH = "/v1/rates/couriers"

# Fees no offline table row has, so a test can tell a live price from a fallback one.
RAJAONGKIR_DATA = [
    {
        "name": "Jalur Nugraha Ekakurir (JNE)",
        "code": "jne",
        "service": "REG",
        "description": "Layanan Reguler",
        "cost": 31_111,
        "etd": "2-3 day",
    },
    {
        "name": "Jalur Nugraha Ekakurir (JNE)",
        "code": "jne",
        "service": "YES",
        "description": "Yakin Esok Sampai",
        "cost": 52_222,
        "etd": "1 day",
    },
    {
        "name": "J&T Express",
        "code": "jnt",
        "service": "EZ",
        "description": "Reguler",
        "cost": 29_333,
        "etd": "1-2 HARI",
    },
    {
        "name": "POS Indonesia (POS)",
        "code": "pos",
        "service": "Pos Reguler",
        "description": "240",
        "cost": 27_444,
        "etd": "3-5",
    },
    {
        "name": "SiCepat Express",
        "code": "sicepat",
        "service": "GOKIL",
        "description": "Cargo per kg (minimal 10 kg)",
        "cost": 99_555,
        "etd": "",
    },
    # Lines a careful client skips: a courier it did not ask for, a price that is not one.
    {"name": "TIKI", "code": "tiki", "service": "REG", "cost": 10_000, "etd": "2"},
    {"name": "JNE", "code": "jne", "service": "OKE", "cost": "gratis", "etd": "3-4"},
]
BITESHIP_PRICING = [
    {
        "courier_code": "jne",
        "courier_service_code": "reg",
        "courier_name": "JNE",
        "courier_service_name": "Reguler",
        "price": 31_666,
        "duration": "2 - 3 days",
        "shipment_duration_range": "2 - 3",
        "shipment_duration_unit": "days",
    },
    {
        "courier_code": "sicepat",
        "courier_service_code": "best",
        "courier_name": "SiCepat",
        "courier_service_name": "Besok Sampai Tujuan",
        "price": 45_777,
        "duration": "1 days",
        "shipment_duration_range": "1",
        "shipment_duration_unit": "days",
    },
    {
        "courier_code": "pos",
        "courier_service_code": "reg",
        "courier_name": "POS Indonesia",
        "courier_service_name": "Pos Reguler",
        "price": 26_888,
        "duration": "3 - 5 days",
        "shipment_duration_range": "3 - 5",
        "shipment_duration_unit": "days",
    },
]


@dataclass
class Seen:
    path: str
    client_ip: str
    headers: dict[str, str]
    body: bytes
    fields: dict = field(default_factory=dict)


class RatesStub:
    def __init__(self, api_key: str = API_KEY):
        self.api_key = api_key
        self.mode = "normal"
        self.slow_seconds = 6.0
        self.requests: list[Seen] = []
        self.problems: list[str] = []
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> RatesStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes a "slow" answer, which then writes nothing
        self._server.shutdown()
        self._server.server_close()

    # -- what the stub checks and answers ------------------------------------------------

    def check_rajaongkir(self, seen: Seen) -> list[str]:
        problems = []
        if seen.headers.get("content-type", "").split(";")[0] != (
            "application/x-www-form-urlencoded"
        ):
            problems.append(f"rajaongkir: not a form: {seen.headers.get('content-type')!r}")
        form = {k: v[0] for k, v in parse_qs(seen.body.decode(), keep_blank_values=True).items()}
        seen.fields = form
        for name in ("origin", "destination", "weight", "courier", "price"):
            if not form.get(name):
                problems.append(f"rajaongkir: {name} missing")
        if form.get("weight") and not form["weight"].isdigit():
            problems.append(f"rajaongkir: weight {form['weight']!r} is not whole grams")
        if form.get("price") and form["price"] != "lowest":
            problems.append(f"rajaongkir: price {form['price']!r}")
        if form.get("courier") and not all(form["courier"].split(":")):
            problems.append(f"rajaongkir: courier {form['courier']!r}")
        return problems

    def check_biteship(self, seen: Seen) -> list[str]:
        problems = []
        if seen.headers.get("content-type", "").split(";")[0] != "application/json":
            problems.append(f"biteship: not JSON: {seen.headers.get('content-type')!r}")
        try:
            body = json.loads(seen.body)
        except ValueError:
            return [*problems, "biteship: body is not JSON"]
        seen.fields = body
        for name in ("origin_postal_code", "destination_postal_code"):
            if not str(body.get(name, "")).isdigit() or len(str(body.get(name))) != 5:
                problems.append(f"biteship: {name} {body.get(name)!r}")
        if not body.get("couriers") or not all(body["couriers"].split(",")):
            problems.append(f"biteship: couriers {body.get('couriers')!r}")
        items = body.get("items")
        if not isinstance(items, list) or not items:
            problems.append("biteship: items missing")
        else:
            for item in items:
                if not {"name", "value", "weight", "quantity"} <= set(item):
                    problems.append(f"biteship: item fields {sorted(item)}")
                elif not (isinstance(item["weight"], int) and item["weight"] > 0):
                    problems.append(f"biteship: item weight {item['weight']!r}")
        return problems


def _handler(stub: RatesStub):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                path=self.path,
                client_ip=self.client_address[0],
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length),
            )
            stub.requests.append(seen)
            if self.path == RAJAONGKIR_PATH:
                self._rajaongkir(seen)
            elif self.path == BITESHIP_PATH:
                self._biteship(seen)
            else:
                stub.problems.append(f"unknown path {self.path}")
                self._send(404, {"message": "not found"})

        def _rajaongkir(self, seen):
            if seen.headers.get("key") != stub.api_key:
                stub.problems.append("rajaongkir: wrong or missing key header")
                return self._send(401, {"meta": {"message": "Unauthorized", "code": 401}})
            if problems := stub.check_rajaongkir(seen):
                stub.problems.extend(problems)
                return self._send(400, {"meta": {"message": "; ".join(problems), "code": 400}})
            data = [] if stub.mode == "empty" else RAJAONGKIR_DATA
            self._answer(
                {
                    "meta": {
                        "message": "Success Calculate Domestic Shipping cost",
                        "code": 200,
                        "status": "success",
                    },
                    "data": data,
                },
                error={"meta": {"message": "Unauthorized", "code": 401, "status": "error"}},
            )

        def _biteship(self, seen):
            if seen.headers.get("authorization") != stub.api_key:
                stub.problems.append("biteship: wrong or missing Authorization header")
                return self._send(401, {"success": False, "error": "Authorization failed"})
            if problems := stub.check_biteship(seen):
                stub.problems.extend(problems)
                return self._send(400, {"success": False, "error": "; ".join(problems)})
            pricing = [] if stub.mode == "empty" else BITESHIP_PRICING
            self._answer(
                {"success": True, "object": "courier_pricing", "pricing": pricing},
                error={"success": False, "error": "Authorization failed", "code": 40001001},
            )

        def _answer(self, payload, *, error):
            mode = stub.mode
            if mode == "401":
                return self._send(401, error)
            if mode == "500":
                return self._send(500, {"message": "Internal Server Error"})
            if mode == "malformed":
                return self._send(200, b'{"meta": {"code": 200}, "data": [{"code": "jne", ')
            if mode == "slow" and stub._stopping.wait(stub.slow_seconds):
                return None  # the stub is stopping: nobody waits for this answer any more
            if mode == "trickle":
                return self._trickle(json.dumps(payload).encode())
            return self._send(200, payload)

        def _send(self, status, payload):
            body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (a "slow" answer after its deadline)

        def _trickle(self, body):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(len(body)):
                    if stub._stopping.is_set():
                        return
                    self.wfile.write(body[i : i + 1])
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass  # the client gave up, as it should

    return Handler
