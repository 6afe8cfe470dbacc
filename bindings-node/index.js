'use strict'
// The public JavaScript API of offsession: a thin layer over the native add-on that turns its
// JSON results into plain objects and its tagged errors into StripeError subclasses. Arguments
// go to the add-on as given: it checks them (src/input.rs) and refuses a missing, mistyped or
// inexact value, or an unknown key, as InvalidInputError naming the parameter. No behaviour
// lives here but refusing surplus arguments, which the add-on does not see.

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
    /** The Idempotency-Key of the POST that failed (a flow's: the caller's key), else null. */
    this.idempotencyKey = shape.idempotency_key ?? null
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
class InvalidStateError extends StripeError {}

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
  invalid_state: InvalidStateError,
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
  if (error && NAPI_CONVERSION_CODES.has(error.code)) {
    // napi itself refused a value. The add-on reads every argument as it was given and names
    // the parameter, so this is a safety net, not the way arguments are checked.
    return new InvalidInputError({ code: 'invalid_input', message, display: `invalid_input: ${message}` })
  }
  return error
}

/** napi's status codes for a value it could not convert. */
const NAPI_CONVERSION_CODES = new Set([
  'InvalidArg', 'ObjectExpected', 'StringExpected', 'NameExpected', 'FunctionExpected',
  'NumberExpected', 'BooleanExpected', 'ArrayExpected', 'BigintExpected',
])

/** An InvalidInputError made here, shaped as the core shapes its own. */
function invalidInput(param, message) {
  return new InvalidInputError({ code: 'invalid_input', param, message: `${param}: ${message}`, display: `invalid_input: ${param}: ${message}` })
}

/**
 * Refuses arguments after the last one a method takes (a trailing `undefined` says nothing and
 * is let through): they would be silently ignored otherwise.
 */
