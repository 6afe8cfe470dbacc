"""Threads overlap (the GIL is released while waiting), asyncio runs many calls at once, and a
forked child keeps working."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import offsession
from conftest import Sim
from helpers import KEY, RECOVERY, client, saved_card

DELAY_MS = 150


def test_eight_threads_overlap_their_network_waits(sim: Sim) -> None:
    c = client(sim)
    customer = c.customers.create(email="threads@example.com")
    requests = 8
    # Every retrieve is held back by the simulator: the wait is network time, not Python time.
    sim.fault(method="GET", path="/v1/customers/", kind="delay", delay_ms=DELAY_MS, count=2 * requests)

    started = time.perf_counter()
    for _ in range(requests):
        c.customers.retrieve(customer.id)
    sequential = time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=requests) as pool:
        results = list(pool.map(lambda _: c.customers.retrieve(customer.id), range(requests)))
    threaded = time.perf_counter() - started

    assert all(r.id == customer.id for r in results)
    assert sequential >= requests * DELAY_MS / 1000
    assert threaded < sequential / 3, f"threads {threaded:.3f}s vs sequential {sequential:.3f}s"


def test_asyncio_gather_of_100_charges(sim: Sim) -> None:
    blocking = client(sim)
    customer, payment_method = saved_card(blocking, sim)

    async def main() -> list[object]:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.001)

        beat = asyncio.ensure_future(ticker())
        outcomes = await asyncio.gather(
            *[
                c.charge_off_session(
                    customer=customer, payment_method=payment_method, amount=100 + i,
                    currency="usd", idempotency_key=f"order-{i}", recovery=RECOVERY,
                )
                for i in range(100)
            ]
        )
        beat.cancel()
        assert ticks > 1, "the event loop was blocked during the charges"
        return list(outcomes)

    outcomes = asyncio.run(main())
    assert len(outcomes) == 100
    assert all(isinstance(o, offsession.Succeeded) for o in outcomes)
    amounts = sorted(o.payment_intent.amount for o in outcomes if isinstance(o, offsession.Succeeded))
    assert amounts == list(range(100, 200))
    assert len(sim.objects("payment_intents")) == 100


def test_async_errors_are_raised_by_await(sim: Sim) -> None:
    async def main() -> None:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        try:
            await c.customers.retrieve("cus_missing")
        except offsession.InvalidRequestError as error:
            assert error.code == "resource_missing"
        else:
            raise AssertionError("expected InvalidRequestError")

    asyncio.run(main())


def test_a_forked_child_keeps_working(sim: Sim) -> None:
    c = client(sim)
    parent_customer = c.customers.create(email="parent@example.com")
    pid = os.fork()
    if pid == 0:  # the child: the same client object, inherited from the parent
        signal.alarm(30)  # never hang the test run
        try:
            child_customer = c.customers.create(email="child@example.com")
            same = c.customers.retrieve(parent_customer.id)
            os._exit(0 if child_customer.id.startswith("cus_") and same.id == parent_customer.id else 3)
        except BaseException:
            os._exit(4)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status), f"the child died: {status}"
    assert os.WEXITSTATUS(status) == 0, f"the child failed with {os.WEXITSTATUS(status)}"
    # And the parent still works after the fork.
    assert c.customers.retrieve(parent_customer.id).email == "parent@example.com"
    assert len(sim.objects("customers")) == 2


def test_a_panic_in_the_core_is_an_exception_not_a_crash() -> None:
    from offsession import _native

    for _ in range(3):
        try:
            _native._panic_in_core_for_tests()
        except offsession.APIError as error:
            assert "internal error" in str(error) and "forced" in str(error)
            assert error.kind == "api_error"
        else:
            raise AssertionError("expected APIError")

    async def main() -> None:
        try:
            await _native._panic_in_core_for_tests(asyncio=True)
        except offsession.APIError as error:
            assert "forced" in error.message
        else:
            raise AssertionError("expected APIError")

    asyncio.run(main())


def test_exiting_right_after_async_calls_never_aborts(sim: Sim) -> None:
    # An I/O thread delivering the last result while the interpreter finalizes used to abort
    # the process ("PyGILState_Release: thread state must be current"). Exit right away, often.
    import subprocess
    import sys

    script = (
        "import asyncio, offsession\n"
        "async def main():\n"
        f"    c = offsession.AsyncClient('{KEY}', base_url='{sim.url}')\n"
        "    await asyncio.gather(*[c.customers.create(email='exit@example.com') for _ in range(20)])\n"
        "asyncio.run(main())\n"
    )
    for _ in range(15):
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert run.returncode == 0, run.stderr


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_each_event_loop_wakeup_pipe_closes_with_its_loop(sim: Sim) -> None:
    # Results reach a loop through a pipe of its own; asyncio.run makes a new loop each time,
    # so a pipe that outlived its loop would leak two descriptors per run.
    import gc

    async def main() -> None:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        await asyncio.gather(*[c.customers.create(email="loop@example.com") for _ in range(3)])

    asyncio.run(main())
    gc.collect()
    before = _open_fds()
    for _ in range(30):
        asyncio.run(main())
    gc.collect()
    assert _open_fds() <= before, f"{_open_fds() - before} descriptors leaked over 30 loops"
    assert len(sim.objects("customers")) == 93


def test_a_cancelled_await_does_not_disturb_the_next_results(sim: Sim) -> None:
    sim.control("POST", "/_sim/faults", {"kind": "delay", "delay_ms": 300, "path": "/v1/customers"})

    async def main() -> None:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        slow = asyncio.ensure_future(c.customers.create(email="slow@example.com"))
        await asyncio.sleep(0.05)
        slow.cancel()
        fast = await asyncio.gather(*[c.customers.create(email="fast@example.com") for _ in range(5)])
        assert [customer.email for customer in fast] == ["fast@example.com"] * 5
        await asyncio.sleep(0.4)  # the cancelled call's result arrives and is dropped quietly

    asyncio.run(main())


def test_loops_that_cannot_watch_a_pipe_still_get_their_results(sim: Sim) -> None:
    # Windows' proactor loop has no add_reader: results then go through call_soon_threadsafe.
    class NoReaderLoop(asyncio.SelectorEventLoop):
        def add_reader(self, *args: object) -> None:
            raise NotImplementedError

    async def main() -> None:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        customers = await asyncio.gather(*[c.customers.create(email="proactor@example.com") for _ in range(10)])
        assert len({customer.id for customer in customers}) == 10
        try:
            await c.customers.retrieve("cus_missing")
        except offsession.InvalidRequestError as error:
            assert error.code == "resource_missing"
        else:
            raise AssertionError("expected InvalidRequestError")

    loop = NoReaderLoop()
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
