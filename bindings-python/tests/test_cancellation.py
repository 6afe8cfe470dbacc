"""Cancellation (core/src/cancel.rs): a resource call that its caller stops waiting for is
dropped; a flow call runs to its end in the background. For asyncio, the caller stops waiting
when its task is cancelled; for the blocking client, on Ctrl-C (SIGINT), which interrupts the
call within a fraction of a second instead of when the call returns.

The simulator's `delay` fault holds a request back; a hanging server (below) never answers and
records when the client closes its connection, which is when the request was dropped."""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from typing import Any, List, Optional

import pytest

import offsession
from conftest import REPO, Sim
from helpers import KEY, RECOVERY, client, requests, saved_card

HOLD_MS = 8000


class HangingServer:
    """Accepts connections, reads each request and never answers; records the monotonic time
    at which the client closed each connection (an abandoned request)."""

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.received: List[float] = []
        self.closed: List[float] = []
        self.connections: List[socket.socket] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self.hold, args=(conn,), daemon=True).start()

    def hold(self, conn: socket.socket) -> None:
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
            self.received.append(time.monotonic())
            while conn.recv(65536):
                pass
        except OSError:
            pass
        self.closed.append(time.monotonic())

    def wait_received(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not self.received:
            assert time.monotonic() < deadline, "the request never arrived"
            time.sleep(0.005)

    def close(self) -> None:
        self.listener.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture
def hanging() -> Any:
    server = HangingServer()
    try:
        yield server
    finally:
        server.close()


def poll(condition: Any, timeout: float = 20, what: str = "the condition") -> float:
    """Waits until ``condition()`` is true; returns when (monotonic)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)
    return time.monotonic()


def recovery_sessions(sim: Sim) -> List[Any]:
    return [s for s in sim.objects("checkout_sessions") if s["mode"] == "payment"]


# ---------------------------------------------------------------- asyncio: awaitables


def test_asyncio_run_takes_a_call_directly(sim: Sim) -> None:
    c = offsession.AsyncClient(KEY, base_url=sim.url)
    customer = asyncio.run(c.customers.create(email="run@example.com"))
    assert isinstance(customer, offsession.Customer) and customer.email == "run@example.com"
    assert asyncio.run(c.customers.retrieve(customer.id)).id == customer.id


def test_nothing_runs_until_awaited(sim: Sim) -> None:
    c = offsession.AsyncClient(KEY, base_url=sim.url)
    # Outside any event loop: building the calls neither fails nor sends anything.
    calls = [
        c.customers.create(email="later@example.com"),
        c.start_setup(currency="usd", success_url="https://example.com/s", new_customer={"email": "x@example.com"}),
        c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=100, currency="usd", idempotency_key="k", recovery=RECOVERY),
    ]
    for call in calls:
        assert inspect.isawaitable(call) and asyncio.iscoroutine(call)
    time.sleep(0.2)
    assert requests(sim) == []
    for call in calls:
        call.close()
    # A refused argument is raised where the call is awaited, as from an `async def`.
    refused = c.charge_off_session(customer="cus_1", payment_method="pm_1", amount=True, currency="usd", idempotency_key="k", recovery=RECOVERY)
    with pytest.raises(offsession.InvalidInputError) as caught:
        asyncio.run(refused)
    assert caught.value.param == "amount"
    assert requests(sim) == []


def test_cancelling_a_task_drops_its_resource_call(hanging: HangingServer) -> None:
    async def main() -> float:
        c = offsession.AsyncClient(KEY, base_url=hanging.url, max_retries=0)
        task = asyncio.ensure_future(c.customers.create(email="slow@example.com"))
        while not hanging.received:
            await asyncio.sleep(0.005)
        cancelled_at = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - cancelled_at < 0.1
        return cancelled_at

    cancelled_at = asyncio.run(main())
    # The request was dropped: the client closed its connection without waiting for an answer.
    poll(lambda: bool(hanging.closed), timeout=5, what="the client to close its connection")
    closed_at = hanging.closed[0]
    print(f"asyncio resource call: connection closed {1000 * (closed_at - cancelled_at):.1f} ms after the cancel")
    assert closed_at - cancelled_at < 0.5
    assert len(hanging.received) == 1, "the cancelled request was sent again"


def test_cancelling_a_task_leaves_its_charge_running_to_its_end(sim: Sim) -> None:
    blocking = client(sim)
    customer, pm = saved_card(blocking, sim, "pm_card_chargeCustomerFail")
    sim.fault(method="POST", path="/v1/payment_intents", kind="delay", delay_ms=3000)

    async def main() -> None:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        task = asyncio.ensure_future(
            c.charge_off_session(customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-cancel", recovery=RECOVERY)
        )
        await asyncio.sleep(0.3)
        assert not task.done()
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        elapsed = time.monotonic() - started
        print(f"asyncio flow call: CancelledError {1000 * elapsed:.1f} ms after the cancel")
        assert elapsed < 0.1

    asyncio.run(main())
    # The charge goes on without anyone waiting: the PaymentIntent, then the recovery session
    # (the step after the one the task was cancelled in).
    assert recovery_sessions(sim) == []
    poll(lambda: len(sim.objects("payment_intents")) == 1, what="the PaymentIntent")
    poll(lambda: len(recovery_sessions(sim)) == 1, what="the recovery session")
    # Re-running with the key returns that outcome and creates nothing new.
    again = blocking.charge_off_session(customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-cancel", recovery=RECOVERY)
    assert isinstance(again, offsession.NeedsRecovery)
    assert again.payment_intent is not None and again.payment_intent.id == sim.objects("payment_intents")[0]["id"]
    assert again.recovery_session.id == recovery_sessions(sim)[0]["id"]
    assert again.recovery_session.last_response is not None and again.recovery_session.last_response.idempotent_replayed
    assert len(sim.objects("payment_intents")) == 1 and len(recovery_sessions(sim)) == 1


def test_a_cancelled_succeeding_charge_still_creates_its_payment_intent_once(sim: Sim) -> None:
    blocking = client(sim)
    customer, pm = saved_card(blocking, sim)
    sim.fault(method="POST", path="/v1/payment_intents", kind="delay", delay_ms=1500)

    async def main() -> None:
        c = offsession.AsyncClient(KEY, base_url=sim.url)
        task = asyncio.ensure_future(
            c.charge_off_session(customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-ok", recovery=RECOVERY)
        )
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    poll(lambda: len(sim.objects("payment_intents")) == 1, what="the PaymentIntent")
    poll(lambda: requests(sim)[-1]["status"] == 200, what="the charge's answer")
    again = blocking.charge_off_session(customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-ok", recovery=RECOVERY)
    assert isinstance(again, offsession.Succeeded)
    assert again.payment_intent.last_response is not None and again.payment_intent.last_response.idempotent_replayed
    assert len(sim.objects("payment_intents")) == 1


# ---------------------------------------------------------------- Ctrl-C in blocking calls


def start_script(body: str) -> "subprocess.Popen[str]":
    env = {**os.environ, "PYTHONPATH": str(REPO / "bindings-python" / "tests")}
    # Ctrl-C as at a terminal: a shell without job control (CI, `cmd &`) starts its background
    # commands with SIGINT ignored, and Python installs its KeyboardInterrupt handler only when
    # SIGINT is not ignored, so the script restores it.
    code = (
        "import signal, sys, time, offsession\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    ) + textwrap.dedent(body)
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def read_line(stream: Any, prefix: str) -> str:
    while True:
        line = stream.readline()
        assert line, f"the script ended before printing {prefix!r}"
        if line.startswith(prefix):
            return str(line.strip())


def interrupt_after_ready(proc: "subprocess.Popen[str]") -> float:
    """Waits for the script's `ready`, then sends SIGINT half a second into its call."""
    read_line(proc.stdout, "ready")
    time.sleep(0.5)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    return sent


def interrupted_after(proc: "subprocess.Popen[str]", sent: float) -> float:
    line = read_line(proc.stdout, "interrupted")
    return float(line.split()[1]) - sent


def test_ctrl_c_interrupts_a_blocking_resource_call_and_drops_it(hanging: HangingServer) -> None:
    proc = start_script(
        f"""
        c = offsession.Client({KEY!r}, base_url={hanging.url!r}, max_retries=0)
        print("ready", flush=True)
        try:
            c.customers.create(email="slow@example.com")
            print("returned", flush=True)
        except KeyboardInterrupt:
            print(f"interrupted {{time.monotonic()}}", flush=True)
            time.sleep(2)  # still alive: the connection closes because the call was dropped
        """
    )
    try:
        sent = interrupt_after_ready(proc)
        latency = interrupted_after(proc, sent)
        print(f"blocking resource call: KeyboardInterrupt {1000 * latency:.1f} ms after SIGINT")
        assert latency < 1.0, f"{latency:.2f}s"
        poll(lambda: bool(hanging.closed), timeout=5, what="the connection to close")
        closed_after = hanging.closed[0] - sent
        print(f"blocking resource call: connection closed {1000 * closed_after:.1f} ms after SIGINT")
        # Well before the script's exit (2 s after the interrupt): the call was dropped.
        assert closed_after < 1.5, "the request was not dropped on the interrupt"
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
        proc.wait()


def charge_script(sim: Sim, customer: str, pm: str, key: str) -> str:
    return f"""
        c = offsession.Client({KEY!r}, base_url={sim.url!r})
        recovery = offsession.Recovery(product_name="T-shirt", success_url="https://example.com/paid")
        print("ready", flush=True)
        try:
            c.charge_off_session(customer={customer!r}, payment_method={pm!r}, amount=1099, currency="usd",
                                 idempotency_key={key!r}, recovery=recovery)
            print("returned", flush=True)
        except KeyboardInterrupt:
            print(f"interrupted {{time.monotonic()}}", flush=True)
        """


def test_ctrl_c_interrupts_a_blocking_charge_which_finishes_before_the_process_exits(sim: Sim) -> None:
    blocking = client(sim)
    customer, pm = saved_card(blocking, sim, "pm_card_chargeCustomerFail")
    sim.fault(method="POST", path="/v1/payment_intents", kind="delay", delay_ms=HOLD_MS)
    proc = start_script(charge_script(sim, customer, pm, "order-sigint"))
    try:
        sent = interrupt_after_ready(proc)
        latency = interrupted_after(proc, sent)
        print(f"blocking flow call: KeyboardInterrupt {1000 * latency:.1f} ms after SIGINT (the request is held {HOLD_MS} ms)")
        assert latency < 1.0, f"{latency:.2f}s"
        assert recovery_sessions(sim) == []
        # The interpreter waits at exit for the charge, which goes on to its recovery session.
        assert proc.wait(timeout=60) == 0
        exited = time.monotonic()
        assert proc.stderr is not None
        assert "waiting for 1 flow call" in proc.stderr.read()
        assert exited - sent > (HOLD_MS - 1000) / 1000
        assert len(sim.objects("payment_intents")) == 1
        assert len(recovery_sessions(sim)) == 1
    finally:
        proc.kill()
        proc.wait()
    again = blocking.charge_off_session(customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-sigint", recovery=RECOVERY)
    assert isinstance(again, offsession.NeedsRecovery)
    assert again.recovery_session.id == recovery_sessions(sim)[0]["id"]
    assert len(sim.objects("payment_intents")) == 1 and len(recovery_sessions(sim)) == 1


def test_a_second_ctrl_c_at_exit_cuts_the_charge_short_and_the_re_run_completes_it(sim: Sim) -> None:
    blocking = client(sim)
    customer, pm = saved_card(blocking, sim, "pm_card_chargeCustomerFail")
    sim.fault(method="POST", path="/v1/payment_intents", kind="delay", delay_ms=3000)
    proc = start_script(charge_script(sim, customer, pm, "order-twice"))
    try:
        sent = interrupt_after_ready(proc)
        assert interrupted_after(proc, sent) < 1.0
        assert proc.stderr is not None
        read_line(proc.stderr, "offsession: waiting for 1 flow call")
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=5)
        assert time.monotonic() - sent < 2.5, "the second Ctrl-C did not stop the wait"
        assert "cut short" in proc.stderr.read()
    finally:
        proc.kill()
        proc.wait()
    # The process is gone before its charge finished: no recovery session. The simulator still
    # answers the PaymentIntent request it received; the re-run with the key finishes the charge.
    assert recovery_sessions(sim) == []
    poll(lambda: len(sim.objects("payment_intents")) == 1, what="the PaymentIntent")
    poll(lambda: all(e["status"] is not None for e in requests(sim)), what="the held request's answer")
    again = blocking.charge_off_session(customer=customer, payment_method=pm, amount=1099, currency="usd", idempotency_key="order-twice", recovery=RECOVERY)
    assert isinstance(again, offsession.NeedsRecovery)
    assert again.payment_intent is not None and again.payment_intent.id == sim.objects("payment_intents")[0]["id"]
    assert len(sim.objects("payment_intents")) == 1 and len(recovery_sessions(sim)) == 1


def test_ctrl_c_in_asyncio_run_cancels_the_task_and_the_charge_still_finishes(sim: Sim) -> None:
    blocking = client(sim)
    customer, pm = saved_card(blocking, sim, "pm_card_chargeCustomerFail")
    sim.fault(method="POST", path="/v1/payment_intents", kind="delay", delay_ms=3000)
    proc = start_script(
        f"""
        import asyncio
        async def main():
            c = offsession.AsyncClient({KEY!r}, base_url={sim.url!r})
            print("ready", flush=True)
            await c.charge_off_session(customer={customer!r}, payment_method={pm!r}, amount=1099, currency="usd",
                                       idempotency_key="order-async-sigint",
                                       recovery=offsession.Recovery(product_name="T-shirt", success_url="https://example.com/paid"))
        try:
            asyncio.run(main())
        except KeyboardInterrupt:
            print(f"interrupted {{time.monotonic()}}", flush=True)
        """
    )
    try:
        sent = interrupt_after_ready(proc)
        latency = interrupted_after(proc, sent)
        print(f"asyncio.run flow call: KeyboardInterrupt {1000 * latency:.1f} ms after SIGINT")
        assert latency < 1.0
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
    assert len(sim.objects("payment_intents")) == 1
    assert len(recovery_sessions(sim)) == 1


def test_a_blocking_call_in_another_thread_is_not_interrupted(sim: Sim) -> None:
    # Python delivers signals to the main thread only; a call on another thread keeps going.
    c = client(sim)
    sim.fault(method="POST", path="/v1/customers", kind="delay", delay_ms=300)
    result: List[Optional[offsession.Customer]] = [None]
    worker = threading.Thread(target=lambda: result.__setitem__(0, c.customers.create(email="t@example.com")))
    worker.start()
    worker.join(timeout=10)
    assert result[0] is not None and result[0].email == "t@example.com"
