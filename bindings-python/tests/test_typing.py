"""The stubs type every call with the parameters generated from Stripe's spec (``_params.pyi``):
mypy refuses a misspelt parameter, a wrong type deep inside a nested one, a missing required key
and an unknown enum value, as the binding refuses them at run time."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict, List

MISUSES: Dict[str, str] = {
    'c.customers.create(emial="x@example.com")': "call-arg",
    'c.payment_intents.create(amount="5", currency="usd")': "arg-type",
    'c.checkout_sessions.create(mode="payment", line_items=[{"price_data": {"currency": "usd", "unit_amount": "5"}}])': "typeddict-item",
    'c.customers.update("cus_1", invoice_settings={"default_payment_method": 5})': "typeddict-item",
    'c.charge_off_session(customer="c", payment_method="p", amount=5, currency="usd", idempotency_key="k", recovery={"product_name": "x"})': "typeddict-item",
    'c.payment_intents.create(amount=5, currency="usd", off_session="sometimes")': "arg-type",
    'c.start_setup(currency="usd", session_data={"locale": 5})': "arg-type",
    'c.customers.retrieve("cus_1", timeout="5")': "arg-type",
    'c.customers.create(extra_params=["x"])': "arg-type",
}

USAGE = """
    import asyncio
    from typing import List

    import offsession
    from offsession._params import CreateCustomer

    c = offsession.Client("sk_test_x", max_retries=1, timeout=2.5)
    params: CreateCustomer = {"email": "a@example.com", "metadata": {"k": "v"}}
    customer: offsession.Customer = c.customers.create(**params, idempotency_key="k", expand=["default_source"])
    c.customers.update(customer.id, invoice_settings={"default_payment_method": ""}, stripe_account="acct_1")
    page: offsession.ListObject[offsession.PaymentMethod] = c.customers.list_payment_methods(customer.id, limit=3)
    ids: List[str] = [pm.id for pm in page.auto_paging_iter()]
    outcome = c.charge_off_session(
        customer=customer.id, payment_method=ids[0], amount=1099, currency="usd", idempotency_key="order-1",
        recovery=offsession.Recovery(product_name="T-shirt", success_url="https://example.com/paid"),
        off_session="recurring", payment_intent_data={"capture_method": "manual"},
    )
    if isinstance(outcome, offsession.NeedsRecovery):
        print(outcome.recovery_session.url, outcome.error.code)
    raw = c.with_stripe_account("acct_1").raw_request("GET", "/v1/balance", max_retries=0)

    async def main() -> None:
        a = offsession.AsyncClient("sk_test_x")
        listed = await a.customers.list_payment_methods("cus_1")
        async for pm in listed.auto_paging_iter():
            print(pm.id)
        print((await a.payment_intents.create(amount=5, currency="usd", confirm=True)).status)

    asyncio.run(main())
"""


def mypy(tmp_path: Path, source: str) -> List[str]:
    path = tmp_path / "snippet.py"
    path.write_text(source)
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(path)],
        capture_output=True, text=True,
    )
    return [line for line in out.stdout.splitlines() if ": error:" in line]


def test_the_stubs_refuse_what_the_binding_refuses(tmp_path: Path) -> None:
    calls = list(MISUSES)
    source = "import offsession\n\nc = offsession.Client('sk_test_x')\n" + "\n".join(calls) + "\n"
    errors = mypy(tmp_path, source)
    for index, call in enumerate(calls):
        line = index + 4
        found = [e for e in errors if re.match(rf".*snippet\.py:{line}: error:", e)]
        assert found, f"mypy accepted {call}"
        assert any(f"[{MISUSES[call]}]" in e for e in found), found


def test_the_stubs_accept_typical_code(tmp_path: Path) -> None:
    assert mypy(tmp_path, textwrap.dedent(USAGE)) == []
