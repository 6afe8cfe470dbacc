// An error's properties are named as stripe-node names them, checked against stripe-node itself:
// `code` is Stripe's code (`card_declined`), as `err.code` in stripe-node; the SDK's own
// classification is `kind`. Fields of Stripe's error object keep Stripe's snake_case names
// (`decline_code`, `doc_url`, `payment_intent`); what the SDK adds is camelCase (`statusCode`,
// `requestId`, `userMessage`, `idempotencyKey`). The class of each of the core's kinds is
// checked against the kinds the add-on reports (the core's `ErrorKind::ALL`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import Stripe from 'stripe'

import * as offsession from '../index.js'
import { withSim } from './support.mjs'

const native = createRequire(import.meta.url)('../native.cjs')

/** Every property of a StripeError (index.d.ts declares the same). */
const PROPERTIES = [
  'type', 'kind', 'rawType', 'code', 'decline_code', 'param', 'doc_url', 'advice_code',
  'network_decline_code', 'charge', 'payment_intent', 'setup_intent', 'payment_method',
  'statusCode', 'requestId', 'headers', 'raw', 'userMessage', 'rawMessage', 'idempotencyKey',
  'retryable', 'shouldRetry',
]

/** A direct off-session charge of a card the bank declines (HTTP 402), caught. */
async function declinedOffSession(client) {
  const customer = await client.customers.create({ email: 'declined@example.com' })
  const pm = await client.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
  return client.paymentIntents
    .create({ amount: 1099, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true })
    .then(() => assert.fail('expected a CardError'), (e) => e)
}

test("a declined card has stripe-node's names: code is Stripe's, kind is ours", async () => {
  await withSim(async (sim) => {
    const error = await declinedOffSession(new offsession.Client('sk_test_node', { baseUrl: sim.url }))
    assert.ok(error instanceof offsession.CardError, `${error}`)
    assert.equal(error.code, 'card_declined')
    assert.equal(error.kind, 'card_error')
    assert.equal(error.type, 'StripeCardError')
    assert.equal(error.rawType, 'card_error')
    assert.equal(error.decline_code, 'generic_decline')
    assert.equal(error.param, null)
    assert.match(error.doc_url, /card-declined/)
    assert.equal(error.statusCode, 402)
    assert.match(error.requestId, /^req_/)
    assert.equal(error.headers['request-id'], error.requestId)
    assert.equal(error.userMessage, 'Your card was declined.')
    assert.equal(error.retryable, false)
    assert.equal(error.payment_intent.status, 'requires_payment_method')
    // `raw` is the body's error object, Stripe's JSON.
    assert.equal(error.raw.type, 'card_error')
    assert.equal(error.raw.code, 'card_declined')
    assert.equal(error.raw.decline_code, 'generic_decline')
    assert.equal(error.raw.message, error.userMessage)
    assert.equal(error.raw.payment_intent.id, error.payment_intent.id)
    // The old names are gone.
    for (const gone of ['stripeCode', 'declineCode', 'paymentIntent']) assert.ok(!(gone in error), gone)
    assert.deepEqual(Object.keys(error).sort(), [...PROPERTIES, 'name'].sort())
    assert.ok(!error.message.includes('sk_test_node') && !String(error.stack).includes('sk_test_node'))
  })
})

test('the same decline through stripe-node has the same code, decline_code, param, status and request-id', async () => {
  await withSim(async (sim) => {
    const url = new URL(sim.url)
    const stripe = new Stripe('sk_test_oracle', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0, telemetry: false })
    const customer = await stripe.customers.create({ email: 'oracle@example.com' })
    const pm = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
    const theirs = await stripe.paymentIntents
      .create({ amount: 1099, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true })
      .then(() => assert.fail('expected a StripeCardError'), (e) => e)
    const ours = await declinedOffSession(new offsession.Client('sk_test_oracle', { baseUrl: sim.url }))

    assert.ok(theirs instanceof Stripe.errors.StripeCardError, `${theirs}`)
    assert.equal(theirs.type, 'StripeCardError')
    assert.equal(ours.type, theirs.type)
    assert.equal(ours.message, theirs.message)
    assert.ok(ours instanceof offsession.errors.StripeCardError)
    for (const name of ['code', 'decline_code', 'param', 'doc_url', 'statusCode', 'rawType']) {
      assert.deepEqual(ours[name], theirs[name] ?? null, name)
    }
    assert.equal(ours.userMessage, theirs.message, "Stripe's message")
    assert.match(theirs.requestId, /^req_/)
    assert.equal(theirs.headers['request-id'], theirs.requestId)
    assert.equal(ours.headers['request-id'], ours.requestId)
    assert.equal(ours.payment_intent.object, theirs.payment_intent.object)
    // stripe-node's `raw` is the body's error object plus the response's headers, statusCode
    // and requestId; ours is the body's error object alone.
    const bodyFields = Object.keys(theirs.raw).filter((k) => !['headers', 'statusCode', 'requestId'].includes(k))
    assert.deepEqual(Object.keys(ours.raw).sort(), bodyFields.sort())
  })
})

