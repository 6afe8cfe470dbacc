"""The six outcomes of ``charge_off_session``: their classes, ``outcome`` names, reprs and
``to_dict()`` shapes (the conformance shapes of tests/conformance/README.md).

Succeeded, NeedsRecovery and RecoveryFailed come from the simulator; Processing, RequiresCapture
and RequiresAction from a stub that answers like Stripe with a PaymentIntent in that state (the
simulator does not reach them yet), and Processing from the simulator too when it simulates
``pm_usBankAccount_success``.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Iterator, Type

import pytest

import offsession
from conftest import Sim
from helpers import KEY, RECOVERY, StubStripe, client, requests, saved_card, stub_payment_intent

ERROR_SHAPE = {
    "kind", "code", "decline_code", "param", "http_status", "request_id", "message",
    "idempotency_key", "payment_intent",
}

ALL_OUTCOMES: Dict[str, Type[Any]] = {
    "succeeded": offsession.Succeeded,
    "processing": offsession.Processing,
    "requires_capture": offsession.RequiresCapture,
    "requires_action": offsession.RequiresAction,
    "needs_recovery": offsession.NeedsRecovery,
    "recovery_failed": offsession.RecoveryFailed,
}


def declined_card(c: offsession.Client) -> tuple[str, str]:
    """A customer whose saved card is declined off-session (card_declined, generic_decline)."""
    customer = c.customers.create(email="richard.roe@example.com")
    card = c.payment_methods.attach("pm_card_chargeCustomerFail", customer=customer.id)
    return customer.id, card.id


def test_the_six_outcomes_are_exported_and_form_charge_outcome() -> None:
    assert set(offsession.ChargeOutcome) == set(ALL_OUTCOMES.values())
    assert len(offsession.ChargeOutcome) == 6
    for name, kind in ALL_OUTCOMES.items():
        assert kind.__name__ in offsession.__all__
        assert kind.__module__ == "offsession"
        assert kind.__doc__ and len(kind.__doc__) > 40, f"{name}: say what the merchant does"


def test_succeeded(sim: Sim) -> None:
    c = client(sim)
    customer, payment_method = saved_card(c, sim)
    outcome = c.charge_off_session(
        customer=customer, payment_method=payment_method, amount=1099, currency="usd",
        idempotency_key="order-ok", recovery=RECOVERY,
    )
    assert isinstance(outcome, offsession.Succeeded)
    assert isinstance(outcome, offsession.ChargeOutcome)
    assert outcome.outcome == "succeeded"
    assert outcome.payment_intent.status == "succeeded"
    assert repr(outcome).startswith("Succeeded(payment_intent=PaymentIntent(id='pi_")
    shape = outcome.to_dict()
    assert set(shape) == {"outcome", "payment_intent"}
    assert shape["outcome"] == "succeeded"
    # The shared shape: Stripe's JSON plus the response the PaymentIntent came with.
    assert outcome.payment_intent.last_response is not None
    assert shape["payment_intent"] == {
        **outcome.payment_intent.to_dict(), "last_response": outcome.payment_intent.last_response.to_dict()
    }


def test_needs_recovery_keeps_the_declined_payment_intent_on_its_error(sim: Sim) -> None:
    c = client(sim)
    customer, payment_method = declined_card(c)
    outcome = c.charge_off_session(
        customer=customer, payment_method=payment_method, amount=1099, currency="usd",
        idempotency_key="order-declined", recovery=RECOVERY,
    )
    assert isinstance(outcome, offsession.NeedsRecovery)
    assert outcome.outcome == "needs_recovery"
    error = outcome.error
    assert isinstance(error, offsession.CardError)
    assert (error.code, error.decline_code, error.http_status) == ("card_declined", "generic_decline", 402)
    assert error.idempotency_key == "order-declined"
    assert outcome.payment_intent is not None
    assert isinstance(error.payment_intent, offsession.PaymentIntent)
    assert error.payment_intent.id == outcome.payment_intent.id
    assert error.payment_intent.status == "requires_payment_method"
    assert outcome.recovery_session.mode == "payment"
    assert outcome.recovery_session.url
    text = repr(outcome)
    assert text.startswith("NeedsRecovery(error=") and outcome.payment_intent.id in text
    shape = outcome.to_dict()
    assert set(shape) == {"outcome", "error", "payment_intent", "recovery_session"}
    assert set(shape["error"]) == ERROR_SHAPE
    assert shape["error"]["kind"] == "card_error"
    assert shape["error"]["code"] == "card_declined"
    assert shape["error"]["idempotency_key"] == "order-declined"
    assert shape["error"]["payment_intent"]["id"] == outcome.payment_intent.id
    assert shape["payment_intent"]["id"] == outcome.payment_intent.id
    assert shape["recovery_session"]["url"] == outcome.recovery_session.url


def test_recovery_failed_keeps_the_decline_and_a_rerun_creates_the_session(sim: Sim) -> None:
    c = client(sim, max_retries=0)
    customer, payment_method = declined_card(c)
    sim.fault(method="POST", path="/v1/checkout/sessions", kind="status_500")
    outcome = c.charge_off_session(
        customer=customer, payment_method=payment_method, amount=1099, currency="usd",
        idempotency_key="order-unrecovered", recovery=RECOVERY,
    )
    assert isinstance(outcome, offsession.RecoveryFailed)
    assert outcome.outcome == "recovery_failed"
    assert isinstance(outcome.error, offsession.CardError)
    assert outcome.error.code == "card_declined"
    assert outcome.payment_intent is not None
    assert outcome.error.payment_intent is not None
    assert outcome.error.payment_intent.id == outcome.payment_intent.id
    recovery_error = outcome.recovery_error
    assert isinstance(recovery_error, offsession.APIError)
    assert recovery_error.http_status == 500
    assert recovery_error.idempotency_key == "order-unrecovered"
    text = repr(outcome)
    assert text.startswith("RecoveryFailed(error=") and "recovery_error=" in text
    shape = outcome.to_dict()
    assert set(shape) == {"outcome", "error", "payment_intent", "recovery_error"}
    assert shape["outcome"] == "recovery_failed"
    assert set(shape["error"]) == ERROR_SHAPE and set(shape["recovery_error"]) == ERROR_SHAPE
    assert shape["error"]["kind"] == "card_error"
    assert shape["recovery_error"]["kind"] == "api_error"
    assert shape["recovery_error"]["http_status"] == 500
    assert shape["payment_intent"]["id"] == outcome.payment_intent.id

    # Re-run with the same key: the decline is replayed (the card is not tried again) and the
    # recovery session is created this time.
    again = c.charge_off_session(
        customer=customer, payment_method=payment_method, amount=1099, currency="usd",
        idempotency_key="order-unrecovered", recovery=RECOVERY,
    )
    assert isinstance(again, offsession.NeedsRecovery)
    assert again.payment_intent is not None and again.payment_intent.id == outcome.payment_intent.id
    assert len(sim.objects("payment_intents")) == 1


def test_processing_on_the_simulator(sim: Sim) -> None:
    c = client(sim)
    customer = c.customers.create(email="ach@example.com")
    started = c.start_setup(currency="usd", success_url=RECOVERY["success_url"], customer=customer.id)
    status, body = sim.control(
        "POST", f"/_sim/checkout/sessions/{started.session.id}/complete",
        {"payment_method": "pm_usBankAccount_success"},
    )
    assert status == 200, f"the simulator refused pm_usBankAccount_success: {body}"
    saved = c.complete_setup(started.session.id)
    outcome = c.charge_off_session(
        customer=saved.customer_id, payment_method=saved.payment_method_id, amount=1099,
        currency="usd", idempotency_key="order-ach", recovery=RECOVERY,
    )
    assert isinstance(outcome, offsession.Processing)
    assert outcome.outcome == "processing"
    assert outcome.payment_intent.status == "processing"
    assert set(outcome.to_dict()) == {"outcome", "payment_intent"}


@pytest.fixture
def stub_factory() -> Iterator[Any]:
    stubs: list[StubStripe] = []

    def make(body: Dict[str, Any], status: int = 200) -> StubStripe:
        stubs.append(StubStripe(body, status))
        return stubs[-1]

    yield make
    for stub in stubs:
        stub.close()


@pytest.mark.parametrize("asyncio_mode", [False, True], ids=["Client", "AsyncClient"])
@pytest.mark.parametrize("name", ["processing", "requires_capture", "requires_action"])
def test_states_that_are_not_paid_yet(stub_factory: Any, name: str, asyncio_mode: bool) -> None:
    stub = stub_factory(stub_payment_intent(name))

    async def charge() -> Any:
        c = offsession.AsyncClient(KEY, base_url=stub.url, max_retries=0)
        return await c.charge_off_session(
            customer="cus_StubCustomer", payment_method="pm_StubMethod", amount=1099,
            currency="usd", idempotency_key=f"order-{name}", recovery=RECOVERY,
        )

    if asyncio_mode:
        outcome = asyncio.run(charge())
    else:
        outcome = offsession.Client(KEY, base_url=stub.url, max_retries=0).charge_off_session(
            customer="cus_StubCustomer", payment_method="pm_StubMethod", amount=1099,
            currency="usd", idempotency_key=f"order-{name}", recovery=RECOVERY,
        )
    kind = ALL_OUTCOMES[name]
    assert type(outcome) is kind
    assert isinstance(outcome, offsession.ChargeOutcome)
    assert isinstance(outcome, (offsession.Processing, offsession.RequiresCapture, offsession.RequiresAction))
    assert outcome.outcome == name
    assert outcome.payment_intent.status == name
    assert isinstance(outcome.payment_intent, offsession.PaymentIntent)
    text = repr(outcome)
    assert text.startswith(f"{kind.__name__}(payment_intent=PaymentIntent(id='pi_3StubIntent0001'")
    assert "StubSecretValue" not in text
    meta = outcome.payment_intent.last_response
    assert meta is not None and meta.request_id == "req_stub" and meta.http_status == 200
    assert meta.idempotency_key == f"order-{name}:payment_intent" and meta.idempotent_replayed is False
    assert outcome.to_dict() == {
        "outcome": name, "payment_intent": {**outcome.payment_intent.to_dict(), "last_response": meta.to_dict()}
    }
    # One request: the charge. Nothing else was created (no recovery session).
    assert [(r["method"], r["path"], r["idempotency_key"]) for r in stub.received] == [
        ("POST", "/v1/payment_intents", f"order-{name}:payment_intent")
    ]


def test_a_status_a_charge_cannot_end_in_is_an_api_error_carrying_the_payment_intent(stub_factory: Any) -> None:
    stub = stub_factory(stub_payment_intent("requires_confirmation"))
    c = offsession.Client(KEY, base_url=stub.url, max_retries=0)
    with pytest.raises(offsession.APIError) as caught:
        c.charge_off_session(
            customer="cus_StubCustomer", payment_method="pm_StubMethod", amount=1099,
            currency="usd", idempotency_key="order-odd", recovery=RECOVERY,
        )
    error = caught.value
    assert error.kind == "api_error"
    assert error.idempotency_key == "order-odd"
    assert error.payment_intent is not None and error.payment_intent.status == "requires_confirmation"
    assert len(stub.received) == 1


def test_outcomes_of_the_asyncio_client(sim: Sim) -> None:
    blocking = client(sim)
    customer, payment_method = declined_card(blocking)
    before = len(requests(sim))

    async def main() -> Any:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        return await c.charge_off_session(
            customer=customer, payment_method=payment_method, amount=700, currency="usd",
            idempotency_key="order-async-declined", recovery=RECOVERY,
        )

    outcome = asyncio.run(main())
    assert isinstance(outcome, offsession.NeedsRecovery)
    assert outcome.error.payment_intent is not None
    assert outcome.error.idempotency_key == "order-async-declined"
    assert len(requests(sim)) == before + 2
