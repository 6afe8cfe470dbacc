'use strict'
// The public JavaScript API of offsession: a thin layer over the native add-on that turns its
// JSON results into plain objects and its tagged errors into StripeError subclasses. Arguments
// go to the add-on as given: it checks them (src/input.rs) and refuses a missing, mistyped or
// inexact value, or an unknown key, as InvalidInputError naming the parameter. What lives here:
// refusing surplus arguments, which the add-on does not see; setting each returned object's
// `lastResponse` (non-enumerable, as stripe-node does); and honouring `options.signal`, an
// AbortSignal, through the add-on's driver (src/cancel.rs, src/event_loop.rs).

const { inspect } = require('node:util')
const native = require('./native.cjs')

const TAG = 'offsession:'

/** The Stripe API version every request is pinned to. */
const STRIPE_VERSION = native.STRIPE_VERSION

/**
 * The core's error fields (`offsession::ErrorShape`, as src/errors.rs sends them) → the
 * properties of a StripeError, named as stripe-node names them: a field of Stripe's error
 * object keeps Stripe's snake_case name (`code`, `decline_code`, `param`, `doc_url`,
 * `payment_intent`, …); what the SDK adds is camelCase (`statusCode`, `requestId`,
 * `userMessage`, `idempotencyKey`, …). Besides these: `type` (the class name), `raw` (the
 * body's `error` object, from `json_body`), `retryable`, `message` (the one-line text, from
 * `display`) and `rawMessage` (the message alone, from `message`).
 */
const ERROR_PROPERTIES = {
  kind: 'kind',
  type: 'rawType',
  code: 'code',
  decline_code: 'decline_code',
  param: 'param',
  doc_url: 'doc_url',
  advice_code: 'advice_code',
  network_decline_code: 'network_decline_code',
  charge: 'charge',
  payment_intent: 'payment_intent',
  setup_intent: 'setup_intent',
  payment_method: 'payment_method',
  http_status: 'statusCode',
  request_id: 'requestId',
  headers: 'headers',
  idempotency_key: 'idempotencyKey',
  user_message: 'userMessage',
  should_retry: 'shouldRetry',
}

/**
 * Base of every offsession error, with stripe-node's property names: `code` is Stripe's code
 * (`card_declined`), `type` the class name; `kind` is this SDK's stable classification, the
 * same string in every language (`card_error`, `invalid_input`, …).
 */
