"""Crash soak of ``charge_off_session`` through the Python package (tests/reliability/README.md, C).

Every charge is made by a child process (this file with ``--child``, under ``sys.executable``)
that the driver kills with SIGKILL at a random instant, then made again by a new child with the
same idempotency key, until a child returns a final outcome (succeeded, processing or
needs_recovery; recovery_failed or a transient error means: run it again). The setup, the random
faults and the count from the simulator's records are the fault soak's (``fault_soak.py``); the
kills, and the stage each one landed in, are this file's. The same design, parameters and printed
figures as the Rust driver (tests/reliability/rust/src/crash) and the Node one::

    python crash_soak.py [--short|--long] [--charges N] [--seed N] [--rate R] [--concurrency N]

or ``RELIABILITY_MODE``, ``RELIABILITY_CRASH_CHARGES``, ``RELIABILITY_SEED``, ``RELIABILITY_RATE``,
``RELIABILITY_CRASH_CONCURRENCY``.

Kill timing (as in Rust, tests/reliability/rust/src/crash/timing.rs): half the kills are drawn
uniformly over the whole life of a typical unkilled child, from its start; half over its charge
alone, from the ``ready`` line it prints just before calling ``charge_off_session``, since
Python's start-up takes most of a child's life. Both windows are medians over spared children
(the first three, then one in five). Children wait out the simulator's ``delay`` faults (timeout
5 s) and have no retries of their own, so a kill can land while a request is held, and every
failure goes back to the driver as a re-run.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Dict

import offsession

Json = Dict[str, Any]

READY = "ready"  # the line a child prints just before it calls charge_off_session

# ---------------------------------------------------------------- the child


def child(raw: str) -> None:
    """One run of one charge: prints ``ready``, then one JSON line (the outcome, or the error),
    and exits 0. The driver, not the child, decides what the line means."""
    spec: Json = json.loads(raw)
    try:
        line = charge_once(spec)
    except offsession.StripeError as error:
        line = {"outcome": "error", "error": error_json(error.kind, error.http_status, str(error))}
    print(json.dumps(line), flush=True)


def error_json(kind: Any, http_status: Any, message: Any) -> Json:
    return {"kind": kind, "http_status": http_status, "message": message}


def charge_once(spec: Json) -> Json:
    i = spec["index"]
    # The tag replaces the User-Agent, so that the simulator's request log shows which child
    # sent each request (the driver infers where a kill landed from it).
    client = offsession.Client(
        spec["api_key"],
        base_url=spec["url"],
        timeout=spec["timeout_ms"] / 1000,
        max_retries=spec["max_retries"],
        headers={"User-Agent": spec["tag"]},
    )
    recovery = offsession.Recovery(product_name=f"Crash order {i}", success_url=spec["success_url"])
    # Tells the driver the charge starts now: half the kills are timed from this line.
    print(READY, flush=True)
    # Everything but the process is the same in every run of a charge, as idempotency needs.
    outcome = client.charge_off_session(
        customer=spec["customer"],
        payment_method=spec["payment_method"],
        amount=spec["amount"],
        currency="usd",
        recovery=recovery,
        idempotency_key=spec["key"],
        description=f"crash soak charge {i}",
        metadata={"soak_charge": str(i)},
    )
    shape = outcome.to_dict()  # the conformance shape: outcome, payment_intent, error, ...
    pi = shape.get("payment_intent") or {}
    decline = shape.get("error") or {}
    line: Json = {
        "outcome": shape["outcome"],
        "payment_intent": pi.get("id"),
        "payment_intent_status": pi.get("status"),
        "recovery_session": (shape.get("recovery_session") or {}).get("id"),
        "code": decline.get("code"),
        "decline_code": decline.get("decline_code"),
    }
    failed = shape.get("recovery_error")
    if failed:
        line["error"] = error_json(failed.get("kind"), failed.get("http_status"), failed.get("message"))
    return line


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--child":
    # Before the driver's imports (asyncio, the fault soak, ...): a child starts about as fast
    # as Python and the package can, so that its start-up does not swallow the kill window.
    child(sys.argv[2])
    sys.exit(0)

# The driver's imports, after the child's early exit.
import asyncio  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Callable, List, Optional, Sequence, Tuple  # noqa: E402

from fault_soak import (  # noqa: E402
    API_KEY,
    FAULT_KINDS,
    SUCCESS_URL,
    Config,
    Counts,
    Customer,
    Reported,
    amount,
    pairs,
    parse_soak_args,
    random_faults_on,
    setup_customer,
    verify,
)
from simulator import Simulator  # noqa: E402

SPARE = 0.2  # the share of children never killed: their durations set the kill windows
WARM_UP = 3  # children timed before the first kill
MAX_KILLS = 3  # kills per charge; its later runs are spared (bounds a charge's runs and time)
TAG_PREFIX = "crash-soak-child/"  # then "{charge}/{run}": the child's whole User-Agent
STAGES = ["before", "charge", "between", "recovery", "after"]

# ---------------------------------------------------------------- stages


def entries_of(log: List[Json], tag: str) -> List[Json]:
    """The log entries a child sent, in arrival order."""
    return [e for e in log if e.get("user_agent") == tag]


def answered(entry: Json) -> bool:
    """Has its answer; a connection cut by a fault counts (the child had its error)."""
    return entry.get("fault") in ("reset_before", "drop_after_commit") or entry.get("status") is not None


def classify(entries: List[Json], answered_at_kill: Callable[[int], bool]) -> str:
    """The stage from a child's entries in the final log (a dead process sends nothing more),
    given which of them (by seq) had their answer when it was reaped."""
    if not entries:
        return "before"  # nothing of it reached the simulator
    last = entries[-1]
    cut = last.get("fault") in ("reset_before", "drop_after_commit")
    in_flight = not answered_at_kill(int(last.get("seq", -1)))
    if last.get("path") == "/v1/payment_intents":
        if in_flight:
            return "charge"  # held: the PaymentIntent is created after the child's death
        if last.get("status") == 402 and not cut:
            return "between"  # declined, recovery session not requested yet
    elif last.get("path") == "/v1/checkout/sessions" and in_flight:
        return "recovery"  # the session request held
    return "after"  # everything it sent had its answer


# ---------------------------------------------------------------- the driver


def parse_config(argv: Sequence[str]) -> Config:
    chosen, charges, args = parse_soak_args(
        argv,
        __doc__.split("\n\n")[0] if __doc__ else None,
        charges_env="RELIABILITY_CRASH_CHARGES",
        concurrency_env="RELIABILITY_CRASH_CONCURRENCY",
        rate=0.4,
        concurrency=4,
        short_charges=30,
        long_charges=300,
    )
    config = Config(
        chosen, charges, args.seed, args.rate, args.concurrency, timeout_ms=5000, delay_ms=400, max_retries=0, max_attempts=60
    )
    config.customers = min(config.customers, charges)
    return config


@dataclass
class Kill:
    tag: str
    answered: List[int]  # seqs of its requests answered when it was reaped
    seen: int  # its requests in the log then


def median(samples: List[float]) -> float:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2] if ordered else 0.0


@dataclass
class Window:
    """Durations of spared children, start to exit (runs) and ``ready`` to exit (charges). Kill
    windows are their medians: a few children held by a ``delay`` would stretch a mean until most
    kills came after the typical child had ended."""

    runs: List[float] = field(default_factory=list)
    charges: List[float] = field(default_factory=list)

    def draw(self, rng: random.Random) -> Tuple[str, float]:
        """("spare", 0), or when to kill the next child: ("start", seconds) or ("ready", seconds)."""
        if len(self.runs) < WARM_UP or not self.charges or rng.random() < SPARE:
            return "spare", 0.0
        if rng.random() < 0.5:
            return "start", median(self.runs) * rng.random()
        return "ready", median(self.charges) * rng.random()


def transient(error: Json) -> bool:
    """No answer, a 5xx, a 429, or the key still in flight (409): a user runs it again."""
    kind = error.get("kind")
    return kind in ("api_connection_error", "api_error", "rate_limit_error") or (
        kind == "idempotency_error" and error.get("http_status") == 409
    )


async def run_child(sim: Simulator, spec: Json, plan: Tuple[str, float]) -> Tuple[str, Any, float, Optional[float]]:
    """Runs one child, killing it with SIGKILL as planned unless it ended first: ("killed", Kill),
    ("answered", line) or ("broken", message), its run and its charge (``ready`` to exit)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--child", json.dumps(spec),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    started = time.monotonic()
    lines: List[str] = []
    ready = asyncio.Event()
    ready_at = 0.0

    async def read() -> bytes:
        nonlocal ready_at
        assert proc.stdout is not None and proc.stderr is not None
        async for raw in proc.stdout:
            line = raw.decode(errors="replace").strip()
            if line == READY:
                ready_at = time.monotonic()
                ready.set()
            elif line:
                lines.append(line)
        return await proc.stderr.read()

    reader = asyncio.ensure_future(read())
    exited = asyncio.ensure_future(proc.wait())
    kind, after = plan
    if kind == "ready":
        waiting = asyncio.ensure_future(ready.wait())
        await asyncio.wait({exited, waiting}, return_when=asyncio.FIRST_COMPLETED)
        waiting.cancel()
        after = max(0.0, ready_at + after - time.monotonic()) if ready.is_set() else 0.0
    if kind != "spare" and not exited.done():
        await asyncio.wait({exited}, timeout=after)
        if not exited.done():
            # SIGKILL: no handler, no flush, no finalizer runs. os.kill, not proc.kill(): that
            # polls first and may reap a child that has just exited, behind asyncio's back.
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it ended just before: not a kill
    await exited
    end = time.monotonic()
    err = (await reader).decode(errors="replace")
    charge_time = end - ready_at if ready.is_set() else None
    if proc.returncode == -signal.SIGKILL:
        entries = entries_of(await asyncio.to_thread(sim.requests), spec["tag"])
        kill = Kill(spec["tag"], [int(e["seq"]) for e in entries if answered(e)], len(entries))
        return "killed", kill, end - started, None
    try:
        line = json.loads(lines[-1]) if lines and proc.returncode == 0 else None
    except ValueError:
        line = None
    if not isinstance(line, dict):
        message = f"child {spec['tag']} exited with {proc.returncode} without an answer; stdout {lines!r}, stderr {err!r}"
        return "broken", message, end - started, charge_time
    return "answered", line, end - started, charge_time


