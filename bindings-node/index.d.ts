// Type definitions for offsession (hand-written, committed, checked by `tsc --noEmit --strict`).

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

/** Why a PaymentIntent was canceled (`paymentIntents.cancel`). */
export type CancellationReason = 'abandoned' | 'duplicate' | 'fraudulent' | 'requested_by_customer'

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
  /** The class name, e.g. `'CardError'` (stripe-node's `err.type` is `'StripeCardError'`). */
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
  /** The message alone (`message` adds the kind, code and request id). */
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

/**
 * Every number is taken exactly or refused with `InvalidInputError` naming it: nothing is
 * rounded, truncated or wrapped (`1099.5`, `NaN`, `'1099'`, `true` or `2**53` for an integer
 * are refused, before anything is sent). Integers may also be given as a `bigint`.
 */
export interface ClientOptions {
  /** `https://…`, or `http://` on a loopback host. Default `https://api.stripe.com`. */
  baseUrl?: string
  /** Retries of a retryable failure: an integer from 0 to 10 (default 2). */
  maxRetries?: number
  /** Overrides the pinned Stripe-Version. */
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
 * stripe-node's request options, the argument after a method's parameters. A key given both
 * here and in the parameters must be the same key.
 */
export interface RequestOptions {
  /** Makes a retry or re-run return the first result instead of applying the call twice. */
  idempotencyKey?: string
  /** Acts for this connected account for this call (`Stripe-Account`), whatever the client's. */
  stripeAccount?: string
  /**
   * Stops waiting for the call, as fetch takes a signal (`new AbortController().signal`,
   * `AbortSignal.timeout(ms)`). When it aborts, the promise rejects at once with `AbortError`;
   * an already-aborted signal rejects before anything is sent. Then, by the call:
   *
   * - a resource call (`customers.create`, `paymentIntents.retrieve`, …: one request) is
   *   cancelled where it stands: the request is dropped and its connection closed. It may or
   *   may not have reached Stripe; sending it again with the same `idempotencyKey` is safe.
   * - a flow call (`startSetup`, `completeSetup`, `completeSetupFromEvent`,
   *   `chargeOffSession`, `completeRecovery`) runs to its end, detached, so a charge is never
   *   left between its PaymentIntent and its recovery session. Node stays alive until it ends.
   *   Its outcome stays in Stripe: call again with the same `idempotencyKey` to get it. If the
   *   process exits first (`process.exit()`, a signal), the flow stops where it stood, and the
   *   same re-run completes it.
   */
  signal?: AbortSignal | null
}

/**
 * The request options of calls that take no key: reads, and `completeSetup` /
 * `completeSetupFromEvent` / `completeRecovery`, whose requests carry keys derived from the
 * objects they complete, so calling them again is already safe.
 */
export interface ReadRequestOptions {
  /** Acts for this connected account for this call (`Stripe-Account`), whatever the client's. */
  stripeAccount?: string
  /** Stops waiting for the call: see `RequestOptions.signal`. */
  signal?: AbortSignal | null
  idempotencyKey?: never
}

export interface CustomerCreateParams {
  email?: string
  name?: string
  description?: string
  metadata?: Metadata
  idempotencyKey?: string
}

export interface LineItemParams {
  price?: string
  /** `unitAmount`: an integer in the currency's smallest unit (`line_items[i][price_data][unit_amount]`). */
  priceData?: { currency: string; unitAmount: number | bigint; productData: { name: string; description?: string } }
  /** An integer, at least 1 (default 1). */
  quantity?: number | bigint
}

export interface CheckoutSessionCreateParams {
  mode: 'setup' | 'payment' | 'subscription'
  successUrl: string
  currency?: string
  customer?: string
  customerEmail?: string
  cancelUrl?: string
  lineItems?: LineItemParams[]
  metadata?: Metadata
  idempotencyKey?: string
}

export interface PaymentIntentCreateParams {
  /** An integer in the currency's smallest unit: 1099 is 10.99 USD (never 10.99). */
  amount: number | bigint
  currency: string
  customer?: string
  paymentMethod?: string
  offSession?: boolean
  confirm?: boolean
  description?: string
  metadata?: Metadata
  idempotencyKey?: string
}

export interface PaymentIntentCancelParams {
  /** Why it is canceled: `abandoned` for a declined charge whose customer paid another way. */
  cancellationReason?: CancellationReason
  idempotencyKey?: string
}

export interface ExpandOptions {
  expand?: string[]
}

export interface StartSetupParams {
  currency: string
  /** Add `{CHECKOUT_SESSION_ID}` to receive the session id. */
  successUrl: string
  cancelUrl?: string
  /** An existing customer to save the card to. */
  customer?: string
  /** A customer to create first. */
  newCustomer?: Omit<CustomerCreateParams, 'idempotencyKey'>
  metadata?: Metadata
  idempotencyKey?: string
}

export interface CompleteSetupOptions {
  /** The customer to attach to when the session had none (else one is created). */
  customer?: string
}

export interface Recovery {
  /** The line item's name on the recovery page. */
  productName: string
  /** An absolute `http(s)://` URL, checked before the card is charged. */
  successUrl: string
  /** An absolute `http(s)://` URL, checked before the card is charged. */
  cancelUrl?: string
  /** Saves the payment method the customer pays with for the next off-session charge (default true). */
  savePaymentMethod?: boolean
  /** When the session stops accepting payment, Unix seconds (30 minutes to 24 hours ahead). */
  expiresAt?: number | bigint
  /** Your reference for the session (an order or cart id), up to 200 characters. */
  clientReferenceId?: string
}

export interface ChargeParams {
  customer: string
  paymentMethod: string
  /**
   * An integer in the currency's smallest unit, 1 to 99999999: 1099 is 10.99 USD. `1099.5`,
   * `'1099'` or `NaN` are refused (`InvalidInputError`, param `amount`), never rounded.
   */
  amount: number | bigint
  /** A three-letter ISO code (`usd`; any case, sent lower-cased). */
  currency: string
  recovery: Recovery
  description?: string
  metadata?: Metadata
  /**
   * Required: your key for this logical charge (an order id, say), up to 200 visible ASCII
   * characters. Running the charge again with it (after a crash, a timeout, a lost response)
   * returns the first outcome and charges nothing twice. It may be given in the request
   * options instead (`chargeOffSession(params, { idempotencyKey })`).
   */
  idempotencyKey: string
}

// ------------------------------------------------------------------ results

export interface SetupStarted {
  customerId: string | null
  /** The hosted page to redirect the customer to. */
  url: string | null
  session: WithLastResponse<CheckoutSession>
}

/**
 * A saved card. Each object has the `lastResponse` of the request that brought it, when one
 * did (the session from `completeSetupFromEvent` came in the event).
 */
export interface CompletedSetup {
  customerId: string
  paymentMethodId: string
  session: CheckoutSession
  setupIntent: SetupIntent
  paymentMethod: PaymentMethod | null
}

/** A paid recovery session (`completeRecovery`). */
export interface CompletedRecovery {
  /** The customer who paid. */
  customerId: string
  /**
   * The payment method the customer paid with: unless the charge's recovery had
   * `savePaymentMethod: false`, it is saved to the customer, the one to charge next time.
   */
  paymentMethodId: string
  /**
   * The PaymentIntent the customer paid (`succeeded`; it carries the charge's description and
   * metadata). It came expanded inside the session, so it has no `lastResponse` of its own.
   */
  paymentIntent: PaymentIntent
  /**
   * The declined PaymentIntent this recovery replaced, when the session names it: cancel it
   * (`paymentIntents.cancel(id, { cancellationReason: 'abandoned' })`) to close it for good.
   */
  declinedPaymentIntentId: string | null
  /** The completed session. */
  session: WithLastResponse<CheckoutSession>
}

/**
 * Paid: the PaymentIntent is `succeeded`. Fulfil the order. Its `lastResponse.idempotentReplayed`
 * says whether this answer replayed an earlier run with the same key.
 */
export interface Succeeded {
  outcome: 'succeeded'
  paymentIntent: WithLastResponse<PaymentIntent>
}

/**
 * Accepted, not paid yet: the PaymentIntent is `processing` (bank debits such as ACH, SEPA,
 * Bacs). Do not fulfil yet: wait for the `payment_intent.succeeded` webhook (paid) or
 * `payment_intent.payment_failed` (not paid).
 */
export interface Processing {
  outcome: 'processing'
  paymentIntent: WithLastResponse<PaymentIntent>
}

/**
 * Authorized, not collected: the PaymentIntent is `requires_capture`. Capture it (or cancel
 * it) within the authorization window; nothing is collected until you do.
 */
export interface RequiresCapture {
  outcome: 'requires_capture'
  paymentIntent: WithLastResponse<PaymentIntent>
}

/**
 * The bank wants the customer to authenticate; nothing was charged. Bring the customer back
 * on-session and confirm the PaymentIntent with its `client_secret` (Stripe.js
 * `handleNextAction` / `confirmPayment`).
 */
export interface RequiresAction {
  outcome: 'requires_action'
  paymentIntent: WithLastResponse<PaymentIntent>
}

/**
 * Declined, or authentication required (HTTP 402); nothing was charged. Send the customer to
 * `recoverySession.url` to pay with another card or authenticate; once paid,
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
  paymentIntent: PaymentIntent | null
  /** A new payment-mode session for the same customer, amount and currency. */
  recoverySession: WithLastResponse<CheckoutSession>
}

