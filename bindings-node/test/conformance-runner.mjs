// The Node runner of the shared conformance cases (tests/conformance/README.md): each step is
// mapped onto the idiomatic camelCase Promise API. Anything it cannot express throws.
import * as offsession from '../index.js'

export class CaseError extends Error {}

const camel = (key) => key.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

/** Case arguments use Stripe's snake_case; the JS API takes camelCase (metadata kept as is). */
function camelKeys(value) {
  if (Array.isArray(value)) return value.map(camelKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [camel(k), k === 'metadata' ? v : camelKeys(v)]),
    )
  }
  return value
}

function getPath(value, path) {
  if (path === '') return [true, value]
  let current = value
  for (const segment of path.split('.')) {
    if (current !== null && typeof current === 'object' && Object.prototype.hasOwnProperty.call(current, segment)) {
      current = current[segment]
    } else {
      return [false, undefined]
    }
  }
  return [true, current]
}

function resolve(value, bindings) {
  if (typeof value === 'string' && value.startsWith('$')) {
    const [name, ...rest] = value.slice(1).split('.')
    if (!(name in bindings)) throw new CaseError(`${value}: nothing is bound to ${name}`)
    const [found, result] = getPath(bindings[name], rest.join('.'))
    if (!found) throw new CaseError(`${value}: no value at ${rest.join('.')}`)
    return result
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, bindings))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, bindings)]))
  }
  return value
}

function deepEqual(a, b) {
  return JSON.stringify(a) === JSON.stringify(b)
}

function check(matchers, result, bindings) {
  for (const [path, matcher] of Object.entries(matchers)) {
    const entries = Object.entries(matcher)
    if (entries.length !== 1) throw new CaseError(`${path}: a matcher has one key`)
    const [kind, raw] = entries[0]
    const expected = resolve(raw, bindings)
    const [found, actual] = getPath(result, path)
    const present = found && actual !== null && actual !== undefined
    let ok
    switch (kind) {
      case 'equals': ok = (found && deepEqual(actual, expected)) || (expected === null && !present); break
      case 'prefix': ok = typeof actual === 'string' && actual.startsWith(expected); break
      case 'contains': ok = typeof actual === 'string' && actual.includes(expected); break
      case 'present': ok = present === expected; break
      case 'absent': ok = !present === expected; break
      case 'count': ok = Array.isArray(actual) && actual.length === expected; break
      case 'at_least': ok = typeof actual === 'number' && actual >= expected; break
      default: throw new CaseError(`unknown matcher ${kind}`)
    }
    if (!ok) {
      throw new CaseError(`${JSON.stringify(path)}: expected ${kind} ${JSON.stringify(expected)}, found ${JSON.stringify(actual)}\n  in ${JSON.stringify(result)}`)
    }
  }
}

export function errorShape(error) {
  return {
    kind: error.kind,
    code: error.code,
    decline_code: error.decline_code,
    param: error.param,
    http_status: error.statusCode,
    request_id: error.requestId,
    message: error.rawMessage,
    idempotency_key: error.idempotencyKey,
    payment_intent: error.payment_intent,
  }
}

function allow(args, ...known) {
  const unknown = Object.keys(args).filter((k) => !known.includes(k))
  if (unknown.length) throw new CaseError(`unknown arguments ${unknown.join(', ')}`)
  return args
}

/**
 * An object a call returned, as the README shapes it: Stripe's JSON (its enumerable keys) plus
 * `last_response` from the SDK's non-enumerable `lastResponse`, when the object has one.
 */
function object(o) {
  if (o === null || o === undefined) return o
  const meta = o.lastResponse
  if (meta === undefined) return o
  return {
    ...o,
    last_response: {
      http_status: meta.statusCode,
      request_id: meta.requestId,
      idempotent_replayed: meta.idempotentReplayed,
      idempotency_key: meta.idempotencyKey,
    },
  }
}

const snakeSetup = (r) => ({
  customer_id: r.customerId, payment_method_id: r.paymentMethodId, session: object(r.session),
  setup_intent: object(r.setupIntent), payment_method: r.paymentMethod,
})

const snakeRecovery = (r) => ({
  customer_id: r.customerId, payment_method_id: r.paymentMethodId, payment_intent: object(r.paymentIntent),
  declined_payment_intent_id: r.declinedPaymentIntentId, session: object(r.session),
})

