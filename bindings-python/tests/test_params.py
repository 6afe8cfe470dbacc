"""Every Stripe parameter, typed, reaches Stripe as stripe-python would send it; the escape
hatches (``extra_params``, ``raw_request``) and the request options work per call; lists are
walked page by page; with the blocking and the asyncio client.

The oracle for the encoding is the official library itself: the same call with the same nested
parameters through stripe-python and through offsession, both sent to one local server that
records the raw form bodies, must give the same ``key=value`` pairs.
"""

from __future__ import annotations

import asyncio
import time
import urllib.parse
from typing import Any, Callable, Dict, List, Tuple

import pytest
import stripe

import offsession
from conftest import Sim
from helpers import KEY, RECOVERY, SUCCESS, StubStripe, client, requests, saved_card, stub_payment_intent

SHIPPING: Any = {
    "name": "Jenny Rosen",
    "phone": "+15555550123",
    "address": {"line1": "510 Townsend St", "city": "San Francisco", "country": "US", "postal_code": "94103"},
}

# (what the call is, how stripe-python makes it, how offsession makes it, with the same params)
OracleCall = Tuple[str, Callable[[stripe.StripeClient, Dict[str, Any]], Any], Callable[[offsession.Client, Dict[str, Any]], Any], Dict[str, Any]]

ORACLE_CALLS: List[OracleCall] = [
    (
        "customers.create",
        lambda s, p: s.v1.customers.create(params=p),  # type: ignore[arg-type]
        lambda o, p: o.customers.create(**p),
        {
            "email": "jenny.rosen@example.com", "name": "Jenny Rosen", "metadata": {"order": "42", "tier": "gold"},
            "address": SHIPPING["address"], "shipping": SHIPPING, "preferred_locales": ["fr", "en"],
            "invoice_settings": {"custom_fields": [{"name": "VAT", "value": "FR123"}], "footer": "Thanks"},
            "tax_exempt": "none",
        },
    ),
    (
        "checkout_sessions.create",
        lambda s, p: s.v1.checkout.sessions.create(params=p),  # type: ignore[arg-type]
        lambda o, p: o.checkout_sessions.create(**p),
        {
            "mode": "payment", "success_url": SUCCESS, "cancel_url": "https://example.com/cart",
            "line_items": [
                {"price_data": {"currency": "usd", "unit_amount": 1099, "product_data": {"name": "T-shirt", "description": "Blue"}}, "quantity": 2},
                {"price": "price_1Mug", "quantity": 1},
            ],
            "payment_method_types": ["card"], "metadata": {"cart": "77"}, "locale": "fr",
            "payment_intent_data": {"setup_future_usage": "off_session", "metadata": {"order": "42"}, "shipping": SHIPPING},
            "custom_text": {"submit": {"message": "We ship tomorrow."}}, "allow_promotion_codes": True,
        },
    ),
    (
        "payment_intents.create",
        lambda s, p: s.v1.payment_intents.create(params=p),  # type: ignore[arg-type]
        lambda o, p: o.payment_intents.create(**p),
        {
            "amount": 2000, "currency": "usd", "customer": "cus_Oracle", "payment_method": "pm_Oracle",
            "confirm": True, "off_session": "recurring", "capture_method": "manual", "shipping": SHIPPING,
            "statement_descriptor_suffix": "ORDER 42", "metadata": {"order": "42"},
            "payment_method_options": {"card": {"request_three_d_secure": "any", "setup_future_usage": "off_session"}},
            "error_on_requires_action": False, "expand": ["latest_charge"],
        },
    ),
    (
        "payment_intents.create with extra_params",
        lambda s, p: s.v1.payment_intents.create(params={**p, "payment_method_options": {"card": {"mcc": "5734", "request_three_d_secure": "any"}}}),  # type: ignore[typeddict-item]
        lambda o, p: o.payment_intents.create(
            **p, payment_method_options={"card": {"request_three_d_secure": "any"}},
            extra_params={"payment_method_options": {"card": {"mcc": "5734"}}},
        ),
        {"amount": 1099, "currency": "usd", "shipping": SHIPPING, "metadata": {"order": "43"}},
    ),
    (
        "customers.update",
        lambda s, p: s.v1.customers.update("cus_Oracle", params=p),  # type: ignore[arg-type]
        lambda o, p: o.customers.update("cus_Oracle", **p),
        {"invoice_settings": {"default_payment_method": "pm_Oracle"}, "metadata": {"old": ""}, "description": ""},
    ),
    (
        "setup_intents.update",
        lambda s, p: s.v1.setup_intents.update("seti_Oracle", params=p),  # type: ignore[arg-type]
        lambda o, p: o.setup_intents.update("seti_Oracle", **p),
        {"metadata": {"plan": "pro"}, "description": "Card for later"},
    ),
    (
        "payment_intents.cancel",
        lambda s, p: s.v1.payment_intents.cancel("pi_Oracle", params=p),  # type: ignore[arg-type]
        lambda o, p: o.payment_intents.cancel("pi_Oracle", **p),
        {"cancellation_reason": "abandoned"},
    ),
]


