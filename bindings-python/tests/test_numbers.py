"""Numbers reach the core as Python gave them, and the core decides (core/src/validate/number.rs).

A ``bool`` (an ``int`` subclass), a ``float`` where an integer is expected (even a whole one), a
``str``, NaN, ±Infinity, ``None`` or an integer out of range is an ``InvalidInputError`` naming the
parameter, raised before anything is sent: the simulator's request log stays empty. Nothing is
rounded, truncated or coerced: ``amount=True`` is never sent as 1.
"""

from __future__ import annotations

import asyncio
import decimal
from typing import Any, Callable, List, Tuple

import pytest

import offsession
from conftest import Sim
from helpers import KEY, RECOVERY, SUCCESS, client, requests, saved_card

NAN = float("nan")
INF = float("inf")

# Refused wherever an integer is expected.
NOT_INTEGERS: List[Any] = [True, False, 1099.0, 1099.5, "1099", NAN, INF, -INF, None, decimal.Decimal(1099), [1099]]
SOME_NOT_INTEGERS: List[Any] = [v for v in NOT_INTEGERS if v is not None]
# Refused wherever a positive number of seconds is expected.
NOT_DURATIONS: List[Any] = [True, False, 0, 0.0, -1, -0.5, NAN, INF, -INF, "5", 1e-300, [5]]

Call = Callable[[Sim, Any], Any]


def charge(c: Any, amount: Any) -> Any:
    return c.charge_off_session(
        customer="cus_1", payment_method="pm_1", amount=amount, currency="usd",
        idempotency_key="order-numbers", recovery=RECOVERY,
    )


def line_item(unit_amount: Any = 1099, quantity: Any = 1) -> Any:
    return {
        "price_data": {"currency": "usd", "unit_amount": unit_amount, "product_data": {"name": "T-shirt"}},
        "quantity": quantity,
    }


def session(sim: Sim, item: Any) -> Any:
    return client(sim).checkout_sessions.create(mode="payment", success_url=SUCCESS, line_items=[item])


EVENT = b'{"id": "evt_1", "object": "event", "type": "payment_intent.succeeded", "data": {"object": {}}}'


def construct_event(tolerance: Any) -> Any:
    payload = EVENT
    header = offsession.Webhook.generate_test_header(payload, "whsec_numbers")
    return offsession.Webhook.construct_event(payload, header, "whsec_numbers", tolerance)


def run_async(sim: Sim, amount: Any) -> Any:
    async def main() -> Any:
        return await charge(offsession.AsyncClient(KEY, base_url=sim.url), amount)

    return asyncio.run(main())


# (parameter as the error names it, the call, the values it must refuse)
CASES: List[Tuple[str, Call, List[Any]]] = [
    ("amount", lambda sim, v: charge(client(sim), v), NOT_INTEGERS + [0, -1, 100_000_000, 2**63, 2**200, -(2**200)]),
    ("amount", run_async, [True, 1099.0, 1099.5, "1099", NAN, 2**200]),
    ("amount", lambda sim, v: client(sim).payment_intents.create(amount=v, currency="usd"), NOT_INTEGERS + [2**64]),
    # Optional in Stripe's spec (`unit_amount_decimal`, a `price` instead): None leaves them out.
    ("line_items[0][price_data][unit_amount]", lambda sim, v: session(sim, line_item(unit_amount=v)), SOME_NOT_INTEGERS + [0, 2**100]),
    ("line_items[0][quantity]", lambda sim, v: session(sim, line_item(quantity=v)), SOME_NOT_INTEGERS + [0, -1, 2**100]),
    ("limit", lambda sim, v: client(sim).customers.list_payment_methods("cus_1", limit=v), SOME_NOT_INTEGERS + [0, 101]),
    ("application_fee_amount", lambda sim, v: client(sim).payment_intents.create(amount=1099, currency="usd", application_fee_amount=v), SOME_NOT_INTEGERS),
    ("payment_intent_data[application_fee_amount]", lambda sim, v: client(sim).charge_off_session(
        customer="cus_1", payment_method="pm_1", amount=1099, currency="usd", idempotency_key="order-fee",
        recovery=RECOVERY, payment_intent_data={"application_fee_amount": v}), SOME_NOT_INTEGERS),
    ("timeout", lambda sim, v: client(sim).customers.retrieve("cus_1", timeout=v), NOT_DURATIONS),
    ("max_retries", lambda sim, v: client(sim).customers.retrieve("cus_1", max_retries=v), SOME_NOT_INTEGERS + [-1, 11]),
    # None is the default for max_retries and tolerance (2 and 300), so it is not among theirs.
    ("max_retries", lambda sim, v: client(sim, max_retries=v), [v for v in NOT_INTEGERS if v is not None] + [-1, 11, 2**32, 2**40]),
    ("max_retries", lambda sim, v: offsession.AsyncClient(KEY, base_url=sim.url, max_retries=v), [True, 2.0, "2", -1]),
    ("timeout", lambda sim, v: client(sim, timeout=v), NOT_DURATIONS),
    ("connect_timeout", lambda sim, v: client(sim, connect_timeout=v), NOT_DURATIONS),
    ("timeout", lambda sim, v: offsession.AsyncClient(KEY, base_url=sim.url, timeout=v), [True, INF, NAN, -1]),
    ("tolerance", lambda sim, v: construct_event(v), [-1, True, False, 1.5, 300.0, "300", NAN, INF, 2**32, 2**200]),
    ("timestamp", lambda sim, v: offsession.Webhook.generate_test_header(b"{}", "whsec_x", v), [True, 1.5, "1780000000", NAN, 2**63, 2**200]),
]