test("every kind of the core has a class, and no class lacks a kind", () => {
  const kinds = native.errorKinds()
  assert.equal(new Set(kinds).size, kinds.length)
  assert.deepEqual(Object.keys(offsession._errorClasses).sort(), [...kinds].sort())
  const classes = Object.values(offsession).filter((value) => typeof value === 'function' && value.prototype instanceof offsession.StripeError)
  assert.deepEqual(
    classes.map((Kind) => Kind.name).sort(),
    Object.values(offsession._errorClasses).map((Kind) => Kind.name).sort(),
  )
  for (const [kind, Kind] of Object.entries(offsession._errorClasses)) {
    const error = new Kind({ kind, message: 'x' })
    assert.ok(error instanceof offsession.StripeError, kind)
    assert.equal(error.kind, kind)
  }
  // index.d.ts types `kind` with the same closed set.
  const typings = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
  const union = typings.slice(typings.indexOf('export type ErrorKind ='), typings.indexOf('\n\n', typings.indexOf('export type ErrorKind =')))
  assert.deepEqual([...union.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort(), [...kinds].sort())
})

test("every field the add-on sends has a property: a field the core adds fails here until it is named", async () => {
  await withSim(async (sim) => {
    const client = new native.NativeClient('sk_test_node', JSON.stringify({ base_url: sim.url }))
    const reason = await client.call('customers.retrieve', 'cus_missing', '{}', '{}').then(() => assert.fail('expected a 404'), (e) => e)
    assert.ok(reason.message.startsWith('offsession:'), reason.message)
    const shape = JSON.parse(reason.message.slice('offsession:'.length))
    assert.deepEqual(Object.keys(shape).sort(), [
      'advice_code', 'charge', 'code', 'decline_code', 'display', 'doc_url', 'headers', 'http_body',
      'http_status', 'idempotency_key', 'json_body', 'kind', 'message', 'network_decline_code', 'param',
      'payment_intent', 'payment_method', 'request_id', 'retryable', 'setup_intent', 'should_retry',
      'type', 'user_message',
    ])
    assert.equal(shape.kind, 'invalid_request_error')
    assert.equal(shape.code, 'resource_missing')
    const error = await new offsession.Client('sk_test_node', { baseUrl: sim.url }).customers.retrieve('cus_missing').catch((e) => e)
    assert.deepEqual(Object.keys(error).sort(), [...PROPERTIES, 'name'].sort())
    assert.equal(error.code, 'resource_missing')
    assert.equal(error.kind, 'invalid_request_error')
    assert.equal(error.statusCode, 404)
    assert.equal(error.raw.type, 'invalid_request_error')
  })
})

test('an error raised before anything was sent has a kind and no Stripe fields', async () => {
  await withSim(async (sim) => {
    const error = await new offsession.Client('sk_test_node', { baseUrl: sim.url }).customers.retrieve('cus_1/x').catch((e) => e)
    assert.ok(error instanceof offsession.InvalidInputError)
    assert.equal(error.kind, 'invalid_input')
    assert.equal(error.param, 'id')
    for (const name of ['code', 'rawType', 'statusCode', 'requestId', 'headers', 'raw', 'userMessage', 'payment_intent']) {
      assert.equal(error[name], null, name)
    }
    assert.equal(error.retryable, false)
  })
})
