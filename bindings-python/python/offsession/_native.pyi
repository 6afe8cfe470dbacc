"""Type stubs for the native module. Every public name of ``offsession`` is declared here.

Written by hand; the parameters of every call are the TypedDicts generated from Stripe's spec
into ``_params.pyi`` (``Unpack[CreateCustomer]``), beside the request options. They target
Python 3.9 and later (``typing_extensions`` for ``Required`` and ``Unpack``)."""

from typing import Any, Awaitable, Coroutine, Dict, Generic, Iterator, List, Literal, Mapping, Optional, Sequence, Tuple, TypedDict, TypeVar, Union

from typing_extensions import Required, Unpack

from ._params import (
    AttachPaymentMethod,
    CancelPaymentIntent,
    CreateCheckoutSession,
    CreateCustomer,
    CreatePaymentIntent,
    ListCustomerPaymentMethods,
    OffSessionKind,
    OffSessionPaymentIntentData,
    SetupSessionData,
    UpdateCustomer,
    UpdateSetupIntent,
)

_T = TypeVar("_T")
_Async = Coroutine[Any, Any, _T]
"""What an ``AsyncClient`` method returns: a coroutine, started when awaited."""

__version__: str
STRIPE_VERSION: str

def _quiesce_for_exit() -> None:
    """Registered with atexit: waits for the I/O threads to leave Python."""

def _panic_in_core_for_tests(asyncio: bool = False) -> Any:
    """Test hook: panics inside the core's runtime; raises APIError."""

class Mailbox:
    """Internal: finished asyncio calls of one event loop and the pipe that wakes it."""

    def __init__(self) -> None: ...
    def fileno(self) -> int: ...
    def drain(self) -> None: ...

class Call:
    """Internal: one AsyncClient call, started by the coroutine that awaits it."""

    def start(self) -> Any: ...
    def cancel(self) -> None: ...

# ---------------------------------------------------------------- objects

class StripeResponse:
    """What Stripe's response said about the object a call returned (``obj.last_response``, as
    in stripe-python)."""

    http_status: int
    request_id: Optional[str]
    """The ``Request-Id`` to quote to Stripe support."""
    idempotent_replayed: bool
    """``True`` when Stripe answered with the stored result of an earlier request with the same
    idempotency key: a re-run that created and charged nothing new."""
    idempotency_key: Optional[str]
    """The ``Idempotency-Key`` the request was sent with (POSTs only)."""
    def __init__(self, http_status: int, request_id: Optional[str] = None, idempotent_replayed: bool = False, idempotency_key: Optional[str] = None) -> None: ...
    def to_dict(self) -> Dict[str, Any]: ...

