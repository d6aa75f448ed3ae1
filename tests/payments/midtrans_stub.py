"""A stand-in for Midtrans Snap's "create transaction" endpoint and the Core API's
``GET /v2/<order_id>/status``, on 127.0.0.1 (random port).

The status API answers from ``transactions`` (order_id → what Midtrans knows, as a dict in
Midtrans' shape: ``transaction_status``, ``transaction_id``, ``status_code``,
``gross_amount``…); an unknown order_id gets Midtrans' HTTP 200 with ``status_code`` "404".

It speaks Snap's documented shapes: ``POST /snap/v1/transactions`` with
``Authorization: Basic base64(<server key>:)`` and a JSON body whose ``item_details`` add up to
``transaction_details.gross_amount``; it answers 201 ``{"token", "redirect_url"}``, or Snap's
``{"error_messages": [...]}`` with 400/401. ``mode`` makes it misbehave: "unauthorized" (401
whatever the key), "error" (500), "garbage" (201 with a body that is not JSON), "slow" (answers
only after ``delay`` seconds).
"""

import base64
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATH = "/snap/v1/transactions"


class SnapStub:
    def __init__(self, server_key: str):
        self.server_key = server_key
        self.mode = "ok"
        self.delay = 2.0
        self.requests: list[dict] = []  # every request received: path, headers, body
        self.seen_order_ids: set[str] = set()
        self.transactions: dict[str, dict] = {}
        self.status_keys = {server_key}  # accounts whose status API this stub answers
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return f"{self.base}{PATH}"

    def knows(self, notification: dict) -> None:
        """Midtrans' own record of a transaction is what this notification says."""
        truth = {k: v for k, v in notification.items() if k != "signature_key"}
        self.transactions[truth["order_id"]] = truth

    def _status(self, path: str, headers: dict) -> tuple[int, bytes]:
        if self.mode == "slow":
            self._stop.wait(self.delay)
        if self.mode in ("error", "status_error"):
            return 500, _json({"status_code": "500", "status_message": "internal error"})
        accepted = {
            "Basic " + base64.b64encode(f"{k}:".encode()).decode() for k in self.status_keys
        }
        if headers.get("authorization") not in accepted:
            return 401, _json({"status_code": "401", "status_message": "unauthorized"})
        order_id = path[len("/v2/") : -len("/status")]
        found = self.transactions.get(order_id)
        if found is None:
            return 200, _json(
                {"status_code": "404", "status_message": "Transaction doesn't exist."}
            )
        return 200, _json(found)

    def start(self) -> "SnapStub":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _answer(self, path: str, headers: dict, raw: bytes) -> tuple[int, bytes]:
        if self.mode == "slow":
            self._stop.wait(self.delay)
        if self.mode == "error":
            return 500, _json({"error_messages": ["Sorry, we encountered internal server error."]})
        if self.mode == "garbage":
            return 201, b"<html>502 Bad Gateway</html>"
        if path != PATH:
            return 404, _json({"error_messages": ["Not found"]})
        expected = "Basic " + base64.b64encode(f"{self.server_key}:".encode()).decode()
        if self.mode == "unauthorized" or headers.get("authorization") != expected:
            return 401, _json(
                {
                    "error_messages": [
                        "Access denied due to unauthorized transaction, please check client "
                        "or server key"
                    ]
                }
            )
        if not headers.get("content-type", "").startswith("application/json"):
            return 400, _json({"error_messages": ["Content-Type must be application/json"]})
        try:
            body = json.loads(raw)
            details = body["transaction_details"]
            order_id, gross = details["order_id"], details["gross_amount"]
        except (ValueError, KeyError, TypeError):
            return 400, _json({"error_messages": ["transaction_details is required"]})
        if not isinstance(gross, int) or gross < 1:
            return 400, _json({"error_messages": ["transaction_details.gross_amount is invalid"]})
        items = body.get("item_details")
        if items is not None:
            if any(len(str(item.get("name", ""))) > 50 for item in items):
                return 400, _json({"error_messages": ["item_details.name is too long"]})
            if sum(item["price"] * item["quantity"] for item in items) != gross:
                return 400, _json(
                    {
                        "error_messages": [
                            "transaction_details.gross_amount is not equal to the sum of "
                            "item_details"
                        ]
                    }
                )
        if order_id in self.seen_order_ids:
            return 400, _json(
                {
                    "error_messages": [
                        "transaction_details.order_id sudah digunakan",
                    ]
                }
            )
        self.seen_order_ids.add(order_id)
        token = str(uuid.uuid4())
        return 201, _json(
            {
                "token": token,
                "redirect_url": f"https://app.sandbox.midtrans.com/snap/v2/vtweb/{token}",
            }
        )

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 – http.server's naming
                headers = {k.lower(): v for k, v in self.headers.items()}
                stub.requests.append({"path": self.path, "headers": headers, "body": None})
                if self.path.startswith("/v2/") and self.path.endswith("/status"):
                    status, answer = stub._status(self.path, headers)
                else:
                    status, answer = 404, _json({"error_messages": ["Not found"]})
                self._send(status, answer)

            def do_POST(self):  # noqa: N802 – http.server's naming
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                stub.requests.append({"path": self.path, "headers": headers, "body": body})
                status, answer = stub._answer(self.path, headers, raw)
                self._send(status, answer)

            def _send(self, status: int, answer: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout tests)

            def log_message(self, *args):
                pass

        return Handler


def _json(value) -> bytes:
    return json.dumps(value).encode()