function noMore(extra, method, takes) {
  if (extra.some((value) => value !== undefined)) {
    throw invalidInput('arguments', `${method} takes ${takes}; it was given ${extra.length} more`)
  }
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

function toCompletedSetup(raw) {
  return {
    customerId: raw.customer_id,
    paymentMethodId: raw.payment_method_id,
    session: raw.session,
    setupIntent: raw.setup_intent,
    paymentMethod: raw.payment_method ?? null,
  }
}

/** The charge outcome, named as in the core (`outcome.name()`), with camelCase keys. */
function toOutcome(raw) {
  switch (raw.outcome) {
    case 'needs_recovery':
      return {
        outcome: raw.outcome,
        error: errorFromShape(raw.error),
        paymentIntent: raw.payment_intent ?? null,
        recoverySession: raw.recovery_session,
      }
    case 'recovery_failed':
      return {
        outcome: raw.outcome,
        error: errorFromShape(raw.error),
        paymentIntent: raw.payment_intent ?? null,
        recoveryError: errorFromShape(raw.recovery_error),
      }
    default:
      // succeeded, processing, requires_capture, requires_action
      return { outcome: raw.outcome, paymentIntent: raw.payment_intent }
  }
}

// Every method takes stripe-node's request options last: `{ idempotencyKey, stripeAccount }`.
// A key in the options and one in the parameters must be the same; reads take no key.

class Customers {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Creates a customer. */
  create(params, options, ...extra) {
    return request(() => {
      noMore(extra, 'customers.create', '(params, options)')
      return this.#native.customersCreate(params, options)
    })
  }
  /** Retrieves a customer by id. */
  retrieve(id, params, options, ...extra) {
    return request(() => {
      noMore(extra, 'customers.retrieve', '(id, params, options)')
      return this.#native.customersRetrieve(id, params, options)
    })
  }
}

class CheckoutSessions {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Creates a Checkout Session (`mode: 'setup'` or `'payment'`). */
  create(params, options, ...extra) {
    return request(() => {
      noMore(extra, 'checkoutSessions.create', '(params, options)')
      return this.#native.checkoutSessionsCreate(params, options)
    })
  }
  /** Retrieves a session; `{ expand: ['setup_intent'] }` brings the SetupIntent inline. */
  retrieve(id, params, options, ...extra) {
    return request(() => {
      noMore(extra, 'checkoutSessions.retrieve', '(id, params, options)')
      return this.#native.checkoutSessionsRetrieve(id, params, options)
    })
  }
}

class SetupIntents {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Retrieves a SetupIntent. */
  retrieve(id, params, options, ...extra) {
    return request(() => {
      noMore(extra, 'setupIntents.retrieve', '(id, params, options)')
      return this.#native.setupIntentsRetrieve(id, params, options)
    })
  }
}

class PaymentMethods {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Retrieves a payment method. */
  retrieve(id, params, options, ...extra) {
    return request(() => {
      noMore(extra, 'paymentMethods.retrieve', '(id, params, options)')
      return this.#native.paymentMethodsRetrieve(id, params, options)
    })
  }
  /** Attaches a payment method to a customer. */
  attach(id, params, options, ...extra) {
    return request(() => {
      noMore(extra, 'paymentMethods.attach', '(id, params, options)')
      return this.#native.paymentMethodsAttach(id, params, options)
    })
  }
}

class PaymentIntents {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Creates a PaymentIntent; with `confirm` and `offSession` it charges a saved card. */
  create(params, options, ...extra) {
    return request(() => {
      noMore(extra, 'paymentIntents.create', '(params, options)')
      return this.#native.paymentIntentsCreate(params, options)
    })
  }
  /** Retrieves a PaymentIntent. */
  retrieve(id, params, options, ...extra) {
    return request(() => {
      noMore(extra, 'paymentIntents.retrieve', '(id, params, options)')
      return this.#native.paymentIntentsRetrieve(id, params, options)
    })
  }
}

/** A Stripe client: every network method returns a Promise; nothing blocks the event loop. */
class Client {
  #native
  constructor(apiKey, options, ...extra) {
    call(() => noMore(extra, 'new Client', '(apiKey, options)'))
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
  startSetup(params, options, ...extra) {
    return request(() => {
      noMore(extra, 'startSetup', '(params, options)')
      return this.#native.startSetup(params, options)
    }, (raw) => ({
      customerId: raw.customer_id ?? null,
      url: raw.url ?? null,
      session: raw.session,
    }))
  }

  /** Steps 3b–5 from the session id on the success URL. */
  completeSetup(sessionId, setup, options, ...extra) {
    return request(() => {
      noMore(extra, 'completeSetup', '(sessionId, { customer }, options)')
      return this.#native.completeSetup(sessionId, setup, options)
    }, toCompletedSetup)
  }

  /** Steps 3a–5 from a verified `checkout.session.completed` event. */
  completeSetupFromEvent(event, setup, options, ...extra) {
    return request(() => {
      noMore(extra, 'completeSetupFromEvent', '(event, { customer }, options)')
      return this.#native.completeSetupFromEvent(event, setup, options)
    }, toCompletedSetup)
  }

  /**
   * Steps 6–7: charges the saved card off-session. `idempotencyKey` is required (in the
   * parameters or the options): a re-run with it never charges twice. Resolves to one of
   * `succeeded`, `processing`, `requires_capture`, `requires_action`, `needs_recovery`,
   * `recovery_failed` (see index.d.ts for what to do with each).
   */
  chargeOffSession(params, options, ...extra) {
    return request(() => {
      noMore(extra, 'chargeOffSession', '(params, options)')
      return this.#native.chargeOffSession(params, options)
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
  /**
   * Verifies `sigHeader` over the raw `payload` (Buffer or string) and returns the event.
   * `tolerance`: whole seconds, default 300, 0 disables the timestamp check.
   */
  constructEvent(payload, sigHeader, secret, tolerance, ...extra) {
    return JSON.parse(call(() => {
      noMore(extra, 'Webhook.constructEvent', '(payload, sigHeader, secret, tolerance)')
      return native.constructEvent(payload, sigHeader, secret, tolerance)
    }))
  },
  /** A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests). */
  generateTestHeader(payload, secret, timestamp, ...extra) {
    return call(() => {
      noMore(extra, 'Webhook.generateTestHeader', '(payload, secret, timestamp)')
      return native.generateTestHeader(payload, secret, timestamp)
    })
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
  InvalidStateError,
  STRIPE_VERSION,
  _panicInCoreForTests,
}
