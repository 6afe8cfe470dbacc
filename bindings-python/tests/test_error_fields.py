"""An error's attributes are named as stripe-python names them, checked against stripe-python itself.

`code` is Stripe's code (`card_declined`), as `e.code` in stripe-python; the SDK's own
classification is `kind`. The attributes come from the core's `ErrorShape`; every one is
documented in `help(offsession.StripeError)` and the stubs.
"""

from __future__ import annotations

import json
import pydoc
import re
from pathlib import Path
from typing import Any

import pytest
import stripe

import offsession
from conftest import Sim
from helpers import KEY, client
from test_errors import ATTRIBUTES

STUB = Path(offsession.__file__).with_name("_native.pyi")


def declined_off_session(sim: Sim) -> offsession.CardError:
    """A direct off-session charge of a card the bank declines (HTTP 402), caught."""
    c = client(sim)
    customer = c.customers.create(email="declined@example.com")
    pm = c.payment_methods.attach("pm_card_chargeCustomerFail", customer=customer.id)
    with pytest.raises(offsession.CardError) as caught:
        c.payment_intents.create(
            amount=1099, currency="usd", customer=customer.id, payment_method=pm.id,
            off_session=True, confirm=True,
        )
    return caught.value


def test_a_declined_card_has_the_official_names(sim: Sim) -> None:
    error = declined_off_session(sim)
    # The migration: `code` is Stripe's code, no longer the kind.
    assert error.code == "card_declined"
    assert error.kind == "card_error"
    assert not hasattr(error, "stripe_code")
    assert error.decline_code == "generic_decline"
    assert error.http_status == 402
    assert error.request_id is not None and error.request_id.startswith("req_")
    assert error.user_message == "Your card was declined."
    assert error.doc_url is not None and "card-declined" in error.doc_url
    assert error.retryable is False

    # The response itself: body as text and as JSON, headers (lower-case names).
    assert isinstance(error.http_body, str)
    assert isinstance(error.json_body, dict)
    assert error.json_body == json.loads(error.http_body)
    body = error.json_body["error"]
    assert (body["type"], body["code"], body["decline_code"]) == ("card_error", "card_declined", "generic_decline")
    assert body["message"] == error.user_message
    assert isinstance(error.headers, dict)
    assert error.headers["request-id"] == error.request_id

    # `e.error` is the body's error object, as stripe-python's; `type` lives there only.
    assert not hasattr(error, "type")
    assert isinstance(error.error, offsession.StripeObject)
    assert error.error.type == "card_error"
    assert error.error.code == "card_declined"
    assert isinstance(error.payment_intent, offsession.PaymentIntent)
    assert error.payment_intent.status == "requires_payment_method"
    assert error.error.payment_intent.id == error.payment_intent.id

    assert KEY not in str(error) and KEY not in repr(error)


def test_the_same_decline_through_stripe_python_has_the_same_fields(sim: Sim) -> None:
    official = stripe.StripeClient("sk_test_oracle", base_addresses={"api": sim.url}, max_network_retries=0)
    customer = official.v1.customers.create(params={"email": "oracle@example.com"})
    pm = official.v1.payment_methods.attach("pm_card_chargeCustomerFail", params={"customer": customer.id})
    with pytest.raises(stripe.CardError) as caught:
        official.v1.payment_intents.create(params={
            "amount": 1099, "currency": "usd", "customer": customer.id, "payment_method": pm.id,
            "off_session": True, "confirm": True,
        })
    theirs = caught.value
    ours = declined_off_session(sim)

    assert type(ours).__name__ == type(theirs).__name__ == "CardError"
    for name in ["code", "param", "http_status", "user_message"]:
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.request_id is not None and theirs.request_id is not None
    assert ours.request_id.startswith("req_") and theirs.request_id.startswith("req_")
    assert theirs.error is not None and ours.error is not None
    assert ours.decline_code == theirs.error.decline_code == "generic_decline"
    assert ours.error.type == theirs.error.type == "card_error"
    assert theirs.headers is not None and ours.headers is not None
    assert ours.request_id == ours.headers["request-id"]
    assert theirs.request_id == theirs.headers["request-id"]
    assert isinstance(theirs.json_body, dict)
    assert ours.json_body is not None
    assert set(ours.json_body["error"]) == set(theirs.json_body["error"])
    assert set(ours.json_body) == set(theirs.json_body) == {"error"}


def test_every_attribute_is_documented_and_has_a_class_default(sim: Sim) -> None:
    error = declined_off_session(sim)
    # What the binding set from the core's ErrorShape is exactly the documented list: a field
    # the core adds fails here until it is documented.
    assert set(vars(error)) == set(ATTRIBUTES)
    shown = pydoc.render_doc(offsession.StripeError)
    stub = STUB.read_text(encoding="utf-8")
    block = stub[stub.index("class StripeError(Exception):"):stub.index("class CardError(StripeError)")]
    declared = set(re.findall(r"^    (\w+): ", block, flags=re.MULTILINE))
    assert declared == set(ATTRIBUTES), declared ^ set(ATTRIBUTES)
    blank = offsession.StripeError("made by hand")
    for name in ATTRIBUTES:
        assert re.search(rf"\b{name}\b", shown), f"help(StripeError) does not mention {name}"
        assert getattr(blank, name) is None, name


@pytest.mark.parametrize(
    "make, kind",
    [
        (lambda c: c.customers.retrieve("cus_missing"), "invalid_request_error"),
        (lambda c: c.customers.retrieve("cus_1/x"), "invalid_input"),
    ],
)
def test_errors_without_stripe_s_code_say_none(sim: Sim, make: Any, kind: str) -> None:
    with pytest.raises(offsession.StripeError) as caught:
        make(client(sim))
    error = caught.value
    assert error.kind == kind
    if kind == "invalid_input":
        assert (error.code, error.http_status, error.json_body, error.headers, error.error) == (None,) * 5
    else:
        assert error.code == "resource_missing"
        assert error.error is not None and error.error.type == "invalid_request_error"


def test_the_error_classes_answer_to_stripe_python_s_names() -> None:
    for name in ("CardError", "InvalidRequestError", "AuthenticationError", "PermissionError",
                 "RateLimitError", "IdempotencyError", "APIError", "APIConnectionError",
                 "SignatureVerificationError"):
        assert hasattr(stripe, name), name
        ours = getattr(offsession, name)
        assert issubclass(ours, offsession.StripeError), name
        assert ours.__name__ in (name, f"{name[:-5]}DeniedError"), name
    assert offsession.PermissionError is offsession.PermissionDeniedError
