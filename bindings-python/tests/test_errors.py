"""The exception hierarchy and its attributes, as users catch them."""

from __future__ import annotations

import asyncio
import inspect
from typing import Callable, Union

import pytest

import offsession
from conftest import Sim
from helpers import KEY, RECOVERY, SUCCESS, client, closed_port_url, requests, saved_card

KINDS = {
    offsession.CardError: "card_error",
    offsession.InvalidRequestError: "invalid_request_error",
    offsession.AuthenticationError: "authentication_error",
    offsession.PermissionDeniedError: "permission_error",
    offsession.RateLimitError: "rate_limit_error",
    offsession.IdempotencyError: "idempotency_error",
    offsession.APIError: "api_error",
    offsession.APIConnectionError: "api_connection_error",
    offsession.SignatureVerificationError: "signature_verification_error",
    offsession.InvalidInputError: "invalid_input",
    offsession.InvalidStateError: "invalid_state",
}

ATTRIBUTES = [
    "kind", "code", "message", "user_message", "decline_code", "param", "doc_url", "advice_code",
    "network_decline_code", "charge", "http_status", "http_body", "json_body", "headers",
    "request_id", "error", "idempotency_key", "retryable", "should_retry", "payment_intent",
    "setup_intent", "payment_method",
]


def test_every_kind_is_a_stripe_error_and_an_exception() -> None:
    for kind in KINDS:
        assert issubclass(kind, offsession.StripeError)
        assert issubclass(kind, Exception)
    assert len(set(KINDS)) == 11
    for kind in KINDS:
        assert kind.__name__ in offsession.__all__


def test_a_card_error_carries_everything_stripe_returned(sim: Sim) -> None:
    c = client(sim)
    customer = c.customers.create(email="x@example.com")
    pm = c.payment_methods.attach("pm_card_chargeCustomerFail", customer=customer.id)
    with pytest.raises(offsession.CardError) as caught:
        c.payment_intents.create(
            amount=1099, currency="usd", customer=customer.id, payment_method=pm.id,
            off_session=True, confirm=True,
        )
    error = caught.value
    assert error.kind == "card_error"
    assert error.code == "card_declined"
    assert error.decline_code == "generic_decline"
    assert error.http_status == 402
    assert error.request_id is not None and error.request_id.startswith("req_")
    assert error.message == "Your card was declined."
    assert error.param is None
    assert error.payment_intent is not None
    assert isinstance(error.payment_intent, offsession.PaymentIntent)
    assert error.payment_intent.status == "requires_payment_method"
    assert "card_declined" in str(error)
    assert error.idempotency_key is not None, "a POST's error names the key it was sent with"


def test_invalid_request_names_the_param(sim: Sim) -> None:
    with pytest.raises(offsession.InvalidRequestError) as caught:
        client(sim).checkout_sessions.create(mode="setup", success_url="https://example.com")
    assert caught.value.param == "currency"
    assert caught.value.http_status == 400


def test_authentication_and_permission_errors(sim: Sim) -> None:
    with pytest.raises(offsession.AuthenticationError) as auth:
        offsession.Client("sk_live_wrong", base_url=sim.url).customers.retrieve("cus_1")
    assert auth.value.http_status == 401
    with pytest.raises(offsession.PermissionDeniedError) as denied:
        offsession.Client("rk_test_readonly", base_url=sim.url).customers.create(email="a@b.c")
    assert denied.value.kind == "permission_error"


def test_idempotency_rate_limit_api_and_connection_errors(sim: Sim) -> None:
    c = client(sim, max_retries=0)
    c.customers.create(email="a@example.com", idempotency_key="k1")
    with pytest.raises(offsession.IdempotencyError):
        c.customers.create(email="b@example.com", idempotency_key="k1")
    sim.fault(path="/v1/customers", kind="status_429_lock_timeout")
    with pytest.raises(offsession.RateLimitError) as limited:
        c.customers.create(email="c@example.com")
    assert limited.value.code == "lock_timeout"
    sim.fault(path="/v1/customers", kind="status_500")
    with pytest.raises(offsession.APIError) as failed:
        c.customers.create(email="d@example.com")
    assert failed.value.http_status == 500
    with pytest.raises(offsession.APIConnectionError) as unreachable:
        offsession.Client("sk_test_x", base_url="http://127.0.0.1:9", max_retries=0).customers.retrieve("cus_1")
    assert unreachable.value.http_status is None


