'use strict'
// The public JavaScript API of offsession: a thin layer over the native add-on that turns its
// JSON results into plain objects, its tagged errors into StripeError subclasses, and camelCase
// options into the add-on's parameter objects. No behaviour lives here; it is all in the core.

const { inspect } = require('node:util')
const native = require('./native.cjs')

const TAG = 'offsession:'

/** The Stripe API version every request is pinned to. */
const STRIPE_VERSION = native.STRIPE_VERSION

/** Base of every offsession error; `code` is the stable kind code shared by every binding. */
class StripeError extends Error {
  constructor(shape = {}) {
    super(shape.display || shape.message || 'offsession error')
    this.name = new.target.name
    this.type = new.target.name
    this.code = shape.code
    this.stripeCode = shape.stripe_code ?? null
    this.declineCode = shape.decline_code ?? null
    this.param = shape.param ?? null
    this.statusCode = shape.http_status ?? null
    this.requestId = shape.request_id ?? null
    this.rawMessage = shape.message ?? ''
    this.paymentIntent = shape.payment_intent ?? null
  }
}
class CardError extends StripeError {}
class InvalidRequestError extends StripeError {}
class AuthenticationError extends StripeError {}
class PermissionError extends StripeError {}
class RateLimitError extends StripeError {}
class IdempotencyError extends StripeError {}
class APIError extends StripeError {}
class APIConnectionError extends StripeError {}
class SignatureVerificationError extends StripeError {}
class InvalidInputError extends StripeError {}

const ERROR_CLASSES = {
  card_error: CardError,
  invalid_request_error: InvalidRequestError,
  authentication_error: AuthenticationError,
  permission_error: PermissionError,
  rate_limit_error: RateLimitError,
  idempotency_error: IdempotencyError,
  api_error: APIError,
  api_connection_error: APIConnectionError,
  signature_verification_error: SignatureVerificationError,
  invalid_input: InvalidInputError,
}

function errorFromShape(shape) {
  const Kind = ERROR_CLASSES[shape.code] || APIError
  return new Kind(shape)
}

/** Turns the add-on's tagged rejection into the matching StripeError subclass. */
function convertError(error) {
  const message = error && typeof error.message === 'string' ? error.message : ''
  if (message.startsWith(TAG)) {
    return errorFromShape(JSON.parse(message.slice(TAG.length)))
  }
  if (error instanceof TypeError || (error && error.code === 'InvalidArg')) {
    // napi refused an argument of the wrong type before any request.
    return new InvalidInputError({ code: 'invalid_input', message, display: `invalid_input: ${message}` })
  }
  return error
}

function call(fn) {
  try {
    return fn()
  } catch (error) {
    throw convertError(error)
  }
}

/**
 * Starts a native call and parses its JSON result. Argument errors become a rejected promise,
 * like every other error of an async method.
 */
function request(start, shape = (value) => value) {
  let promise
  try {
    promise = start()
  } catch (error) {
    return Promise.reject(convertError(error))
  }
  return promise.then(
    (json) => shape(JSON.parse(json)),
    (error) => {
      throw convertError(error)
    },
  )
}

/** Refuses option names the API does not have, naming them (typos would be ignored otherwise). */
function only(object, allowed, where) {
  if (object === undefined || object === null) return object
  if (typeof object !== 'object') {
    throw new InvalidInputError({ code: 'invalid_input', param: where, message: `${where} must be an object`, display: `invalid_input: ${where}: must be an object` })
  }
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      const param = where ? `${where}.${key}` : key
      throw new InvalidInputError({
        code: 'invalid_input',
        param,
        message: `unknown parameter ${param} (expected one of ${allowed.join(', ')})`,
        display: `invalid_input: ${param}: unknown parameter`,
      })
    }
  }
  return object
}

const CUSTOMER_PARAMS = ['email', 'name', 'description', 'metadata', 'idempotencyKey']

function toCompletedSetup(raw) {
  return {
    customerId: raw.customer_id,
    paymentMethodId: raw.payment_method_id,
    session: raw.session,
    setupIntent: raw.setup_intent,
    paymentMethod: raw.payment_method ?? null,
  }
}

function toOutcome(raw) {
  if (raw.outcome === 'succeeded') {
    return { outcome: 'succeeded', paymentIntent: raw.payment_intent }
  }
  return {
    outcome: 'needs_recovery',
    error: errorFromShape(raw.error),
    paymentIntent: raw.payment_intent ?? null,
    recoverySession: raw.recovery_session,
  }
}