def pairs(body: str) -> List[Tuple[str, str]]:
    """A form body's `key=value` pairs, in a stable order (each SDK orders keys its own way)."""
    return sorted(urllib.parse.parse_qsl(body, keep_blank_values=True))


@pytest.mark.parametrize("what, theirs, ours, params", ORACLE_CALLS, ids=[c[0] for c in ORACLE_CALLS])
def test_the_form_body_is_the_one_stripe_python_sends(
    what: str,
    theirs: Callable[[stripe.StripeClient, Dict[str, Any]], Any],
    ours: Callable[[offsession.Client, Dict[str, Any]], Any],
    params: Dict[str, Any],
) -> None:
    kind = what.split(".")[0]
    canned = {
        "customers": {"id": "cus_Oracle", "object": "customer", "livemode": False, "metadata": {}},
        "checkout_sessions": {"id": "cs_Oracle", "object": "checkout.session", "mode": "payment", "livemode": False, "metadata": {}},
        "payment_intents": stub_payment_intent("requires_capture"),
        "setup_intents": {"id": "seti_Oracle", "object": "setup_intent", "status": "requires_payment_method", "livemode": False, "metadata": {}},
    }[kind]
    stub = StubStripe(canned)
    try:
        official = stripe.StripeClient("sk_test_oracle", base_addresses={"api": stub.url}, max_network_retries=0)
        theirs(official, params)
        ours(offsession.Client(KEY, base_url=stub.url, max_retries=0), params)
    finally:
        stub.close()
    official_request, our_request = stub.received
    assert (our_request["method"], our_request["path"]) == (official_request["method"], official_request["path"])
    assert pairs(our_request["body"]) == pairs(official_request["body"])
    assert our_request["body"], "nothing was sent"


def test_typed_parameters_of_every_group_reach_the_simulator(sim: Sim) -> None:
    c = client(sim)
    customer = c.customers.create(
        email="jenny.rosen@example.com", address=SHIPPING["address"], shipping=SHIPPING,
        preferred_locales=["fr"], metadata={"order": "42"},
    )
    body = requests(sim)[-1]["body"]
    assert body["shipping"]["address"]["line1"] == "510 Townsend St"
    assert body["preferred_locales"] == ["fr"] and body["metadata"] == {"order": "42"}
    card = c.payment_methods.attach("pm_card_visa", customer=customer.id)
    intent = c.payment_intents.create(
        amount=2000, currency="usd", customer=customer.id, payment_method=card.id, confirm=True,
        off_session="one_off", capture_method="manual", receipt_email="jenny.rosen@example.com",
        shipping=SHIPPING, payment_method_options={"card": {"request_three_d_secure": "automatic"}},
    )
    assert intent.status == "requires_capture"
    body = requests(sim)[-1]["body"]
    assert body["off_session"] == "one_off" and body["confirm"] == "true" and body["capture_method"] == "manual"
    assert body["payment_method_options"]["card"]["request_three_d_secure"] == "automatic"
    assert body["shipping"]["phone"] == "+15555550123"