@pytest.mark.parametrize(
    "call, param",
    [
        (lambda c: c.customers.retrieve("cus_1/../x"), "id"),
        (lambda c: c.customers.retrieve(""), "id"),
        (lambda c: c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=0, currency="usd", idempotency_key="o-1", recovery=RECOVERY), "amount"),
        (lambda c: c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=100, currency="US", idempotency_key="o-1", recovery=RECOVERY), "currency"),
        (lambda c: c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=100, currency="usd", recovery=RECOVERY), "idempotency_key"),
        (lambda c: c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=100, currency="usd", idempotency_key=None, recovery=RECOVERY), "idempotency_key"),
        (lambda c: c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=100, currency="usd", idempotency_key="", recovery=RECOVERY), "idempotency_key"),
        (lambda c: c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=100, currency="usd", idempotency_key="o-1", recovery=offsession.Recovery(product_name="T-shirt", success_url="example.com/paid")), "recovery[success_url]"),
        (lambda c: c.customers.create(metadata={"k": 1}), "metadata[k]"),
        (lambda c: c.start_setup(currency="usd", success_url="x", new_customer={"colour": "red"}), "new_customer[colour]"),
    ],
)
def test_bad_input_is_refused_before_sending(sim: Sim, call: object, param: str) -> None:
    with pytest.raises(offsession.InvalidInputError) as caught:
        call(client(sim))  # type: ignore[operator]
    assert caught.value.kind == "invalid_input"
    assert caught.value.param == param
    assert caught.value.idempotency_key is None
    assert param in str(caught.value)
    assert requests(sim) == []


def test_bad_client_settings() -> None:
    with pytest.raises(offsession.InvalidInputError) as caught:
        offsession.Client("sk_test_x", base_url="http://api.stripe.com")
    assert caught.value.param == "base_url"
    with pytest.raises(offsession.InvalidInputError):
        offsession.Client("sk_test_x", timeout=-1)
    with pytest.raises(offsession.InvalidInputError):
        offsession.Client("")
    for reserved in ["Authorization", "idempotency-key", "Stripe-Account", "Stripe-Version"]:
        with pytest.raises(offsession.InvalidInputError) as header:
            offsession.Client("sk_test_x", headers={reserved: "x"})
        assert header.value.param == "headers"


def test_a_decline_through_the_flow_is_an_outcome_not_an_exception(sim: Sim) -> None:
    c = client(sim)
    customer, pm = saved_card(c, sim, "pm_card_authenticationRequired")
    outcome = c.charge_off_session(
        customer=customer, payment_method=pm, amount=500, currency="usd", idempotency_key="order-500", recovery=RECOVERY
    )
    assert isinstance(outcome, offsession.NeedsRecovery)
    assert isinstance(outcome, offsession.ChargeOutcome)
    assert outcome.outcome == "needs_recovery"
    assert isinstance(outcome.error, offsession.CardError)
    assert outcome.error.code == "authentication_required"
    assert outcome.recovery_session.mode == "payment"
    assert outcome.recovery_session.amount_total == 500
    assert outcome.to_dict()["error"]["kind"] == "card_error"
    assert outcome.to_dict()["error"]["code"] == "authentication_required"


