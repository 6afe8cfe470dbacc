"""The recovery loop closed: the recovery options, complete_recovery, cancelling the declined
PaymentIntent, charging the recovered card; and the PaymentIntent's client_secret."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Tuple

import pytest

import offsession
from conftest import Sim
from helpers import KEY, SUCCESS, StubStripe, client, saved_card, stub_payment_intent

PAID = "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}"


def declined(c: offsession.Client, sim: Sim, key: str, recovery: offsession.Recovery) -> Tuple[str, offsession.NeedsRecovery]:
    customer, pm = saved_card(c, sim, "pm_card_chargeCustomerFail")
    outcome = c.charge_off_session(
        customer=customer, payment_method=pm, amount=1099, currency="usd",
        description="Order 1042", metadata={"order_id": "1042"}, idempotency_key=key, recovery=recovery,
    )
    assert isinstance(outcome, offsession.NeedsRecovery), outcome
    return customer, outcome


def pay(sim: Sim, session_id: str, card: str = "pm_card_visa") -> None:
    status, body = sim.control("POST", f"/_sim/checkout/sessions/{session_id}/complete", {"payment_method": card})
    assert status == 200, body


def test_recovery_takes_the_new_options_and_sends_them(sim: Sim) -> None:
    expires_at = int(time.time()) + 3600
    recovery = offsession.Recovery(
        product_name="T-shirt", success_url=PAID, cancel_url="https://example.com/cart",
        save_payment_method=False, expires_at=expires_at, client_reference_id="cart-77",
    )
    # A plain dict, as every Stripe parameter is: the core reads and checks it.
    assert recovery == {
        "product_name": "T-shirt", "success_url": PAID, "cancel_url": "https://example.com/cart",
        "save_payment_method": False, "expires_at": expires_at, "client_reference_id": "cart-77",
    }

    c = client(sim)
    _, outcome = declined(c, sim, "order-options", recovery)
    session = outcome.recovery_session
    assert session.client_reference_id == "cart-77"
    assert session.expires_at == expires_at
    sent = [
        entry["body"]
        for entry in sim.control("GET", "/_sim/requests?method=POST&path=/v1/checkout/sessions")[1]["data"]
        if entry["body"].get("mode") == "payment"
    ]
    assert len(sent) == 1
    assert sent[0]["client_reference_id"] == "cart-77"
    assert sent[0]["expires_at"] == str(expires_at)
    assert "setup_future_usage" not in sent[0].get("payment_intent_data", {})


@pytest.mark.parametrize("value", [True, 1.5, "1780000000", float("nan")])
def test_recovery_expires_at_is_an_int_checked_by_the_core(sim: Sim, value: Any) -> None:
    with pytest.raises(offsession.InvalidInputError) as caught:
        client(sim).charge_off_session(
            customer="cus_1", payment_method="pm_1", amount=1099, currency="usd", idempotency_key="order-x",
            recovery={"product_name": "T-shirt", "success_url": PAID, "expires_at": value},
        )
    assert caught.value.param == "recovery[expires_at]"
    assert sim.control("GET", "/_sim/requests")[1]["data"] == []


def test_recovery_defaults_save_the_card(sim: Sim) -> None:
    c = client(sim)
    _, outcome = declined(c, sim, "order-defaults", {"product_name": "T-shirt", "success_url": PAID})
    sent = [
        entry["body"]
        for entry in sim.control("GET", "/_sim/requests?method=POST&path=/v1/checkout/sessions")[1]["data"]
        if entry["body"].get("mode") == "payment"
    ]
    assert sent[0]["payment_intent_data"]["setup_future_usage"] == "off_session"
    assert "expires_at" not in sent[0] and "client_reference_id" not in sent[0]


def test_a_paid_recovery_is_completed_the_declined_intent_cancelled_and_the_new_card_charged(sim: Sim) -> None:
    c = client(sim)
    customer, outcome = declined(c, sim, "order-1042", offsession.Recovery(product_name="T-shirt", success_url=PAID))
    declined_pi = outcome.payment_intent
    assert declined_pi is not None

    with pytest.raises(offsession.InvalidStateError) as not_paid:
        c.complete_recovery(outcome.recovery_session.id)
    assert not_paid.value.param == "session_id" and not_paid.value.kind == "invalid_state"

    pay(sim, outcome.recovery_session.id)
    recovered = c.complete_recovery(outcome.recovery_session.id)
    assert isinstance(recovered, offsession.CompletedRecovery)
    assert recovered.customer_id == customer
    assert recovered.payment_method_id.startswith("pm_")
    assert recovered.declined_payment_intent_id == declined_pi.id
    assert isinstance(recovered.payment_intent, offsession.PaymentIntent)
    assert recovered.payment_intent.status == "succeeded" and recovered.payment_intent.amount == 1099
    assert recovered.payment_intent.metadata.order_id == "1042"
    assert isinstance(recovered.session, offsession.CheckoutSession)
    assert recovered.session.payment_status == "paid"
    shown = repr(recovered)
    assert shown.startswith("CompletedRecovery(") and recovered.payment_method_id in shown
    as_dict = recovered.to_dict()
    assert set(as_dict) == {"customer_id", "payment_method_id", "payment_intent", "declined_payment_intent_id", "session"}
    assert as_dict["payment_intent"]["id"] == recovered.payment_intent.id
    assert as_dict["session"]["id"] == outcome.recovery_session.id

    canceled = c.payment_intents.cancel(declined_pi.id, cancellation_reason="abandoned", idempotency_key="cancel-1042")
    assert isinstance(canceled, offsession.PaymentIntent)
    assert canceled.status == "canceled" and canceled.cancellation_reason == "abandoned"
    cancel_requests = [e for e in sim.control("GET", "/_sim/requests?method=POST&path=/v1/payment_intents/")[1]["data"] if e["path"].endswith("/cancel")]
    assert [e["idempotency_key"] for e in cancel_requests] == ["cancel-1042"]
    assert cancel_requests[0]["body"] == {"cancellation_reason": "abandoned"}
    with pytest.raises(offsession.InvalidRequestError) as succeeded:
        c.payment_intents.cancel(recovered.payment_intent.id)
    assert succeeded.value.code == "payment_intent_unexpected_state"

    again = c.charge_off_session(
        customer=recovered.customer_id, payment_method=recovered.payment_method_id, amount=1099,
        currency="usd", idempotency_key="order-1043", recovery=offsession.Recovery(product_name="T-shirt", success_url=PAID),
    )
    assert isinstance(again, offsession.Succeeded)


def test_cancel_and_complete_recovery_refuse_bad_ids_before_sending(sim: Sim) -> None:
    c = client(sim)
    with pytest.raises(offsession.InvalidInputError) as caught:
        c.payment_intents.cancel("")
    assert caught.value.param == "id"
    with pytest.raises(offsession.InvalidInputError) as caught:
        c.complete_recovery("")
    assert caught.value.param == "session_id"
    assert sim.control("GET", "/_sim/requests")[1]["data"] == []


def test_the_asyncio_client_completes_and_cancels_too(sim: Sim) -> None:
    c = client(sim)
    _, outcome = declined(c, sim, "order-async", offsession.Recovery(product_name="T-shirt", success_url=PAID))
    assert outcome.payment_intent is not None
    pay(sim, outcome.recovery_session.id)

    async def main() -> None:
        a = offsession.AsyncClient(KEY, base_url=sim.url)
        recovered = await a.complete_recovery(outcome.recovery_session.id)
        assert isinstance(recovered, offsession.CompletedRecovery)
        assert recovered.declined_payment_intent_id == outcome.payment_intent.id  # type: ignore[union-attr]
        canceled = await a.payment_intents.cancel(recovered.declined_payment_intent_id or "", cancellation_reason="duplicate")
        assert canceled.status == "canceled" and canceled.cancellation_reason == "duplicate"

    asyncio.run(main())


def test_the_payment_intent_client_secret_is_reachable_but_never_shown(sim: Sim) -> None:
    stub = StubStripe(stub_payment_intent("requires_action"))
    try:
        c = offsession.Client(KEY, base_url=stub.url, max_retries=0)
        outcome = c.charge_off_session(
            customer="cus_StubCustomer", payment_method="pm_StubMethod", amount=1099, currency="usd",
            idempotency_key="order-3ds", recovery=offsession.Recovery(product_name="T-shirt", success_url=PAID),
        )
        assert isinstance(outcome, offsession.RequiresAction)
        secret = outcome.payment_intent.client_secret
        assert secret == "pi_3StubIntent0001_secret_StubSecretValue"
        assert secret not in repr(outcome) and secret not in repr(outcome.payment_intent)
    finally:
        stub.close()
    c = client(sim)
    customer, pm = saved_card(c, sim)
    pi = c.payment_intents.create(amount=500, currency="usd", customer=customer, payment_method=pm)
    assert isinstance(pi.client_secret, str) and pi.client_secret.startswith(pi.id + "_secret_")


def test_an_expanded_latest_charge_is_a_charge_and_an_id_stays_a_string() -> None:
    charge = {"id": "ch_3Stub", "object": "charge", "amount": 1099, "currency": "usd", "status": "succeeded", "paid": True}
    stub = StubStripe(stub_payment_intent("succeeded", latest_charge=charge))
    try:
        c = offsession.Client(KEY, base_url=stub.url, max_retries=0)
        pi = c.payment_intents.retrieve("pi_3StubIntent0001", expand=["latest_charge"])
        assert isinstance(pi.latest_charge, offsession.Charge)
        assert pi.latest_charge.id == "ch_3Stub" and pi.latest_charge.amount == 1099
        assert repr(pi.latest_charge).startswith("Charge(id='ch_3Stub'")
    finally:
        stub.close()
    stub = StubStripe(stub_payment_intent("succeeded", latest_charge="ch_3Stub"))
    try:
        c = offsession.Client(KEY, base_url=stub.url, max_retries=0)
        assert c.payment_intents.retrieve("pi_3StubIntent0001").latest_charge == "ch_3Stub"
    finally:
        stub.close()