async def charge(sim: Simulator, config: Config, window: Window, i: int, customer: Customer) -> Tuple[Reported, List[Kill]]:
    """One logical charge: a child per run, until one returns a final outcome."""
    reported = Reported(i, customer.id, customer.card, amount(i))
    kills: List[Kill] = []
    rng = random.Random(config.seed * 1_000_003 + i)
    while True:
        reported.attempts += 1
        tag = f"{TAG_PREFIX}{i}/{reported.attempts}"
        spec = {
            "url": sim.url, "api_key": API_KEY, "success_url": SUCCESS_URL, "customer": customer.id, "payment_method": customer.payment_method,
            "amount": reported.amount, "key": f"crash-{config.seed}-{i}", "index": i, "tag": tag,
            "timeout_ms": config.timeout_ms, "max_retries": config.max_retries,
        }
        plan = window.draw(rng) if len(kills) < MAX_KILLS else ("spare", 0.0)
        kind, value, run, charge_time = await run_child(sim, spec, plan)
        if plan[0] == "spare":
            window.runs.append(run)
            if charge_time is not None:
                window.charges.append(charge_time)
        if kind == "broken":
            reported.failure = str(value)
            return reported, kills
        if kind == "killed":
            kills.append(value)
            reason = "killed"
        else:
            line: Json = value
            error: Json = line.get("error") or {}
            if line.get("outcome") == "recovery_failed":
                reason = f"recovery_failed:{error.get('kind')}"
            elif line.get("outcome") == "error" and transient(error):
                reason = str(error.get("kind"))
            elif line.get("outcome") == "error":
                reported.failure = f"definite error: {error}"
                return reported, kills
            else:
                reported.outcome = str(line.get("outcome"))
                reported.payment_intent = line.get("payment_intent")
                reported.payment_intent_status = line.get("payment_intent_status")
                reported.recovery_session = line.get("recovery_session")
                reported.code, reported.decline_code = line.get("code"), line.get("decline_code")
                return reported, kills
        reported.transient[reason] = reported.transient.get(reason, 0) + 1
        if reported.attempts >= config.max_attempts:
            reported.failure = f"no final outcome after {reported.attempts} runs"
            return reported, kills
        await asyncio.sleep(rng.uniform(0.02, 0.08))


