// Type definitions for offsession (hand-written, committed, checked by `tsc --noEmit --strict`).
// The parameters' interfaces are generated, in params.d.ts.

import type {
  AttachPaymentMethod,
  CancelPaymentIntent,
  CancellationReason,
  CreateCheckoutSession,
  CreateCustomer,
  CreatePaymentIntent,
  ListCustomerPaymentMethods,
  OffSessionKind,
  OffSessionPaymentIntentData,
  RetrievePaymentIntent,
  RetrieveSetupIntent,
  SetupSessionData,
  UpdateCustomer,
  UpdateSetupIntent,
} from './params'

/** The Stripe API version every request is pinned to. */
export declare const STRIPE_VERSION: string

// ------------------------------------------------------------------ Stripe objects

/** Fields Stripe sends that these types do not list are still there. */
export interface StripeObject {
  object: string
  /**
   * The response this object came in, on every object a call returned (see `LastResponse`);
   * absent on an object that came inside another (an expansion, a webhook event, an error).
   * Non-enumerable, as in stripe-node: `JSON.stringify(object)` is Stripe's JSON alone.
   */
  readonly lastResponse?: LastResponse
  [field: string]: unknown
}

/**
 * What Stripe's response said about itself, as stripe-node's `lastResponse` names it: the
 * `Request-Id` to quote to Stripe support, and whether the answer replayed an earlier request
 * with the same idempotency key (a re-run that created and charged nothing new).
 */
export interface LastResponse {
  /** The HTTP status (200 for every object a call returns). */
  readonly statusCode: number
  /** The `Request-Id` header (`req_…`). */
  readonly requestId: string | null
  /**
   * `true` when Stripe answered with the stored result of an earlier request with the same
   * `Idempotency-Key` (`Idempotent-Replayed: true`): nothing was created or charged again.
   */
  readonly idempotentReplayed: boolean
  /**
   * The `Idempotency-Key` the request was sent with: yours, one derived from a flow's key
   * (`order-1042:payment_intent`), or a generated one; `null` for a GET.
   */
  readonly idempotencyKey: string | null
}

/** An object a call returned itself: its `lastResponse` is always there. */
export type WithLastResponse<T extends StripeObject> = T & { readonly lastResponse: LastResponse }

export type Metadata = Record<string, string>

/** An expandable field: the id, or the object when expanded. */
export type Expandable<T> = string | T

export interface Customer extends StripeObject {
  id: string
  object: 'customer'
  created: number
  email: string | null
  name: string | null
  description: string | null
  livemode: boolean
  metadata: Metadata
}

export interface Card {
  brand: string | null
  last4: string | null
  exp_month: number | null
  exp_year: number | null
  country: string | null
  funding: string | null
  fingerprint: string | null
  [field: string]: unknown
}

export interface PaymentMethod extends StripeObject {
  id: string
  object: 'payment_method'
  type: string
  customer: Expandable<Customer> | null
  card: Card | null
  created: number
  livemode: boolean
  metadata: Metadata
}

/** Stripe's error object, as in `last_payment_error`. */
export interface StripeErrorObject {
  type: string
  code?: string | null
  decline_code?: string | null
  param?: string | null
  message?: string | null
  doc_url?: string | null
  [field: string]: unknown
}

export type SetupIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'canceled'
  | 'succeeded'

export interface SetupIntent extends StripeObject {
  id: string
  object: 'setup_intent'
  status: SetupIntentStatus
  customer: Expandable<Customer> | null
  payment_method: Expandable<PaymentMethod> | null
  usage: string | null
  last_setup_error: StripeErrorObject | null
  created: number
  livemode: boolean
  metadata: Metadata
}

/** A charge, as a PaymentIntent's `latest_charge` holds it when expanded (`expand: ['latest_charge']`). */
export interface Charge extends StripeObject {
  id: string
  object: 'charge'
  amount: number
  amount_captured: number | null
  currency: string | null
  status: 'succeeded' | 'pending' | 'failed' | null
  paid: boolean
  captured: boolean
  failure_code: string | null
  failure_message: string | null
  payment_method: string | null
  receipt_url: string | null
  metadata: Metadata
}


export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded'