/**
 * Declined (HTTP 402), and the recovery session could not be created; nothing was charged.
 * Treat it as declined, and re-run the charge later with the same `idempotencyKey`: the
 * decline is replayed (the card is not tried again) and the session is created.
 */
export interface RecoveryFailed {
  outcome: 'recovery_failed'
  /** The decline, as in `needs_recovery`. */
  error: CardError
  /** The declined PaymentIntent, when Stripe returned it. */
  paymentIntent: PaymentIntent | null
  /** Why the recovery session could not be created (a StripeError subclass). */
  recoveryError: StripeError
}

/**
 * What an off-session charge did, one case per state the payment can be in; switch on
 * `outcome`. Only `succeeded` means the money was collected.
 */
export type ChargeOutcome = Succeeded | Processing | RequiresCapture | RequiresAction | NeedsRecovery | RecoveryFailed

/** The name of each outcome, identical in every offsession binding. */
export type ChargeOutcomeName = ChargeOutcome['outcome']

// ------------------------------------------------------------------ client

/** A retrieve that takes no parameters (pass `{}`, `null` or `undefined` before options). */
export type NoParams = Record<string, never> | null

// Every method takes stripe-node's request options after its parameters.

// Each resource method is one request: the object it resolves to has its `lastResponse`.

export interface Customers {
  create(params?: CustomerCreateParams | null, options?: RequestOptions): Promise<WithLastResponse<Customer>>
  retrieve(id: string, params?: NoParams, options?: ReadRequestOptions): Promise<WithLastResponse<Customer>>
}

