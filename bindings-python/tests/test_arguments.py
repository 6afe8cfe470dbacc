"""Every argument of every public callable is converted generically: the keyword arguments go
through pythonize into the core's generated parameter types (``offsession::params::from_json``).
A value of the wrong type, an unknown parameter, or a required one left out or given as
``None`` is an ``InvalidInputError`` whose ``param`` names it as Stripe does (``email``,
``metadata[order]``, ``line_items[0][price_data][currency]``, ``new_customer[email]``,
``recovery[product_name]``), never Python's bare ``TypeError: 'int' object is not an instance of
'str'``. Nothing is sent: the simulator's request log stays empty. Numbers are covered by
test_numbers.py.

What Stripe's spec leaves optional (a Checkout Session's ``success_url`` in the embedded mode,
``unit_amount`` beside ``unit_amount_decimal``) and open string enums (``off_session="yes"``, kept
for values this version does not know) are Stripe's to refuse: those calls are sent, and
Stripe's ``InvalidRequestError`` names the same parameter.

``InvalidInputError`` also subclasses ``TypeError`` and ``ValueError``, so ``except TypeError``
written for the old behaviour (and for stripe-python's programming errors) still catches it.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import pydoc
import types
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

import offsession
from conftest import Sim
from helpers import KEY, RECOVERY, SUCCESS, client, requests, saved_card

# The calls below pass what the stubs refuse, on purpose: through `Any`, mypy lets them be.
api: Any = offsession

ABSENT = object()
"""Stands for an argument left out of the call."""

CHARGE: Dict[str, Any] = {
    "customer": "cus_1",
    "payment_method": "pm_card_visa",
    "amount": 1099,
    "currency": "usd",
    "idempotency_key": "order-1",
    "recovery": RECOVERY,
}


def given(base: Dict[str, Any], **changes: Any) -> Dict[str, Any]:
    """`base` with `changes` applied; `ABSENT` leaves the argument out."""
    merged = {**base, **changes}
    return {name: value for name, value in merged.items() if value is not ABSENT}


def charge(c: Any, **changes: Any) -> Any:
    return c.charge_off_session(**given(CHARGE, **changes))


def setup(c: Any, **changes: Any) -> Any:
    return c.start_setup(**given({"currency": "usd", "success_url": SUCCESS}, **changes))


def session(c: Any, **changes: Any) -> Any:
    return c.checkout_sessions.create(**given({"mode": "payment", "success_url": SUCCESS}, **changes))


def price_data(**changes: Any) -> Dict[str, Any]:
    return given({"currency": "usd", "unit_amount": 1099, "product_data": {"name": "T-shirt"}}, **changes)


def line_items(**changes: Any) -> List[Any]:
    return [given({"price_data": price_data(), "quantity": 1}, **changes)]


def intent(c: Any, **changes: Any) -> Any:
    return c.payment_intents.create(**given({"amount": 1099, "currency": "usd"}, **changes))


EVENT = offsession.Webhook.construct_event(
    b'{"id": "evt_1", "object": "event", "type": "checkout.session.completed", "data": {"object": {}}}',
    offsession.Webhook.generate_test_header(
        b'{"id": "evt_1", "object": "event", "type": "checkout.session.completed", "data": {"object": {}}}', "whsec_a"
    ),
    "whsec_a",
)

ClientCall = Callable[[Any], Any]

# (the param the error names, the call on a Client or an AsyncClient)
CLIENT_CASES: List[Tuple[str, ClientCall]] = [
    # customers.create: optional strings, a dict of strings
    ("email", lambda c: c.customers.create(email=5)),
    ("name", lambda c: c.customers.create(name=b"Jenny")),
    ("description", lambda c: c.customers.create(description=["x"])),
    ("idempotency_key", lambda c: c.customers.create(idempotency_key=5)),
    ("metadata", lambda c: c.customers.create(metadata="order=1")),
    ("metadata", lambda c: c.customers.create(metadata=[("order", "1")])),
    ("metadata[order]", lambda c: c.customers.create(metadata={"order": 1})),
    ("metadata[order]", lambda c: c.customers.create(metadata={"order": None})),
    ("metadata", lambda c: c.customers.create(metadata={1: "x"})),
    ("address[colour]", lambda c: c.customers.create(address={"line1": "x", "colour": "red"})),
    ("shipping[address][city]", lambda c: c.customers.create(shipping={"name": "J", "address": {"city": 5}})),
    ("preferred_locales", lambda c: c.customers.create(preferred_locales="fr")),
    ("emial", lambda c: c.customers.create(emial="jenny@example.com")),
    # customers.retrieve, update and list_payment_methods: a required positional string
    ("id", lambda c: c.customers.retrieve(5)),
    ("id", lambda c: c.customers.retrieve(None)),
    ("id", lambda c: c.customers.retrieve()),
    ("id", lambda c: c.customers.retrieve(["cus_1"])),
    ("email", lambda c: c.customers.retrieve("cus_1", email="x@example.com")),
    ("id", lambda c: c.customers.update(None, name="Jenny")),
    ("invoice_settings[default_payment_method]", lambda c: c.customers.update("cus_1", invoice_settings={"default_payment_method": 5})),
    ("id", lambda c: c.customers.list_payment_methods(None)),
    ("limit", lambda c: c.customers.list_payment_methods("cus_1", limit="3")),
    ("starting_after", lambda c: c.customers.list_payment_methods("cus_1", starting_after=5)),
    # checkout_sessions.create: strings, nested lists of dicts
    ("mode", lambda c: session(c, mode=ABSENT)),
    ("mode", lambda c: session(c, mode=1)),
    ("currency", lambda c: session(c, currency=840)),
    ("customer", lambda c: session(c, customer=1)),
    ("customer_email", lambda c: session(c, customer_email=1)),
    ("cancel_url", lambda c: session(c, cancel_url=1)),
    ("idempotency_key", lambda c: session(c, idempotency_key=1)),
    ("metadata[k]", lambda c: session(c, metadata={"k": 1.5})),
    ("line_items", lambda c: session(c, line_items={"price": "price_1"})),
    ("line_items", lambda c: session(c, line_items="price_1")),
    ("line_items[0]", lambda c: session(c, line_items=["price_1"])),
    ("line_items[1]", lambda c: session(c, line_items=line_items() + [None])),
    ("line_items[0][price]", lambda c: session(c, line_items=[{"price": 5}])),
    ("line_items[0][colour]", lambda c: session(c, line_items=line_items(colour="red"))),
    ("line_items[0][price_data]", lambda c: session(c, line_items=line_items(price_data="usd 10.99"))),
    ("line_items[0][price_data][currency]", lambda c: session(c, line_items=line_items(price_data=price_data(currency=840)))),
    ("line_items[0][price_data][currency]", lambda c: session(c, line_items=line_items(price_data=price_data(currency=ABSENT)))),
    ("line_items[0][price_data][product_data]", lambda c: session(c, line_items=line_items(price_data=price_data(product_data="T-shirt")))),
    ("line_items[0][price_data][product_data][name]", lambda c: session(c, line_items=line_items(price_data=price_data(product_data={})))),
    ("line_items[0][price_data][product_data][name]", lambda c: session(c, line_items=line_items(price_data=price_data(product_data={"name": 5})))),
    ("line_items[0][price_data][product_data][description]", lambda c: session(c, line_items=line_items(price_data=price_data(product_data={"name": "T", "description": 5})))),
    ("line_items[0][price_data][product_data][colour]", lambda c: session(c, line_items=line_items(price_data=price_data(product_data={"name": "T", "colour": "red"})))),
    ("line_items[0][price_data][tax]", lambda c: session(c, line_items=line_items(price_data=price_data(tax=0)))),
    ("payment_method_types", lambda c: session(c, payment_method_types="card")),
    ("id", lambda c: c.checkout_sessions.expire(None)),
    # retrieve calls: expand is a list of strings (a lone str is not read as its characters)
    ("id", lambda c: c.checkout_sessions.retrieve(None)),
    ("expand", lambda c: c.checkout_sessions.retrieve("cs_1", expand="setup_intent")),
    ("expand[0]", lambda c: c.checkout_sessions.retrieve("cs_1", expand=[1])),
    ("expand[1]", lambda c: c.setup_intents.retrieve("seti_1", expand=("payment_method", None))),
    ("id", lambda c: c.setup_intents.retrieve(7)),
    # Clearable on an update (`""` clears it): named as a whole.
    ("metadata[plan]", lambda c: c.setup_intents.update("seti_1", metadata={"plan": 1})),
    ("id", lambda c: c.payment_intents.retrieve()),
    ("expand", lambda c: c.payment_intents.retrieve("pi_1", expand=b"latest_charge")),
    # payment_methods
    ("id", lambda c: c.payment_methods.retrieve(None)),
    ("id", lambda c: c.payment_methods.attach(None, customer="cus_1")),
    ("customer", lambda c: c.payment_methods.attach("pm_card_visa")),
    ("customer", lambda c: c.payment_methods.attach("pm_card_visa", customer=5)),
    ("idempotency_key", lambda c: c.payment_methods.attach("pm_card_visa", customer="cus_1", idempotency_key=5)),
    ("id", lambda c: c.payment_methods.detach(None)),
    # payment_intents.create and cancel: booleans and enums too
    ("amount", lambda c: intent(c, amount=ABSENT)),
    ("currency", lambda c: intent(c, currency=ABSENT)),
    ("currency", lambda c: intent(c, currency=None)),
    ("customer", lambda c: intent(c, customer=5)),
    ("payment_method", lambda c: intent(c, payment_method=5)),
    ("off_session", lambda c: intent(c, off_session=1)),
    ("confirm", lambda c: intent(c, confirm=1)),
    ("confirm", lambda c: intent(c, confirm="true")),
    ("description", lambda c: intent(c, description=5)),
    ("metadata[order]", lambda c: intent(c, metadata={"order": 42})),
    ("idempotency_key", lambda c: intent(c, idempotency_key=5)),
    ("shipping[colour]", lambda c: intent(c, shipping={"name": "J", "address": {"line1": "x"}, "colour": "red"})),
    ("payment_method_options[card][request_three_d_secure]", lambda c: intent(c, payment_method_options={"card": {"request_three_d_secure": 5}})),
    ("id", lambda c: c.payment_intents.cancel(None)),
    ("cancellation_reason", lambda c: c.payment_intents.cancel("pi_1", cancellation_reason=1)),
    ("idempotency_key", lambda c: c.payment_intents.cancel("pi_1", idempotency_key=1)),
    # request options, on any call
    ("stripe_account", lambda c: c.customers.create(stripe_account=5)),
    ("extra_params", lambda c: c.customers.create(extra_params=["x"])),
    ("extra_params[level3][shipping_amount]", lambda c: c.customers.create(extra_params={"level3": {"shipping_amount": 1.5}})),
    ("extra_params[metadata[order]]", lambda c: c.customers.create(extra_params={"metadata[order]": "1"})),
    ("extra_params[email]", lambda c: c.customers.create(email="a@example.com", extra_params={"email": "b@example.com"})),
    # raw_request
    ("method", lambda c: c.raw_request(None, "/v1/customers")),
    ("method", lambda c: c.raw_request("PATCH", "/v1/customers")),
    ("path", lambda c: c.raw_request("GET", None)),
    ("path", lambda c: c.raw_request("GET", "/v1/customers?limit=3")),
    ("path", lambda c: c.raw_request("GET", "https://evil.example/v1/customers")),
    ("params", lambda c: c.raw_request("POST", "/v1/customers", ["email"])),
    ("params[balance]", lambda c: c.raw_request("POST", "/v1/customers", {"balance": 10.5})),
    ("colour", lambda c: c.raw_request("GET", "/v1/customers", colour="red")),
    # start_setup: nested dicts
    ("currency", lambda c: setup(c, currency=ABSENT)),
    ("currency", lambda c: setup(c, currency=5)),
    ("cancel_url", lambda c: setup(c, cancel_url=5)),
    ("customer", lambda c: setup(c, customer=5)),
    ("idempotency_key", lambda c: setup(c, idempotency_key=5)),
    ("metadata", lambda c: setup(c, metadata="x")),
    ("new_customer", lambda c: setup(c, new_customer="jenny@example.com")),
    ("new_customer[email]", lambda c: setup(c, new_customer={"email": 1})),
    ("new_customer[name]", lambda c: setup(c, new_customer={"name": ["Jenny"]})),
    ("new_customer[metadata]", lambda c: setup(c, new_customer={"metadata": "x"})),
    ("new_customer[metadata][a]", lambda c: setup(c, new_customer={"metadata": {"a": 1}})),
    ("new_customer[colour]", lambda c: setup(c, new_customer={"colour": "red"})),
    ("new_customer", lambda c: setup(c, new_customer={1: "x"})),
    ("session_data[locale]", lambda c: setup(c, session_data={"locale": 5})),
    ("session_data[mode]", lambda c: setup(c, session_data={"mode": "payment"})),
    ("timeout", lambda c: setup(c, timeout=5)),
    # complete_setup, complete_setup_from_event, complete_recovery
    ("session_id", lambda c: c.complete_setup(None)),
    ("session_id", lambda c: c.complete_setup()),
    ("session_id", lambda c: c.complete_setup(5)),
    ("customer", lambda c: c.complete_setup("cs_1", customer=5)),
    ("colour", lambda c: c.complete_setup("cs_1", colour="red")),
    ("event", lambda c: c.complete_setup_from_event()),
    ("event", lambda c: c.complete_setup_from_event(None)),
    ("event", lambda c: c.complete_setup_from_event({"id": "evt_1", "object": "event"})),
    ("event", lambda c: c.complete_setup_from_event('{"id": "evt_1"}')),
    ("customer", lambda c: c.complete_setup_from_event(EVENT, customer=5)),
    ("session_id", lambda c: c.complete_recovery(None)),
    ("session_id", lambda c: c.complete_recovery()),
    ("session_id", lambda c: c.complete_recovery(5)),
    # charge_off_session: every required argument missing, None or mistyped; the recovery dict
    ("customer", lambda c: charge(c, customer=1)),
    ("customer", lambda c: charge(c, customer=ABSENT)),
    ("customer", lambda c: charge(c, customer=None)),
    ("payment_method", lambda c: charge(c, payment_method=None)),
    ("payment_method", lambda c: charge(c, payment_method=ABSENT)),
    ("amount", lambda c: charge(c, amount=ABSENT)),
    ("currency", lambda c: charge(c, currency=ABSENT)),
    ("currency", lambda c: charge(c, currency=5)),
    ("recovery", lambda c: charge(c, recovery=ABSENT)),
    ("recovery", lambda c: charge(c, recovery=None)),
    ("recovery", lambda c: charge(c, recovery="https://example.com/paid")),
    ("recovery[product_name]", lambda c: charge(c, recovery={})),
    ("recovery[product_name]", lambda c: charge(c, recovery={"product_name": None, "success_url": "https://example.com/paid"})),
    ("recovery[product_name]", lambda c: charge(c, recovery={"product_name": 5, "success_url": "https://example.com/paid"})),
    ("recovery[success_url]", lambda c: charge(c, recovery={"product_name": "T-shirt"})),
    ("recovery[success_url]", lambda c: charge(c, recovery={"product_name": "T-shirt", "success_url": None})),
    ("recovery[success_url]", lambda c: charge(c, recovery={"product_name": "T-shirt", "success_url": b"https://example.com/paid"})),
    ("recovery[cancel_url]", lambda c: charge(c, recovery={**RECOVERY, "cancel_url": 5})),
    ("recovery[save_payment_method]", lambda c: charge(c, recovery={**RECOVERY, "save_payment_method": "no"})),
    ("recovery[save_payment_method]", lambda c: charge(c, recovery={**RECOVERY, "save_payment_method": 0})),
    ("recovery[client_reference_id]", lambda c: charge(c, recovery={**RECOVERY, "client_reference_id": 1042})),
    ("recovery[colour]", lambda c: charge(c, recovery={**RECOVERY, "colour": "red"})),
    ("description", lambda c: charge(c, description=["x"])),
    ("metadata[order]", lambda c: charge(c, metadata={"order": 42})),
    ("metadata", lambda c: charge(c, metadata="x")),
    ("idempotency_key", lambda c: charge(c, idempotency_key=5)),
    ("idempotency_key", lambda c: charge(c, idempotency_key=None)),
    ("off_session", lambda c: charge(c, off_session=True)),
    ("payment_intent_data[amount]", lambda c: charge(c, payment_intent_data={"amount": 5})),
    ("payment_intent_data[capture_method]", lambda c: charge(c, payment_intent_data={"capture_method": 5})),
]

# (the param Stripe's error names, a call the binding sends because Stripe decides it)
STRIPE_DECIDES: List[Tuple[str, ClientCall]] = [
    ("success_url", lambda c: session(c, success_url=None)),
    ("success_url", lambda c: session(c, success_url=ABSENT)),
    ("line_items[0][price_data][unit_amount]", lambda c: session(c, line_items=line_items(price_data=price_data(unit_amount=ABSENT)))),
    ("line_items[0][price_data][product_data][name]", lambda c: session(c, line_items=line_items(price_data=price_data(product_data=ABSENT)))),
    ("off_session", lambda c: intent(c, off_session="yes")),
]

# (the param the error names, a call that needs no client: constructors and static methods)
FREE_CASES: List[Tuple[str, Callable[[], Any]]] = [
    # Client and AsyncClient
    ("api_key", lambda: api.Client(None)),  # os.environ.get("STRIPE_SECRET_KEY") when it is unset
    ("api_key", lambda: api.Client()),
    ("api_key", lambda: api.Client(42)),
    ("api_key", lambda: api.Client(b"sk_test_x")),
    ("api_key", lambda: api.AsyncClient(None)),
    ("base_url", lambda: api.Client(KEY, base_url=5)),
    ("stripe_version", lambda: api.Client(KEY, stripe_version=2024)),
    ("stripe_account", lambda: api.Client(KEY, stripe_account=5)),
    ("headers", lambda: api.Client(KEY, headers="X-Team: 7")),
    ("headers", lambda: api.Client(KEY, headers=[("X-Team", "7")])),
    ("headers[X-Team]", lambda: api.Client(KEY, headers={"X-Team": 7})),
    ("headers", lambda: api.Client(KEY, headers={7: "x"})),
    ("headers[X-Team]", lambda: api.AsyncClient(KEY, headers={"X-Team": None})),
    ("stripe_account", lambda: api.AsyncClient(KEY, stripe_account=b"acct_1")),
    ("colour", lambda: api.Client(KEY, colour="red")),
    ("stripe_account", lambda: api.Client(KEY).with_stripe_account(None)),
    ("stripe_account", lambda: api.Client(KEY).with_stripe_account(5)),
    ("stripe_account", lambda: api.Client(KEY).with_stripe_account("acct_1/../x")),
    # Webhook
    ("payload", lambda: api.Webhook.construct_event(None, "t=1,v1=x", "whsec_x")),
    ("payload", lambda: api.Webhook.construct_event()),
    ("payload", lambda: api.Webhook.construct_event({"id": "evt_1"}, "t=1,v1=x", "whsec_x")),
    ("sig_header", lambda: api.Webhook.construct_event(b"{}", None, "whsec_x")),
    ("sig_header", lambda: api.Webhook.construct_event(b"{}", b"t=1,v1=x", "whsec_x")),
    ("secret", lambda: api.Webhook.construct_event(b"{}", "t=1,v1=x", None)),  # STRIPE_WEBHOOK_SECRET unset
    ("secret", lambda: api.Webhook.construct_event(b"{}", "t=1,v1=x")),
    ("payload", lambda: api.Webhook.generate_test_header(5, "whsec_x")),
    ("secret", lambda: api.Webhook.generate_test_header(b"{}", None)),
    ("secret", lambda: api.Webhook.generate_test_header(b"{}")),
]


def refused(call: Callable[[], Any]) -> offsession.InvalidInputError:
    with pytest.raises(offsession.InvalidInputError) as caught:
        call()
    return caught.value


def check(error: offsession.InvalidInputError, param: str) -> None:
    assert error.kind == "invalid_input"
    assert error.param == param, str(error)
    assert error.idempotency_key is None
    assert error.message.startswith(f"{param}: "), error.message
    assert str(error) == f"invalid_input: {error.message}"
    # Python's own conversion messages name neither the parameter nor what was expected.
    assert "instance of" not in error.message and "cannot be converted" not in error.message, error.message


def run(sim: Sim, asyncio_mode: bool, call: ClientCall) -> Any:
    if not asyncio_mode:
        return call(client(sim))

    async def main() -> Any:
        pending = call(api.AsyncClient(KEY, base_url=sim.url))
        # As from an `async def`: the call returns its coroutine; the await raises.
        assert inspect.iscoroutine(pending)
        return await pending

    return asyncio.run(main())


@pytest.mark.parametrize("asyncio_mode", [False, True], ids=["Client", "AsyncClient"])
@pytest.mark.parametrize(
    "param, call", CLIENT_CASES, ids=[f"{index}-{param}" for index, (param, _) in enumerate(CLIENT_CASES)]
)
def test_a_bad_argument_is_refused_by_name_and_nothing_is_sent(
    sim: Sim, asyncio_mode: bool, param: str, call: ClientCall
) -> None:
    error = refused(lambda: run(sim, asyncio_mode, call))
    check(error, param)
    assert requests(sim) == [], f"{param}: a refused call sent a request"


@pytest.mark.parametrize("asyncio_mode", [False, True], ids=["Client", "AsyncClient"])
@pytest.mark.parametrize(
    "param, call", STRIPE_DECIDES, ids=[f"{index}-{param}" for index, (param, _) in enumerate(STRIPE_DECIDES)]
)
def test_what_stripe_decides_is_sent_and_stripe_names_the_parameter(
    sim: Sim, asyncio_mode: bool, param: str, call: ClientCall
) -> None:
    with pytest.raises(offsession.InvalidRequestError) as caught:
        run(sim, asyncio_mode, call)
    assert caught.value.param == param, str(caught.value)
    assert len(requests(sim)) == 1


@pytest.mark.parametrize(
    "param, call", FREE_CASES, ids=[f"{index}-{param}" for index, (param, _) in enumerate(FREE_CASES)]
)
def test_a_bad_constructor_or_webhook_argument_is_refused_by_name(param: str, call: Callable[[], Any]) -> None:
    check(refused(call), param)


def test_the_messages_say_what_was_expected_and_what_came() -> None:
    c: Any = offsession.Client(KEY, base_url="http://127.0.0.1:9")
    assert refused(lambda: api.Client(None)).message == "api_key: is required"
    assert refused(lambda: c.customers.create(email=5)).message == "email: wrong type: integer `5`, expected a string"
    assert refused(lambda: api.Client(KEY, headers={"X-Team": 7})).message == (
        "headers[X-Team]: wrong type: integer `7`, expected a string"
    )
    assert refused(lambda: charge(c, customer=None)).message == "customer: is required"
    assert refused(lambda: intent(c, confirm=1)).message == "confirm: wrong type: integer `1`, expected a boolean"
    assert refused(lambda: intent(c, amount=True)).message == "amount: wrong type: boolean `true`, expected an integer"
    assert refused(lambda: c.customers.retrieve(["cus_1"])).message == "id: wrong type: sequence, expected a string"
    assert refused(lambda: c.checkout_sessions.retrieve("cs_1", expand="setup_intent")).message == (
        'expand: wrong type: string "setup_intent", expected a sequence'
    )
    assert refused(lambda: c.customers.create(metadata={1: "x"})).message == "metadata: keys must be strings, got 1"
    assert "NaN" in refused(lambda: intent(c, amount=float("nan"))).message
    from_event = refused(lambda: c.complete_setup_from_event({"id": "evt_1"})).message
    assert "Webhook.construct_event" in from_event, from_event
    unknown = refused(lambda: setup(c, new_customer={"colour": "red"})).message
    assert "is not a parameter" in unknown and "extra_params" in unknown, unknown
    # A string that cannot be encoded (a lone surrogate) is named too, not a UnicodeEncodeError.
    assert refused(lambda: c.customers.create(name="\udc80")).param == "name"


def test_the_error_is_also_a_type_error_and_a_value_error() -> None:
    assert issubclass(offsession.InvalidInputError, offsession.StripeError)
    assert issubclass(offsession.InvalidInputError, TypeError)
    assert issubclass(offsession.InvalidInputError, ValueError)
    assert offsession.InvalidInputError.__module__ == "offsession"
    assert offsession.InvalidInputError.__name__ == "InvalidInputError"
    with pytest.raises(TypeError):
        api.Client(None)
    with pytest.raises(ValueError):
        offsession.Client("")  # the core's own refusal is the same class
    # An unknown keyword argument is the same InvalidInputError, so a TypeError too, as
    # Python's own for an unexpected keyword.
    with pytest.raises(TypeError):
        offsession.Client(KEY, base_url="http://127.0.0.1:9").customers.create(emial="x@example.com")  # type: ignore[call-arg]
    # The other errors are not programming errors: they stay plain StripeErrors.
    assert not issubclass(offsession.InvalidStateError, (TypeError, ValueError))
    assert not issubclass(offsession.CardError, (TypeError, ValueError))


def test_only_the_shape_of_a_call_stays_pythons_own_type_error() -> None:
    """A positional argument where only keywords are taken is Python's ``TypeError`` naming
    the call (there is no parameter of that name to blame)."""
    c: Any = offsession.Client(KEY, base_url="http://127.0.0.1:9")
    calls: List[Callable[[], Any]] = [
        lambda: c.customers.create("jenny@example.com"),
        lambda: c.customers.retrieve("cus_1", "cus_2"),
        lambda: c.charge_off_session("cus_1"),
        lambda: c.complete_setup("cs_1", "cus_1"),
        lambda: api.Recovery("T-shirt", "https://example.com/paid"),
    ]
    for call in calls:
        with pytest.raises(TypeError) as caught:
            call()
        assert not isinstance(caught.value, offsession.InvalidInputError), caught.value


def test_good_arguments_of_every_accepted_kind_are_sent(sim: Sim) -> None:
    class Text(str):
        pass

    c: Any = client(sim)
    customer = c.customers.create(
        email=Text("jenny.rosen@example.com"), name=None, metadata=types.MappingProxyType({"order": "1042"})
    )
    assert customer.metadata["order"] == "1042"
    assert "name" not in requests(sim)[-1]["body"], "None is left out, as in stripe-python"
    assert c.customers.retrieve(Text(customer.id)).id == customer.id
    started = c.start_setup(currency="usd", success_url=SUCCESS, new_customer={"email": "x@example.com", "name": None})
    assert c.checkout_sessions.retrieve(started.session.id, expand=("setup_intent",)).id == started.session.id
    assert requests(sim)[-1]["query"] == "expand[0]=setup_intent"
    # A set is read as a list (its order is Python's).
    assert c.checkout_sessions.retrieve(started.session.id, expand={"setup_intent"}).id == started.session.id
    paid = c.checkout_sessions.create(
        mode="payment", success_url=SUCCESS,
        line_items=(
            {"price_data": {"currency": "usd", "unit_amount": 500, "product_data": {"name": "Mug", "description": "Blue"}}, "quantity": 1},
        ),
    )
    assert paid.amount_total == 500
    product = requests(sim)[-1]["body"]["line_items"][0]["price_data"]["product_data"]
    assert product == {"name": "Mug", "description": "Blue"}, product
    recovery = api.Recovery(product_name="T-shirt", success_url="https://example.com/paid", cancel_url=None, client_reference_id=None)
    customer_id, payment_method = saved_card(c, sim)
    outcome = c.charge_off_session(
        customer=customer_id, payment_method=payment_method, amount=1099, currency="usd",
        idempotency_key="order-kinds", recovery=recovery, description=None, metadata=None,
    )
    assert isinstance(outcome, offsession.Succeeded)
    assert offsession.Client(KEY, base_url=sim.url, headers=types.MappingProxyType({"X-Team": "payments"})) is not None
    assert "max_retries=2" in repr(offsession.Client(KEY, base_url=sim.url, max_retries=None, timeout=None))


STUB = Path(offsession.__file__).with_name("_native.pyi")
CALLABLE_CLASSES = [
    "Client", "AsyncClient", "Customers", "AsyncCustomers", "CheckoutSessions", "AsyncCheckoutSessions",
    "SetupIntents", "AsyncSetupIntents", "PaymentMethods", "AsyncPaymentMethods", "PaymentIntents",
    "AsyncPaymentIntents", "Webhook", "StripeResponse",
]


def stub_default(node: ast.expr) -> Any:
    """A default as the stubs write it; ``...`` (the stub convention) matches any."""
    return ast.literal_eval(node)


def stub_signatures() -> Dict[Tuple[str, str], List[Tuple[str, str, Any]]]:
    """(class, method) → [(name, kind, default or ABSENT)] as the stubs declare them."""
    tree = ast.parse(STUB.read_text())
    found: Dict[Tuple[str, str], List[Tuple[str, str, Any]]] = {}
    for node in tree.body:
        if not (isinstance(node, ast.ClassDef) and node.name in CALLABLE_CLASSES):
            continue
        for item in node.body:
            if not isinstance(item, ast.FunctionDef) or any(
                isinstance(d, ast.Name) and d.id == "property" for d in item.decorator_list
            ):
                continue
            args = item.args
            positional = args.posonlyargs + args.args
            defaults: List[Any] = [ABSENT] * (len(positional) - len(args.defaults)) + [
                stub_default(d) for d in args.defaults
            ]
            params = [(a.arg, "positional", d) for a, d in zip(positional, defaults)]
            params += [
                (a.arg, "keyword", ABSENT if d is None else stub_default(d))
                for a, d in zip(args.kwonlyargs, args.kw_defaults)
            ]
            if args.kwarg is not None:
                params.append((args.kwarg.arg, "**", ABSENT))
            found[(node.name, item.name)] = [p for p in params if p[0] != "self"]
    return found


def runtime_signature(cls: str, method: str) -> List[Tuple[str, str, Any]]:
    owner = getattr(offsession, cls)
    target = owner if method == "__init__" else getattr(owner, method)
    kinds: Dict[Any, str] = {
        inspect.Parameter.POSITIONAL_ONLY: "positional",
        inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional",
        inspect.Parameter.KEYWORD_ONLY: "keyword",
        inspect.Parameter.VAR_KEYWORD: "**",
    }
    return [
        (p.name, kinds[p.kind], ABSENT if p.default is inspect.Parameter.empty else p.default)
        for p in inspect.signature(target).parameters.values()
        if p.name != "self"
    ]


def test_the_signatures_python_shows_match_the_stubs() -> None:
    """Required arguments default to ``None`` inside the binding (so that leaving one out is an
    ``InvalidInputError`` naming it); the signature Python shows still says they are required,
    with the real defaults (``max_retries=2``), never ``Ellipsis``."""
    declared = stub_signatures()
    assert len(declared) > 40
    for (cls, method), params in declared.items():
        assert runtime_signature(cls, method) == params, f"{cls}.{method}"
    assert "Ellipsis" not in pydoc.render_doc(offsession.Client)
