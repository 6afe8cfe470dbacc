"""Python clients of the benchmark: offsession (sync, 8 threads, asyncio), the official
`stripe` package, and raw urllib3 / httpx loops, all running the same six-request flow against
the same local server. Prints one JSON line: CPU µs per request, wall ms per flow, peak RSS.

Usage: bench.py CLIENT URL FLOWS
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

KEY = "sk_test_bench"
SUCCESS = "https://example.com/s?session_id={CHECKOUT_SESSION_ID}"
IN_FLIGHT = 8


def offsession_flow(client: Any) -> None:
    customer = client.customers.create(email="jenny.rosen@example.com")
    session = client.checkout_sessions.create(mode="setup", currency="usd", customer=customer.id, success_url=SUCCESS)
    expanded = client.checkout_sessions.retrieve(session.id, expand=["setup_intent"])
    setup_intent = client.setup_intents.retrieve(expanded.setup_intent.id)
    client.payment_methods.attach(setup_intent.payment_method, customer=customer.id)
    pi = client.payment_intents.create(amount=1099, currency="usd", customer=customer.id,
                                       payment_method=setup_intent.payment_method, off_session=True, confirm=True)
    assert pi.status == "succeeded"


async def offsession_flow_async(client: Any) -> None:
    customer = await client.customers.create(email="jenny.rosen@example.com")
    session = await client.checkout_sessions.create(mode="setup", currency="usd", customer=customer.id, success_url=SUCCESS)
    expanded = await client.checkout_sessions.retrieve(session.id, expand=["setup_intent"])
    setup_intent = await client.setup_intents.retrieve(expanded.setup_intent.id)
    await client.payment_methods.attach(setup_intent.payment_method, customer=customer.id)
    pi = await client.payment_intents.create(amount=1099, currency="usd", customer=customer.id,
                                             payment_method=setup_intent.payment_method, off_session=True, confirm=True)
    assert pi.status == "succeeded"


def stripe_flow(stripe: Any) -> None:
    customer = stripe.Customer.create(email="jenny.rosen@example.com")
    session = stripe.checkout.Session.create(mode="setup", currency="usd", customer=customer.id, success_url=SUCCESS)
    expanded = stripe.checkout.Session.retrieve(session.id, expand=["setup_intent"])
    setup_intent = stripe.SetupIntent.retrieve(expanded.setup_intent.id)
    stripe.PaymentMethod.attach(setup_intent.payment_method, customer=customer.id)
    pi = stripe.PaymentIntent.create(amount=1099, currency="usd", customer=customer.id,
                                     payment_method=setup_intent.payment_method, off_session=True, confirm=True)
    assert pi.status == "succeeded"


def raw_flow(call: Callable[[str, str, str | None], Any]) -> None:
    customer = call("POST", "/v1/customers", "email=jenny.rosen%40example.com")["id"]
    session = call("POST", "/v1/checkout/sessions", f"mode=setup&currency=usd&customer={customer}&success_url=https%3A%2F%2Fexample.com%2Fs")["id"]
    expanded = call("GET", f"/v1/checkout/sessions/{session}?expand%5B0%5D=setup_intent", None)
    setup_intent = call("GET", f"/v1/setup_intents/{expanded['setup_intent']['id']}", None)
    pm = setup_intent["payment_method"]
    call("POST", f"/v1/payment_methods/{pm}/attach", f"customer={customer}")
    pi = call("POST", "/v1/payment_intents", f"amount=1099&currency=usd&customer={customer}&payment_method={pm}&off_session=true&confirm=true")
    assert pi["status"] == "succeeded"


HEADERS = {"Authorization": f"Bearer {KEY}", "Stripe-Version": "2026-09-30.endive"}
POST_HEADERS = {**HEADERS, "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": "bench"}


def make_runner(name: str, url: str) -> tuple[Callable[[], None] | None, Callable[[int], None]]:
    """Returns (one flow, run N flows) for a client."""
    if name in ("offsession", "offsession-threads"):
        import offsession

        client = offsession.Client(KEY, base_url=url)
        flow = lambda: offsession_flow(client)  # noqa: E731
        if name == "offsession":
            return flow, lambda n: [flow() for _ in range(n)] and None
        def threaded(n: int) -> None:
            with ThreadPoolExecutor(IN_FLIGHT) as pool:
                list(pool.map(lambda _: flow(), range(n)))
        return flow, threaded
    if name == "offsession-asyncio":
        import offsession

        async def many(n: int) -> None:
            client = offsession.AsyncClient(KEY, base_url=url)
            queue = iter(range(n))
            async def worker() -> None:
                for _ in queue:
                    await offsession_flow_async(client)
            await asyncio.gather(*[worker() for _ in range(IN_FLIGHT)])
        return None, lambda n: asyncio.run(many(n))
    if name == "stripe":
        import stripe

        stripe.api_key = KEY
        stripe.api_base = url
        stripe.max_network_retries = 0
        flow = lambda: stripe_flow(stripe)  # noqa: E731
        return flow, lambda n: [flow() for _ in range(n)] and None
    if name == "urllib3":
        import urllib3

        pool = urllib3.PoolManager(maxsize=IN_FLIGHT)
        def call(method: str, path: str, body: str | None) -> Any:
            response = pool.request(method, url + path, body=body, headers=POST_HEADERS if body else HEADERS)
            return json.loads(response.data)
        flow = lambda: raw_flow(call)  # noqa: E731
        return flow, lambda n: [flow() for _ in range(n)] and None
    if name == "httpx":
        import httpx

        http = httpx.Client(base_url=url)
        def call_httpx(method: str, path: str, body: str | None) -> Any:
            response = http.request(method, path, content=body, headers=POST_HEADERS if body else HEADERS)
            return json.loads(response.content)
        flow = lambda: raw_flow(call_httpx)  # noqa: E731
        return flow, lambda n: [flow() for _ in range(n)] and None
    raise SystemExit(f"unknown client {name}")


def main() -> None:
    name, url, flows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    _, run = make_runner(name, url)
    run(IN_FLIGHT)  # warm-up: connections, imports, lazy initialisation
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_start, wall_start = usage.ru_utime + usage.ru_stime, time.perf_counter()
    run(flows)
    wall = time.perf_counter() - wall_start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_start
    print(json.dumps({
        "client": f"python/{name}",
        "flows": flows,
        "requests": flows * 6,
        "cpu_us_per_request": round(cpu * 1e6 / (flows * 6), 2),
        "wall_ms_per_flow": round(wall * 1000 / flows, 4),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    main()