export interface PaymentIntent extends StripeObject {
  id: string
  object: 'payment_intent'
  amount: number
  currency: string
  status: PaymentIntentStatus
  amount_received: number | null
  customer: Expandable<Customer> | null
  payment_method: Expandable<PaymentMethod> | null
  last_payment_error: StripeErrorObject | null
  /** The latest attempt's charge: its id, or the Charge when expanded. */
  latest_charge: Expandable<Charge> | null
  /**
   * What Stripe.js needs to confirm this PaymentIntent with the customer present
   * (`stripe.confirmPayment`, `handleNextAction`): the on-session route for a
   * `requires_action` outcome or an `authentication_required` decline. Send it to that
   * customer's browser or app only; never log it.
   */
  client_secret: string | null
  /** Set once canceled (`paymentIntents.cancel`). */
  cancellation_reason: CancellationReason | null
  canceled_at: number | null
  description: string | null
  created: number
  livemode: boolean
  metadata: Metadata
}

export interface CheckoutSession extends StripeObject {
  id: string
  object: 'checkout.session'
  mode: 'payment' | 'setup' | 'subscription'
  status: 'open' | 'complete' | 'expired' | null
  payment_status: 'paid' | 'unpaid' | 'no_payment_required' | null
  url: string | null
  customer: Expandable<Customer> | null
  customer_details: { email: string | null; name: string | null; [field: string]: unknown } | null
  customer_email: string | null
  setup_intent: Expandable<SetupIntent> | null
  payment_intent: Expandable<PaymentIntent> | null
  currency: string | null
  amount_total: number | null
  amount_subtotal: number | null
  success_url: string | null
  cancel_url: string | null
  created: number
  expires_at: number | null
  livemode: boolean
  metadata: Metadata
}

export interface Event extends StripeObject {
  id: string
  object: 'event'
  type: string
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> }
  api_version: string | null
  created: number
  livemode: boolean
}

// ------------------------------------------------------------------ errors

/**
 * Base of every offsession error, with stripe-node's property names: a field of Stripe's error
 * object keeps Stripe's snake_case name (`code`, `decline_code`, `param`, `doc_url`,
 * `payment_intent`, …), what the SDK adds is camelCase (`statusCode`, `requestId`, `headers`,
 * `raw`, `rawType`, `userMessage`, `idempotencyKey`, `retryable`). `code` is Stripe's code
 * (`card_declined`), as `err.code` in stripe-node; the SDK's own classification is `kind`.
 * Fields that do not apply are `null`.
 */
export declare class StripeError extends Error {
  /**
   * stripe-node's name for the class, as its `err.type`: `'StripeCardError'` for a `CardError`,
   * `'StripeConnectionError'` for an `APIConnectionError`; `Stripe` + the class name otherwise.
   */
  readonly type: string
  /**
   * This SDK's stable classification, the same string in every language; one per class
   * (`card_error` is `CardError`, `invalid_input` is `InvalidInputError`, …).
   */
  readonly kind: ErrorKind
  /** Stripe's error `type` as its body said it (`card_error`, `invalid_request_error`, …). */
  readonly rawType: string | null
  /** Stripe's code: `card_declined`, `authentication_required`, `resource_missing`, … */
  readonly code: string | null
  /** The issuer's reason for a decline: `generic_decline`, `insufficient_funds`, … */
  readonly decline_code: string | null
  /** The parameter at fault: Stripe's `param`, or the refused input's name. */
  readonly param: string | null
  /** Stripe's documentation of `code`. */
  readonly doc_url: string | null
  /** For an issuer decline, how to proceed (`try_again_later`, …). */
  readonly advice_code: string | null
  /** The card network's decline code. */
  readonly network_decline_code: string | null
  /** For a card error, the id of the failed charge. */
  readonly charge: string | null
  /** The PaymentIntent the error happened on (a decline's, say), when there is one. */
  readonly payment_intent: PaymentIntent | null
  /** The SetupIntent the error happened on. */
  readonly setup_intent: SetupIntent | null
  /** The PaymentMethod involved. */
  readonly payment_method: PaymentMethod | null
  /** The HTTP status of Stripe's response. */
  readonly statusCode: number | null
  /** The `Request-Id` header, to quote to Stripe support. */
  readonly requestId: string | null
  /** The response headers, names in lower case (`headers['request-id']`). */
  readonly headers: Record<string, string> | null
  /** The body's `error` object, as stripe-node's `err.raw`. */
  readonly raw: StripeErrorObject | null
  /** Stripe's message unchanged, fit to show the customer for a card error. */
  readonly userMessage: string | null
  /**
   * The message alone. `message` is Stripe's message when Stripe answered with one (as in
   * stripe-node); otherwise it is this with the kind, code and request id added.
   */
  readonly rawMessage: string
  /**
   * The `Idempotency-Key` of the POST that failed (for a flow call such as `chargeOffSession`,
   * the key you passed), else `null`. After an error whose outcome is unknown (a connection
   * error, a timeout, a 5xx after the retries), call again with this key: Stripe replays the
   * first result instead of applying the request twice.
   */
  readonly idempotencyKey: string | null
  /** Whether sending the same request again (with the same key) may succeed. */
  readonly retryable: boolean
  /** Stripe's `Stripe-Should-Retry` header, when it was sent. */
  readonly shouldRetry: boolean | null
}
export declare class CardError extends StripeError {}
export declare class InvalidRequestError extends StripeError {}
export declare class AuthenticationError extends StripeError {}
export declare class PermissionError extends StripeError {}
export declare class RateLimitError extends StripeError {}
export declare class IdempotencyError extends StripeError {}
export declare class APIError extends StripeError {}
export declare class APIConnectionError extends StripeError {}
export declare class SignatureVerificationError extends StripeError {}
/** A parameter was refused before anything was sent; `param` names it. */
export declare class InvalidInputError extends StripeError {}
/**
 * Stripe's objects are not in the state the call needs (a Checkout Session the customer has
 * not finished, a SetupIntent that has not succeeded); `param` names the argument. Requests
 * were sent to read that state; nothing was created or changed. Calling again later can succeed.
 */
