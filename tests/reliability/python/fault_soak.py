"""Fault soak of ``charge_off_session`` through the Python package (tests/reliability/README.md).

N logical charges, each with its own idempotency key and ``metadata[soak_charge]=i``, spread over
customers holding a mix of test cards, run on the ``AsyncClient`` (``--concurrency`` at once)
while the simulator's seeded random-fault mode breaks their requests: connection resets,
responses lost after the commit, 500s, 429 ``lock_timeout``, delays longer than the client's
timeout. Each charge is retried as a user would (same key, again) until it has a definite
outcome. Then the faults are switched off and everything is counted from the simulator's own
records: one PaymentIntent per charge, outcomes that match it, one recovery session per decline
and none per success. Exits 1 on any violation.

The same design, parameters and printed figures as the Rust driver (tests/reliability/rust) and
the Node one (tests/reliability/node)::

    python fault_soak.py [--short|--long] [--charges N] [--seed N] [--rate R] [--concurrency N]

or ``RELIABILITY_MODE``, ``RELIABILITY_CHARGES``, ``RELIABILITY_SEED``, ``RELIABILITY_RATE``,
``RELIABILITY_CONCURRENCY``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import offsession

from simulator import Simulator

API_KEY = "sk_test_reliability"
SUCCESS_URL = "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}"
RECOVERY_KEY = "offsession_declined_payment_intent"
FAULT_KINDS = ["reset_before", "drop_after_commit", "status_500", "status_429_lock_timeout", "delay"]
Json = Dict[str, Any]


@dataclass(frozen=True)
class Card:
    """A test card: saved through Checkout, or (for the cards Stripe refuses to save) charged as a
    one-off token; ``expected`` is ``None`` for a success, else Stripe's (code, decline_code)."""

    token: str
    saved: bool
    expected: Optional[Tuple[str, str]]


# Customer j holds CARDS[j % len(CARDS)]: the same table as the Rust and Node drivers.
CARDS = [
    Card("pm_card_visa", True, None),
    Card("pm_card_chargeCustomerFail", True, ("card_declined", "generic_decline")),
    Card("pm_card_authenticationRequired", True, ("authentication_required", "authentication_required")),
    Card("pm_card_authenticationRequiredOnSetup", True, None),
    Card("pm_card_chargeDeclinedInsufficientFunds", False, ("card_declined", "insufficient_funds")),
    Card("pm_card_chargeDeclined", False, ("card_declined", "generic_decline")),
]


def amount(i: int) -> int:
    """Charge i's amount: distinct per charge, above USD's 50-cent minimum."""
    return 500 + i


@dataclass
class Config:
    mode: str
    charges: int
    seed: int
    rate: float
    concurrency: int
    customers: int = 30
    timeout_ms: int = 250  # short, so that delay faults time out
    delay_ms: int = 600  # longer than the timeout
    max_retries: int = 1  # small, so that the caller's own retries happen too
    max_attempts: int = 50


def parse_soak_args(
    argv: Sequence[str],
    description: Optional[str],
    *,
    charges_env: str,
    concurrency_env: str,
    rate: float,
    concurrency: int,
    short_charges: int,
    long_charges: int,
) -> Tuple[str, int, argparse.Namespace]:
    """The soaks' shared options: --short/--long (or RELIABILITY_MODE), --charges, --seed, --rate,
    --concurrency; returns the mode, the number of charges and the parsed arguments."""
    env = os.environ.get
    parser = argparse.ArgumentParser(description=description)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--short", dest="mode", action="store_const", const="short")
    mode.add_argument("--long", dest="mode", action="store_const", const="long")
    parser.add_argument("--charges", type=int, default=env(charges_env) or None)
    parser.add_argument("--seed", type=int, default=int(env("RELIABILITY_SEED") or 20260930))
    parser.add_argument("--rate", type=float, default=float(env("RELIABILITY_RATE") or rate))
    parser.add_argument("--concurrency", type=int, default=int(env(concurrency_env) or concurrency))
    args = parser.parse_args(argv)
    chosen = args.mode or ("long" if env("RELIABILITY_MODE") == "long" else "short")
    charges = int(args.charges) if args.charges else (long_charges if chosen == "long" else short_charges)
    if charges < 1 or args.concurrency < 1 or not 0 <= args.rate <= 1:
        parser.error("charges and concurrency must be at least 1, rate from 0 to 1")
    return chosen, charges, args


