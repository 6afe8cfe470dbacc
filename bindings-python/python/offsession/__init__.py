"""offsession: save a card with Stripe Checkout (setup mode) and charge it later off-session,
with a recovery Checkout Session when the charge is declined.

A thin door onto one Rust core shared with the Node, Swift and Kotlin packages::

    import offsession

    client = offsession.Client("sk_test_...")
    outcome = client.charge_off_session(
        customer="cus_...", payment_method="pm_...", amount=1099, currency="usd",
        idempotency_key="order-1042",
        recovery=offsession.Recovery(product_name="T-shirt", success_url="https://example.com/paid"),
    )
    if isinstance(outcome, offsession.NeedsRecovery):
        send_email(outcome.recovery_session.url)

``AsyncClient`` has the same methods as coroutines for asyncio.
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
    CardError,
    CheckoutSession,
    CheckoutSessions,
    Client,
    CompletedSetup,
    Customer,
    Customers,
    Event,
    IdempotencyError,
    InvalidInputError,
    InvalidRequestError,
    NeedsRecovery,
    PaymentIntent,
    PaymentIntents,
    PaymentMethod,
    PaymentMethods,
    PermissionDeniedError,
    RateLimitError,
    Recovery,
    SetupIntent,
    SetupIntents,
    SetupStarted,
    SignatureVerificationError,
    StripeError,
    StripeObject,
    Succeeded,
    Webhook,
    __version__,
)

# The I/O threads must not enter a finalizing interpreter: let them finish first.
_atexit.register(_native._quiesce_for_exit)

ChargeOutcome = (Succeeded, NeedsRecovery)
"""The two outcomes of ``charge_off_session``, for ``isinstance`` checks."""

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
    "CardError",
    "ChargeOutcome",
    "CheckoutSession",
    "CheckoutSessions",
    "Client",
    "CompletedSetup",
    "Customer",
    "Customers",
    "Event",
    "IdempotencyError",
    "InvalidInputError",
    "InvalidRequestError",
    "NeedsRecovery",
    "PaymentIntent",
    "PaymentIntents",
    "PaymentMethod",
    "PaymentMethods",
    "PermissionDeniedError",
    "RateLimitError",
    "Recovery",
    "SetupIntent",
    "SetupIntents",
    "SetupStarted",
    "SignatureVerificationError",
    "StripeError",
    "StripeObject",
    "Succeeded",
    "Webhook",
    "__version__",
]