export declare class InvalidStateError extends StripeError {}

/**
 * The error classes under stripe-node's names, so that `err instanceof errors.StripeCardError`
 * (stripe-node: `Stripe.errors.StripeCardError`) moves over unchanged.
 */
export declare const errors: {
  readonly StripeError: typeof StripeError
  readonly StripeCardError: typeof CardError
  readonly StripeInvalidRequestError: typeof InvalidRequestError
  readonly StripeAuthenticationError: typeof AuthenticationError
  readonly StripePermissionError: typeof PermissionError
  readonly StripeRateLimitError: typeof RateLimitError
  readonly StripeIdempotencyError: typeof IdempotencyError
  readonly StripeAPIError: typeof APIError
  readonly StripeConnectionError: typeof APIConnectionError
  readonly StripeSignatureVerificationError: typeof SignatureVerificationError
  readonly StripeInvalidInputError: typeof InvalidInputError
  readonly StripeInvalidStateError: typeof InvalidStateError
}

/**
 * The call's `signal` aborted (see `RequestOptions.signal`); the promise rejected at once. Named
 * and coded as Node's own abort errors; `cause` is the signal's `reason` (a DOMException named
 * `AbortError` by default, `TimeoutError` from `AbortSignal.timeout`, or what you passed to
 * `abort(reason)`). Not a `StripeError`: nothing failed at Stripe or in the library, and a
 * flow call goes on (its `message` says which rule applied).
 */
export declare class AbortError extends Error {
  constructor(message?: string, options?: { cause?: unknown })
  readonly name: 'AbortError'
  readonly code: 'ABORT_ERR'
  readonly cause: unknown
}

/** The core's error kinds (`offsession::ErrorKind`): `StripeError.kind`. */
export type ErrorKind =
  | 'card_error'
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'rate_limit_error'
  | 'idempotency_error'
  | 'api_error'
  | 'api_connection_error'
  | 'signature_verification_error'
  | 'invalid_input'
  | 'invalid_state'

// ------------------------------------------------------------------ parameters

// Parameters are Stripe's, named as Stripe names them (snake_case), and typed by the interfaces
// of params.d.ts, generated from Stripe's OpenAPI spec with the core's own types (importable
// from this package: `import type { CreatePaymentIntent } from 'offsession'`). At run time they
// are read into the core's types: a wrong type, a missing parameter or an unknown one (a typo)
// is refused with `InvalidInputError` naming it as Stripe does
// (`line_items[0][price_data][unit_amount]`), before anything is sent. `undefined` counts as
// absent. Numbers are never coerced: `1099.5`, `NaN`, `Infinity`, `1e21`, `true` or `'1099'`
// for an integer are refused (`1099.0` is 1099); an integer may also be a `bigint` within
// ±(2^53 − 1). A parameter this version does not type goes in the `extraParams` option.