def parse_config(argv: Sequence[str]) -> Config:
    chosen, charges, args = parse_soak_args(
        argv,
        __doc__.split("\n\n")[0] if __doc__ else None,
        charges_env="RELIABILITY_CHARGES",
        concurrency_env="RELIABILITY_CONCURRENCY",
        rate=0.25,
        concurrency=16,
        short_charges=80,
        long_charges=1000,
    )
    config = Config(chosen, charges, args.seed, args.rate, args.concurrency)
    config.customers = min(config.customers, charges)
    return config


@dataclass
class Customer:
    id: str
    card: Card
    payment_method: str


@dataclass
class Reported:
    """What the caller was told about one logical charge."""

    index: int
    customer: str
    card: Card
    amount: int
    attempts: int = 0
    transient: Dict[str, int] = field(default_factory=dict)
    # the outcome's name (succeeded, needs_recovery, ...), card_error (a 402 raised instead of an
    # outcome) or failed (no definite outcome)
    outcome: str = "failed"
    payment_intent: Optional[str] = None
    payment_intent_status: Optional[str] = None
    recovery_session: Optional[str] = None
    code: Optional[str] = None
    decline_code: Optional[str] = None
    failure: Optional[str] = None


@dataclass
class Counts:
    charges: int = 0
    attempts: int = 0
    retried_charges: int = 0
    caller_errors: Dict[str, int] = field(default_factory=dict)
    payment_intent_requests: int = 0
    session_requests: int = 0
    replays: int = 0
    faults: Dict[str, int] = field(default_factory=dict)
    considered: int = 0
    payment_intents: int = 0
    succeeded: int = 0
    declined: int = 0
    recovery_sessions: int = 0
    duplicates: int = 0
    missing: int = 0
    events_succeeded: int = 0
    events_failed: int = 0


async def setup_customer(client: offsession.AsyncClient, sim: Simulator, j: int) -> Customer:
    """Customer j with its card: saved through Checkout setup mode, or a token to charge."""
    card = CARDS[j % len(CARDS)]
    customer = await client.customers.create(
        email=f"soak-{j}@example.com", name=f"Soak Customer {j}", metadata={"soak_customer": str(j)}
    )
    if not card.saved:
        return Customer(customer.id, card, card.token)
    started = await client.start_setup(
        currency="usd", success_url="https://example.com/saved?session_id={CHECKOUT_SESSION_ID}", customer=customer.id
    )
    sim.control("POST", f"/_sim/checkout/sessions/{started.session.id}/complete", {"payment_method": card.token})
    saved = await client.complete_setup(started.session.id)
    return Customer(customer.id, card, saved.payment_method_id)


def transient(error: offsession.StripeError) -> bool:
    """No answer, a 5xx, a 429, or the key still in flight (409): a user tries again."""
    if isinstance(error, (offsession.APIConnectionError, offsession.APIError, offsession.RateLimitError)):
        return True
    return isinstance(error, offsession.IdempotencyError) and error.http_status == 409


async def charge(client: offsession.AsyncClient, config: Config, i: int, customer: Customer) -> Reported:
    """One logical charge, called again with the same key until it has a definite outcome."""
    reported = Reported(i, customer.id, customer.card, amount(i))
    recovery = offsession.Recovery(product_name=f"Soak order {i}", success_url=SUCCESS_URL)
    while True:
        reported.attempts += 1
        try:
            outcome = await client.charge_off_session(
                customer=customer.id,
                payment_method=customer.payment_method,
                amount=reported.amount,
                currency="usd",
                description=f"soak charge {i}",
                metadata={"soak_charge": str(i)},
                idempotency_key=f"soak-{config.seed}-{i}",
                recovery=recovery,
            )
        except offsession.CardError as error:
            reported.outcome = "card_error"
            reported.payment_intent = error.payment_intent.id if error.payment_intent else None
            reported.code, reported.decline_code = error.code, error.decline_code
            return reported
        except offsession.StripeError as error:
            if not transient(error):
                reported.failure = f"definite error: {error.kind}: {error}"
                return reported
            reported.transient[error.kind] = reported.transient.get(error.kind, 0) + 1
            if reported.attempts >= config.max_attempts:
                reported.failure = f"no definite outcome after {reported.attempts} attempts; last: {error}"
                return reported
            await asyncio.sleep(random.uniform(0.02, 0.08))
            continue
        if isinstance(outcome, offsession.RecoveryFailed):
            # Declined, and the recovery session failed: re-run with the same key, which replays
            # the decline and tries the session again.
            failed = outcome.recovery_error
            if not transient(failed):
                reported.failure = f"declined, and the recovery session failed for good: {failed.kind}: {failed}"
                return reported
            name = f"recovery_failed:{failed.kind}"
            reported.transient[name] = reported.transient.get(name, 0) + 1
            if reported.attempts >= config.max_attempts:
                reported.failure = f"no recovery session after {reported.attempts} attempts; last: {failed}"
                return reported
            await asyncio.sleep(random.uniform(0.02, 0.08))
            continue
        reported.outcome = outcome.outcome
        pi = outcome.payment_intent
        reported.payment_intent = pi.id if pi is not None else None
        reported.payment_intent_status = pi.status if pi is not None else None
        if isinstance(outcome, offsession.NeedsRecovery):
            reported.recovery_session = outcome.recovery_session.id
            reported.code, reported.decline_code = outcome.error.code, outcome.error.decline_code
        return reported