class StripeObject:
    """An immutable Stripe object: attribute and item access to every field Stripe sent. Equal
    to another with the same fields; pickles (and ``copy.deepcopy``) from its JSON, with its
    ``last_response``."""

    @property
    def last_response(self) -> Optional[StripeResponse]:
        """The response that brought this object when a call returned it; ``None`` for an object
        inside another (an expansion), an event's or an error's. Not in ``to_dict()``."""
    def __getattr__(self, name: str) -> Any: ...
    def __getitem__(self, key: str) -> Any: ...
    def __contains__(self, key: object) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def get(self, key: str, default: Any = None) -> Any: ...
    def keys(self) -> List[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...

class Customer(StripeObject):
    id: str
    object: Literal["customer"]
    created: int
    email: Optional[str]
    name: Optional[str]
    description: Optional[str]
    livemode: bool
    metadata: StripeObject

class PaymentMethod(StripeObject):
    id: str
    object: Literal["payment_method"]
    type: str
    customer: Union[str, Customer, None]
    card: Optional[StripeObject]
    created: int
    livemode: bool
    metadata: StripeObject

class SetupIntent(StripeObject):
    id: str
    object: Literal["setup_intent"]
    status: str
    customer: Union[str, Customer, None]
    payment_method: Union[str, PaymentMethod, None]
    usage: Optional[str]
    last_setup_error: Optional[StripeObject]
    created: int
    livemode: bool
    metadata: StripeObject

class Charge(StripeObject):
    """A PaymentIntent's ``latest_charge`` when retrieved with ``expand=["latest_charge"]``."""

    id: str
    object: Literal["charge"]
    amount: int
    currency: str
    status: str
    paid: bool
    payment_intent: Union[str, "PaymentIntent", None]
    created: int
    livemode: bool
    metadata: StripeObject

class PaymentIntent(StripeObject):
    id: str
    object: Literal["payment_intent"]
    amount: int
    currency: str
    status: str
    amount_received: Optional[int]
    customer: Union[str, Customer, None]
    payment_method: Union[str, PaymentMethod, None]
    last_payment_error: Optional[StripeObject]
    latest_charge: Union[str, Charge, None]
    description: Optional[str]
    client_secret: Optional[str]
    """What Stripe.js needs to confirm this PaymentIntent with the customer present (a
    ``requires_action`` outcome, an ``authentication_required`` decline). Send it to that
    customer's browser or app only; never log it (reprs leave it out)."""
    cancellation_reason: Optional[str]
    created: int
    livemode: bool
    metadata: StripeObject

class CheckoutSession(StripeObject):
    id: str
    object: Literal["checkout.session"]
    client_reference_id: Optional[str]
    mode: str
    status: Optional[str]
    payment_status: Optional[str]
    url: Optional[str]
    customer: Union[str, Customer, None]
    customer_details: Optional[StripeObject]
    customer_email: Optional[str]
    setup_intent: Union[str, SetupIntent, None]
    payment_intent: Union[str, PaymentIntent, None]
    currency: Optional[str]
    amount_total: Optional[int]
    amount_subtotal: Optional[int]
    success_url: Optional[str]
    cancel_url: Optional[str]
    created: int
    expires_at: Optional[int]
    livemode: bool
    metadata: StripeObject

class Event(StripeObject):
    id: str
    object: Literal["event"]
    type: str
    data: StripeObject
    api_version: Optional[str]
    created: int
    livemode: bool

class ListObject(StripeObject, Generic[_T]):
    """One page of a list (``customers.list_payment_methods``), as Stripe sends it, with its
    ``last_response``. ``auto_paging_iter()`` walks every object of this page and the next
    ones."""

    object: Literal["list"]
    data: Tuple[_T, ...]
    """This page's objects, newest first."""
    has_more: bool
    """Whether more objects follow this page."""
    url: str
    def __iter__(self) -> Iterator[_T]:  # type: ignore[override]
        """This page's objects (``auto_paging_iter()`` walks every page)."""
    def __len__(self) -> int: ...
    def auto_paging_iter(self) -> AutoPagingIterator[_T]:
        """Every object of the list: this page's, then the next pages', each fetched (one
        request, the same parameters and options) when the walk reaches it. ``for`` with a
        ``Client``'s list, ``async for`` with an ``AsyncClient``'s."""

class AutoPagingIterator(Generic[_T]):
    """Every object of a list, its pages fetched as the walk reaches them; both ``for`` and
    ``async for``. A failed page is raised where the walk is; going on retries it."""

    def __iter__(self) -> AutoPagingIterator[_T]: ...
    def __next__(self) -> _T: ...
    def __aiter__(self) -> AutoPagingIterator[_T]: ...
    def __anext__(self) -> Awaitable[_T]: ...

# ---------------------------------------------------------------- errors

class StripeError(Exception):
    """Base of every offsession error. The class says the kind; the attributes are named as in
    stripe-python (``e.code == "card_declined"``), each ``None`` when it does not apply.
    ``str(e)`` and ``repr(e)`` never contain the API key."""

    kind: str
    """This SDK's stable classification, the same string in every language, one per class:
    ``card_error``, ``invalid_request_error``, ``authentication_error``, ``permission_error``,
    ``rate_limit_error``, ``idempotency_error``, ``api_error``, ``api_connection_error``,
    ``signature_verification_error``, ``invalid_input``, ``invalid_state``."""
    code: Optional[str]
    """Stripe's error code (``card_declined``, ``authentication_required``,
    ``resource_missing``, ``lock_timeout``, …), as stripe-python's ``e.code``; ``None`` when
    Stripe sent none or did not answer."""
    message: str
    """The human-readable message (Stripe's, or this SDK's for an error raised before sending)."""
    user_message: Optional[str]
    """Stripe's message unchanged, fit to show the customer for a card error."""
    decline_code: Optional[str]
    """The issuer's reason for a decline (``generic_decline``, ``insufficient_funds``, …)."""
    param: Optional[str]
    """The parameter at fault: Stripe's ``param``, or the refused input's name."""
    doc_url: Optional[str]
    """Stripe's documentation of ``code``."""
    advice_code: Optional[str]
    """For an issuer decline, how to proceed (``try_again_later``, …)."""
    network_decline_code: Optional[str]
    """The card network's decline code."""
    charge: Optional[str]
    """For a card error, the id of the failed charge."""
    http_status: Optional[int]
    """The HTTP status of Stripe's response."""
    http_body: Optional[str]
    """The response body as text."""
    json_body: Optional[Dict[str, Any]]
    """The response body decoded as JSON (``{"error": {...}}``)."""
    headers: Optional[Dict[str, str]]
    """The response headers, names in lower case (``headers["request-id"]``)."""
    request_id: Optional[str]
    """The ``Request-Id`` header, to quote to Stripe support."""
    error: Optional[StripeObject]
    """The body's error object (``json_body["error"]``), as stripe-python's ``e.error``;
    Stripe's error ``type`` is ``e.error.type``."""
    idempotency_key: Optional[str]
    """The Idempotency-Key of the POST that failed (for a flow call, the caller's key; for a
    call without one, the key the client generated). Re-running the same call with it after an
    error whose outcome is unknown (a connection error, a timeout, a 5xx) cannot apply it twice.
    ``None`` for GETs and for errors raised before anything was sent."""
    retryable: bool
    """Whether sending the same request again (with the same key) may succeed."""
    should_retry: Optional[bool]
    """Stripe's ``Stripe-Should-Retry`` header, when sent."""
    payment_intent: Optional[PaymentIntent]
    """The PaymentIntent the error happened on (a declined charge carries it)."""
    setup_intent: Optional[SetupIntent]
    """The SetupIntent the error happened on."""
    payment_method: Optional[PaymentMethod]
    """The PaymentMethod involved."""

class CardError(StripeError): ...
class InvalidRequestError(StripeError): ...
class AuthenticationError(StripeError): ...
class PermissionDeniedError(StripeError): ...

PermissionError = PermissionDeniedError
"""stripe-python's name for the HTTP 403 error (``stripe.PermissionError``): the same class."""

class RateLimitError(StripeError): ...
class IdempotencyError(StripeError): ...
class APIError(StripeError): ...
class APIConnectionError(StripeError): ...
class SignatureVerificationError(StripeError): ...
class InvalidInputError(StripeError, TypeError, ValueError):
    """A parameter was refused before anything was sent; ``param`` names it as the core does
    (``email``, ``recovery[product_name]``, ``metadata[order]``,
    ``line_items[0][price_data][currency]``). Raised for a value the core refuses and for an
    argument of the wrong type, or a required one left out or ``None``. Also a ``TypeError`` and
    a ``ValueError``, so ``except TypeError`` / ``except ValueError`` catch it too."""

class InvalidStateError(StripeError):
    """Stripe's objects are not in the state the call needs (a Checkout Session the customer has
    not finished, a SetupIntent that has not succeeded). Requests were sent to read that state;
    nothing was created or changed. Calling again once the state has moved on can succeed."""

# ---------------------------------------------------------------- flow

class Recovery(TypedDict, total=False):
    """How ``charge_off_session`` builds the recovery Checkout Session after a decline (a dict;
    ``offsession.Recovery(...)`` makes one)."""

    product_name: Required[str]
    """The line item's name on the hosted page."""
    success_url: Required[str]
    """Where the customer lands after paying; add ``{CHECKOUT_SESSION_ID}`` for
    ``complete_recovery``."""
    cancel_url: str
    save_payment_method: bool
    """Saves the card the customer pays with for the next off-session charge (default True)."""
    expires_at: int
    """When the session stops accepting payment, Unix seconds (30 minutes to 24 hours ahead)."""
    client_reference_id: str

class FlowResult:
    """Base of the flow's results: fields as attributes, equality, pickling, and ``to_dict()``
    in the shape every binding's conformance runner compares."""

    def to_dict(self) -> Dict[str, Any]: ...

class SetupStarted(FlowResult):
    """The result of ``start_setup``: redirect the customer to ``url``."""

    customer_id: Optional[str]
    url: Optional[str]
    session: CheckoutSession

class CompletedSetup(FlowResult):
    """A saved payment method, attached to its customer and ready for off-session charges."""

    customer_id: str
    payment_method_id: str
    session: CheckoutSession
    setup_intent: SetupIntent
    payment_method: Optional[PaymentMethod]

class CompletedRecovery(FlowResult):
    """A paid recovery session (``complete_recovery``): the payment that replaced the declined
    charge, and the payment method to charge next time. ``to_dict()`` is the shared shape."""

    customer_id: str
    payment_method_id: str
    """The card the customer paid with; the recovery session saved it for off-session use
    (unless ``save_payment_method`` was False): charge it next time."""
    payment_intent: PaymentIntent
    """The PaymentIntent the customer paid (``succeeded``, with the charge's metadata)."""
    declined_payment_intent_id: Optional[str]
    """The declined PaymentIntent this recovery replaced: close it with
    ``payment_intents.cancel(id, cancellation_reason="abandoned")``."""
    session: CheckoutSession

class Succeeded(FlowResult):
    """Paid: the PaymentIntent is ``succeeded``. Fulfil the order."""

    outcome: Literal["succeeded"]
    payment_intent: PaymentIntent

class Processing(FlowResult):
    """Accepted, not paid yet: the PaymentIntent is ``processing`` (bank debits such as ACH,
    SEPA, Bacs). Wait for the ``payment_intent.succeeded`` webhook to fulfil;
    ``payment_intent.payment_failed`` means it was not paid."""

    outcome: Literal["processing"]
    payment_intent: PaymentIntent

class RequiresCapture(FlowResult):
    """Authorized, not collected: the PaymentIntent is ``requires_capture``. Capture it (or
    cancel it) within the authorization window."""

    outcome: Literal["requires_capture"]
    payment_intent: PaymentIntent

class RequiresAction(FlowResult):
    """The bank wants the customer to authenticate; nothing was charged. Bring the customer back
    on-session and confirm the PaymentIntent with its ``client_secret`` (Stripe.js)."""

    outcome: Literal["requires_action"]
    payment_intent: PaymentIntent

class NeedsRecovery(FlowResult):
    """Declined or authentication required (HTTP 402); nothing was charged. Send the customer to
    ``recovery_session.url``."""

    outcome: Literal["needs_recovery"]
    error: CardError
    payment_intent: Optional[PaymentIntent]
    recovery_session: CheckoutSession

class RecoveryFailed(FlowResult):
    """Declined (HTTP 402), and the recovery session could not be created (``recovery_error``);
    nothing was charged. Treat it as declined; re-run the charge later with the same
    ``idempotency_key`` to create the session (the decline is replayed, the card not retried)."""

    outcome: Literal["recovery_failed"]
    error: CardError
    payment_intent: Optional[PaymentIntent]
    recovery_error: StripeError

_ChargeOutcome = Union[Succeeded, Processing, RequiresCapture, RequiresAction, NeedsRecovery, RecoveryFailed]

# ---------------------------------------------------------------- webhooks

class Webhook:
    DEFAULT_TOLERANCE: int
    @staticmethod
    def construct_event(payload: Union[bytes, str], sig_header: str, secret: str, tolerance: int = 300) -> Event: ...
    @staticmethod
    def generate_test_header(payload: Union[bytes, str], secret: str, timestamp: Optional[int] = None) -> str: ...

# ---------------------------------------------------------------- blocking client

class Customers:
    """Customers: create, retrieve, update, and list their saved payment methods."""

    def create(self, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[CreateCustomer]) -> Customer: ...
    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> Customer: ...
    def update(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[UpdateCustomer]) -> Customer:
        """Only the parameters given change; ``invoice_settings={"default_payment_method": "pm_..."}``
        sets the customer's default card (``""`` unsets it)."""
    def list_payment_methods(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[ListCustomerPaymentMethods]) -> ListObject[PaymentMethod]:
        """One page (``limit``, ``starting_after``, ``ending_before``, ``type``);
        ``auto_paging_iter()`` walks them all."""

class CheckoutSessions:
    """Checkout Sessions: create, retrieve and expire."""

    def create(self, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[CreateCheckoutSession]) -> CheckoutSession: ...
    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> CheckoutSession: ...
    def expire(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> CheckoutSession: ...

class SetupIntents:
    """Setup intents: retrieve and update."""

    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> SetupIntent: ...
    def update(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[UpdateSetupIntent]) -> SetupIntent: ...

class PaymentMethods:
    """Payment methods: retrieve, attach and detach."""

    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> PaymentMethod: ...
    def attach(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[AttachPaymentMethod]) -> PaymentMethod: ...
    def detach(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> PaymentMethod: ...

class PaymentIntents:
    """Payment intents: create (and confirm), retrieve and cancel."""

    def create(self, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[CreatePaymentIntent]) -> PaymentIntent: ...
    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> PaymentIntent: ...
    def cancel(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[CancelPaymentIntent]) -> PaymentIntent:
        """Cancels a PaymentIntent that has not succeeded (the declined one a paid recovery
        replaced). ``cancellation_reason``: ``"abandoned"``, ``"duplicate"``, ``"fraudulent"``
        or ``"requested_by_customer"``."""

class Client:
    """Blocking client; the GIL is released while waiting. Share one per process. Ctrl-C
    interrupts a call within 50 ms: a resource call is dropped, a flow call (``start_setup``,
    ``complete_setup``, ``complete_setup_from_event``, ``charge_off_session``,
    ``complete_recovery``) runs to its end in the background (the interpreter waits for it at
    exit)."""

    def __init__(self, api_key: str, *, base_url: Optional[str] = "https://api.stripe.com", stripe_version: Optional[str] = None, max_retries: Optional[int] = 2, timeout: Optional[float] = 80, connect_timeout: Optional[float] = 30, stripe_account: Optional[str] = None, headers: Optional[Mapping[str, str]] = None) -> None:
        """``None`` for a setting is its default."""
    @property
    def customers(self) -> Customers: ...
    @property
    def checkout_sessions(self) -> CheckoutSessions: ...
    @property
    def setup_intents(self) -> SetupIntents: ...
    @property
    def payment_methods(self) -> PaymentMethods: ...
    @property
    def payment_intents(self) -> PaymentIntents: ...
    def with_stripe_account(self, stripe_account: str, /) -> Client:
        """A client whose requests are made on behalf of this connected account, sharing this
        client's connections and settings."""
    def raw_request(self, method: str, path: str, params: Optional[Mapping[str, Any]] = None, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> Any:
        """Any endpoint (``"GET"``, ``"POST"`` or ``"DELETE"``, a ``/v1/`` path): the decoded JSON,
        a ``StripeObject`` (with ``last_response``) for an object."""
    def start_setup(self, *, currency: str, success_url: Optional[str] = None, cancel_url: Optional[str] = None, customer: Optional[str] = None, new_customer: Optional[CreateCustomer] = None, customer_email: Optional[str] = None, metadata: Optional[Mapping[str, str]] = None, session_data: Optional[SetupSessionData] = None, idempotency_key: Optional[str] = None) -> SetupStarted: ...
    def complete_setup(self, session_id: str, /, *, customer: Optional[str] = None) -> CompletedSetup: ...
    def complete_setup_from_event(self, event: Event, /, *, customer: Optional[str] = None) -> CompletedSetup: ...
    def complete_recovery(self, session_id: str, /) -> CompletedRecovery:
        """After the customer paid a recovery session: the paid PaymentIntent, the payment
        method to charge next time and the declined PaymentIntent's id. A session that is not
        paid yet is ``InvalidStateError`` (``param == "session_id"``)."""
    def charge_off_session(self, *, customer: str, payment_method: str, amount: int, currency: str, recovery: Recovery, idempotency_key: str, description: Optional[str] = None, metadata: Optional[Mapping[str, str]] = None, off_session: Optional[OffSessionKind] = None, payment_intent_data: Optional[OffSessionPaymentIntentData] = None) -> _ChargeOutcome:
        """Charges the saved payment method with the customer absent; returns one of the six
        outcomes (``Succeeded``, ``Processing``, ``RequiresCapture``, ``RequiresAction``,
        ``NeedsRecovery``, ``RecoveryFailed``). ``idempotency_key`` is required: one key per
        logical charge (an order id); re-running with it never charges twice. Without it,
        ``InvalidInputError`` naming ``idempotency_key``; nothing is sent."""

# ---------------------------------------------------------------- asyncio client

class AsyncCustomers:
    """Customers: create, retrieve, update, and list their saved payment methods."""

    def create(self, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[CreateCustomer]) -> _Async[Customer]: ...
    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> _Async[Customer]: ...
    def update(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[UpdateCustomer]) -> _Async[Customer]:
        """Only the parameters given change; ``invoice_settings={"default_payment_method": "pm_..."}``
        sets the customer's default card (``""`` unsets it)."""
    def list_payment_methods(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[ListCustomerPaymentMethods]) -> _Async[ListObject[PaymentMethod]]:
        """One page (``limit``, ``starting_after``, ``ending_before``, ``type``);
        ``auto_paging_iter()`` walks them all."""

class AsyncCheckoutSessions:
    """Checkout Sessions: create, retrieve and expire."""

    def create(self, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[CreateCheckoutSession]) -> _Async[CheckoutSession]: ...
    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> _Async[CheckoutSession]: ...
    def expire(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> _Async[CheckoutSession]: ...

class AsyncSetupIntents:
    """Setup intents: retrieve and update."""

    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> _Async[SetupIntent]: ...
    def update(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[UpdateSetupIntent]) -> _Async[SetupIntent]: ...

class AsyncPaymentMethods:
    """Payment methods: retrieve, attach and detach."""

    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> _Async[PaymentMethod]: ...
    def attach(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[AttachPaymentMethod]) -> _Async[PaymentMethod]: ...
    def detach(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> _Async[PaymentMethod]: ...

class AsyncPaymentIntents:
    """Payment intents: create (and confirm), retrieve and cancel."""

    def create(self, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[CreatePaymentIntent]) -> _Async[PaymentIntent]: ...
    def retrieve(self, id: str, /, *, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> _Async[PaymentIntent]: ...
    def cancel(self, id: str, /, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, extra_params: Optional[Mapping[str, Any]] = None, expand: Optional[Sequence[str]] = None, **params: Unpack[CancelPaymentIntent]) -> _Async[PaymentIntent]:
        """Cancels a PaymentIntent that has not succeeded (the declined one a paid recovery
        replaced). ``cancellation_reason``: ``"abandoned"``, ``"duplicate"``, ``"fraudulent"``
        or ``"requested_by_customer"``."""

class AsyncClient:
    """The asyncio client: the methods of ``Client`` as coroutines, run on the core's I/O thread
    when awaited. Cancelling the awaiting task drops a resource call; a flow call runs to its
    end in the background."""

    def __init__(self, api_key: str, *, base_url: Optional[str] = "https://api.stripe.com", stripe_version: Optional[str] = None, max_retries: Optional[int] = 2, timeout: Optional[float] = 80, connect_timeout: Optional[float] = 30, stripe_account: Optional[str] = None, headers: Optional[Mapping[str, str]] = None) -> None:
        """``None`` for a setting is its default."""
    @property
    def customers(self) -> AsyncCustomers: ...
    @property
    def checkout_sessions(self) -> AsyncCheckoutSessions: ...
    @property
    def setup_intents(self) -> AsyncSetupIntents: ...
    @property
    def payment_methods(self) -> AsyncPaymentMethods: ...
    @property
    def payment_intents(self) -> AsyncPaymentIntents: ...
    def with_stripe_account(self, stripe_account: str, /) -> AsyncClient:
        """A client whose requests are made on behalf of this connected account, sharing this
        client's connections and settings."""
    def raw_request(self, method: str, path: str, params: Optional[Mapping[str, Any]] = None, *, idempotency_key: Optional[str] = None, stripe_account: Optional[str] = None, timeout: Optional[float] = None, max_retries: Optional[int] = None, expand: Optional[Sequence[str]] = None) -> _Async[Any]:
        """Any endpoint (``"GET"``, ``"POST"`` or ``"DELETE"``, a ``/v1/`` path): the decoded JSON,
        a ``StripeObject`` (with ``last_response``) for an object."""
    def start_setup(self, *, currency: str, success_url: Optional[str] = None, cancel_url: Optional[str] = None, customer: Optional[str] = None, new_customer: Optional[CreateCustomer] = None, customer_email: Optional[str] = None, metadata: Optional[Mapping[str, str]] = None, session_data: Optional[SetupSessionData] = None, idempotency_key: Optional[str] = None) -> _Async[SetupStarted]: ...
    def complete_setup(self, session_id: str, /, *, customer: Optional[str] = None) -> _Async[CompletedSetup]: ...
    def complete_setup_from_event(self, event: Event, /, *, customer: Optional[str] = None) -> _Async[CompletedSetup]: ...
    def complete_recovery(self, session_id: str, /) -> _Async[CompletedRecovery]:
        """After the customer paid a recovery session: the paid PaymentIntent, the payment
        method to charge next time and the declined PaymentIntent's id. A session that is not
        paid yet is ``InvalidStateError`` (``param == "session_id"``)."""
    def charge_off_session(self, *, customer: str, payment_method: str, amount: int, currency: str, recovery: Recovery, idempotency_key: str, description: Optional[str] = None, metadata: Optional[Mapping[str, str]] = None, off_session: Optional[OffSessionKind] = None, payment_intent_data: Optional[OffSessionPaymentIntentData] = None) -> _Async[_ChargeOutcome]:
        """Charges the saved payment method with the customer absent; returns one of the six
        outcomes (``Succeeded``, ``Processing``, ``RequiresCapture``, ``RequiresAction``,
        ``NeedsRecovery``, ``RecoveryFailed``). ``idempotency_key`` is required: one key per
        logical charge (an order id); re-running with it never charges twice. Without it,
        ``InvalidInputError`` naming ``idempotency_key``; nothing is sent."""