def test_extra_params_merge_beside_typed_ones_and_contradictions_are_refused(sim: Sim) -> None:
    c = client(sim)
    c.payment_intents.create(
        amount=1099, currency="usd", shipping={"name": "Jenny Rosen", "address": {"line1": "x"}},
        extra_params={"shipping": {"phone": "+15555550123"}, "payment_method_options": {"card": {"mcc": "5734"}}, "statement_descriptor": "OFFSESSION"},
    )
    body = requests(sim)[-1]["body"]
    assert body["shipping"] == {"name": "Jenny Rosen", "address": {"line1": "x"}, "phone": "+15555550123"}
    assert body["payment_method_options"] == {"card": {"mcc": "5734"}}
    assert body["statement_descriptor"] == "OFFSESSION"
    before = len(requests(sim))
    refusals: List[Tuple[str, Callable[[], Any]]] = [
        ("extra_params[amount]", lambda: c.payment_intents.create(amount=1099, currency="usd", extra_params={"amount": 5})),
        ("extra_params[shipping][name]", lambda: c.payment_intents.create(
            amount=1099, currency="usd", shipping={"name": "J", "address": {"line1": "x"}}, extra_params={"shipping": {"name": "K"}})),
        ("extra_params[level3][items][0][unit_cost]", lambda: c.payment_intents.create(
            amount=1099, currency="usd", extra_params={"level3": {"items": [{"unit_cost": 10.5}]}})),
        ("extra_params[x]", lambda: c.customers.create(extra_params={"x": float("nan")})),
    ]
    for param, call in refusals:
        with pytest.raises(offsession.InvalidInputError) as caught:
            call()
        assert caught.value.param == param, str(caught.value)
    assert len(requests(sim)) == before


def test_a_raw_request_reaches_any_endpoint_with_retries_keys_and_errors(sim: Sim) -> None:
    c = client(sim)
    sim.fault(method="POST", path="/v1/customers", kind="status_500", count=1)
    raw = c.raw_request("POST", "/v1/customers", {"email": "raw@example.com", "metadata": {"source": "raw"}}, idempotency_key="raw-1")
    assert isinstance(raw, offsession.Customer) and raw.email == "raw@example.com"
    assert raw.metadata.source == "raw"
    assert raw.last_response is not None and raw.last_response.idempotency_key == "raw-1"
    assert [entry["idempotency_key"] for entry in requests(sim)] == ["raw-1", "raw-1"]
    fetched = c.raw_request("get", f"/v1/customers/{raw.id}")
    assert fetched == raw and fetched.last_response is not None and fetched.last_response.http_status == 200
    page = c.raw_request("GET", f"/v1/customers/{raw.id}/payment_methods", {"limit": 2})
    assert page.object == "list" and page.data == () and requests(sim)[-1]["query"] == "limit=2"
    with pytest.raises(offsession.InvalidRequestError) as missing:
        c.raw_request("GET", "/v1/customers/cus_DoesNotExist")
    assert missing.value.http_status == 404 and missing.value.code == "resource_missing"

    async def main() -> Any:
        a = offsession.AsyncClient(KEY, base_url=sim.url)
        return await a.raw_request("POST", "/v1/customers", {"email": "async-raw@example.com"})

    assert asyncio.run(main()).email == "async-raw@example.com"


