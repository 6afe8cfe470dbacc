'use strict'
// The public JavaScript API of offsession: a thin layer over the native add-on. Parameters are
// Stripe's (snake_case, typed in params.d.ts) and go to the add-on as JSON text (`encode`),
// where the core reads them into its generated types, refusing a mistyped, missing or unknown
// parameter as InvalidInputError named as Stripe names it; the SDK's own options and settings
// are camelCase, as stripe-node's, and renamed for the core here. What else lives here: turning
// the add-on's JSON results into objects with their `lastResponse` (non-enumerable, as
// stripe-node sets it) and its tagged errors into StripeError subclasses; refusing surplus
// arguments, which the add-on does not see; `for await` over a list's pages; and honouring
// `options.signal`, an AbortSignal, through the add-on's driver (src/cancel.rs,
// src/event_loop.rs).

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
 * `userMessage`, `idempotencyKey`, …). Besides these: `type` (stripe-node's class name,
 * `StripeCardError`), `raw` (the body's `error` object, from `json_body`), `retryable`,
 * `message` (Stripe's own message when Stripe answered with one, as stripe-node's; otherwise
 * the one-line text, from `display`) and `rawMessage` (the message alone, from `message`).
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
 * (`card_declined`), `type` stripe-node's class name (`StripeCardError`), `message` Stripe's
 * message (`Your card was declined.`); `kind` is this SDK's stable classification, the same
 * string in every language (`card_error`, `invalid_input`, …).
 */
class StripeError extends Error {
  constructor(shape = {}) {
    super(shape.json_body?.error?.message || shape.display || shape.message || 'offsession error')
    this.name = new.target.name
    /** stripe-node's name for the class, as its `err.type`: 'StripeCardError'. */
    this.type = stripeNodeName(new.target.name)
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

/** stripe-node's class name for ours: `Stripe` before it, and `StripeConnectionError` for a
 * connection error (the two that are this SDK's own get the prefix too). */
function stripeNodeName(name) {
  return name === 'APIConnectionError' ? 'StripeConnectionError' : `Stripe${name}`
}

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

/** A value's type for messages: `typeof`, except `null` and `array`. */
function typeName(value) {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value
}

/** `value` when it is a string (an id, a key, a header); else InvalidInputError naming `param`. */
function text(value, param, what = 'a string') {
  if (typeof value === 'string') return value
  throw invalidInput(param, value === undefined ? `is required: ${what}` : `must be ${what}, got a value of type ${typeName(value)}`)
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/**
 * A number for the add-on, which takes doubles (the core decides whether it is an exact integer
 * in range): a bigint within ±(2^53 − 1) is the same number; `undefined` is none.
 */
function number(value, param) {
  if (value === undefined || typeof value === 'number') return value
  if (typeof value === 'bigint' && value >= -MAX_SAFE && value <= MAX_SAFE) return Number(value)
  throw invalidInput(param, typeof value === 'bigint'
    ? `must be an integer within ±(2^53 − 1), got ${value}`
    : `must be a number, got a value of type ${typeName(value)}`)
}

/**
 * Parameters as JSON text for the add-on, where the core reads them into its generated types
 * (src/convert.rs). JSON carries a number exactly, but only a finite one: NaN, ±Infinity and
 * integers beyond ±(2^53 − 1) (which a double does not hold exactly) are refused here, named as
 * Stripe names the parameter (`line_items[0][price_data][unit_amount]`); a bigint within that
 * range is its number. `undefined` is absent, as JSON has it; a function or a symbol is not data.
 * `undefined` or `null` parameters are none. `prefix` names where the value sits (`params` for
 * a raw request's, as the core names them).
 */
function encode(value, param, prefix = '') {
  if (value === undefined || value === null) return '{}'
  const paths = new Map()
  try {
    return JSON.stringify(value, function (key, v) {
      const parent = paths.get(this)
      const path = parent === undefined ? prefix : parent === '' ? key : `${parent}[${key}]`
      switch (typeof v) {
        case 'number':
          if (Number.isFinite(v) && (Number.isSafeInteger(v) || !Number.isInteger(v))) return v
          throw invalidInput(path || param, Number.isFinite(v)
            ? `must be exact: ${v} is beyond ±(2^53 − 1), where a JavaScript number skips integers`
            : `must be a finite number, got ${v}`)
        case 'bigint':
          if (v >= -MAX_SAFE && v <= MAX_SAFE) return Number(v)
          throw invalidInput(path || param, `must be an integer within ±(2^53 − 1), got ${v}`)
        case 'function':
        case 'symbol':
          throw invalidInput(path || param, `must be data, got a value of type ${typeof v}`)
        case 'object':
          if (v !== null) paths.set(v, path)
      }
      return v
    })
  } catch (error) {
    // A cycle, or a toJSON that threw.
    throw error instanceof StripeError ? error : invalidInput(param, error.message)
  }
}

/**
 * The names of the request options, which go in the argument after the parameters: one given
 * among the parameters is refused with that hint (a parameter of that name is not Stripe's).
 */
const OPTION_NAMES = ['idempotencyKey', 'stripeAccount', 'maxNetworkRetries', 'extraParams', 'signal']

/** A call's parameters as JSON text (`encode`), after refusing a request option among them. */
function encodeParams(params) {
  if (params !== null && typeof params === 'object') {
    const misplaced = OPTION_NAMES.find((name) => Object.hasOwn(params, name))
    if (misplaced) throw invalidInput(misplaced, 'is one of the request options, which go in the argument after the parameters (as stripe-node takes them)')
  }
  return encode(params, 'params')
}

/**
 * The SDK's own settings and options, named in camelCase as stripe-node names them, → the
 * core's names (its errors name them so: `max_retries`, `stripe_account`). A key not listed
 * stays as given: the core refuses it, naming it.
 */
const CORE_NAMES = {
  idempotencyKey: 'idempotency_key',
  stripeAccount: 'stripe_account',
  maxNetworkRetries: 'max_retries',
  maxRetries: 'max_retries',
  extraParams: 'extra_params',
  baseUrl: 'base_url',
  apiVersion: 'stripe_version',
  stripeVersion: 'stripe_version',
  connectTimeout: 'connect_timeout',
}

/**
 * Request options as JSON text: an object, its keys renamed for the core. Their `signal` stays
 * here (`request` uses it). With `isRequest` false: the client's settings, which have none.
 */
function encodeOptions(options, isRequest = true) {
  if (options === undefined || options === null) return '{}'
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw invalidInput('options', `must be an object, got a value of type ${typeName(options)}`)
  }
  const renamed = {}
  for (const key of Object.keys(options)) {
    if (key !== 'signal' || !isRequest) renamed[CORE_NAMES[key] ?? key] = options[key]
  }
  return encode(renamed, 'options')
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
  const [object, meta] = raw
  if (meta !== null && object !== null && typeof object === 'object') {
    Object.defineProperty(object, 'lastResponse', {
      enumerable: false,
      writable: false,
      value: { statusCode: meta[0], requestId: meta[1], idempotentReplayed: meta[2], idempotencyKey: meta[3] },
    })
  }
  return object
}

/**
 * A flow's result, Stripe-shaped as the core names it (snake_case): each object a request
 * returned crosses as a pair and gets its `lastResponse` (`returned`); a decline's `error` and
 * `recovery_error` become StripeError subclasses.
 */
function flowResult(raw) {
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'error' || key === 'recovery_error') raw[key] = errorFromShape(value)
    else if (Array.isArray(value)) raw[key] = returned(value)
  }
  return raw
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
      message = `${method} was aborted: you stopped waiting, but the call runs to its end in the background (a flow is never left half-done); calling it again (with the same idempotency key, where it takes one) returns its result`
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

/**
 * A list call's result, as stripe-node's: awaiting it gives one page (Stripe's list: `data`,
 * `has_more`, `url`, and its `lastResponse`); `for await` walks every object of every page
 * through the core's Paginator (src/resources.rs), each page one request with the same
 * options. Nothing is sent until it is awaited or walked, so a walk does not fetch its first
 * page twice.
 */
function autoPaging(method, first, pages, options) {
  let page
  const start = () => (page ??= first())
  async function* walk() {
    const walker = call(pages)
    for (let done = false; !done;) {
      let data
      ;[data, done] = await request(method, options, () => walker.nextPage(), (raw) => raw)
      yield* data
    }
  }
  return {
    then: (onPage, onError) => start().then(onPage, onError),
    catch: (onError) => start().catch(onError),
    finally: (onFinally) => start().finally(onFinally),
    [Symbol.asyncIterator]: walk,
    /** Calls `onItem` with each object, until it returns `false`. */
    async autoPagingEach(onItem) {
      for await (const item of walk()) if ((await onItem(item)) === false) return
    },
    /** The first `limit` objects (at most 10,000), as stripe-node's. */
    async autoPagingToArray({ limit } = {}) {
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000) {
        throw invalidInput('limit', `autoPagingToArray needs { limit }, an integer from 1 to 10000, got ${String(limit)}`)
      }
      const items = []
      for await (const item of walk()) if (items.push(item) >= limit) break
      return items
    },
  }
}

/**
 * stripe-node's resources: `create(params, options)`, and with the object's id first
 * `retrieve(id, params, options)`, `update(…)`, `cancel(…)`… Each method is one request
 * (src/resources.rs) and resolves to the object with its `lastResponse`. Parameters are
 * Stripe's, snake_case, typed in params.d.ts (`expand` among them, as stripe-node has it);
 * options are `{ idempotencyKey, stripeAccount, timeout, maxNetworkRetries, extraParams,
 * signal }`. Listed here by whether the method takes an id.
 */
const RESOURCES = {
  customers: { create: false, retrieve: true, update: true },
  checkoutSessions: { create: false, retrieve: true, expire: true },
  setupIntents: { retrieve: true, update: true },
  paymentMethods: { retrieve: true, attach: true, detach: true },
  paymentIntents: { create: false, retrieve: true, cancel: true },
}

function resource(handle, name) {
  const methods = {}
  for (const [method, takesId] of Object.entries(RESOURCES[name])) {
    const full = `${name}.${method}`
    methods[method] = takesId
      ? (id, params, options, ...extra) => request(full, options, () => {
          noMore(extra, full, '(id, params, options)')
          return handle.call(full, text(id, 'id'), encodeParams(params), encodeOptions(options))
        })
      : (params, options, ...extra) => request(full, options, () => {
          noMore(extra, full, '(params, options)')
          return handle.call(full, undefined, encodeParams(params), encodeOptions(options))
        })
  }
  if (name === 'customers') {
    const full = 'customers.listPaymentMethods'
    /** One page of the customer's payment methods; `for await` walks them all. */
    methods.listPaymentMethods = (id, params, options, ...extra) => {
      const check = () => noMore(extra, full, '(id, params, options)')
      return autoPaging(
        full,
        () => request(full, options, () => {
          check()
          return handle.call(full, text(id, 'id'), encodeParams(params), encodeOptions(options))
        }),
        () => {
          check()
          return handle.paymentMethodPages(text(id, 'id'), encodeParams(params), encodeOptions(options))
        },
        options,
      )
    }
  }
  return Object.freeze(methods)
}

/** Passed to `new Client` instead of a key: the handle is `options` (`withStripeAccount`). */
const FROM_HANDLE = Symbol('offsession handle')

/** A Stripe client: every network method returns a Promise; nothing blocks the event loop. */
class Client {
  #native
  constructor(apiKey, options, ...extra) {
    if (apiKey === FROM_HANDLE) {
      this.#native = options
    } else {
      call(() => noMore(extra, 'new Client', '(apiKey, options)'))
      this.#native = call(() => new native.NativeClient(
        text(apiKey, 'api_key', 'your secret key as a string (sk_test_… or sk_live_…)'),
        encodeOptions(options, false),
      ))
    }
    const properties = {}
    for (const name of Object.keys(RESOURCES)) properties[name] = { value: resource(this.#native, name), enumerable: true }
    Object.defineProperties(this, properties)
  }

  /**
   * A client acting for a connected account (`Stripe-Account` on every request), sharing this
   * one's connections and settings.
   */
  withStripeAccount(account, ...extra) {
    return call(() => {
      noMore(extra, 'withStripeAccount', '(account)')
      return new Client(FROM_HANDLE, this.#native.withStripeAccount(text(account, 'stripe_account')))
    })
  }

  /**
   * A request to any endpoint of Stripe's API (`'POST'`, `'/v1/refunds'`), with this client's
   * retries, keys and errors; resolves to the decoded JSON, with its `lastResponse`.
   */
  rawRequest(method, path, params, options, ...extra) {
    return request('rawRequest', options, () => {
      noMore(extra, 'rawRequest', '(method, path, params, options)')
      return this.#native.rawRequest(text(method, 'method'), text(path, 'path'), encode(params, 'params', 'params'), encodeOptions(options))
    })
  }

  /** Steps 1–2: creates the customer when asked, then a setup-mode Checkout Session. */
  startSetup(params, options, ...extra) {
    return request('startSetup', options, () => {
      noMore(extra, 'startSetup', '(params, options)')
      return this.#native.startSetup(encodeParams(params), encodeOptions(options))
    }, flowResult)
  }

  /** Steps 3b–5 from the session id on the success URL (`{ customer }` for a session without one). */
  completeSetup(sessionId, params, options, ...extra) {
    return request('completeSetup', options, () => {
      noMore(extra, 'completeSetup', '(sessionId, params, options)')
      return this.#native.completeSetup(text(sessionId, 'session_id'), encodeParams(params), encodeOptions(options))
    }, flowResult)
  }

  /** Steps 3a–5 from a verified `checkout.session.completed` event. */
  completeSetupFromEvent(event, params, options, ...extra) {
    return request('completeSetupFromEvent', options, () => {
      noMore(extra, 'completeSetupFromEvent', '(event, params, options)')
      if (event === null || typeof event !== 'object' || Array.isArray(event)) {
        throw invalidInput('event', `must be the verified event object from Webhook.constructEvent, got a value of type ${typeName(event)}`)
      }
      return this.#native.completeSetupFromEvent(encode(event, 'event'), encodeParams(params), encodeOptions(options))
    }, flowResult)
  }

  /**
   * Steps 6–7: charges the saved card off-session. `idempotency_key` is required (or the
   * `idempotencyKey` option): a re-run with it never charges twice. Resolves to one of
   * `succeeded`, `processing`, `requires_capture`, `requires_action`, `needs_recovery`,
   * `recovery_failed` (see index.d.ts for what to do with each).
   */
  chargeOffSession(params, options, ...extra) {
    return request('chargeOffSession', options, () => {
      noMore(extra, 'chargeOffSession', '(params, options)')
      return this.#native.chargeOffSession(encodeParams(params), encodeOptions(options))
    }, flowResult)
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
      return this.#native.completeRecovery(text(sessionId, 'session_id'), encodeOptions(options))
    }, flowResult)
  }

  [inspect.custom]() {
    const n = this.#native
    return `Client { baseUrl: '${n.baseUrl}', stripeVersion: '${n.stripeVersion}', maxNetworkRetries: ${n.maxRetries} }`
  }

  toJSON() {
    return { baseUrl: this.#native.baseUrl, stripeVersion: this.#native.stripeVersion, maxNetworkRetries: this.#native.maxRetries }
  }
}

const PAYLOAD = 'the raw request body as a Buffer or a string (a parsed body cannot be verified)'

/** The raw body: a string or a Buffer (any Uint8Array), never a parsed object. */
function payloadOf(payload) {
  if (typeof payload === 'string' || payload instanceof Uint8Array) return payload
  throw invalidInput('payload', payload === undefined ? `is required: ${PAYLOAD}` : `must be ${PAYLOAD}, got a value of type ${typeName(payload)}`)
}

const SECRET = "the endpoint's signing secret as a string (whsec_…)"

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
      const header = text(sigHeader, 'signature_header', 'the Stripe-Signature header as a string')
      return native.constructEvent(payloadOf(payload), header, text(secret, 'secret', SECRET), number(tolerance, 'tolerance'))
    }))
  },
  /** A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests). */
  generateTestHeader(payload, secret, timestamp, ...extra) {
    return call(() => {
      noMore(extra, 'Webhook.generateTestHeader', '(payload, secret, timestamp)')
      return native.generateTestHeader(payloadOf(payload), text(secret, 'secret', SECRET), number(timestamp, 'timestamp'))
    })
  },
})

/** Test hook: a call that panics inside the core. Resolves never; rejects with APIError. */
function _panicInCoreForTests() {
  return request('_panicInCoreForTests', undefined, () => native._panicInCoreForTests(), (value) => value)
}

/**
 * The error classes under stripe-node's names (`errors.StripeCardError`), so that code written
 * for stripe-node (`err instanceof Stripe.errors.StripeCardError`) moves over unchanged.
 */
const errors = Object.freeze(Object.fromEntries(
  [StripeError, ...Object.values(ERROR_CLASSES)].map((Class) => [
    Class === StripeError ? 'StripeError' : stripeNodeName(Class.name), Class,
  ]),
))

module.exports = {
  Client,
  errors,
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