class Customers {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Creates a customer. */
  create(params = {}) {
    return request(() => this.#native.customersCreate(only(params, CUSTOMER_PARAMS, '')))
  }
  /** Retrieves a customer by id. */
  retrieve(id) {
    return request(() => this.#native.customersRetrieve(id))
  }
}

class CheckoutSessions {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Creates a Checkout Session (`mode: 'setup'` or `'payment'`). */
  create(params) {
    return request(() => {
      only(params, ['mode', 'successUrl', 'currency', 'customer', 'customerEmail', 'cancelUrl', 'lineItems', 'metadata', 'idempotencyKey'], '')
      for (const [index, item] of (params.lineItems || []).entries()) {
        only(item, ['price', 'priceData', 'quantity'], `lineItems[${index}]`)
        only(item.priceData, ['currency', 'unitAmount', 'productData'], `lineItems[${index}].priceData`)
        only(item.priceData && item.priceData.productData, ['name', 'description'], `lineItems[${index}].priceData.productData`)
      }
      return this.#native.checkoutSessionsCreate(params)
    })
  }
  /** Retrieves a session; `{ expand: ['setup_intent'] }` brings the SetupIntent inline. */
  retrieve(id, options = {}) {
    return request(() => this.#native.checkoutSessionsRetrieve(id, only(options, ['expand'], '').expand))
  }
}

class SetupIntents {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Retrieves a SetupIntent. */
  retrieve(id, options = {}) {
    return request(() => this.#native.setupIntentsRetrieve(id, only(options, ['expand'], '').expand))
  }
}

class PaymentMethods {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Retrieves a payment method. */
  retrieve(id) {
    return request(() => this.#native.paymentMethodsRetrieve(id))
  }
  /** Attaches a payment method to a customer. */
  attach(id, params) {
    return request(() => this.#native.paymentMethodsAttach(id, only(params, ['customer', 'idempotencyKey'], '')))
  }
}

class PaymentIntents {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Creates a PaymentIntent; with `confirm` and `offSession` it charges a saved card. */
  create(params) {
    return request(() =>
      this.#native.paymentIntentsCreate(
        only(params, ['amount', 'currency', 'customer', 'paymentMethod', 'offSession', 'confirm', 'description', 'metadata', 'idempotencyKey'], ''),
      ),
    )
  }
  /** Retrieves a PaymentIntent. */
  retrieve(id, options = {}) {
    return request(() => this.#native.paymentIntentsRetrieve(id, only(options, ['expand'], '').expand))
  }
}

/** A Stripe client: every network method returns a Promise; nothing blocks the event loop. */
class Client {
  #native
  constructor(apiKey, options = {}) {
    only(options, ['baseUrl', 'maxRetries', 'stripeVersion', 'timeout', 'connectTimeout', 'stripeAccount', 'headers'], '')
    this.#native = call(() => new native.NativeClient(apiKey, options))
    Object.defineProperties(this, {
      customers: { value: new Customers(this.#native), enumerable: true },
      checkoutSessions: { value: new CheckoutSessions(this.#native), enumerable: true },
      setupIntents: { value: new SetupIntents(this.#native), enumerable: true },
      paymentMethods: { value: new PaymentMethods(this.#native), enumerable: true },
      paymentIntents: { value: new PaymentIntents(this.#native), enumerable: true },
    })
  }

  /** Steps 1–2: creates the customer when asked, then a setup-mode Checkout Session. */
  startSetup(params) {
    return request(() => {
      only(params, ['currency', 'successUrl', 'cancelUrl', 'customer', 'newCustomer', 'metadata', 'idempotencyKey'], '')
      only(params.newCustomer, ['email', 'name', 'description', 'metadata'], 'newCustomer')
      return this.#native.startSetup(params)
    }, (raw) => ({
      customerId: raw.customer_id ?? null,
      url: raw.url ?? null,
      session: raw.session,
    }))
  }

  /** Steps 3b–5 from the session id on the success URL. */
  completeSetup(sessionId, options = {}) {
    return request(() => this.#native.completeSetup(sessionId, only(options, ['customer'], '')), toCompletedSetup)
  }

  /** Steps 3a–5 from a verified `checkout.session.completed` event. */
  completeSetupFromEvent(event, options = {}) {
    return request(
      () => this.#native.completeSetupFromEvent(JSON.stringify(event), only(options, ['customer'], '')),
      toCompletedSetup,
    )
  }

  /**
   * Steps 6–7: charges the saved card off-session. Resolves to `{ outcome: 'succeeded' }` or
   * `{ outcome: 'needs_recovery', error, paymentIntent, recoverySession }`. With
   * `idempotencyKey`, a re-run never charges twice.
   */
  chargeOffSession(params) {
    return request(() => {
      only(params, ['customer', 'paymentMethod', 'amount', 'currency', 'recovery', 'description', 'metadata', 'idempotencyKey'], '')
      only(params.recovery, ['productName', 'successUrl', 'cancelUrl'], 'recovery')
      return this.#native.chargeOffSession(params)
    }, toOutcome)
  }

  [inspect.custom]() {
    const n = this.#native
    return `Client { baseUrl: '${n.baseUrl}', stripeVersion: '${n.stripeVersion}', maxRetries: ${n.maxRetries} }`
  }

  toJSON() {
    return { baseUrl: this.#native.baseUrl, stripeVersion: this.#native.stripeVersion, maxRetries: this.#native.maxRetries }
  }
}

/** Webhook verification over the raw request body. */
const Webhook = Object.freeze({
  DEFAULT_TOLERANCE: 300,
  /** Verifies `sigHeader` over the raw `payload` (Buffer or string) and returns the event. */
  constructEvent(payload, sigHeader, secret, tolerance = 300) {
    return JSON.parse(call(() => native.constructEvent(payload, sigHeader, secret, tolerance)))
  },
  /** A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests). */
  generateTestHeader(payload, secret, timestamp) {
    return call(() => native.generateTestHeader(payload, secret, timestamp))
  },
})

/** Test hook: a call that panics inside the core. Resolves never; rejects with APIError. */
function _panicInCoreForTests() {
  return request(() => native._panicInCoreForTests())
}

module.exports = {
  Client,
  Webhook,
  StripeError,
  CardError,
  InvalidRequestError,
  AuthenticationError,
  PermissionError,
  RateLimitError,
  IdempotencyError,
  APIError,
  APIConnectionError,
  SignatureVerificationError,
  InvalidInputError,
  STRIPE_VERSION,
  _panicInCoreForTests,
}