def test_every_error_has_every_attribute(sim: Sim) -> None:
    c = client(sim, max_retries=0)
    raised: list[offsession.StripeError] = []
    calls: list[Callable[[], object]] = [
        lambda: c.customers.retrieve("cus_missing"),
        lambda: c.customers.retrieve("cus_1/x"),
        lambda: offsession.Webhook.construct_event(b"{}", "t=1,v1=00", "whsec_x"),
        lambda: c.complete_setup("cs_test_missing"),
    ]
    for call in calls:
        with pytest.raises(offsession.StripeError) as caught:
            call()
        raised.append(caught.value)
    for error in raised:
        for name in ATTRIBUTES:
            assert hasattr(error, name), f"{type(error).__name__} has no {name}"
        assert error.idempotency_key is None, "GETs and refused input carry no key"


def test_a_charge_needs_an_idempotency_key_with_both_clients(sim: Sim) -> None:
    async def main() -> None:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        with pytest.raises(offsession.InvalidInputError) as caught:
            await c.charge_off_session(  # type: ignore[call-arg]
                customer="cus_1", payment_method="pm_1", amount=100, currency="usd", recovery=RECOVERY
            )
        assert caught.value.param == "idempotency_key"
        assert "idempotency_key" in caught.value.message

    asyncio.run(main())
    assert requests(sim) == []


def test_the_signatures_say_the_key_is_required_and_what_the_defaults_are() -> None:
    kinds: list[Union[type[offsession.Client], type[offsession.AsyncClient]]] = [offsession.Client, offsession.AsyncClient]
    for kind in kinds:
        key = inspect.signature(kind.charge_off_session).parameters["idempotency_key"]
        assert key.kind is inspect.Parameter.KEYWORD_ONLY
        assert key.default is inspect.Parameter.empty
        assert inspect.signature(kind).parameters["max_retries"].default == 2
    assert inspect.signature(offsession.Webhook.construct_event).parameters["tolerance"].default == 300


def test_a_failed_post_names_its_idempotency_key() -> None:
    c = offsession.Client(KEY, base_url=closed_port_url(), max_retries=0)
    with pytest.raises(offsession.APIConnectionError) as explicit:
        c.customers.create(email="a@example.com", idempotency_key="customer-for-order-9")
    assert explicit.value.idempotency_key == "customer-for-order-9"
    with pytest.raises(offsession.APIConnectionError) as generated:
        c.customers.create(email="a@example.com")
    key = generated.value.idempotency_key
    assert isinstance(key, str) and len(key) >= 16, "the generated key is exposed for a re-run"
    with pytest.raises(offsession.APIConnectionError) as charged:
        c.charge_off_session(
            customer="cus_1", payment_method="pm_1", amount=1099, currency="usd",
            idempotency_key="order-9", recovery=RECOVERY,
        )
    assert charged.value.idempotency_key == "order-9", "the caller's key, not a derived one"
    assert charged.value.kind == "api_connection_error"
    with pytest.raises(offsession.APIConnectionError) as read:
        c.customers.retrieve("cus_1")
    assert read.value.idempotency_key is None

    async def main() -> None:
        a = offsession.AsyncClient(KEY, base_url=closed_port_url(), max_retries=0)
        with pytest.raises(offsession.APIConnectionError) as caught:
            await a.charge_off_session(
                customer="cus_1", payment_method="pm_1", amount=1099, currency="usd",
                idempotency_key="order-10", recovery=RECOVERY,
            )
        assert caught.value.idempotency_key == "order-10"

    asyncio.run(main())


def test_completing_a_setup_the_customer_has_not_finished_is_invalid_state(sim: Sim) -> None:
    c = client(sim)
    started = c.start_setup(currency="usd", success_url=SUCCESS, new_customer={"email": "slow@example.com"})
    posts = [r for r in requests(sim) if r["method"] == "POST"]
    with pytest.raises(offsession.InvalidStateError) as caught:
        c.complete_setup(started.session.id)
    error = caught.value
    assert isinstance(error, offsession.StripeError)
    assert not isinstance(error, offsession.InvalidInputError)
    assert error.kind == "invalid_state"
    assert error.code is None
    assert error.param == "session_id"
    assert error.idempotency_key is None and error.http_status is None
    assert started.session.id in error.message
    # It read the session, and changed nothing.
    assert [r for r in requests(sim) if r["method"] == "POST"] == posts
