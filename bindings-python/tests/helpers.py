"""Small helpers shared by the Python-specific tests."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Tuple

import offsession

from conftest import Sim

SUCCESS = "https://example.com/success?session_id={CHECKOUT_SESSION_ID}"
RECOVERY = offsession.Recovery(product_name="T-shirt", success_url="https://example.com/paid")
KEY = "sk_test_51PythonSecretKeyValue0123456789"


def client(sim: Sim, **options: object) -> offsession.Client:
    return offsession.Client(KEY, base_url=sim.url, **options)  # type: ignore[arg-type]


def saved_card(client: offsession.Client, sim: Sim, test_card: str = "pm_card_visa") -> Tuple[str, str]:
    """A customer with a card saved through a completed setup session."""
    customer = client.customers.create(email="jenny.rosen@example.com")
    started = client.start_setup(currency="usd", success_url=SUCCESS, customer=customer.id)
    status, body = sim.control(
        "POST", f"/_sim/checkout/sessions/{started.session.id}/complete", {"payment_method": test_card}
    )
    assert status == 200, body
    saved = client.complete_setup(started.session.id)
    return saved.customer_id, saved.payment_method_id


def requests(sim: Sim) -> List[Any]:
    """The simulator's log of `/v1` requests, in arrival order."""
    status, body = sim.control("GET", "/_sim/requests")
    assert status == 200, body
    data: List[Any] = body["data"]
    return data


def closed_port_url() -> str:
    """A loopback URL where nothing listens: every request is a connection error."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def stub_payment_intent(status: str, **fields: Any) -> Dict[str, Any]:
    """A PaymentIntent as Stripe returns it, in a state the simulator does not produce."""
    return {
        "id": "pi_3StubIntent0001",
        "object": "payment_intent",
        "amount": 1099,
        "amount_received": 1099 if status == "succeeded" else 0,
        "currency": "usd",
        "status": status,
        "customer": "cus_StubCustomer",
        "payment_method": "pm_StubMethod",
        "client_secret": "pi_3StubIntent0001_secret_StubSecretValue",
        "capture_method": "manual" if status == "requires_capture" else "automatic",
        "created": 1_780_000_000,
        "livemode": False,
        "metadata": {},
        **fields,
    }


class StubStripe:
    """A stand-in for Stripe on loopback that answers every request with one canned JSON
    response, for PaymentIntent states the simulator does not reach (processing, requires_capture,
    requires_action). It records the requests it received."""

    def __init__(self, body: Dict[str, Any], status: int = 200) -> None:
        self.received: List[Dict[str, Any]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                stub.received.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "idempotency_key": self.headers.get("Idempotency-Key"),
                        "body": self.rfile.read(length).decode(),
                    }
                )
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.send_header("Request-Id", "req_stub")
                self.end_headers()
                self.wfile.write(payload)

            do_GET = answer
            do_POST = answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