@dataclass
class Result:
    counts: Counts
    violations: List[str]
    kills: Dict[str, int]
    spared: int
    windows_ms: Tuple[float, float]  # medians of a spared child's run and charge
    late: int
    charging: float


async def soak(config: Config, sim: Simulator) -> Result:
    setup_client = offsession.AsyncClient(API_KEY, base_url=sim.url)
    customers = [await setup_customer(setup_client, sim, j) for j in range(config.customers)]
    setup_requests = len(sim.requests())
    random_faults_on(sim, config)

    window = Window()
    started = time.monotonic()
    pending = iter(range(config.charges))

    async def worker() -> List[Tuple[Reported, List[Kill]]]:
        done = []
        for i in pending:  # one shared iterator: each charge is taken once
            done.append(await charge(sim, config, window, i, customers[i % len(customers)]))
        return done

    results = await asyncio.gather(*(worker() for _ in range(min(config.concurrency, config.charges))))
    charged = sorted((c for batch in results for c in batch), key=lambda c: c[0].index)
    charging = time.monotonic() - started

    # Faults off; let any request a dead child left held by a delay finish before counting.
    random_mode = sim.control("DELETE", "/_sim/faults/random")
    sim.control("DELETE", "/_sim/faults")
    await asyncio.sleep(config.delay_ms / 1000 + 0.2)
    state: Json = {
        "payment_intents": sim.objects("payment_intents"),
        "checkout_sessions": sim.objects("checkout_sessions"),
        "payment_methods": sim.objects("payment_methods"),
        "events": sim.objects("events"),
        "requests": sim.requests(),
        "setup_requests": setup_requests,
        "random": random_mode,
    }
    counts, violations = verify(config, [r for r, _ in charged], state)

    # A killed child's requests are all in the final log; which of them had their answer comes
    # from the log read when it was reaped.
    stages = {stage: 0 for stage in STAGES}
    late = 0
    for kill in (k for _, kills in charged for k in kills):
        entries = entries_of(state["requests"], kill.tag)
        late += max(0, len(entries) - kill.seen)
        stages[classify(entries, lambda seq: seq in kill.answered)] += 1
    # Every request after the setup must come from a child, or the stages mean nothing.
    untagged = sum(not str(e.get("user_agent") or "").startswith(TAG_PREFIX) for e in state["requests"][setup_requests:])
    if untagged:
        violations.append(f"{untagged} requests after the setup carry no child's tag in their User-Agent")
    windows = (median(window.runs) * 1000, median(window.charges) * 1000)
    return Result(counts, violations, stages, len(window.runs), windows, late, charging)