/** The outcome shape of tests/conformance/README.md; an outcome name it does not know fails. */
function snakeOutcome(o) {
  switch (o.outcome) {
    case 'succeeded':
    case 'processing':
    case 'requires_capture':
    case 'requires_action':
      return { outcome: o.outcome, payment_intent: object(o.paymentIntent) }
    case 'needs_recovery':
      return { outcome: o.outcome, error: errorShape(o.error), payment_intent: object(o.paymentIntent), recovery_session: object(o.recoverySession) }
    case 'recovery_failed':
      return { outcome: o.outcome, error: errorShape(o.error), payment_intent: object(o.paymentIntent), recovery_error: errorShape(o.recoveryError) }
    default:
      throw new CaseError(`unknown outcome ${JSON.stringify(o.outcome)}`)
  }
}

/** Starts one SDK call; returns [promise or value, render to the case's JSON]. */
function sdkCall(client, name, args) {
  const same = (v) => v
  const { id, expand, ...rest } = args
  switch (name) {
    case 'create_customer':
      allow(args, 'email', 'name', 'description', 'metadata', 'idempotency_key')
      return [client.customers.create(camelKeys(args)), object]
    case 'retrieve_customer':
      allow(args, 'id')
      return [client.customers.retrieve(id), object]
    case 'create_checkout_session':
      allow(args, 'mode', 'currency', 'customer', 'customer_email', 'success_url', 'cancel_url', 'metadata', 'line_items', 'idempotency_key')
      return [client.checkoutSessions.create(camelKeys(args)), object]
    case 'retrieve_checkout_session':
      allow(args, 'id', 'expand')
      return [client.checkoutSessions.retrieve(id, { expand }), object]
    case 'retrieve_setup_intent':
      allow(args, 'id', 'expand')
      return [client.setupIntents.retrieve(id, { expand }), object]
    case 'retrieve_payment_method':
      allow(args, 'id')
      return [client.paymentMethods.retrieve(id), object]
    case 'attach_payment_method':
      allow(args, 'id', 'customer', 'idempotency_key')
      return [client.paymentMethods.attach(id, camelKeys(rest)), object]
    case 'create_payment_intent':
      allow(args, 'amount', 'currency', 'customer', 'payment_method', 'off_session', 'confirm', 'description', 'metadata', 'idempotency_key')
      return [client.paymentIntents.create(camelKeys(args)), object]
    case 'retrieve_payment_intent':
      allow(args, 'id', 'expand')
      return [client.paymentIntents.retrieve(id, { expand }), object]
    case 'start_setup':
      allow(args, 'currency', 'success_url', 'cancel_url', 'customer', 'new_customer', 'metadata', 'idempotency_key')
      return [client.startSetup(camelKeys(args)), (r) => ({ customer_id: r.customerId, url: r.url, session: object(r.session) })]
    case 'complete_setup':
      allow(args, 'session_id', 'customer')
      return [client.completeSetup(args.session_id, { customer: args.customer }), snakeSetup]
    case 'complete_setup_from_event':
      allow(args, 'event', 'customer')
      return [client.completeSetupFromEvent(args.event, { customer: args.customer }), snakeSetup]
    case 'charge_off_session':
      allow(args, 'customer', 'payment_method', 'amount', 'currency', 'description', 'metadata', 'idempotency_key', 'recovery')
      allow(args.recovery ?? {}, 'product_name', 'success_url', 'cancel_url', 'save_payment_method', 'expires_at', 'client_reference_id')
      // A case without idempotency_key calls without it: the SDK must refuse that itself.
      return [client.chargeOffSession(camelKeys(args)), snakeOutcome]
    case 'complete_recovery':
      allow(args, 'session_id')
      return [client.completeRecovery(args.session_id), snakeRecovery]
    case 'cancel_payment_intent':
      allow(args, 'id', 'cancellation_reason', 'idempotency_key')
      return [client.paymentIntents.cancel(id, camelKeys(rest)), object]
    case 'verify_webhook':
      allow(args, 'payload', 'signature_header', 'secret', 'tolerance')
      return [offsession.Webhook.constructEvent(Buffer.from(args.payload), args.signature_header, args.secret, args.tolerance), same]
    default:
      throw new CaseError(`the Node runner has no call ${name}`)
  }
}