class StripeError extends Error {
  constructor(shape = {}) {
    super(shape.display || shape.message || 'offsession error')
    this.name = new.target.name
    /** The class name ('CardError'), as stripe-node's `err.type` ('StripeCardError'). */
    this.type = new.target.name
    for (const [field, property] of Object.entries(ERROR_PROPERTIES)) {
      this[property] = shape[field] ?? null
    }
    this.rawMessage = shape.message ?? ''
    this.retryable = shape.retryable === true
    /** The body's `error` object, as stripe-node's `err.raw`; null when Stripe did not answer. */
    this.raw = shape.json_body?.error ?? null
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

/**
 * The caller's AbortSignal aborted the call: the promise rejects at once with this error, named
 * and coded as Node's own (`name` 'AbortError', `code` 'ABORT_ERR'), with the signal's `reason`
 * as `cause`. Not a StripeError: nothing failed at Stripe or in the library, and a flow call
 * goes on. A resource call (one request) was cancelled where it stood: the request may or may
 * not have reached Stripe, so sending it again with the same idempotencyKey is safe. A flow
 * call (startSetup, completeSetup, completeSetupFromEvent, chargeOffSession, completeRecovery)
 * runs to its end, detached; calling it again with the same key returns its outcome.
 */
class AbortError extends Error {
  constructor(message = 'The operation was aborted', options = undefined) {
    super(message, options)
    this.name = 'AbortError'
    this.code = 'ABORT_ERR'
  }
}

/**
 * The class of each of the core's error kinds. No fallback: the add-on's kinds
 * (`native.errorKinds()`, the core's `ErrorKind::ALL`) are checked against this table when the
 * package loads, so a kind without a class (or a class without a kind) fails at once.
 */
const ERROR_CLASSES = Object.freeze({
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
})
{
  const kinds = native.errorKinds()
  const missing = kinds.filter((kind) => !Object.hasOwn(ERROR_CLASSES, kind))
  const stray = Object.keys(ERROR_CLASSES).filter((kind) => !kinds.includes(kind))
  if (missing.length > 0 || stray.length > 0) {
    throw new Error(`offsession: index.js and the native add-on disagree on the error kinds (no class: ${missing.join(', ') || '-'}; no such kind: ${stray.join(', ') || '-'}); reinstall the package`)
  }
}

function errorFromShape(shape) {
  const Kind = ERROR_CLASSES[shape.kind]
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
    return new InvalidInputError({ kind: 'invalid_input', message, display: `invalid_input: ${message}` })
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
  return new InvalidInputError({ kind: 'invalid_input', param, message: `${param}: ${message}`, display: `invalid_input: ${param}: ${message}` })
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
 * An object a call returned, as the add-on sends it (`[object, [statusCode, requestId,
 * idempotentReplayed, idempotencyKey] | null]`, src/response.rs): the object, with the response
 * it came in as a non-enumerable, read-only `lastResponse`, as stripe-node defines it, so that
 * JSON.stringify and Object.keys see Stripe's JSON alone. An object that came inside another
 * (an expansion, an error body) has none. `null` stays `null`.
 */
function returned(raw) {
  if (raw === null || raw === undefined) return null
  const object = raw[0]
  const meta = raw[1]
  if (meta !== null) {
    Object.defineProperty(object, 'lastResponse', {
      enumerable: false,
      writable: false,
      value: { statusCode: meta[0], requestId: meta[1], idempotentReplayed: meta[2], idempotencyKey: meta[3] },
    })
  }
  return object
}

/** `options.signal` when the options are an object; anything else is the add-on's to refuse. */
function signalOf(options) {
  return options !== null && typeof options === 'object' ? options.signal : undefined
}

/** An AbortSignal as fetch takes one (checked by shape, as Node checks it: any realm). */
function isAbortSignal(signal) {
  return signal !== null && typeof signal === 'object' && typeof signal.aborted === 'boolean' &&
    typeof signal.addEventListener === 'function' && typeof signal.removeEventListener === 'function'
}

/** The AbortError of `method`, by what the driver did with the call (src/cancel.rs). */
function abortError(method, signal, what) {
  let message
  switch (what) {
    case 'not_started':
      message = `${method} was aborted before it started: the signal was already aborted, nothing was sent`
      break
    case 'detached':
      message = `${method} was aborted: you stopped waiting, but the call runs to its end in the background (a flow is never left half-done); calling it again (with the same idempotencyKey, where it takes one) returns its result`
      break
    case 'settled':
      message = `${method} was aborted as it finished: its result was dropped (calling it again with the same idempotencyKey returns it)`
      break
    default:
      message = `${method} was aborted: the request was cancelled where it stood (it may or may not have reached Stripe; sending it again with the same idempotencyKey is safe)`
  }
  return new AbortError(message, { cause: signal.reason })
}

/**
 * Starts a native call and parses its JSON result. Argument errors become a rejected promise,
 * like every other error of an async method. `options` are the method's request options: their
 * `signal`, when there is one, can abort the call (`abortable`).
 */
function request(method, options, start, shape = returned) {
  const signal = signalOf(options)
  if (signal !== undefined && signal !== null) return abortable(method, signal, start, shape)
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

/**
 * `request` with an AbortSignal. An aborted signal rejects at once, before anything is sent.
 * Otherwise the call starts, and if the signal aborts before it settles, the add-on's driver
 * applies the core's rule (a resource call is cancelled: its future dropped; a flow runs to its
 * end, detached) and the promise rejects at once with an AbortError. The listener is removed
 * when the call settles, so a long-lived signal collects none.
 */
function abortable(method, signal, start, shape) {
  if (!isAbortSignal(signal)) {
    const found = typeof signal === 'object' ? (signal.constructor?.name ?? 'object') : typeof signal
    return Promise.reject(invalidInput('signal', `must be an AbortSignal (new AbortController().signal, AbortSignal.timeout(ms)), got a value of type ${found}`))
  }
  if (signal.aborted) return Promise.reject(abortError(method, signal, 'not_started'))
  let promise
  try {
    promise = start()
  } catch (error) {
    return Promise.reject(convertError(error))
  }
  const id = native._lastCallId()
  return new Promise((resolve, reject) => {
    let done = false
    const onAbort = () => {
      if (done) return
      done = true
      let what
      try {
        what = native._abortCall(id)
      } catch {
        // Never thrown from the signal's dispatch: the caller still gets its AbortError.
      }
      reject(abortError(method, signal, what))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (json) => {
        if (done) return
        done = true
        signal.removeEventListener('abort', onAbort)
        try {
          resolve(shape(JSON.parse(json)))
        } catch (error) {
          reject(error)
        }
      },
      (error) => {
        if (done) return
        done = true
        signal.removeEventListener('abort', onAbort)
        reject(convertError(error))
      },
    )
  })
}

function toCompletedSetup(raw) {
  return {
    customerId: raw.customer_id,
    paymentMethodId: raw.payment_method_id,
    session: returned(raw.session),
    setupIntent: returned(raw.setup_intent),
    paymentMethod: returned(raw.payment_method),
  }
}

function toCompletedRecovery(raw) {
  return {
    customerId: raw.customer_id,
    paymentMethodId: raw.payment_method_id,
    paymentIntent: returned(raw.payment_intent),
    declinedPaymentIntentId: raw.declined_payment_intent_id ?? null,
    session: returned(raw.session),
  }
}

/** The charge outcome, named as in the core (`outcome.name()`), with camelCase keys. */
function toOutcome(raw) {
  switch (raw.outcome) {
    case 'needs_recovery':
      return {
        outcome: raw.outcome,
        error: errorFromShape(raw.error),
        paymentIntent: returned(raw.payment_intent),
        recoverySession: returned(raw.recovery_session),
      }
    case 'recovery_failed':
      return {
        outcome: raw.outcome,
        error: errorFromShape(raw.error),
        paymentIntent: returned(raw.payment_intent),
        recoveryError: errorFromShape(raw.recovery_error),
      }
    default:
      // succeeded, processing, requires_capture, requires_action
      return { outcome: raw.outcome, paymentIntent: returned(raw.payment_intent) }
  }
}

// Every method takes stripe-node's request options last: `{ idempotencyKey, stripeAccount }`,
// and `signal` (an AbortSignal). A key in the options and one in the parameters must be the
// same; reads take no key.

class Customers {
  #native
  constructor(handle) {
    this.#native = handle
  }
  /** Creates a customer. */
  create(params, options, ...extra) {
    return request('customers.create', options, () => {
      noMore(extra, 'customers.create', '(params, options)')
      return this.#native.customersCreate(params, options)
    })
  }
  /** Retrieves a customer by id. */
  retrieve(id, params, options, ...extra) {
    return request('customers.retrieve', options, () => {
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
    return request('checkoutSessions.create', options, () => {
      noMore(extra, 'checkoutSessions.create', '(params, options)')
      return this.#native.checkoutSessionsCreate(params, options)
    })
  }
  /** Retrieves a session; `{ expand: ['setup_intent'] }` brings the SetupIntent inline. */
  retrieve(id, params, options, ...extra) {
    return request('checkoutSessions.retrieve', options, () => {
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
    return request('setupIntents.retrieve', options, () => {
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
    return request('paymentMethods.retrieve', options, () => {
      noMore(extra, 'paymentMethods.retrieve', '(id, params, options)')
      return this.#native.paymentMethodsRetrieve(id, params, options)
    })
  }
  /** Attaches a payment method to a customer. */
  attach(id, params, options, ...extra) {
    return request('paymentMethods.attach', options, () => {
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
    return request('paymentIntents.create', options, () => {
      noMore(extra, 'paymentIntents.create', '(params, options)')
      return this.#native.paymentIntentsCreate(params, options)
    })
  }
  /** Retrieves a PaymentIntent. */
  retrieve(id, params, options, ...extra) {
    return request('paymentIntents.retrieve', options, () => {
      noMore(extra, 'paymentIntents.retrieve', '(id, params, options)')
      return this.#native.paymentIntentsRetrieve(id, params, options)
    })
  }
  /**
   * Cancels a PaymentIntent that has not succeeded (`{ cancellationReason }`): after a decline,
   * closes the declined one once the customer paid the recovery session (or will not).
   */
  cancel(id, params, options, ...extra) {
    return request('paymentIntents.cancel', options, () => {
      noMore(extra, 'paymentIntents.cancel', '(id, params, options)')
      return this.#native.paymentIntentsCancel(id, params, options)
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
    return request('startSetup', options, () => {
      noMore(extra, 'startSetup', '(params, options)')
      return this.#native.startSetup(params, options)
    }, (raw) => ({
      customerId: raw.customer_id ?? null,
      url: raw.url ?? null,
      session: returned(raw.session),
    }))
  }

  /** Steps 3b–5 from the session id on the success URL. */
  completeSetup(sessionId, setup, options, ...extra) {
    return request('completeSetup', options, () => {
      noMore(extra, 'completeSetup', '(sessionId, { customer }, options)')
      return this.#native.completeSetup(sessionId, setup, options)
    }, toCompletedSetup)
  }

  /** Steps 3a–5 from a verified `checkout.session.completed` event. */
  completeSetupFromEvent(event, setup, options, ...extra) {
    return request('completeSetupFromEvent', options, () => {
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
    return request('chargeOffSession', options, () => {
      noMore(extra, 'chargeOffSession', '(params, options)')
      return this.#native.chargeOffSession(params, options)
    }, toOutcome)
  }

  /**
   * After the customer paid a recovery session (the `session_id` on the recovery success URL,
   * or a `checkout.session.completed` event's session): the paid PaymentIntent, the payment
   * method to charge next time and the declined PaymentIntent to cancel. A session that is not
   * a paid payment-mode session rejects with InvalidStateError.
   */
  completeRecovery(sessionId, options, ...extra) {
    return request('completeRecovery', options, () => {
      noMore(extra, 'completeRecovery', '(sessionId, options)')
      return this.#native.completeRecovery(sessionId, options)
    }, toCompletedRecovery)
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
  return request('_panicInCoreForTests', undefined, () => native._panicInCoreForTests(), (value) => value)
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
  AbortError,
  STRIPE_VERSION,
  _panicInCoreForTests,
  _errorClasses: ERROR_CLASSES,
}
