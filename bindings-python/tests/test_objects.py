"""Results: immutable objects with attribute access, to_dict(), and reprs without secrets."""

from __future__ import annotations

import pytest

import offsession
from conftest import Sim
from helpers import KEY, RECOVERY, SUCCESS, client, saved_card


def test_objects_are_typed_immutable_and_complete(sim: Sim) -> None:
    c = client(sim)
    customer = c.customers.create(email="jenny@example.com", name="Jenny", metadata={"order": "42"})
    assert isinstance(customer, offsession.Customer)
    assert isinstance(customer, offsession.StripeObject)
    assert customer.email == "jenny@example.com"
    assert customer["name"] == "Jenny"
    assert customer.metadata.order == "42"
    assert customer.get("no_such_field", "fallback") == "fallback"
    assert "email" in customer and "no_such_field" not in customer
    with pytest.raises(AttributeError):
        customer.no_such_field  # noqa: B018
    with pytest.raises(AttributeError):
        setattr(customer, "email", "other@example.com")
    as_dict = customer.to_dict()
    assert as_dict["object"] == "customer" and as_dict["metadata"] == {"order": "42"}
    assert set(customer.keys()) == set(as_dict)
    assert c.customers.retrieve(customer.id) == customer


def test_expanded_fields_are_objects_and_ids_stay_strings(sim: Sim) -> None:
    c = client(sim)
    customer, pm = saved_card(c, sim)
    started = c.start_setup(currency="usd", success_url=SUCCESS, customer=customer)
    sim.control("POST", f"/_sim/checkout/sessions/{started.session.id}/complete", {"payment_method": "pm_card_visa"})
    plain = c.checkout_sessions.retrieve(started.session.id)
    assert isinstance(plain.setup_intent, str)
    expanded = c.checkout_sessions.retrieve(started.session.id, expand=["setup_intent.payment_method"])
    assert isinstance(expanded.setup_intent, offsession.SetupIntent)
    assert isinstance(expanded.setup_intent.payment_method, offsession.PaymentMethod)
    card = expanded.setup_intent.payment_method.card
    assert card is not None and card.last4 == "4242"
    assert isinstance(expanded.payment_method_types, tuple)


def test_reprs_are_helpful_and_never_show_secrets(sim: Sim) -> None:
    c = client(sim)
    shown = repr(c)
    assert KEY not in shown and "sk_test_****" in shown and sim.url in shown
    assert KEY not in repr(offsession.AsyncClient(KEY, base_url=sim.url))
    customer, pm = saved_card(c, sim)
    outcome = c.charge_off_session(
        customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-repr", recovery=RECOVERY
    )
    assert isinstance(outcome, offsession.Succeeded)
    pi_repr = repr(outcome.payment_intent)
    assert pi_repr.startswith("PaymentIntent(id='pi_") and "status='succeeded'" in pi_repr
    assert "amount=1099" in pi_repr
    client_secret = outcome.payment_intent.get("client_secret")
    if client_secret:
        assert client_secret not in pi_repr and client_secret not in repr(outcome)
    try:
        offsession.Client(KEY, base_url="http://127.0.0.1:9", max_retries=0).customers.retrieve("cus_1")
    except offsession.StripeError as error:
        assert KEY not in str(error) and KEY not in repr(error) and KEY not in error.message
    with pytest.raises(offsession.SignatureVerificationError) as caught:
        offsession.Webhook.construct_event(b"{}", "t=1,v1=00", "whsec_Top-SecretValue123")
    assert "whsec_Top-SecretValue123" not in str(caught.value)


def test_webhooks_take_raw_bytes(sim: Sim) -> None:
    payload = b'{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_1","object":"checkout.session","mode":"setup"}}}'
    header = offsession.Webhook.generate_test_header(payload, "whsec_abc")
    event = offsession.Webhook.construct_event(payload, header, "whsec_abc")
    assert isinstance(event, offsession.Event)
    assert event.type == "checkout.session.completed"
    assert isinstance(event.data.object, offsession.CheckoutSession)
    with pytest.raises(offsession.SignatureVerificationError):
        offsession.Webhook.construct_event(payload + b" ", header, "whsec_abc")
    with pytest.raises(offsession.InvalidInputError):
        offsession.Webhook.construct_event(42, header, "whsec_abc")  # type: ignore[arg-type]