export type * from './params'

/** stripe-node's `expand`, among a call's parameters: fields of the answer to expand inline. */
export interface Expand {
  expand?: string[]
}

/**
 * The client's settings, stripe-node's names. Every number is taken exactly or refused with
 * `InvalidInputError` naming it (`max_retries`, `timeout`, …): nothing is rounded.
 */
export interface ClientOptions {
  /** `https://…`, or `http://` on a loopback host. Default `https://api.stripe.com`. */
  baseUrl?: string
  /** Retries of a retryable failure: an integer from 0 to 10 (default 2). */
  maxNetworkRetries?: number
  /** Overrides the pinned Stripe-Version (stripe-node's `apiVersion`). */
  stripeVersion?: string
  /** Milliseconds for one whole attempt, a positive finite number (default 80000). */
  timeout?: number
  /** Milliseconds to establish a connection, a positive finite number (default 30000). */
  connectTimeout?: number
  /** Acts for a connected account (`Stripe-Account`). */
  stripeAccount?: string
  /**
   * Headers sent with every request, for routing through your own backend. The headers that
   * decide what Stripe does (`Authorization`, `Idempotency-Key`, `Stripe-Account`,
   * `Stripe-Version`) are refused: use the API key, `idempotencyKey`, `stripeAccount` and
   * `stripeVersion`. Values are never printed.
   */
  headers?: Record<string, string>
}

/**
 * stripe-node's request options, the argument after a method's parameters. Each replaces the
 * client's setting for this one request.
 */
export interface RequestOptions {
  /**
   * The `Idempotency-Key` of a POST: a retry or re-run with it returns the first result instead
   * of applying the call twice. Generated when absent; a GET sends none.
   */
  idempotencyKey?: string
  /** Acts for this connected account for this call (`Stripe-Account`), whatever the client's. */
  stripeAccount?: string
  /** Milliseconds for each attempt of this request. */
  timeout?: number
  /** Retries of this request after a retryable failure: an integer from 0 to 10. */
  maxNetworkRetries?: number
  /**
   * Parameters this version does not type, of any nesting, merged into the request
   * (`{ payment_method_options: { card: { mcc: '5734' } } }`). A key a typed parameter also
   * sets is refused, and so is a float (Stripe's decimals are strings: `'10.5'`).
   */
  extraParams?: Record<string, unknown>
  /**
   * Stops waiting for the call, as fetch takes a signal (`new AbortController().signal`,
   * `AbortSignal.timeout(ms)`). When it aborts, the promise rejects at once with `AbortError`;
   * an already-aborted signal rejects before anything is sent. Then, by the call:
   *
   * - a resource call (`customers.create`, `paymentIntents.retrieve`, a page of a list, …: one
   *   request) is cancelled where it stands: the request is dropped and its connection closed.
   *   It may or may not have reached Stripe; sending it again with the same `idempotencyKey` is
   *   safe.
   * - a flow call (`startSetup`, `completeSetup`, `completeSetupFromEvent`,
   *   `chargeOffSession`, `completeRecovery`) runs to its end, detached, so a charge is never
   *   left between its PaymentIntent and its recovery session. Node stays alive until it ends.
   *   Its outcome stays in Stripe: call again with the same idempotency key to get it. If the
   *   process exits first (`process.exit()`, a signal), the flow stops where it stood, and the
   *   same re-run completes it.
   */
  signal?: AbortSignal | null
}

/**
 * The options of `startSetup` and `chargeOffSession`: a flow makes several requests, so it
 * takes the account and the key (its `idempotency_key` parameter, given the stripe-node way;
 * both places may hold it only when they agree), not the per-request settings.
 */
export interface FlowOptions {
  /** The flow's `idempotency_key`, given as a request option instead of a parameter. */
  idempotencyKey?: string
  /** Acts for this connected account for every request of the flow. */
  stripeAccount?: string
  /** Stops waiting for the call: see `RequestOptions.signal` (a flow runs to its end). */
  signal?: AbortSignal | null
}

/**
 * The options of `completeSetup`, `completeSetupFromEvent` and `completeRecovery`, which take
 * no key: their requests carry keys derived from the objects they complete, so calling them
 * again is already safe.
 */
