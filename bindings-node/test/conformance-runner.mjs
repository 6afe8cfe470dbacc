// The Node runner of the shared conformance cases (tests/conformance/README.md): each step is
// mapped onto the public Promise API as a user would call it. Arguments convert generically, as
// the Rust runner's do: `id` and the request options are taken out (the options renamed to the
// SDK's camelCase, `timeout_ms` → `timeout`), and the rest are the call's parameters, Stripe's
// snake_case as the SDK takes them. Anything it cannot express throws.
import * as offsession from '../index.js'

export class CaseError extends Error {}

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

/**
 * A result in the README's shape. Results are already Stripe's snake_case JSON (objects, list
 * pages, flow results); what the SDK adds is rendered: each returned object's `lastResponse`
 * (at the top, or one level down in a flow's result) and a decline's errors.
 */
function render(result) {
  if (result === null || typeof result !== 'object' || result.lastResponse !== undefined) return object(result)
  return Object.fromEntries(Object.entries(result).map(([key, value]) => [
    key,
    value instanceof offsession.StripeError ? errorShape(value) : object(value),
  ]))
}

const OUTCOMES = ['succeeded', 'processing', 'requires_capture', 'requires_action', 'needs_recovery', 'recovery_failed']

/** The case format's request options → the SDK's (stripe-node's names). */
const OPTIONS = {
  idempotency_key: 'idempotencyKey',
  stripe_account: 'stripeAccount',
  timeout_ms: 'timeout',
  max_retries: 'maxNetworkRetries',
  extra_params: 'extraParams',
}

/** Splits a step's arguments: the path's `id`, the request options, the parameters (the rest). */
function split(args) {
  const { id, ...rest } = args
  const options = {}
  const params = {}
  for (const [key, value] of Object.entries(rest)) {
    if (key in OPTIONS) options[OPTIONS[key]] = value
    else params[key] = value
  }
  return { id, params, options }
}

/** The resource calls: [resource, method]; every method but a create takes the id first. */
const RESOURCE_CALLS = {
  create_customer: ['customers', 'create'],
  retrieve_customer: ['customers', 'retrieve'],
  update_customer: ['customers', 'update'],
  list_payment_methods: ['customers', 'listPaymentMethods'],
  create_checkout_session: ['checkoutSessions', 'create'],
  retrieve_checkout_session: ['checkoutSessions', 'retrieve'],
  expire_checkout_session: ['checkoutSessions', 'expire'],
  retrieve_setup_intent: ['setupIntents', 'retrieve'],
  retrieve_payment_method: ['paymentMethods', 'retrieve'],
  attach_payment_method: ['paymentMethods', 'attach'],
  detach_payment_method: ['paymentMethods', 'detach'],
  create_payment_intent: ['paymentIntents', 'create'],
  retrieve_payment_intent: ['paymentIntents', 'retrieve'],
  cancel_payment_intent: ['paymentIntents', 'cancel'],
}

/** Runs one SDK call; resolves to its result in the README's shape. */
async function sdkCall(client, name, args) {
  const { id, params, options } = split(args)
  if (name in RESOURCE_CALLS) {
    const [resource, method] = RESOURCE_CALLS[name]
    const call = client[resource][method]
    return render(await (method === 'create' ? call(params, options) : call(id, params, options)))
  }
  if (name === 'list_all_payment_methods') {
    // Every page, through the SDK's automatic pagination (`for await`).
    const data = []
    for await (const paymentMethod of client.customers.listPaymentMethods(id, params, options)) data.push(paymentMethod)
    return { data }
  }
  if (id !== undefined) throw new CaseError(`${name} takes no id`)
  switch (name) {
    case 'raw_request': {
      const { method, path, params: body, ...rest } = params
      allow(rest)
      return render(await client.rawRequest(method, path, body, options))
    }
    case 'start_setup':
      return render(await client.startSetup(params, options))
    case 'complete_setup': {
      const { session_id: sessionId, ...rest } = params
      return render(await client.completeSetup(sessionId, rest, options))
    }
    case 'complete_setup_from_event': {
      const { event, ...rest } = params
      return render(await client.completeSetupFromEvent(event, rest, options))
    }
    case 'charge_off_session': {
      // A case without idempotency_key calls without it: the SDK must refuse that itself.
      const outcome = await client.chargeOffSession(params, options)
      if (!OUTCOMES.includes(outcome.outcome)) throw new CaseError(`unknown outcome ${JSON.stringify(outcome.outcome)}`)
      return render(outcome)
    }
    case 'complete_recovery': {
      const { session_id: sessionId, ...rest } = params
      allow(rest)
      return render(await client.completeRecovery(sessionId, options))
    }
    case 'verify_webhook':
      allow(params, 'payload', 'signature_header', 'secret', 'tolerance')
      allow(options)
      return offsession.Webhook.constructEvent(Buffer.from(params.payload), params.signature_header, params.secret, params.tolerance)
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

/** The case format's client settings → the SDK's (stripe-node's names). */
const SETTINGS = { base_url: 'baseUrl', max_retries: 'maxNetworkRetries', timeout_ms: 'timeout', stripe_account: 'stripeAccount', headers: 'headers' }

function buildClient(settings) {
  const { api_key: apiKey, ...rest } = settings
  const options = {}
  for (const [key, value] of Object.entries(rest)) {
    if (!(key in SETTINGS)) throw new CaseError(`unknown client setting ${key}`)
    options[SETTINGS[key]] = value
  }
  return new offsession.Client(apiKey, options)
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
        try {
          result = await sdkCall(client, step.do, args)
        } catch (error) {
          if (!(error instanceof offsession.StripeError)) throw error
          if (!step.expect_error) throw new CaseError(`unexpected error ${JSON.stringify(errorShape(error))}`)
          check(step.expect_error, errorShape(error), bindings)
          continue
        }
        if (step.expect_error) throw new CaseError(`expected an error, got ${JSON.stringify(result)}`)
      }
      if (step.as) bindings[step.as] = result
      if (step.expect) check(step.expect, result, bindings)
    } catch (error) {
      throw new CaseError(`step ${index + 1} (${label}): ${error.message}`)
    }
  }
}
