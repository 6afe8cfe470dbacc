// Type definitions for offsession (hand-written, committed, checked by `tsc --noEmit --strict`).

/** The Stripe API version every request is pinned to. */
export declare const STRIPE_VERSION: string

// ------------------------------------------------------------------ Stripe objects

/** Fields Stripe sends that these types do not list are still there. */
export interface StripeObject {
  object: string
  [field: string]: unknown
}

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
  latest_charge: string | null
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

/** Base of every offsession error. `code` is the stable kind code shared by every binding. */
export declare class StripeError extends Error {
  /** The class name, e.g. `'CardError'`. */
  readonly type: string
  readonly code: ErrorCode
  /** Stripe's own code: `card_declined`, `authentication_required`, `resource_missing`, … */
  readonly stripeCode: string | null
  readonly declineCode: string | null
  readonly param: string | null
  readonly statusCode: number | null
  readonly requestId: string | null
  /** Stripe's message alone (`message` adds the code and request id). */
  readonly rawMessage: string
  readonly paymentIntent: PaymentIntent | null
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
export declare class InvalidInputError extends StripeError {}

export type ErrorCode =
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

// ------------------------------------------------------------------ parameters

export interface ClientOptions {
  /** `https://…`, or `http://` on a loopback host. Default `https://api.stripe.com`. */
  baseUrl?: string
  /** Retries of a retryable failure (default 2, at most 10). */
  maxRetries?: number
  /** Overrides the pinned Stripe-Version. */
  stripeVersion?: string
  /** Milliseconds for one whole attempt (default 80000). */
  timeout?: number
  /** Milliseconds to establish a connection (default 30000). */
  connectTimeout?: number
  /** Acts for a connected account (`Stripe-Account`). */
  stripeAccount?: string
  /** Headers sent with every request, for routing through your own backend; one named
   * `Authorization` replaces the default. Values are never printed. */
  headers?: Record<string, string>
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
  priceData?: { currency: string; unitAmount: number; productData: { name: string; description?: string } }
  quantity?: number
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
  amount: number
  currency: string
  customer?: string
  paymentMethod?: string
  offSession?: boolean
  confirm?: boolean
  description?: string
  metadata?: Metadata
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
  successUrl: string
  cancelUrl?: string
}

export interface ChargeParams {
  customer: string
  paymentMethod: string
  /** In the currency's smallest unit: 1099 is 10.99 USD. */
  amount: number
  currency: string
  recovery: Recovery
  description?: string
  metadata?: Metadata
  /** Your key for this logical charge: a re-run never charges twice. */
  idempotencyKey?: string
}

// ------------------------------------------------------------------ results

export interface SetupStarted {
  customerId: string | null
  /** The hosted page to redirect the customer to. */
  url: string | null
  session: CheckoutSession
}

export interface CompletedSetup {
  customerId: string
  paymentMethodId: string
  session: CheckoutSession
  setupIntent: SetupIntent
  paymentMethod: PaymentMethod | null
}

export interface Succeeded {
  outcome: 'succeeded'
  paymentIntent: PaymentIntent
}

export interface NeedsRecovery {
  outcome: 'needs_recovery'
  error: CardError
  paymentIntent: PaymentIntent | null
  /** Send the customer to `recoverySession.url`. */
  recoverySession: CheckoutSession
}

export type ChargeOutcome = Succeeded | NeedsRecovery

// ------------------------------------------------------------------ client

export interface Customers {
  create(params?: CustomerCreateParams): Promise<Customer>
  retrieve(id: string): Promise<Customer>
}

export interface CheckoutSessions {
  create(params: CheckoutSessionCreateParams): Promise<CheckoutSession>
  retrieve(id: string, options?: ExpandOptions): Promise<CheckoutSession>
}

export interface SetupIntents {
  retrieve(id: string, options?: ExpandOptions): Promise<SetupIntent>
}

export interface PaymentMethods {
  retrieve(id: string): Promise<PaymentMethod>
  attach(id: string, params: { customer: string; idempotencyKey?: string }): Promise<PaymentMethod>
}

export interface PaymentIntents {
  create(params: PaymentIntentCreateParams): Promise<PaymentIntent>
  retrieve(id: string, options?: ExpandOptions): Promise<PaymentIntent>
}

/** A Stripe client. Every network method returns a Promise; nothing blocks the event loop. */
export declare class Client {
  /** Throws `InvalidInputError` for a bad key or base URL. */
  constructor(apiKey: string, options?: ClientOptions)
  readonly customers: Customers
  readonly checkoutSessions: CheckoutSessions
  readonly setupIntents: SetupIntents
  readonly paymentMethods: PaymentMethods
  readonly paymentIntents: PaymentIntents
  /** Steps 1–2: the customer (when asked) and a setup-mode Checkout Session. */
  startSetup(params: StartSetupParams): Promise<SetupStarted>
  /** Steps 3b–5 from the session id on the success URL. */
  completeSetup(sessionId: string, options?: CompleteSetupOptions): Promise<CompletedSetup>
  /** Steps 3a–5 from a verified `checkout.session.completed` event. */
  completeSetupFromEvent(event: Event, options?: CompleteSetupOptions): Promise<CompletedSetup>
  /** Steps 6–7: charge off-session; a decline resolves to `needs_recovery`, not a rejection. */
  chargeOffSession(params: ChargeParams): Promise<ChargeOutcome>
  toJSON(): { baseUrl: string; stripeVersion: string; maxRetries: number }
}

export declare const Webhook: {
  readonly DEFAULT_TOLERANCE: number
  /** Verifies `Stripe-Signature` over the raw body; throws `SignatureVerificationError`. */
  constructEvent(payload: Buffer | string, sigHeader: string, secret: string, tolerance?: number): Event
  /** A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests). */
  generateTestHeader(payload: Buffer | string, secret: string, timestamp?: number): string
}

/** Test hook: rejects with `APIError` after a panic inside the core. */
export declare function _panicInCoreForTests(): Promise<never>
