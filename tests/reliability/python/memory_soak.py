"""Memory and descriptor soak of the Python package (tests/reliability/README.md).

Makes ``--calls`` SDK calls (100,000 in long mode, 10,000 in short mode) against the simulator,
cycling through creates, retrieves with expansion, a 404 error, a succeeded charge and a declined
charge with its recovery session, a list walked over two pages, a raw request and a pickled
outcome; even cycles go through the blocking ``Client``, odd ones through
the ``AsyncClient``. After a warm-up (5% of the calls, at least 2,000) and at the end it reads
this process's VmRSS (/proc/self/status) and counts its open descriptors (/proc/self/fd), after a
``gc.collect()`` and inside the event loop both times. Fails if RSS grew by more than 10 MiB or
any descriptor was added, i.e. if the binding leaks per call (objects, errors, futures,
connections). RSS is also sampled every 10% of the calls, to tell a warm-up step from a steady
leak.

The simulator keeps every object, its request log and idempotency records, so it is reset every
``--reset-every`` calls (and its fixtures re-created) to keep it small and fast; its own RSS is
printed too, and ``--reset-every 0`` shows what happens without resets::

    python memory_soak.py [--short|--long] [--calls N] [--reset-every N]

or ``RELIABILITY_MODE``, ``RELIABILITY_CALLS``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import time
import pickle
from dataclasses import dataclass
from typing import Awaitable, Callable, List, Sequence, TypeVar

import offsession

from simulator import Simulator, open_fds, vm_rss_kib

API_KEY = "sk_test_reliability"
SUCCESS_URL = "https://example.com/done?session_id={CHECKOUT_SESSION_ID}"
RECOVERY = offsession.Recovery(product_name="Soak", success_url=SUCCESS_URL)
RSS_LIMIT_KIB = 10 * 1024
T = TypeVar("T")


@dataclass
class Fixtures:
    """Objects the cycle reads; re-created after every simulator reset."""

    customer: str
    visa: str
    failing: str
    session: str
    payment_intent: str


class Soak:
    def __init__(self, sim: Simulator, calls: int, reset_every: int) -> None:
        self.sim = sim
        self.calls = calls
        self.reset_every = reset_every
        self.sync = offsession.Client(API_KEY, base_url=sim.url)
        self.aio = offsession.AsyncClient(API_KEY, base_url=sim.url)
        self.done = 0
        self.since_reset = 0
        self.resets = 0
        self.use_async = False

    async def call(self, sync: Callable[[], T], aio: Callable[[], Awaitable[T]]) -> T:
        """One SDK call, through the client this cycle uses."""
        self.done += 1
        self.since_reset += 1
        return await aio() if self.use_async else sync()

    async def fixtures(self) -> Fixtures:
        c, a = self.sync, self.aio
        customer = await self.call(
            lambda: c.customers.create(email="soak@example.com"), lambda: a.customers.create(email="soak@example.com")
        )
        visa = await self.call(
            lambda: c.payment_methods.attach("pm_card_visa", customer=customer.id),
            lambda: a.payment_methods.attach("pm_card_visa", customer=customer.id),
        )
        failing = await self.call(
            lambda: c.payment_methods.attach("pm_card_chargeCustomerFail", customer=customer.id),
            lambda: a.payment_methods.attach("pm_card_chargeCustomerFail", customer=customer.id),
        )
        session = await self.call(
            lambda: c.checkout_sessions.create(mode="setup", currency="usd", customer=customer.id, success_url=SUCCESS_URL),
            lambda: a.checkout_sessions.create(mode="setup", currency="usd", customer=customer.id, success_url=SUCCESS_URL),
        )
        pi = await self.call(
            lambda: c.payment_intents.create(
                amount=1099, currency="usd", customer=customer.id, payment_method=visa.id, confirm=True, off_session=True
            ),
            lambda: a.payment_intents.create(
                amount=1099, currency="usd", customer=customer.id, payment_method=visa.id, confirm=True, off_session=True
            ),
        )
        return Fixtures(customer.id, visa.id, failing.id, session.id, pi.id)

    async def cycle(self, f: Fixtures, n: int) -> None:
        """Eleven calls (thirteen requests) touching every kind of result the binding converts:
        objects, flow outcomes, errors, a list walked over two pages, a raw request, and a
        pickled outcome."""
        c, a = self.sync, self.aio
        created = await self.call(
            lambda: c.customers.create(email=f"c{n}@example.com", metadata={"n": str(n)}),
            lambda: a.customers.create(email=f"c{n}@example.com", metadata={"n": str(n)}),
        )
        fetched = await self.call(lambda: c.customers.retrieve(created.id), lambda: a.customers.retrieve(created.id))
        assert fetched.id == created.id
        session = await self.call(
            lambda: c.checkout_sessions.retrieve(f.session, expand=["customer"]),
            lambda: a.checkout_sessions.retrieve(f.session, expand=["customer"]),
        )
        assert isinstance(session.customer, offsession.Customer) and session.customer.id == f.customer
        pi = await self.call(
            lambda: c.payment_intents.retrieve(f.payment_intent, expand=["payment_method"]),
            lambda: a.payment_intents.retrieve(f.payment_intent, expand=["payment_method"]),
        )
        assert pi.status == "succeeded"
        try:
            await self.call(lambda: c.customers.retrieve("cus_missing"), lambda: a.customers.retrieve("cus_missing"))
            raise AssertionError("a missing customer was found")
        except offsession.InvalidRequestError as error:
            assert error.http_status == 404
        ok = await self.call(
            lambda: c.charge_off_session(customer=f.customer, payment_method=f.visa, amount=500 + n % 1000, currency="usd", recovery=RECOVERY, idempotency_key=f"mem-{n}-ok"),
            lambda: a.charge_off_session(customer=f.customer, payment_method=f.visa, amount=500 + n % 1000, currency="usd", recovery=RECOVERY, idempotency_key=f"mem-{n}-ok"),
        )
        assert isinstance(ok, offsession.Succeeded)
        declined = await self.call(
            lambda: c.charge_off_session(customer=f.customer, payment_method=f.failing, amount=700, currency="usd", recovery=RECOVERY, idempotency_key=f"mem-{n}-declined"),
            lambda: a.charge_off_session(customer=f.customer, payment_method=f.failing, amount=700, currency="usd", recovery=RECOVERY, idempotency_key=f"mem-{n}-declined"),
        )
        assert isinstance(declined, offsession.NeedsRecovery) and declined.error.code == "card_declined"
        pm = await self.call(lambda: c.payment_methods.retrieve(f.visa), lambda: a.payment_methods.retrieve(f.visa))
        assert pm.id == f.visa
        page = await self.call(
            lambda: c.customers.list_payment_methods(f.customer, limit=1),
            lambda: a.customers.list_payment_methods(f.customer, limit=1),
        )
        walk = page.auto_paging_iter()
        walked = [pm.id async for pm in walk] if self.use_async else [pm.id for pm in walk]
        self.done += 1  # the second page
        assert sorted(walked) == sorted([f.visa, f.failing]), walked
        raw = await self.call(
            lambda: c.raw_request("GET", f"/v1/customers/{f.customer}"),
            lambda: a.raw_request("GET", f"/v1/customers/{f.customer}"),
        )
        assert raw.id == f.customer
        assert pickle.loads(pickle.dumps(declined)).to_dict() == declined.to_dict()

    async def run(self, warmup: int, sample: Callable[[], None], last_sampled: Callable[[], int]) -> None:
        """Runs every call; ``sample`` is called after the warm-up and at the end, both inside
        the event loop so that its descriptors are counted both times."""
        fixtures = await self.fixtures()
        warmed = False
        # Further samples every 10% of the calls, to tell a warm-up from a steady leak.
        trend_every = max(1, self.calls // 10)
        next_trend = trend_every
        n = 0
        while self.done < self.calls:
            if self.reset_every and self.since_reset >= self.reset_every:
                self.sim.control("POST", "/_sim/reset")
                self.resets += 1
                self.since_reset = 0
                fixtures = await self.fixtures()
            self.use_async = n % 2 == 1
            await self.cycle(fixtures, n)
            n += 1
            if not warmed and self.done >= warmup:
                warmed = True
                sample()
            elif warmed and self.done >= next_trend:
                sample()
            while self.done >= next_trend:
                next_trend += trend_every
        if self.done != last_sampled():
            sample()


@dataclass
class Sample:
    calls: int
    rss_kib: int
    fds: int
    sim_rss_kib: int


def main(argv: Sequence[str]) -> int:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--short", dest="mode", action="store_const", const="short")
    mode.add_argument("--long", dest="mode", action="store_const", const="long")
    parser.add_argument("--calls", type=int, default=env("RELIABILITY_CALLS") or None)
    parser.add_argument("--reset-every", type=int, default=5000, help="calls between simulator resets (0: never)")
    args = parser.parse_args(argv)
    chosen = args.mode or ("long" if env("RELIABILITY_MODE") == "long" else "short")
    calls = int(args.calls) if args.calls else (100_000 if chosen == "long" else 10_000)
    # 5% of the calls, at least 2,000 (the same rule as the Node driver).
    warmup = min(calls, max(2000, calls * 5 // 100))

    samples: List[Sample] = []
    started = time.monotonic()
    with Simulator() as sim:
        soak = Soak(sim, calls, args.reset_every)

        def sample() -> None:
            gc.collect()
            samples.append(Sample(soak.done, vm_rss_kib(), open_fds(), sim.rss_kib()))

        asyncio.run(soak.run(warmup, sample, lambda: samples[-1].calls if samples else -1))
        elapsed = time.monotonic() - started
        resets = soak.resets
        done = soak.done

    warm, end = samples[0], samples[-1]
    grew_kib = end.rss_kib - warm.rss_kib
    fd_growth = end.fds - warm.fds
    failures = []
    if grew_kib > RSS_LIMIT_KIB:
        failures.append(f"RSS grew by {grew_kib / 1024:.1f} MiB (limit {RSS_LIMIT_KIB // 1024} MiB)")
    if fd_growth > 0:
        failures.append(f"{fd_growth} more open file descriptors")
    print(
        f"memory soak [python]: {done} calls (sync Client and AsyncClient alternating per cycle), "
        f"warm-up {warmup} calls, simulator reset every {args.reset_every or 'never'} calls ({resets} resets)"
    )
    print(f"  after warm-up ({warm.calls} calls): RSS {warm.rss_kib / 1024:.1f} MiB, {warm.fds} fds; simulator RSS {warm.sim_rss_kib / 1024:.1f} MiB")
    print(f"  at the end    ({end.calls} calls): RSS {end.rss_kib / 1024:.1f} MiB, {end.fds} fds; simulator RSS {end.sim_rss_kib / 1024:.1f} MiB")
    print(f"  growth: RSS {grew_kib / 1024:+.2f} MiB, fds {fd_growth:+d}; {elapsed:.1f} s, {done / elapsed:.0f} calls/s")
    print("  RSS trend (MiB at calls): " + " ".join(f"{x.rss_kib / 1024:.1f}@{x.calls}" for x in samples))
    for failure in failures:
        print(f"  VIOLATION {failure}")
    print(f"  result:   {'FAILED' if failures else 'OK'}")
    print(
        f"SUMMARY memory-soak lang=python calls={done} rss_warm_mib={warm.rss_kib / 1024:.1f} rss_end_mib={end.rss_kib / 1024:.1f} "
        f"rss_growth_mib={grew_kib / 1024:+.2f} fds_warm={warm.fds} fds_end={end.fds} sim_rss_end_mib={end.sim_rss_kib / 1024:.1f} "
        f"violations={len(failures)} seconds={elapsed:.1f}",
        flush=True,
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
