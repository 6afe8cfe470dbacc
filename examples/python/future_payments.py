"""The seed guide's whole flow in Python: save a card with Checkout, charge it off-session,
recover a decline, and close the loop: the customer pays the recovery page, the recovery is
completed, the declined PaymentIntent is cancelled and the card saved on the recovery page is
charged next time. One line per step.

Every charge takes a required ``idempotency_key`` (one per order): re-running the charge with it
after a crash or a connection error returns the first outcome and never charges twice (the
PaymentIntent's ``last_response.idempotent_replayed`` says so). A charge comes back as one of six
outcomes, and ``handle`` below shows what a merchant does with each.

Without STRIPE_SECRET_KEY it runs on the project's simulator (the `offsession-sim` binary, found
through OFFSESSION_SIM_BIN or the workspace's target/debug). With STRIPE_SECRET_KEY=sk_test_… it
runs against Stripe test mode and waits for you to save a card on the hosted page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Optional, Union

import offsession

Outcome = Union[
    offsession.Succeeded,
    offsession.Processing,
    offsession.RequiresCapture,
    offsession.RequiresAction,
    offsession.NeedsRecovery,
    offsession.RecoveryFailed,
]

SUCCESS_URL = "https://example.com/success?session_id={CHECKOUT_SESSION_ID}"
PAID_URL = "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}"


class Steps:
    """Prints each step with how long it took."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()

    def done(self, text: str) -> None:
        now = time.perf_counter()
        print(f"[{(now - self.last) * 1000:7.1f} ms] {text}")
        self.last = now

    @staticmethod
    def note(text: str) -> None:
        print(f"             {text}")