export interface CompleteOptions {
  /** Acts for this connected account for every request of the flow. */
  stripeAccount?: string
  /** Stops waiting for the call: see `RequestOptions.signal`. */
  signal?: AbortSignal | null
  idempotencyKey?: never
}

/** `startSetup`'s parameters (the core's `StartSetup`). */
export interface StartSetup {
  /** Currency of the later charges (Checkout shows the payment methods that support it). */
  currency: string
  /**
   * Where the customer lands afterwards; add `{CHECKOUT_SESSION_ID}` to receive the session id.
   * Required unless `session_data.ui_mode` is `embedded_page`, which takes
   * `session_data.return_url`.
   */
  success_url?: string
  /** Where the customer lands on cancel. */
  cancel_url?: string
  /** An existing customer (`cus_…`) to save the card to. */
  customer?: string
  /** A customer to create first, when `customer` is not given. */
  new_customer?: CreateCustomer
  /** Prefills the page's email field when the session has no customer. */
  customer_email?: string
  /** Your key-value pairs for the session. */
  metadata?: Record<string, string>
  /** Every other Checkout Session parameter: `locale`, `payment_method_types`, `ui_mode`, … */
  session_data?: SetupSessionData
  /** Makes a re-run return the same customer and session instead of new ones. */
  idempotency_key?: string
}

/** How to build the recovery Checkout Session after a decline (the core's `Recovery`). */
export interface Recovery {
  /** The line item's name on the recovery page. */
  product_name: string
  /** An absolute `http(s)://` URL, checked before the card is charged. */
  success_url: string
  /** An absolute `http(s)://` URL, checked before the card is charged. */
  cancel_url?: string
  /** Saves the payment method the customer pays with for the next off-session charge (default true). */
  save_payment_method?: boolean
  /** When the session stops accepting payment, Unix seconds (30 minutes to 24 hours ahead). */
  expires_at?: number
  /** Your reference for the session (an order or cart id), up to 200 characters. */
  client_reference_id?: string
}

/** `chargeOffSession`'s parameters (the core's `OffSessionCharge`). */
export interface OffSessionCharge {
  /** The customer (`cus_…`). */
  customer: string
  /** The saved payment method (`pm_…`), attached to that customer. */
  payment_method: string
  /**
   * An integer in the currency's smallest unit, 1 to 99999999: 1099 is 10.99 USD. `1099.5`,
   * `'1099'` or `NaN` are refused (`InvalidInputError`, param `amount`), never rounded.
   */
  amount: number
  /** A three-letter ISO code (`usd`; any case, sent lower-cased). */
  currency: string
  description?: string
  metadata?: Record<string, string>
  /**
   * Required: your key for this logical charge (an order id, say), up to 200 visible ASCII
   * characters. Running the charge again with it (after a crash, a timeout, a lost response)
   * returns the first outcome and charges nothing twice. It may be given as the request option
   * `idempotencyKey` instead.
   */
  idempotency_key: string
  recovery: Recovery
  /** The kind of off-session payment, which some banks consider (absent: `off_session=true`). */
  off_session?: OffSessionKind
  /** Every other PaymentIntent parameter: `receipt_email`, `capture_method`, `shipping`, … */
  payment_intent_data?: OffSessionPaymentIntentData
}

/** `completeSetup`'s parameters (the core's `CompleteSetup`). */
export interface CompleteSetup {
  /** The customer to attach to when the session had none (else one is created). */
  customer?: string
}

// ------------------------------------------------------------------ results

// Results are Stripe-shaped and keep Stripe's snake_case names, as the core names them; what
// the SDK adds (`lastResponse`, errors' `statusCode`, …) is camelCase, as in stripe-node.

/** `startSetup`'s result. */
export interface SetupStarted {
  /** The customer the card will be saved to, if the session has one. */
  customer_id: string | null
  /** The hosted page to redirect the customer to. */
  url: string | null
  session: WithLastResponse<CheckoutSession>
}

/**
 * A saved card. Each object has the `lastResponse` of the request that brought it, when one
 * did (the session from `completeSetupFromEvent` came in the event).
 */
export interface CompletedSetup {
  customer_id: string
  payment_method_id: string
  session: CheckoutSession
  setup_intent: SetupIntent
  payment_method: PaymentMethod | null
}

