"""Small helpers shared by the Python-specific tests."""

from __future__ import annotations

from typing import Tuple

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