def start_simulator() -> "tuple[subprocess.Popen[str], str]":
    binary = os.environ.get("OFFSESSION_SIM_BIN") or str(
        Path(__file__).resolve().parents[2] / "target" / "debug" / "offsession-sim"
    )
    process = subprocess.Popen([binary], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def customer_completes(sim_url: Optional[str], client: offsession.Client, session_id: str, test_card: str = "pm_card_visa") -> None:
    """The simulator plays the customer; with Stripe, a person opens the URL."""
    if sim_url is not None:
        request = urllib.request.Request(
            f"{sim_url}/_sim/checkout/sessions/{session_id}/complete",
            data=json.dumps({"payment_method": test_card, "name": "Jenny Rosen"}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=30).close()
        return
    Steps.note("waiting for you to open the URL above and complete the page with a test card (4242 4242 4242 4242)…")
    deadline = time.monotonic() + 15 * 60
    while client.checkout_sessions.retrieve(session_id).status != "complete":
        if time.monotonic() > deadline:
            raise SystemExit("gave up waiting for the Checkout page")
        time.sleep(2)


def handle(steps: Steps, order: str, outcome: Outcome) -> None:
    """What the merchant does with each outcome; only Succeeded means the money was collected."""
    if isinstance(outcome, offsession.Succeeded):
        pi = outcome.payment_intent
        steps.done(f"charged {pi.amount / 100:.2f} {pi.currency.upper()} off-session   {pi.id}  status={pi.status}")
        steps.note(f"fulfil {order}")
    elif isinstance(outcome, offsession.Processing):
        steps.done(f"charge processing               {outcome.payment_intent.id}  (a bank debit settles later)")
        steps.note(f"fulfil {order} on the payment_intent.succeeded webhook; payment_intent.payment_failed means unpaid")
    elif isinstance(outcome, offsession.RequiresCapture):
        steps.done(f"charge authorized               {outcome.payment_intent.id}  status=requires_capture")
        steps.note(f"capture it (or cancel it) to finish {order}")
    elif isinstance(outcome, offsession.RequiresAction):
        steps.done(f"charge needs the customer       {outcome.payment_intent.id}  status=requires_action")
        steps.note("bring the customer back on-session; confirm with the PaymentIntent's client_secret (Stripe.js)")
    elif isinstance(outcome, offsession.NeedsRecovery):
        error = outcome.error
        steps.done(
            f"charge declined                 HTTP {error.http_status} {error.kind} "
            f"code={error.code} decline_code={error.decline_code} request={error.request_id}"
        )
        if outcome.payment_intent is not None:
            steps.note(f"payment intent {outcome.payment_intent.id} is now {outcome.payment_intent.status}")
        session = outcome.recovery_session
        steps.note(f"recovery session created {session.id}  mode={session.mode} amount={session.amount_total} {str(session.currency).upper()}")
        steps.note(f"send the customer to {session.url}")
    elif isinstance(outcome, offsession.RecoveryFailed):
        steps.done(f"charge declined ({outcome.error.code}); no recovery session: {outcome.recovery_error.kind}")
        steps.note(f"treat {order} as declined; re-run the charge later with idempotency_key={order!r}")


def main() -> int:
    key = os.environ.get("STRIPE_SECRET_KEY")
    simulator: "Optional[subprocess.Popen[str]]" = None
    sim_url: Optional[str] = None
    if key:
        client = offsession.Client(key)
        print("offsession future payments (Python) — against Stripe test mode")
    else:
        simulator, sim_url = start_simulator()
        client = offsession.Client("sk_test_future_payments", base_url=sim_url)
        print(f"offsession future payments (Python) — against the simulator at {sim_url}")
    try:
        steps = Steps()
        # Every Stripe parameter is a keyword argument, typed (nested ones are dicts).
        jenny = client.customers.create(
            email="jenny.rosen@example.com", name="Jenny Rosen", preferred_locales=["en"],
            address={"line1": "510 Townsend St", "city": "San Francisco", "postal_code": "94103", "country": "US"},
        )
        steps.done(f"customer created                {jenny.id}  {jenny.email}")

        started = client.start_setup(currency="usd", success_url=SUCCESS_URL, customer=jenny.id)
        steps.done(f"setup session created           {started.session.id}  mode={started.session.mode} status={started.session.status}")
        steps.note(f"redirect the customer to {started.url}")

        customer_completes(sim_url, client, started.session.id)
        steps.done("customer saved a card")

        saved = client.complete_setup(started.session.id)
        steps.done(f"session retrieved, expanded     {saved.setup_intent.id}  status={saved.setup_intent.status} payment_method={saved.payment_method_id}")

        client.customers.update(saved.customer_id, invoice_settings={"default_payment_method": saved.payment_method_id})
        steps.done(f"default payment method set      {saved.payment_method_id}")

        recovery = offsession.Recovery(product_name="T-shirt", success_url=PAID_URL)
        outcome = client.charge_off_session(
            customer=saved.customer_id, payment_method=saved.payment_method_id, amount=1099,
            currency="usd", idempotency_key="py-order-1001", recovery=recovery,
        )
        if not isinstance(outcome, offsession.Succeeded):
            raise SystemExit(f"the first charge should succeed: {outcome!r}")
        handle(steps, "py-order-1001", outcome)

        richard = client.customers.create(email="richard.roe@example.com", name="Richard Roe")
        card = client.payment_methods.attach("pm_card_chargeCustomerFail", customer=richard.id)
        brand, last4 = (card.card.brand, card.card.last4) if card.card is not None else ("card", "????")
        steps.done(f"second customer with a card     {richard.id}  {card.id} ({brand} •••• {last4})")

        outcome = client.charge_off_session(
            customer=richard.id, payment_method=card.id, amount=1099, currency="usd",
            idempotency_key="py-order-1002", recovery=recovery,
        )
        if not isinstance(outcome, offsession.NeedsRecovery):
            raise SystemExit(f"the second charge should be declined: {outcome!r}")
        handle(steps, "py-order-1002", outcome)

        # The customer pays on the recovery page with another card, which is saved for next time.
        customer_completes(sim_url, client, outcome.recovery_session.id, "pm_card_visa")
        steps.done("customer paid the recovery page " + ("(simulated page, test card pm_card_visa)" if sim_url else "(on the hosted page)"))
        recovered = client.complete_recovery(outcome.recovery_session.id)
        steps.done(
            f"recovery completed              {recovered.payment_intent.id}  status={recovered.payment_intent.status} "
            f"new payment_method={recovered.payment_method_id}"
        )

        # The declined PaymentIntent is closed for good.
        if recovered.declined_payment_intent_id is not None:
            canceled = client.payment_intents.cancel(recovered.declined_payment_intent_id, cancellation_reason="abandoned")
            steps.done(f"declined payment intent closed  {canceled.id}  status={canceled.status}")

        # The next charge uses the card saved on the recovery page.
        outcome = client.charge_off_session(
            customer=recovered.customer_id, payment_method=recovered.payment_method_id, amount=1099,
            currency="usd", idempotency_key="py-order-1003", recovery=recovery,
        )
        if not isinstance(outcome, offsession.Succeeded):
            raise SystemExit(f"the charge of the recovered card should succeed: {outcome!r}")
        meta = outcome.payment_intent.last_response
        steps.done(
            f"charged the recovered card      {outcome.payment_intent.id}  status={outcome.payment_intent.status}"
            + (f"  request={meta.request_id}" if meta is not None else "")
        )
        # Every card the customer saved, a page at a time (one request per page).
        page = client.customers.list_payment_methods(recovered.customer_id, type="card", limit=1)
        cards = [pm.id for pm in page.auto_paging_iter()]
        steps.done(f"saved cards listed              {len(cards)} for {recovered.customer_id}")
        print(f"done in {(time.perf_counter() - steps.started) * 1000:.1f} ms: 2 charges succeeded, 1 declined and recovered")
        return 0
    finally:
        if simulator is not None:
            simulator.terminate()
            simulator.wait()


if __name__ == "__main__":
    sys.exit(main())