def report(language: str, config: Config, r: Result, total: float) -> str:
    """The printed figures, in the Rust driver's layout, ending with one SUMMARY line."""
    c = r.counts
    kills = sum(r.kills.values())
    reruns = c.attempts - c.charges
    stages = " ".join(f"{s}={r.kills[s]}" for s in STAGES)
    faults = {kind: c.faults.get(kind, 0) for kind in FAULT_KINDS}
    lines = [
        f"crash soak [{language}]: {config.charges} charges over {config.customers} customers, seed {config.seed}, "
        f"rate {config.rate}, concurrency {config.concurrency}, delay faults {config.delay_ms} ms; children: timeout "
        f"{config.timeout_ms} ms, max_retries {config.max_retries}, SIGKILL at U(0, {r.windows_ms[0]:.0f} ms) from the "
        f"start or U(0, {r.windows_ms[1]:.0f} ms) from `ready` (medians of {r.spared} spared children)",
        f"  children: {c.attempts} for {c.charges} charges, {reruns} re-runs after: {pairs(c.caller_errors)}",
        f"  kills:    {kills} by stage: {stages} (requests the log had not yet shown at the kill: {r.late})",
        f"  requests: POST /v1/payment_intents={c.payment_intent_requests} POST /v1/checkout/sessions={c.session_requests} "
        f"idempotent_replays={c.replays}",
        f"  faults:   {pairs(faults)} (total {sum(c.faults.values())} of {c.considered} requests considered)",
        f"  sim:      payment_intents={c.payment_intents} succeeded={c.succeeded} declined={c.declined} "
        f"recovery_sessions={c.recovery_sessions} duplicates={c.duplicates} missing={c.missing} "
        f"events succeeded={c.events_succeeded} payment_failed={c.events_failed}",
    ]
    lines += [f"  VIOLATION {v}" for v in r.violations[:20]]
    if len(r.violations) > 20:
        lines.append(f"  … and {len(r.violations) - 20} more violations")
    verdict = "FAILED" if r.violations else "OK"
    lines.append(f"  result:   {verdict}, {len(r.violations)} violations; charging {r.charging:.1f} s, total {total:.1f} s")
    lines.append(
        f"SUMMARY crash-soak lang={language} charges={c.charges} children={c.attempts} kills={kills} {stages} "
        f"reruns={reruns} payment_intents={c.payment_intents} succeeded={c.succeeded} declined={c.declined} "
        f"recovery_sessions={c.recovery_sessions} duplicates={c.duplicates} violations={len(r.violations)} seconds={total:.1f}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str]) -> int:
    config = parse_config(argv)
    started = time.monotonic()
    with Simulator() as sim:
        result = asyncio.run(soak(config, sim))
    print(report("python", config, result, time.monotonic() - started), flush=True)
    return 1 if result.violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