@pytest.mark.parametrize("asyncio_mode", [False, True], ids=["Client", "AsyncClient"])
def test_options_apply_to_one_request(sim: Sim, asyncio_mode: bool) -> None:
    async def run(call: Callable[[Any], Any]) -> Any:
        if asyncio_mode:
            return await call(offsession.AsyncClient(KEY, base_url=sim.url))
        return call(client(sim))

    async def main() -> None:
        await run(lambda c: c.customers.create(email="connected@example.com", stripe_account="acct_1Options", idempotency_key="opt-1"))
        await run(lambda c: c.customers.create(email="platform@example.com"))
        first, second = requests(sim)[-2:]
        assert (first["stripe_account"], first["idempotency_key"]) == ("acct_1Options", "opt-1")
        assert second["stripe_account"] is None and second["idempotency_key"] != "opt-1"
        # max_retries=0: the 500 is not retried on this request (the client would retry twice).
        sim.fault(method="GET", path="/v1/customers/", kind="status_500", count=3)
        with pytest.raises(offsession.APIError):
            await run(lambda c: c.customers.retrieve("cus_Anything", max_retries=0))
        assert len([e for e in requests(sim) if e["method"] == "GET"]) == 1
        # timeout (seconds): a slow answer fails at the request's limit, not the client's 80 s.
        sim.control("POST", "/_sim/reset")
        sim.fault(method="GET", path="/v1/customers/", kind="delay", delay_ms=3000)
        started = time.monotonic()
        with pytest.raises(offsession.APIConnectionError):
            await run(lambda c: c.customers.retrieve("cus_Anything", timeout=0.3, max_retries=0))
        assert time.monotonic() - started < 2.5

    asyncio.run(main())


def test_with_stripe_account_makes_every_request_for_that_account(sim: Sim) -> None:
    c = client(sim)
    connected = c.with_stripe_account("acct_1Connected")
    assert isinstance(connected, offsession.Client) and "acct_1Connected" in repr(connected)
    assert "stripe_account" not in repr(c)
    connected.customers.create(email="a@example.com")
    c.customers.create(email="b@example.com")
    connected.customers.create(email="c@example.com", stripe_account="acct_1Other")
    assert [e["stripe_account"] for e in requests(sim)] == ["acct_1Connected", None, "acct_1Other"]

    async def main() -> None:
        a = offsession.AsyncClient(KEY, base_url=sim.url).with_stripe_account("acct_1Async")
        assert isinstance(a, offsession.AsyncClient)
        await a.customers.create(email="d@example.com")
        started = await a.start_setup(currency="usd", success_url=SUCCESS)
        assert started.session.id.startswith("cs_")

    asyncio.run(main())
    assert {e["stripe_account"] for e in requests(sim)[3:]} == {"acct_1Async"}


def seven_cards(c: offsession.Client) -> Tuple[str, List[str]]:
    customer = c.customers.create(email="cards@example.com")
    cards = [c.payment_methods.attach("pm_card_visa", customer=customer.id).id for _ in range(7)]
    return customer.id, cards[::-1]  # newest first, as Stripe lists them


def list_requests(sim: Sim) -> int:
    return len([e for e in requests(sim) if e["method"] == "GET"])


def test_a_list_is_walked_over_three_pages(sim: Sim) -> None:
    c = client(sim)
    customer, newest_first = seven_cards(c)
    page = c.customers.list_payment_methods(customer, limit=3, type="card")
    assert isinstance(page, offsession.ListObject) and page.object == "list"
    assert [pm.id for pm in page.data] == newest_first[:3] and page.has_more is True
    assert page.url == f"/v1/customers/{customer}/payment_methods"
    assert page.last_response is not None and page.last_response.http_status == 200
    assert all(isinstance(pm, offsession.PaymentMethod) for pm in page.data)
    # Iterating a page gives its objects, as stripe-python's ListObject does.
    assert [pm.id for pm in page] == newest_first[:3] and len(page) == 3
    walked = [pm.id for pm in page.auto_paging_iter()]
    assert walked == newest_first
    # The first page once, then the two after it, each with the same parameters.
    assert list_requests(sim) == 3
    assert requests(sim)[-1]["query"] == f"limit=3&starting_after={newest_first[5]}&type=card"
    # Backwards from a cursor: pages before it, each in reverse.
    before = c.customers.list_payment_methods(customer, limit=2, ending_before=newest_first[5])
    assert [pm.id for pm in before.auto_paging_iter()] == newest_first[:5][::-1]
    # A last page fetches nothing more.
    last = c.customers.list_payment_methods(customer, limit=10)
    count = list_requests(sim)
    assert [pm.id for pm in last.auto_paging_iter()] == newest_first and list_requests(sim) == count