/** A paid recovery session (`completeRecovery`). */
export interface CompletedRecovery {
  /** The customer who paid. */
  customer_id: string
  /**
   * The payment method the customer paid with: unless the charge's recovery had
   * `save_payment_method: false`, it is saved to the customer, the one to charge next time.
   */
  payment_method_id: string
  /**
   * The PaymentIntent the customer paid (`succeeded`; it carries the charge's description and
   * metadata). It came expanded inside the session, so it has no `lastResponse` of its own.
   */
  payment_intent: PaymentIntent
  /**
   * The declined PaymentIntent this recovery replaced, when the session names it: cancel it
   * (`paymentIntents.cancel(id, { cancellation_reason: 'abandoned' })`) to close it for good.
   */
  declined_payment_intent_id: string | null
  /** The completed session. */
  session: WithLastResponse<CheckoutSession>
}

/**
 * Paid: the PaymentIntent is `succeeded`. Fulfil the order. Its `lastResponse.idempotentReplayed`
 * says whether this answer replayed an earlier run with the same key.
 */
export interface Succeeded {
  outcome: 'succeeded'
  payment_intent: WithLastResponse<PaymentIntent>
}

/**
 * Accepted, not paid yet: the PaymentIntent is `processing` (bank debits such as ACH, SEPA,
 * Bacs). Do not fulfil yet: wait for the `payment_intent.succeeded` webhook (paid) or
 * `payment_intent.payment_failed` (not paid).
 */
export interface Processing {
  outcome: 'processing'
  payment_intent: WithLastResponse<PaymentIntent>
}

/**
 * Authorized, not collected: the PaymentIntent is `requires_capture`. Capture it (or cancel
 * it) within the authorization window; nothing is collected until you do.
 */
export interface RequiresCapture {
  outcome: 'requires_capture'
  payment_intent: WithLastResponse<PaymentIntent>
}

/**
 * The bank wants the customer to authenticate; nothing was charged. Bring the customer back
 * on-session and confirm the PaymentIntent with its `client_secret` (Stripe.js
 * `handleNextAction` / `confirmPayment`).
 */
export interface RequiresAction {
  outcome: 'requires_action'
  payment_intent: WithLastResponse<PaymentIntent>
}

/**
 * Declined, or authentication required (HTTP 402); nothing was charged. Send the customer to
 * `recovery_session.url` to pay with another card or authenticate; once paid,
 * `completeRecovery(sessionId)` gives the card to charge next time.
 */
export interface NeedsRecovery {
  outcome: 'needs_recovery'
  /** The decline: `code`, `decline_code`, `requestId`, `payment_intent`, `idempotencyKey`. */
  error: CardError
  /**
   * The declined PaymentIntent (now `requires_payment_method`), when Stripe returned it. It came
   * in the decline's body, so it has no `lastResponse`: the decline's is `error.requestId`.
   */
  payment_intent: PaymentIntent | null
  /** A new payment-mode session for the same customer, amount and currency. */
  recovery_session: WithLastResponse<CheckoutSession>
}

/**
 * Declined (HTTP 402), and the recovery session could not be created; nothing was charged.
 * Treat it as declined, and re-run the charge later with the same idempotency key: the
 * decline is replayed (the card is not tried again) and the session is created.
 */
export interface RecoveryFailed {
  outcome: 'recovery_failed'
  /** The decline, as in `needs_recovery`. */
  error: CardError
  /** The declined PaymentIntent, when Stripe returned it. */
  payment_intent: PaymentIntent | null
  /** Why the recovery session could not be created (a StripeError subclass). */
  recovery_error: StripeError
}

/**
 * What an off-session charge did, one case per state the payment can be in; switch on
 * `outcome`. Only `succeeded` means the money was collected.
 */
export type ChargeOutcome = Succeeded | Processing | RequiresCapture | RequiresAction | NeedsRecovery | RecoveryFailed

/** The name of each outcome, identical in every offsession binding. */
export type ChargeOutcomeName = ChargeOutcome['outcome']

/** One page of a Stripe list, as `await client.customers.listPaymentMethods(…)` gives it. */
export interface ApiList<T> extends StripeObject {
  object: 'list'
  /** This page's objects, newest first. */
  data: T[]
  /** Whether more objects follow this page. */
  has_more: boolean
  url: string
}

/**
 * A list call's result, as stripe-node's: await it for one page (with its `lastResponse`), or
 * walk every object of every page with `for await (const pm of …)`, each page fetched when the
 * one before is used up (one request each, with the call's options). Nothing is sent until it
 * is awaited or walked.
 */