@pytest.mark.parametrize(
    "param, call, value",
    [(param, call, value) for param, call, values in CASES for value in values],
    ids=[f"{param}={value!r}" for param, _, values in CASES for value in values],
)
def test_a_bad_number_is_refused_by_name_and_nothing_is_sent(sim: Sim, param: str, call: Call, value: Any) -> None:
    with pytest.raises(offsession.InvalidInputError) as caught:
        call(sim, value)
    error = caught.value
    assert error.kind == "invalid_input"
    assert error.param == param, str(error)
    assert error.idempotency_key is None
    assert param in str(error)
    assert requests(sim) == [], f"{param}={value!r} sent a request"


def test_amount_true_is_not_charged_as_one_cent(sim: Sim) -> None:
    c = client(sim)
    customer, payment_method = saved_card(c, sim)
    before = len(requests(sim))
    with pytest.raises(offsession.InvalidInputError) as caught:
        c.charge_off_session(
            customer=customer, payment_method=payment_method, amount=True, currency="usd",
            idempotency_key="order-true", recovery=RECOVERY,
        )
    assert caught.value.param == "amount"
    assert "boolean" in caught.value.message
    assert len(requests(sim)) == before
    assert sim.objects("payment_intents") == []


def test_good_numbers_are_sent_exactly(sim: Sim) -> None:
    for options in [{"max_retries": 0, "timeout": 30, "connect_timeout": 2.5}, {"max_retries": 10, "timeout": 0.5}]:
        assert "max_retries" in repr(client(sim, **options))
    c = client(sim, max_retries=1, timeout=30, connect_timeout=5)
    assert "max_retries=1" in repr(c)
    assert "max_retries=2" in repr(client(sim, max_retries=None))
    customer, payment_method = saved_card(c, sim)
    outcome = c.charge_off_session(
        customer=customer, payment_method=payment_method, amount=99_999_999, currency="usd",
        idempotency_key="order-max", recovery=RECOVERY,
    )
    assert isinstance(outcome, offsession.Succeeded)
    assert outcome.payment_intent.amount == 99_999_999
    c.checkout_sessions.create(mode="payment", success_url=SUCCESS, line_items=[line_item(unit_amount=250, quantity=3)])
    bodies = [entry["body"] for entry in requests(sim) if entry["method"] == "POST"]
    assert any(body.get("amount") == "99999999" for body in bodies), bodies
    line = bodies[-1]["line_items"][0]
    assert line["price_data"]["unit_amount"] == "250" and line["quantity"] == "3", line


def test_good_tolerances_and_timestamps() -> None:
    payload = EVENT
    header = offsession.Webhook.generate_test_header(payload, "whsec_numbers", 1_000_000_000)
    # An old timestamp passes only with the check off (0), and fails within 300 seconds.
    assert offsession.Webhook.construct_event(payload, header, "whsec_numbers", 0).id == "evt_1"
    with pytest.raises(offsession.SignatureVerificationError):
        offsession.Webhook.construct_event(payload, header, "whsec_numbers", 300)
    assert construct_event(600).id == "evt_1"
    assert construct_event(offsession.Webhook.DEFAULT_TOLERANCE).id == "evt_1"
    assert offsession.Webhook.DEFAULT_TOLERANCE == 300
    with pytest.raises(offsession.SignatureVerificationError):
        offsession.Webhook.construct_event(payload, header, "whsec_numbers", None)  # type: ignore[arg-type]


def test_python_values_keep_their_kind_across_the_boundary(sim: Sim) -> None:
    """pythonize presents ``True`` as a boolean before it is an ``int``, a ``float`` as a float
    even when whole, ``None`` as null and a ``str`` as text, so the core's strict checks see
    what Python had: the escape hatch sends each as Stripe's form encoding has it, and refuses
    the float (Stripe's decimals are strings)."""
    c: Any = client(sim)
    c.raw_request("POST", "/v1/customers", {"metadata": {"flag": True, "count": 7, "text": "7", "none": None}})
    assert requests(sim)[-1]["body"]["metadata"] == {"flag": "true", "count": "7", "text": "7"}
    for value, kind in [(1.0, "floating point `1.0`"), (True, "boolean `true`"), ("7", 'string "7"')]:
        with pytest.raises(offsession.InvalidInputError) as caught:
            c.payment_intents.create(amount=1099, currency="usd", transfer_data={"amount": value, "destination": "acct_1"})
        assert caught.value.param == "transfer_data[amount]"
        assert kind in caught.value.message, caught.value.message
    # None inside a dict: null, which an optional field takes as absent and a required one refuses.
    with pytest.raises(offsession.InvalidInputError) as required:
        c.payment_intents.create(amount=1099, currency="usd", transfer_data={"amount": None, "destination": None})
    assert required.value.param == "transfer_data[destination]" and "null" in required.value.message
    with pytest.raises(offsession.InvalidInputError) as floated:
        c.raw_request("POST", "/v1/customers", {"balance": 1.0})
    assert floated.value.param == "params[balance]"
    assert len(requests(sim)) == 1