def test_a_failed_page_is_raised_and_the_walk_goes_on(sim: Sim) -> None:
    c = client(sim)
    customer, newest_first = seven_cards(c)
    page = c.customers.list_payment_methods(customer, limit=3, max_retries=0)
    walk = page.auto_paging_iter()
    seen = [next(walk).id for _ in range(3)]
    sim.fault(method="GET", path=f"/v1/customers/{customer}/payment_methods", kind="status_500", count=1)
    with pytest.raises(offsession.APIError):
        next(walk)
    seen += [pm.id for pm in walk]
    assert seen == newest_first


def test_the_asyncio_client_walks_a_list_with_async_for(sim: Sim) -> None:
    customer, newest_first = seven_cards(client(sim))

    async def main() -> Tuple[List[str], List[str]]:
        a = offsession.AsyncClient(KEY, base_url=sim.url)
        page = await a.customers.list_payment_methods(customer, limit=3)
        assert isinstance(page, offsession.ListObject) and len(page.data) == 3
        walked = [pm.id async for pm in page.auto_paging_iter()]
        # One walk shared by two consumers at once on one loop.
        again = await a.customers.list_payment_methods(customer, limit=2)
        shared = again.auto_paging_iter()
        both = await asyncio.gather(collect(shared), collect(shared))
        return walked, both[0] + both[1]

    async def collect(it: offsession.AutoPagingIterator[offsession.PaymentMethod]) -> List[str]:
        return [pm.id async for pm in it]

    walked, shared = asyncio.run(main())
    assert walked == newest_first
    # One iterator is one walk: shared by two consumers, each object comes out once.
    assert sorted(shared) == sorted(newest_first)


def test_detach_and_the_default_payment_method(sim: Sim) -> None:
    c = client(sim)
    customer = c.customers.create(email="jenny.rosen@example.com")
    first = c.payment_methods.attach("pm_card_visa", customer=customer.id)
    second = c.payment_methods.attach("pm_card_visa", customer=customer.id)
    updated = c.customers.update(customer.id, invoice_settings={"default_payment_method": second.id}, metadata={"tier": "gold"})
    assert updated.invoice_settings.default_payment_method == second.id and updated.metadata.tier == "gold"
    cleared = c.customers.update(customer.id, invoice_settings={"default_payment_method": ""})
    assert cleared.invoice_settings.default_payment_method is None
    detached = c.payment_methods.detach(first.id)
    assert detached.id == first.id and detached.customer is None
    listed = c.customers.list_payment_methods(customer.id)
    assert [pm.id for pm in listed.auto_paging_iter()] == [second.id]
    with pytest.raises(offsession.InvalidRequestError) as again:
        c.payment_methods.detach(first.id)
    assert again.value.http_status == 400
    expired = c.checkout_sessions.expire(c.start_setup(currency="usd", success_url=SUCCESS).session.id)
    assert expired.status == "expired"


def test_flows_pass_every_other_parameter_through(sim: Sim) -> None:
    c = client(sim)
    started = c.start_setup(
        currency="usd", customer_email="jenny.rosen@example.com",
        session_data={"ui_mode": "embedded_page", "return_url": SUCCESS, "locale": "de"},
        idempotency_key="signup-7",
    )
    assert started.customer_id is None and started.session.ui_mode == "embedded_page"
    body = requests(sim)[-1]["body"]
    assert body["locale"] == "de" and body["customer_email"] == "jenny.rosen@example.com"
    customer, card = saved_card(c, sim)
    outcome = c.charge_off_session(
        customer=customer, payment_method=card, amount=1099, currency="usd", idempotency_key="order-7",
        recovery=RECOVERY, off_session="recurring",
        payment_intent_data={"capture_method": "manual", "statement_descriptor_suffix": "ORDER 7"},
    )
    assert isinstance(outcome, offsession.RequiresCapture)
    body = [e for e in requests(sim) if e["path"] == "/v1/payment_intents"][-1]["body"]
    assert body["off_session"] == "recurring" and body["statement_descriptor_suffix"] == "ORDER 7"