export interface CheckoutSessions {
  create(params: CheckoutSessionCreateParams, options?: RequestOptions): Promise<WithLastResponse<CheckoutSession>>
  retrieve(id: string, params?: ExpandOptions | null, options?: ReadRequestOptions): Promise<WithLastResponse<CheckoutSession>>
}

export interface SetupIntents {
  retrieve(id: string, params?: ExpandOptions | null, options?: ReadRequestOptions): Promise<WithLastResponse<SetupIntent>>
}

export interface PaymentMethods {
  retrieve(id: string, params?: NoParams, options?: ReadRequestOptions): Promise<WithLastResponse<PaymentMethod>>
  attach(id: string, params: { customer: string; idempotencyKey?: string }, options?: RequestOptions): Promise<WithLastResponse<PaymentMethod>>
}

export interface PaymentIntents {
  create(params: PaymentIntentCreateParams, options?: RequestOptions): Promise<WithLastResponse<PaymentIntent>>
  retrieve(id: string, params?: ExpandOptions | null, options?: ReadRequestOptions): Promise<WithLastResponse<PaymentIntent>>
  /**
   * Cancels a PaymentIntent that has not succeeded: after a decline, closes the declined one
   * for good once the customer paid the recovery session (or will not). Stripe refuses a
   * `succeeded` one (`InvalidRequestError`, `code` `payment_intent_unexpected_state`).
   */
  cancel(id: string, params?: PaymentIntentCancelParams | null, options?: RequestOptions): Promise<WithLastResponse<PaymentIntent>>
}