async function simStep(sim, name, args) {
  let status, body
  switch (name) {
    case 'complete_session': {
      allow(args, 'session', 'payment_method', 'email', 'name')
      const { session, ...rest } = args
      ;({ status, body } = await sim.control('POST', `/_sim/checkout/sessions/${session}/complete`, rest))
      break
    }
    case 'fault':
      allow(args, 'method', 'path', 'kind', 'count', 'delay_ms')
      ;({ status, body } = await sim.control('POST', '/_sim/faults', args))
      break
    case 'webhook_endpoint':
      allow(args, 'secret', 'url')
      ;({ status, body } = await sim.control('POST', '/_sim/webhook_endpoints', args))
      break
    case 'events':
      allow(args, 'type')
      ;({ status, body } = await sim.control('GET', `/_sim/events${args.type ? `?type=${encodeURIComponent(args.type)}` : ''}`))
      break
    case 'sign_webhook':
      allow(args, 'payload', 'secrets', 'timestamp_offset')
      ;({ status, body } = await sim.control('POST', '/_sim/webhooks/sign', {
        payload: args.payload,
        secrets: args.secrets ?? [],
        timestamp: Math.floor(Date.now() / 1000) + (args.timestamp_offset ?? 0),
      }))
      break
    case 'requests':
      allow(args, 'method', 'path')
      ;({ status, body } = await sim.control('GET', '/_sim/requests'))
      body.data = body.data.filter((e) => (!args.method || e.method === args.method) && (!args.path || e.path.startsWith(args.path)))
      break
    case 'expire_idempotency_keys':
      allow(args)
      ;({ status, body } = await sim.control('POST', '/_sim/idempotency/expire'))
      break
    case 'objects':
      allow(args, 'kind')
      ;({ status, body } = await sim.control('GET', `/_sim/objects/${args.kind}`))
      break
    default:
      throw new CaseError(`unknown sim step ${name}`)
  }
  return status >= 200 && status < 300 ? body : { status, error: body.error ?? body }
}

function buildClient(settings) {
  const options = { baseUrl: settings.base_url, maxRetries: settings.max_retries }
  if (settings.timeout_ms !== undefined) options.timeout = settings.timeout_ms
  if (settings.stripe_account) options.stripeAccount = settings.stripe_account
  if (settings.headers) options.headers = settings.headers
  return new offsession.Client(settings.api_key, options)
}

export async function runCase(testCase, sim) {
  let settings = { api_key: 'sk_test_conformance', max_retries: 2, base_url: sim.url, ...allow({ ...(testCase.client ?? {}) }, 'api_key', 'base_url', 'max_retries', 'timeout_ms', 'stripe_account', 'headers') }
  let client = buildClient(settings)
  const bindings = { sim: { url: sim.url } }
  for (const [index, step] of testCase.steps.entries()) {
    allow(step, 'do', 'sim', 'with', 'as', 'expect', 'expect_error')
    const label = step.do ?? step.sim
    try {
      if (('do' in step) === ('sim' in step)) throw new CaseError('a step needs exactly one of do and sim')
      const args = resolve(step.with ?? {}, bindings)
      let result
      if ('sim' in step) {
        result = await simStep(sim, step.sim, args)
      } else if (step.do === 'new_client') {
        allow(args, 'api_key', 'base_url', 'max_retries', 'timeout_ms', 'stripe_account', 'headers')
        const candidate = { ...settings, ...args }
        try {
          client = buildClient(candidate)
          settings = candidate
        } catch (error) {
          if (!(error instanceof offsession.StripeError)) throw error
          if (!step.expect_error) throw new CaseError(`unexpected error ${JSON.stringify(errorShape(error))}`)
          check(step.expect_error, errorShape(error), bindings)
          continue
        }
        if (step.expect_error) throw new CaseError('expected an error, the client was built')
        result = {}
      } else {
        let value, render
        try {
          const [pending, how] = sdkCall(client, step.do, args)
          render = how
          value = await pending
        } catch (error) {
          if (!(error instanceof offsession.StripeError)) throw error
          if (!step.expect_error) throw new CaseError(`unexpected error ${JSON.stringify(errorShape(error))}`)
          check(step.expect_error, errorShape(error), bindings)
          continue
        }
        if (step.expect_error) throw new CaseError(`expected an error, got ${JSON.stringify(value)}`)
        result = render(value)
      }
      if (step.as) bindings[step.as] = result
      if (step.expect) check(step.expect, result, bindings)
    } catch (error) {
      throw new CaseError(`step ${index + 1} (${label}): ${error.message}`)
    }
  }
}