export interface ApiListPromise<T> extends PromiseLike<WithLastResponse<ApiList<T>>>, AsyncIterable<T> {
  catch<R = never>(onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<WithLastResponse<ApiList<T>> | R>
  finally(onFinally?: (() => void) | null): Promise<WithLastResponse<ApiList<T>>>
  /** Calls `onItem` with each object of every page, until it returns `false`. */
  autoPagingEach(onItem: (item: T) => void | boolean | Promise<void | boolean>): Promise<void>
  /** The first `limit` objects of every page (`limit` from 1 to 10000). */
  autoPagingToArray(options: { limit: number }): Promise<T[]>
}

/** A raw request's answer: the decoded JSON body, with the response it came in. */
export type RawResponse = Record<string, unknown> & { readonly lastResponse?: LastResponse }

// ------------------------------------------------------------------ client

// Every resource method is one request, takes its parameters (Stripe's, typed by params.d.ts)
// and then stripe-node's request options, and resolves to the object with its `lastResponse`.

export interface Customers {
  create(params?: (CreateCustomer & Expand) | null, options?: RequestOptions): Promise<WithLastResponse<Customer>>
  retrieve(id: string, params?: Expand | null, options?: RequestOptions): Promise<WithLastResponse<Customer>>
  /**
   * Changes only the parameters given (`metadata` is merged; `''` clears a clearable field).
   * `invoice_settings.default_payment_method` chooses the saved card invoices are charged to.
   */
  update(id: string, params?: (UpdateCustomer & Expand) | null, options?: RequestOptions): Promise<WithLastResponse<Customer>>
  /**
   * The customer's saved payment methods: await one page (`limit` 1–100, `type`, a cursor), or
   * `for await` over all of them.
   */
  listPaymentMethods(id: string, params?: (ListCustomerPaymentMethods & Expand) | null, options?: RequestOptions): ApiListPromise<PaymentMethod>
}

export interface CheckoutSessions {
  create(params: CreateCheckoutSession & Expand, options?: RequestOptions): Promise<WithLastResponse<CheckoutSession>>
  /** `{ expand: ['setup_intent'] }` brings the SetupIntent inline. */
  retrieve(id: string, params?: Expand | null, options?: RequestOptions): Promise<WithLastResponse<CheckoutSession>>
  /** Expires an open session: the customer can no longer complete it. */
  expire(id: string, params?: Expand | null, options?: RequestOptions): Promise<WithLastResponse<CheckoutSession>>
}

export interface SetupIntents {
  retrieve(id: string, params?: (RetrieveSetupIntent & Expand) | null, options?: RequestOptions): Promise<WithLastResponse<SetupIntent>>
  update(id: string, params?: (UpdateSetupIntent & Expand) | null, options?: RequestOptions): Promise<WithLastResponse<SetupIntent>>
}

export interface PaymentMethods {
  retrieve(id: string, params?: Expand | null, options?: RequestOptions): Promise<WithLastResponse<PaymentMethod>>
  attach(id: string, params: AttachPaymentMethod & Expand, options?: RequestOptions): Promise<WithLastResponse<PaymentMethod>>
  /** Detaches a saved payment method from its customer: it can no longer be charged. */
  detach(id: string, params?: Expand | null, options?: RequestOptions): Promise<WithLastResponse<PaymentMethod>>
}

export interface PaymentIntents {
  /** Creates a PaymentIntent; with `confirm` and `off_session` it charges a saved card. */
  create(params: CreatePaymentIntent & Expand, options?: RequestOptions): Promise<WithLastResponse<PaymentIntent>>
  retrieve(id: string, params?: (RetrievePaymentIntent & Expand) | null, options?: RequestOptions): Promise<WithLastResponse<PaymentIntent>>
  /**
   * Cancels a PaymentIntent that has not succeeded: after a decline, closes the declined one
   * for good once the customer paid the recovery session (or will not). Stripe refuses a
   * `succeeded` one (`InvalidRequestError`, `code` `payment_intent_unexpected_state`).
   */
  cancel(id: string, params?: (CancelPaymentIntent & Expand) | null, options?: RequestOptions): Promise<WithLastResponse<PaymentIntent>>
}

/**
 * A Stripe client. Every network method returns a Promise; nothing blocks the event loop.
 * Parameters are Stripe's (see the parameters section); a mistyped, missing or unknown one is
 * refused with `InvalidInputError` naming it before anything is sent. Every method takes
 * stripe-node's request options last and an AbortSignal there (`signal`, see
 * `RequestOptions.signal`); every object a call returns has its `lastResponse`.
 */
export declare class Client {
  /**
   * `apiKey` may be `undefined` (an unset `process.env.STRIPE_SECRET_KEY`): that is refused with
   * `InvalidInputError` naming `api_key`, like any other bad key or setting.
   */
  constructor(apiKey: string | undefined, options?: ClientOptions | null)
  readonly customers: Customers
  readonly checkoutSessions: CheckoutSessions
  readonly setupIntents: SetupIntents
  readonly paymentMethods: PaymentMethods
  readonly paymentIntents: PaymentIntents
  /**
   * A client acting for a connected account (`Stripe-Account` on every request, flows
   * included), sharing this one's connections and settings.
   */
  withStripeAccount(account: string): Client
  /**
   * A request to any endpoint of Stripe's API, with this client's retries, idempotency keys and
   * errors: `method` is `'GET'`, `'POST'` or `'DELETE'`, `path` starts with `/v1/`, `params`
   * are form-encoded as every call's are (the body of a POST, the query of a GET). Resolves to
   * the decoded JSON with its `lastResponse`.
   */
  rawRequest(method: 'GET' | 'POST' | 'DELETE', path: string, params?: Record<string, unknown> | null, options?: RequestOptions): Promise<RawResponse>
  /** Steps 1–2: the customer (when asked) and a setup-mode Checkout Session. */
  startSetup(params: StartSetup, options?: FlowOptions): Promise<SetupStarted>
  /**
   * Steps 3b–5 from the session id on the success URL. Rejects with `InvalidStateError` while
   * the customer has not finished the page.
   */
  completeSetup(sessionId: string, params?: CompleteSetup | null, options?: CompleteOptions): Promise<CompletedSetup>
  /** Steps 3a–5 from a verified `checkout.session.completed` event. */
  completeSetupFromEvent(event: Event, params?: CompleteSetup | null, options?: CompleteOptions): Promise<CompletedSetup>
  /**
   * Steps 6–7: charges the saved card off-session and resolves to what happened (see
   * `ChargeOutcome`): a decline resolves to `needs_recovery` (or `recovery_failed`), not a
   * rejection. `idempotency_key` is required, in the parameters or as the `idempotencyKey`
   * option. Rejects for everything else; after a rejection whose outcome is unknown (a
   * connection error, a timeout, a 5xx), call again with the same key (`error.idempotencyKey`).
   */
  chargeOffSession(params: OffSessionCharge, options?: FlowOptions): Promise<ChargeOutcome>
  chargeOffSession(params: Omit<OffSessionCharge, 'idempotency_key'>, options: FlowOptions & { idempotencyKey: string }): Promise<ChargeOutcome>
  /**
   * After the customer paid a recovery session (the `session_id` on the recovery's success URL,
   * or a `checkout.session.completed` event's session): the paid PaymentIntent, the payment
   * method to charge next time, and the declined PaymentIntent to cancel. One request. Rejects
   * with `InvalidStateError` (param `session_id`) while the session is not a paid payment-mode
   * session.
   */
  completeRecovery(sessionId: string, options?: CompleteOptions): Promise<CompletedRecovery>
  toJSON(): { baseUrl: string; stripeVersion: string; maxNetworkRetries: number }
}

export declare const Webhook: {
  readonly DEFAULT_TOLERANCE: number
  /**
   * Verifies `Stripe-Signature` over the raw body; throws `SignatureVerificationError`.
   * `tolerance`: whole seconds, a non-negative integer (default 300; 0 disables the timestamp
   * check). `-1` or `2.5` is refused with `InvalidInputError`, never read as "forever".
   */
  constructEvent(payload: Buffer | Uint8Array | string, sigHeader: string, secret: string, tolerance?: number | bigint): Event
  /** A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests). */
  generateTestHeader(payload: Buffer | Uint8Array | string, secret: string, timestamp?: number | bigint): string
}

/** Test hook: rejects with `APIError` after a panic inside the core. */
export declare function _panicInCoreForTests(): Promise<never>
/** Test hook: the class of each of the core's error kinds. */
export declare const _errorClasses: Readonly<Record<ErrorKind, typeof StripeError>>