/**
 * A Stripe client. Every network method returns a Promise; nothing blocks the event loop.
 * A missing or mistyped argument, an unknown key or an inexact number is refused with
 * `InvalidInputError` naming the parameter (as Stripe names it: `amount`,
 * `recovery.success_url`, `line_items[0][price_data][unit_amount]`) before anything is sent.
 * Every method takes stripe-node's request options last (`{ idempotencyKey, stripeAccount }`)
 * and an AbortSignal there (`signal`, see `RequestOptions.signal`); every object a call
 * returns has its `lastResponse` (see `LastResponse`).
 */
export declare class Client {
  /**
   * Throws `InvalidInputError` for a bad key (param `api_key`, also when it is `undefined`
   * because an environment variable is unset) or bad options.
   */
  /**
   * `apiKey` may be `undefined` (an unset `process.env.STRIPE_SECRET_KEY`): that is refused with
   * `InvalidInputError` naming `api_key`, like any other bad value.
   */
  constructor(apiKey: string | undefined, options?: ClientOptions | null)
  readonly customers: Customers
  readonly checkoutSessions: CheckoutSessions
  readonly setupIntents: SetupIntents
  readonly paymentMethods: PaymentMethods
  readonly paymentIntents: PaymentIntents
  /** Steps 1–2: the customer (when asked) and a setup-mode Checkout Session. */
  startSetup(params: StartSetupParams, options?: RequestOptions): Promise<SetupStarted>
  /**
   * Steps 3b–5 from the session id on the success URL. Rejects with `InvalidStateError` while
   * the customer has not finished the page.
   */
  completeSetup(sessionId: string, setup?: CompleteSetupOptions | null, options?: ReadRequestOptions): Promise<CompletedSetup>
  /** Steps 3a–5 from a verified `checkout.session.completed` event. */
  completeSetupFromEvent(event: Event, setup?: CompleteSetupOptions | null, options?: ReadRequestOptions): Promise<CompletedSetup>
  /**
   * Steps 6–7: charges the saved card off-session and resolves to what happened (see
   * `ChargeOutcome`): a decline resolves to `needs_recovery` (or `recovery_failed`), not a
   * rejection. `idempotencyKey` is required, in the parameters or the request options.
   * Rejects for everything else; after a rejection whose outcome is unknown (a connection
   * error, a timeout, a 5xx), call again with the same key (`error.idempotencyKey`).
   */
  chargeOffSession(params: ChargeParams, options?: RequestOptions): Promise<ChargeOutcome>
  chargeOffSession(params: Omit<ChargeParams, 'idempotencyKey'>, options: RequestOptions & { idempotencyKey: string }): Promise<ChargeOutcome>
  /**
   * After the customer paid a recovery session (the `session_id` on the recovery's success URL,
   * or a `checkout.session.completed` event's session): the paid PaymentIntent, the payment
   * method to charge next time, and the declined PaymentIntent to cancel. One request. Rejects
   * with `InvalidStateError` (param `session_id`) while the session is not a paid payment-mode
   * session.
   */
  completeRecovery(sessionId: string, options?: ReadRequestOptions): Promise<CompletedRecovery>
  toJSON(): { baseUrl: string; stripeVersion: string; maxRetries: number }
}

export declare const Webhook: {
  readonly DEFAULT_TOLERANCE: number
  /**
   * Verifies `Stripe-Signature` over the raw body; throws `SignatureVerificationError`.
   * `tolerance`: whole seconds, a non-negative integer (default 300; 0 disables the timestamp
   * check). `-1` or `2.5` is refused with `InvalidInputError`, never read as "forever".
   */
  constructEvent(payload: Buffer | string, sigHeader: string, secret: string, tolerance?: number | bigint): Event
  /** A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests). */
  generateTestHeader(payload: Buffer | string, secret: string, timestamp?: number | bigint): string
}

/** Test hook: rejects with `APIError` after a panic inside the core. */
export declare function _panicInCoreForTests(): Promise<never>
/** Test hook: the class of each of the core's error kinds. */
export declare const _errorClasses: Readonly<Record<ErrorKind, typeof StripeError>>
