"""`last_response` on every returned object, as stripe-python's ``obj.last_response``: the
request id to quote to Stripe, and whether a re-run was a replay."""

from __future__ import annotations

import asyncio

import pytest

import offsession
from conftest import Sim
from helpers import KEY, RECOVERY, SUCCESS, client, requests, saved_card


def test_a_resource_call_keeps_its_response(sim: Sim) -> None:
    c = client(sim)
    customer = c.customers.create(email="jenny@example.com", idempotency_key="cust-1")
    meta = customer.last_response
    assert isinstance(meta, offsession.StripeResponse)
    logged = requests(sim)[-1]
    assert meta.http_status == 200
    assert meta.request_id == logged["request_id"] and str(meta.request_id).startswith("req_")
    assert meta.idempotent_replayed is False
    assert meta.idempotency_key == "cust-1"
    assert meta.to_dict() == {
        "http_status": 200, "request_id": logged["request_id"], "idempotent_replayed": False, "idempotency_key": "cust-1",
    }
    assert repr(meta) == f"StripeResponse(http_status=200, request_id='{meta.request_id}', idempotent_replayed=False, idempotency_key='cust-1')"
    with pytest.raises(AttributeError):
        setattr(meta, "request_id", "req_other")
    # Not one of Stripe's fields: not in the object's dict, its JSON or its keys.
    assert "last_response" not in customer.to_dict() and "last_response" not in customer.to_json()
    assert "last_response" not in customer and "last_response" not in customer.keys()
    assert "last_response" in dir(customer)

    replay = c.customers.create(email="jenny@example.com", idempotency_key="cust-1")
    assert replay.id == customer.id and replay == customer
    assert replay.last_response is not None and replay.last_response.idempotent_replayed is True

    fetched = c.customers.retrieve(customer.id)
    assert fetched.last_response is not None
    assert fetched.last_response.idempotency_key is None and fetched.last_response.request_id != meta.request_id
    # Objects inside another (expansions, nested fields) came with no response of their own.
    assert fetched.metadata.last_response is None


def test_flow_results_keep_the_response_of_each_object(sim: Sim) -> None:
    c = client(sim)
    customer, pm = saved_card(c, sim)
    started = c.start_setup(currency="usd", success_url=SUCCESS, customer=customer)
    assert started.session.last_response is not None
    assert repr(started).startswith(f"SetupStarted(customer_id='{customer}', url='http://127.0.0.1:")
    assert str(started.session.last_response.request_id).startswith("req_")
    assert started.to_dict()["session"]["last_response"]["request_id"] == started.session.last_response.request_id

    first = c.charge_off_session(
        customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-7", recovery=RECOVERY
    )
    assert isinstance(first, offsession.Succeeded)
    meta = first.payment_intent.last_response
    assert meta is not None and meta.idempotent_replayed is False
    assert meta.idempotency_key == "order-7:payment_intent"
    assert first.to_dict()["payment_intent"]["last_response"] == meta.to_dict()

    again = c.charge_off_session(
        customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-7", recovery=RECOVERY
    )
    assert isinstance(again, offsession.Succeeded)
    assert again.payment_intent.id == first.payment_intent.id
    assert again.payment_intent.last_response is not None
    assert again.payment_intent.last_response.idempotent_replayed is True
    assert len(sim.objects("payment_intents")) == 1


def test_a_declined_charge_keeps_the_recovery_sessions_response(sim: Sim) -> None:
    c = client(sim)
    customer, pm = saved_card(c, sim, "pm_card_chargeCustomerFail")
    outcome = c.charge_off_session(
        customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-8", recovery=RECOVERY
    )
    assert isinstance(outcome, offsession.NeedsRecovery)
    session_meta = outcome.recovery_session.last_response
    assert session_meta is not None and session_meta.idempotency_key == "order-8:recovery_session"
    assert outcome.to_dict()["recovery_session"]["last_response"]["idempotency_key"] == "order-8:recovery_session"


def test_asyncio_results_keep_their_response_too(sim: Sim) -> None:
    async def main() -> None:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        customer = await c.customers.create(email="async@example.com", idempotency_key="cust-async")
        assert customer.last_response is not None
        assert customer.last_response.idempotency_key == "cust-async"
        assert customer.last_response.request_id == requests(sim)[-1]["request_id"]

    asyncio.run(main())