def meta(obj: Optional[Json], key: str) -> Optional[str]:
    if not isinstance(obj, dict) or not isinstance(obj.get("metadata"), dict):
        return None
    value = obj["metadata"].get(key)
    return value if isinstance(value, str) else None


def verify(config: Config, reported: List[Reported], state: Json) -> Tuple[Counts, List[str]]:
    """Counts from the simulator's records and lists every broken promise (same rules as Rust)."""
    counts = Counts(charges=len(reported))
    violations: List[str] = []

    for r in reported:
        counts.attempts += r.attempts
        counts.retried_charges += r.attempts > 1
        for code, n in r.transient.items():
            counts.caller_errors[code] = counts.caller_errors.get(code, 0) + n
        i, expected = r.index, r.card.expected
        if r.outcome == "failed":
            violations.append(f"charge {i}: no definite outcome: {r.failure}")
        elif r.outcome == "card_error":
            violations.append(f"charge {i}: a CardError was raised instead of a NeedsRecovery outcome")
        elif r.outcome == "succeeded" and expected is None:
            if r.payment_intent_status != "succeeded":
                violations.append(f"charge {i}: Succeeded with PaymentIntent status {r.payment_intent_status!r}")
        elif r.outcome == "needs_recovery" and expected is not None:
            if (r.code, r.decline_code) != expected:
                violations.append(f"charge {i}: declined with {r.code}/{r.decline_code}, expected {expected[0]}/{expected[1]}")
            if r.payment_intent is None:
                violations.append(f"charge {i}: NeedsRecovery without its PaymentIntent")
        else:
            violations.append(f"charge {i} ({r.card.token}): outcome {r.outcome}, expected {expected or 'succeeded'}")

    # One PaymentIntent per logical charge, matching what the caller was told.
    by_charge: List[List[Json]] = [[] for _ in reported]
    for pi in state["payment_intents"]:
        tag = meta(pi, "soak_charge")
        if tag is not None and tag.isdigit() and int(tag) < len(reported):
            by_charge[int(tag)].append(pi)
        else:
            violations.append(f"PaymentIntent {pi.get('id')} belongs to no soak charge")
    counts.payment_intents = len(state["payment_intents"])
    declined: Dict[str, Reported] = {}
    succeeded: Dict[str, Reported] = {}
    for r, pis in zip(reported, by_charge):
        i = r.index
        if len(pis) != 1:
            if pis:
                counts.duplicates += len(pis) - 1
            else:
                counts.missing += 1
            violations.append(f"charge {i}: {len(pis)} PaymentIntents {[p.get('id') for p in pis]}")
            continue
        pi = pis[0]
        pid, status = pi["id"], pi["status"]
        if status == "succeeded":
            counts.succeeded += 1
            succeeded[pid] = r
        elif status == "requires_payment_method":
            counts.declined += 1
            declined[pid] = r
        else:
            violations.append(f"charge {i}: PaymentIntent {pid} is {status}")
        if r.outcome == "failed":
            continue
        if r.payment_intent != pid:
            violations.append(f"charge {i}: reported PaymentIntent {r.payment_intent}, the simulator has {pid}")
        expected_status = "succeeded" if r.outcome == "succeeded" else "requires_payment_method"
        if status != expected_status or (r.payment_intent_status is not None and r.payment_intent_status != status):
            violations.append(
                f"charge {i}: reported {r.outcome} ({r.payment_intent_status}), the simulator's PaymentIntent {pid} is {status}"
            )
        if pi.get("amount") != r.amount or pi.get("customer") != r.customer:
            violations.append(f"charge {i}: PaymentIntent {pid} has another amount or customer")

    # One recovery session per declined charge, none for a succeeded one.
    sessions_of: Dict[str, List[Json]] = {}
    setup_sessions = 0
    for session in state["checkout_sessions"]:
        sid = session.get("id")
        if session.get("mode") == "setup":
            setup_sessions += 1
            continue
        target = meta(session, RECOVERY_KEY)
        if target in declined:
            sessions_of.setdefault(target, []).append(session)
        elif target in succeeded:
            violations.append(f"recovery session {sid} for the succeeded PaymentIntent {target}")
        elif target is not None:
            violations.append(f"recovery session {sid} names {target}, not a declined soak PaymentIntent")
        else:
            violations.append(f"payment-mode session {sid} without {RECOVERY_KEY}")
    saved_customers = sum(CARDS[j % len(CARDS)].saved for j in range(config.customers))
    if setup_sessions != saved_customers:
        violations.append(f"{setup_sessions} setup sessions for {saved_customers} customers with saved cards")
    for pid, r in declined.items():
        sessions = sessions_of.get(pid, [])
        counts.recovery_sessions += len(sessions)
        if len(sessions) != 1:
            if sessions:
                counts.duplicates += len(sessions) - 1
            else:
                counts.missing += 1
            violations.append(f"charge {r.index}: {len(sessions)} recovery sessions for {pid}: {[s.get('id') for s in sessions]}")
            continue
        session = sessions[0]
        if r.outcome == "needs_recovery" and r.recovery_session != session["id"]:
            violations.append(
                f"charge {r.index}: reported recovery session {r.recovery_session}, the simulator has {session['id']}"
            )
        if session.get("amount_total") != r.amount or session.get("customer") != r.customer:
            violations.append(f"charge {r.index}: recovery session {session['id']} has another amount or customer")

    # One event per charge: a second execution would have announced itself again.
    events_of: Dict[Tuple[str, str], int] = {}
    for event in state["events"]:
        obj = (event.get("data") or {}).get("object")
        if meta(obj, "soak_charge") is not None:
            assert isinstance(obj, dict)
            key = (str(event.get("type")), str(obj.get("id")))
            events_of[key] = events_of.get(key, 0) + 1
    for (kind, pid), n in events_of.items():
        if kind == "payment_intent.succeeded":
            counts.events_succeeded += n
            ok = pid in succeeded
        elif kind == "payment_intent.payment_failed":
            counts.events_failed += n
            ok = pid in declined
        else:
            ok = True
        if not ok:
            violations.append(f"{n} {kind} events for {pid}")
        elif n > 1:
            counts.duplicates += n - 1
            violations.append(f"{n} {kind} events for {pid}")
    if counts.events_succeeded + counts.events_failed != counts.succeeded + counts.declined:
        violations.append(
            f"{counts.events_succeeded} succeeded and {counts.events_failed} failed payment events for "
            f"{counts.succeeded} succeeded and {counts.declined} declined charges"
        )

    # A token charge creates one PaymentMethod each time it executes.
    token_charges = sum(not r.card.saved for r in reported)
    if len(state["payment_methods"]) != saved_customers + token_charges:
        violations.append(
            f"{len(state['payment_methods'])} PaymentMethods, expected {saved_customers} saved + {token_charges} from token charges"
        )

    # The faults, from the request log, must agree with the random mode's own counts.
    for entry in state["requests"][state["setup_requests"] :]:
        if entry.get("method") == "POST" and entry.get("path") == "/v1/payment_intents":
            counts.payment_intent_requests += 1
        if entry.get("method") == "POST" and entry.get("path") == "/v1/checkout/sessions":
            counts.session_requests += 1
        counts.replays += entry.get("idempotent_replayed") is True
        if entry.get("fault"):
            counts.faults[entry["fault"]] = counts.faults.get(entry["fault"], 0) + 1
    counts.considered = int(state["random"].get("considered", 0))
    by_sim = {k: int(n) for k, n in state["random"].get("injected", {}).items() if n}
    if by_sim != counts.faults:
        violations.append(f"the request log shows faults {counts.faults}, the random mode counted {by_sim}")
    if config.rate > 0 and config.charges >= 20 and not counts.faults:
        violations.append("no fault was injected: the soak proved nothing")
    return counts, violations


