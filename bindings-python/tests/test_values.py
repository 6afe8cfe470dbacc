"""Results behave like Python values: they pickle (Celery and RQ send results through pickle),
deep-copy, compare equal, and show Python's reprs; the API documents itself in ``help()``."""

from __future__ import annotations

import asyncio
import copy
import inspect
import pickle
import pydoc
import subprocess
import sys
from typing import Any, List

import pytest

import offsession
from conftest import Sim
from helpers import KEY, RECOVERY, SUCCESS, client, saved_card


def roundtrip(value: Any) -> Any:
    return pickle.loads(pickle.dumps(value))


def test_stripe_objects_pickle_and_deepcopy_with_their_last_response(sim: Sim) -> None:
    c = client(sim)
    customer = c.customers.create(email="jenny@example.com", metadata={"order": "42"}, idempotency_key="pickle-1")
    for copied in [roundtrip(customer), copy.deepcopy(customer), copy.copy(customer)]:
        assert copied == customer
        assert type(copied) is offsession.Customer
        assert copied.metadata.order == "42"
        assert copied.last_response == customer.last_response
        assert copied.last_response is not None and copied.last_response.idempotency_key == "pickle-1"
    session_id = c.start_setup(currency="usd", success_url=SUCCESS).session.id
    sim.control("POST", f"/_sim/checkout/sessions/{session_id}/complete", {"payment_method": "pm_card_visa"})
    nested = c.checkout_sessions.retrieve(session_id, expand=["setup_intent"])
    assert roundtrip(nested) == nested and isinstance(roundtrip(nested).setup_intent, offsession.SetupIntent)
    assert roundtrip(nested.setup_intent).last_response is None
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(customer, protocol)) == customer
    response = customer.last_response
    assert response is not None and roundtrip(response) == response


def test_a_pickled_object_loads_in_another_process(sim: Sim) -> None:
    customer = client(sim).customers.create(email="elsewhere@example.com")
    code = "import pickle, sys; c = pickle.loads(sys.stdin.buffer.read()); print(type(c).__name__, c.email, c.last_response.http_status)"
    out = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(customer), capture_output=True, check=True)
    assert out.stdout.decode().split() == ["Customer", "elsewhere@example.com", "200"]


def test_lists_pickle_as_their_json(sim: Sim) -> None:
    c = client(sim)
    customer, _ = saved_card(c, sim)
    page = c.customers.list_payment_methods(customer)
    copied = roundtrip(page)
    assert copied == page and copied.data == page.data
    assert isinstance(copied.data[0], offsession.PaymentMethod)


def test_flow_results_pickle_compare_and_show_python_reprs(sim: Sim) -> None:
    c = client(sim)
    started = c.start_setup(currency="usd", success_url=SUCCESS, new_customer={"email": "flow@example.com"})
    shown = repr(started)
    assert shown.startswith(f"SetupStarted(customer_id='{started.customer_id}', url='http")
    assert "Some(" not in shown and '"' not in shown.split("session=")[0]
    assert roundtrip(started) == started and copy.deepcopy(started) == started
    assert type(roundtrip(started)) is offsession.SetupStarted
    assert roundtrip(started).session.last_response == started.session.last_response
    assert started != roundtrip(c.start_setup(currency="usd", success_url=SUCCESS))

    customer, card = saved_card(c, sim)
    paid = c.charge_off_session(customer=customer, payment_method=card, amount=1099, currency="usd",
                                idempotency_key="order-pickle", recovery=RECOVERY)
    assert isinstance(paid, offsession.Succeeded)
    assert roundtrip(paid) == paid and roundtrip(paid).outcome == "succeeded"
    assert repr(paid).startswith("Succeeded(payment_intent=PaymentIntent(id='pi_")

    declined_customer, declined_card = saved_card(c, sim, "pm_card_chargeCustomerFail")
    declined = c.charge_off_session(customer=declined_customer, payment_method=declined_card, amount=1099,
                                    currency="usd", idempotency_key="order-pickle-2", recovery=RECOVERY)
    assert isinstance(declined, offsession.NeedsRecovery)
    copied = roundtrip(declined)
    assert isinstance(copied, offsession.NeedsRecovery)
    assert isinstance(copied.error, offsession.CardError)
    assert copied.error.code == declined.error.code == "card_declined"
    assert copied.error.payment_intent == declined.error.payment_intent
    assert copied.to_dict() == declined.to_dict()
    assert repr(declined).startswith("NeedsRecovery(error=CardError(")


def test_help_shows_real_signatures_and_every_public_name_has_a_docstring() -> None:
    text = pydoc.render_doc(offsession.Client)
    assert "Ellipsis" not in text and "max_retries=2" in text
    assert "idempotency_key=None" in pydoc.render_doc(offsession.Customers)
    undocumented: List[str] = []
    for name in offsession.__all__:
        value = getattr(offsession, name)
        if not inspect.isclass(value):
            continue
        if not (value.__doc__ or "").strip():
            undocumented.append(name)
        for attribute, member in vars(value).items():
            if attribute.startswith("_") or not callable(member) and not inspect.isdatadescriptor(member):
                continue
            if not (getattr(member, "__doc__", None) or "").strip():
                undocumented.append(f"{name}.{attribute}")
    assert undocumented == []


def test_asyncio_results_pickle_too(sim: Sim) -> None:
    async def main() -> Any:
        return await offsession.AsyncClient(KEY, base_url=sim.url).customers.create(email="async@example.com")

    customer = asyncio.run(main())
    assert roundtrip(customer) == customer


@pytest.mark.parametrize("bad", ["{not json", "[1, 2]"])
def test_a_restore_of_bad_json_is_refused(bad: str) -> None:
    restore: Any = getattr(offsession.StripeObject, "_restore")
    with pytest.raises(offsession.InvalidInputError):
        restore(bad, None)
