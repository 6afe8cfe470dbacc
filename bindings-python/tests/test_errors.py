"""The exception hierarchy and its attributes, as users catch them."""

from __future__ import annotations

import pytest

import offsession
from conftest import Sim
from helpers import RECOVERY, client, saved_card

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
}


def test_every_kind_is_a_stripe_error_and_an_exception() -> None:
    for kind in KINDS:
        assert issubclass(kind, offsession.StripeError)
        assert issubclass(kind, Exception)
    assert len(set(KINDS)) == 10


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
    assert error.code == "card_error"
    assert error.stripe_code == "card_declined"
    assert error.decline_code == "generic_decline"
    assert error.http_status == 402
    assert error.request_id is not None and error.request_id.startswith("req_")
    assert error.message == "Your card was declined."
    assert error.param is None
    assert error.payment_intent is not None
    assert isinstance(error.payment_intent, offsession.PaymentIntent)
    assert error.payment_intent.status == "requires_payment_method"
    assert "card_declined" in str(error)


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
    assert denied.value.code == "permission_error"


def test_idempotency_rate_limit_api_and_connection_errors(sim: Sim) -> None:
    c = client(sim, max_retries=0)
    c.customers.create(email="a@example.com", idempotency_key="k1")
    with pytest.raises(offsession.IdempotencyError):
        c.customers.create(email="b@example.com", idempotency_key="k1")
    sim.fault(path="/v1/customers", kind="status_429_lock_timeout")
    with pytest.raises(offsession.RateLimitError) as limited:
        c.customers.create(email="c@example.com")
    assert limited.value.stripe_code == "lock_timeout"
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
        (lambda c: c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=0, currency="usd", recovery=RECOVERY), "amount"),
        (lambda c: c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=100, currency="USD", recovery=RECOVERY), "currency"),
        (lambda c: c.customers.create(metadata={"k": 1}), "metadata"),
        (lambda c: c.start_setup(currency="usd", success_url="x", new_customer={"colour": "red"}), "new_customer"),
    ],
)
def test_bad_input_is_refused_before_sending(sim: Sim, call: object, param: str) -> None:
    with pytest.raises(offsession.InvalidInputError) as caught:
        call(client(sim))  # type: ignore[operator]
    assert caught.value.code == "invalid_input"
    assert param in str(caught.value)
    status, body = sim.control("GET", "/_sim/requests")
    assert body["data"] == []


def test_bad_client_settings() -> None:
    with pytest.raises(offsession.InvalidInputError) as caught:
        offsession.Client("sk_test_x", base_url="http://api.stripe.com")
    assert caught.value.param == "base_url"
    with pytest.raises(offsession.InvalidInputError):
        offsession.Client("sk_test_x", timeout=-1)
    with pytest.raises(offsession.InvalidInputError):
        offsession.Client("")


def test_a_decline_through_the_flow_is_an_outcome_not_an_exception(sim: Sim) -> None:
    c = client(sim)
    customer, pm = saved_card(c, sim, "pm_card_authenticationRequired")
    outcome = c.charge_off_session(customer=customer, payment_method=pm, amount=500, currency="usd", recovery=RECOVERY)
    assert isinstance(outcome, offsession.NeedsRecovery)
    assert isinstance(outcome, offsession.ChargeOutcome)
    assert outcome.outcome == "needs_recovery"
    assert isinstance(outcome.error, offsession.CardError)
    assert outcome.error.stripe_code == "authentication_required"
    assert outcome.recovery_session.mode == "payment"
    assert outcome.recovery_session.amount_total == 500
    assert outcome.to_dict()["error"]["code"] == "card_error"
