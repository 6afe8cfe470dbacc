"""offsession: save a card with Stripe Checkout (setup mode) and charge it later off-session,
with a recovery Checkout Session when the charge is declined.

A thin door onto one Rust core shared with the Node, Swift and Kotlin packages::

    import offsession

    client = offsession.Client("sk_test_...")
    outcome = client.charge_off_session(
        customer="cus_...", payment_method="pm_...", amount=1099, currency="usd",
        idempotency_key="order-1042",
        recovery={"product_name": "T-shirt", "success_url": "https://example.com/paid"},
    )
    if isinstance(outcome, offsession.Succeeded):
        fulfil(order)
    elif isinstance(outcome, offsession.NeedsRecovery):
        send_email(outcome.recovery_session.url)
    ...  # one class per outcome: see ChargeOutcome

``AsyncClient`` has the same methods as coroutines for asyncio (``asyncio.run(client.customers.create(...))``
works; nothing starts until awaited).

Every call takes Stripe's parameters as keyword arguments, typed (``_params.pyi``), plus the
request options ``idempotency_key``, ``stripe_account``, ``timeout``, ``max_retries``,
``extra_params`` and ``expand``; ``client.raw_request`` reaches any other endpoint.

Every object a call returns has ``last_response`` (``request_id``, ``idempotent_replayed``, …), as
in stripe-python. After a decline, ``complete_recovery(session_id)`` gives the card the customer
paid with on the recovery page; ``payment_intents.cancel`` closes the declined PaymentIntent.

Cancellation: Ctrl-C interrupts a blocking call at once and a cancelled asyncio task stops
waiting at once; a resource call is then dropped, a flow call (``start_setup``,
``complete_setup``, ``complete_setup_from_event``, ``charge_off_session``, ``complete_recovery``)
runs to its end in the background, and the interpreter waits for it at exit.

What a charge's outcome asks of the merchant (``outcome.outcome`` names it):

- ``Succeeded`` (``"succeeded"``): paid. Fulfil the order.
- ``Processing`` (``"processing"``): accepted, not paid yet (bank debits). Wait for the
  ``payment_intent.succeeded`` webhook to fulfil; ``payment_intent.payment_failed`` means unpaid.
- ``RequiresCapture`` (``"requires_capture"``): authorized only. Capture it, or cancel it.
- ``RequiresAction`` (``"requires_action"``): the bank wants the customer; nothing was charged.
  Bring them back on-session and confirm with the PaymentIntent's ``client_secret`` (Stripe.js).
- ``NeedsRecovery`` (``"needs_recovery"``): declined; nothing was charged. Send the customer to
  ``recovery_session.url``.
- ``RecoveryFailed`` (``"recovery_failed"``): declined, and the recovery session could not be
  created. Treat it as declined; re-run the charge later with the same ``idempotency_key``.
"""

import atexit as _atexit

from . import _native
from ._native import (
    STRIPE_VERSION,
    APIConnectionError,
    APIError,
    AsyncCheckoutSessions,
    AsyncClient,
    AsyncCustomers,
    AsyncPaymentIntents,
    AsyncPaymentMethods,
    AsyncSetupIntents,
    AuthenticationError,
    AutoPagingIterator,
    CardError,
    Charge,
    CheckoutSession,
    CheckoutSessions,
    Client,
    CompletedRecovery,
    CompletedSetup,
    Customer,
    Customers,
    Event,
    FlowResult,
    IdempotencyError,
    InvalidInputError,
    InvalidRequestError,
    InvalidStateError,
    ListObject,
    NeedsRecovery,
    PaymentIntent,
    PaymentIntents,
    PaymentMethod,
    PaymentMethods,
    PermissionDeniedError,
    PermissionError,
    Processing,
    RateLimitError,
    RecoveryFailed,
    RequiresAction,
    RequiresCapture,
    SetupIntent,
    SetupIntents,
    SetupStarted,
    SignatureVerificationError,
    StripeError,
    StripeObject,
    StripeResponse,
    Succeeded,
    Webhook,
    __version__,
)

# `typing` is not imported at run time (it would cost `import offsession` a few milliseconds);
# type checkers take the TypedDict of the stubs.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._native import Recovery as Recovery
else:

    class Recovery(dict):
        """How ``charge_off_session`` builds the recovery Checkout Session after a decline: a
        dict with ``product_name`` and ``success_url`` (required), ``cancel_url``,
        ``save_payment_method`` (default ``True``), ``expires_at``, ``client_reference_id``.
        ``Recovery(product_name=..., success_url=...)`` makes that dict (a ``TypedDict`` for
        type checkers)."""


# The I/O threads must not enter a finalizing interpreter: let them finish first.
_atexit.register(_native._quiesce_for_exit)

ChargeOutcome = (Succeeded, Processing, RequiresCapture, RequiresAction, NeedsRecovery, RecoveryFailed)
"""The six outcomes of ``charge_off_session``, for ``isinstance`` checks; only ``Succeeded``
means the money was collected. In annotations, write the ``Union`` of the six classes."""

__all__ = [
    "STRIPE_VERSION",
    "APIConnectionError",
    "APIError",
    "AsyncCheckoutSessions",
    "AsyncClient",
    "AsyncCustomers",
    "AsyncPaymentIntents",
    "AsyncPaymentMethods",
    "AsyncSetupIntents",
    "AuthenticationError",
    "AutoPagingIterator",
    "CardError",
    "Charge",
    "ChargeOutcome",
    "CheckoutSession",
    "CheckoutSessions",
    "Client",
    "CompletedRecovery",
    "CompletedSetup",
    "Customer",
    "Customers",
    "Event",
    "FlowResult",
    "IdempotencyError",
    "InvalidInputError",
    "InvalidRequestError",
    "InvalidStateError",
    "ListObject",
    "NeedsRecovery",
    "PaymentIntent",
    "PaymentIntents",
    "PaymentMethod",
    "PaymentMethods",
    "PermissionDeniedError",
    "PermissionError",
    "Processing",
    "RateLimitError",
    "Recovery",
    "RecoveryFailed",
    "RequiresAction",
    "RequiresCapture",
    "SetupIntent",
    "SetupIntents",
    "SetupStarted",
    "SignatureVerificationError",
    "StripeError",
    "StripeObject",
    "StripeResponse",
    "Succeeded",
    "Webhook",
    "__version__",
]