def pairs(values: Dict[str, int]) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted(values.items())) or "none"


def report(language: str, config: Config, counts: Counts, violations: List[str], charging: float, total: float) -> str:
    """The printed figures, in the Rust driver's layout, ending with one SUMMARY line."""
    c = counts
    faults = {kind: c.faults.get(kind, 0) for kind in FAULT_KINDS}
    total_faults = sum(c.faults.values())
    lines = [
        f"fault soak [{language}]: {config.charges} charges over {config.customers} customers, seed {config.seed}, "
        f"rate {config.rate}, concurrency {config.concurrency}, client timeout {config.timeout_ms} ms, "
        f"max_retries {config.max_retries}, delay faults {config.delay_ms} ms",
        f"  caller:   {c.attempts} attempts, {c.retried_charges} charges retried; transient errors: {pairs(c.caller_errors)}",
        f"  requests: POST /v1/payment_intents={c.payment_intent_requests} POST /v1/checkout/sessions={c.session_requests} "
        f"idempotent_replays={c.replays}",
        f"  faults:   {pairs(faults)} (total {total_faults} of {c.considered} requests considered)",
        f"  sim:      payment_intents={c.payment_intents} succeeded={c.succeeded} declined={c.declined} "
        f"recovery_sessions={c.recovery_sessions} duplicates={c.duplicates} missing={c.missing} "
        f"events succeeded={c.events_succeeded} payment_failed={c.events_failed}",
    ]
    lines += [f"  VIOLATION {v}" for v in violations[:20]]
    if len(violations) > 20:
        lines.append(f"  … and {len(violations) - 20} more violations")
    verdict = "FAILED" if violations else "OK"
    lines.append(f"  result:   {verdict}, {len(violations)} violations; charging {charging:.1f} s, total {total:.1f} s")
    lines.append(
        f"SUMMARY fault-soak lang={language} charges={c.charges} attempts={c.attempts} faults={total_faults} "
        f"payment_intents={c.payment_intents} succeeded={c.succeeded} declined={c.declined} "
        f"recovery_sessions={c.recovery_sessions} duplicates={c.duplicates} violations={len(violations)} seconds={total:.1f}"
    )
    return "\n".join(lines)


def random_faults_on(sim: Simulator, config: Config) -> None:
    """The simulator's seeded random faults, all five kinds, on the charge and the recovery
    session requests (shared with the crash soak)."""
    sim.control(
        "POST",
        "/_sim/faults/random",
        {
            "seed": config.seed,
            "rate": config.rate,
            "kinds": FAULT_KINDS,
            "delay_ms": config.delay_ms,
            "method": "POST",
            "paths": ["/v1/payment_intents", "/v1/checkout/sessions"],
        },
    )


async def soak(config: Config, sim: Simulator) -> Tuple[Counts, List[str], float]:
    setup_client = offsession.AsyncClient(API_KEY, base_url=sim.url)
    customers = [await setup_customer(setup_client, sim, j) for j in range(config.customers)]
    setup_requests = len(sim.requests())

    random_faults_on(sim, config)
    client = offsession.AsyncClient(
        API_KEY, base_url=sim.url, timeout=config.timeout_ms / 1000, max_retries=config.max_retries
    )
    started = time.monotonic()
    pending = iter(range(config.charges))

    async def worker() -> List[Reported]:
        done = []
        for i in pending:  # one shared iterator: each charge is taken once
            done.append(await charge(client, config, i, customers[i % len(customers)]))
        return done

    results = await asyncio.gather(*(worker() for _ in range(min(config.concurrency, config.charges))))
    reported = sorted((r for batch in results for r in batch), key=lambda r: r.index)
    charging = time.monotonic() - started

    # Faults off; let any abandoned delayed request (a replay by now) finish before counting.
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
    counts, violations = verify(config, reported, state)
    return counts, violations, charging


def main(argv: Sequence[str]) -> int:
    config = parse_config(argv)
    started = time.monotonic()
    with Simulator() as sim:
        counts, violations, charging = asyncio.run(soak(config, sim))
    print(report("python", config, counts, violations, charging, time.monotonic() - started), flush=True)
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
