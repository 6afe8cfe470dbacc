// chargeOffSession resolves to one of six outcomes, named as in the core and every binding:
// succeeded, processing, requires_capture, requires_action, needs_recovery, recovery_failed.
// Errors carry the Idempotency-Key to re-run with; objects in the wrong state are InvalidStateError.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import path from 'node:path'

import * as offsession from '../index.js'
import { withSim, REPO } from './support.mjs'

const RECOVERY = { product_name: 'T-shirt', success_url: 'https://example.com/paid' }

/** A customer with `token` attached, on a fresh client. */
async function customerWith(client, token) {
  const customer = await client.customers.create({ email: 'outcomes@example.com' })
  const pm = await client.paymentMethods.attach(token, { customer: customer.id })
  return { customer: customer.id, payment_method: pm.id }
}

test('succeeded: the PaymentIntent is succeeded', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const card = await customerWith(client, 'pm_card_visa')
    const outcome = await client.chargeOffSession({ ...card, amount: 1099, currency: 'usd', idempotency_key: 'order-ok', recovery: RECOVERY })
    assert.deepEqual(Object.keys(outcome).sort(), ['outcome', 'payment_intent'])
    assert.equal(outcome.outcome, 'succeeded')
    assert.equal(outcome.payment_intent.status, 'succeeded')
    assert.equal(outcome.payment_intent.amount, 1099)
  })
})

test('processing: a saved bank account is accepted, not paid yet', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const account = await customerWith(client, 'pm_usBankAccount_success')
    const outcome = await client.chargeOffSession({ ...account, amount: 1099, currency: 'usd', idempotency_key: 'order-ach', recovery: RECOVERY })
    assert.equal(outcome.outcome, 'processing')
    assert.deepEqual(Object.keys(outcome).sort(), ['outcome', 'payment_intent'])
    assert.equal(outcome.payment_intent.status, 'processing')
    assert.equal(outcome.payment_intent.amount_received, 0)
    // Nothing is fulfilled yet: Stripe announces processing, not success.
    const { body } = await sim.control('GET', '/_sim/events?type=payment_intent.succeeded')
    assert.equal(body.data.length, 0)
  })
})

test('needs_recovery: a CardError that keeps its PaymentIntent and the caller key, and a recovery session', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const card = await customerWith(client, 'pm_card_chargeCustomerFail')
    const outcome = await client.chargeOffSession({ ...card, amount: 1099, currency: 'usd', idempotency_key: 'order-declined', recovery: RECOVERY })
    assert.equal(outcome.outcome, 'needs_recovery')
    assert.deepEqual(Object.keys(outcome).sort(), ['error', 'outcome', 'payment_intent', 'recovery_session'])
    assert.ok(outcome.error instanceof offsession.CardError)
    assert.equal(outcome.error.code, 'card_declined')
    assert.equal(outcome.error.decline_code, 'generic_decline')
    assert.equal(outcome.error.statusCode, 402)
    assert.equal(outcome.error.idempotencyKey, 'order-declined')
    assert.ok(outcome.error.payment_intent, 'the decline lost its PaymentIntent')
    assert.equal(outcome.error.payment_intent.id, outcome.payment_intent.id)
    assert.equal(outcome.payment_intent.status, 'requires_payment_method')
    assert.equal(outcome.recovery_session.mode, 'payment')
    assert.equal(outcome.recovery_session.amount_total, 1099)
    assert.match(outcome.recovery_session.url, /^http/)
  })
})

test('recovery_failed: the decline is kept when the recovery session cannot be created; a re-run recovers', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url, maxNetworkRetries: 2 })
    const card = await customerWith(client, 'pm_card_chargeCustomerFail')
    // Three answers of 500: the first attempt and both retries of the recovery session.
    await sim.fault({ method: 'POST', path: '/v1/checkout/sessions', kind: 'status_500', count: 3 })
    const charge = { ...card, amount: 1500, currency: 'usd', idempotency_key: 'order-77', recovery: RECOVERY }
    const outcome = await client.chargeOffSession(charge)
    assert.equal(outcome.outcome, 'recovery_failed')
    assert.deepEqual(Object.keys(outcome).sort(), ['error', 'outcome', 'payment_intent', 'recovery_error'])
    assert.ok(outcome.error instanceof offsession.CardError)
    assert.equal(outcome.error.code, 'card_declined')
    assert.equal(outcome.error.payment_intent.id, outcome.payment_intent.id)
    assert.ok(outcome.recovery_error instanceof offsession.APIError, `${outcome.recovery_error}`)
    assert.ok(outcome.recovery_error instanceof offsession.StripeError)
    assert.equal(outcome.recovery_error.statusCode, 500)
    assert.equal(outcome.recovery_error.idempotencyKey, 'order-77', 'errors name the caller key, not a derived one')
    assert.equal(outcome.error.idempotencyKey, 'order-77')

    // The re-run with the same key replays the decline and creates the session: one PaymentIntent.
    const again = await client.chargeOffSession(charge)
    assert.equal(again.outcome, 'needs_recovery')
    assert.equal(again.payment_intent.id, outcome.payment_intent.id)
    assert.equal((await sim.objects('payment_intents')).length, 1)
    assert.equal((await sim.objects('checkout_sessions')).length, 1)
  })
})

/** A stand-in for Stripe that answers every charge with a PaymentIntent in `status`. */
async function stripeAnswering(status) {
  const fixture = JSON.parse(readFileSync(path.join(REPO, 'tests', 'fixtures', 'stripe', 'flow', 'payment_intent.json'), 'utf8'))
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_stub' })
      response.end(JSON.stringify({ ...fixture, status, amount_received: status === 'succeeded' ? fixture.amount : 0 }))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }
}

for (const status of ['processing', 'requires_capture', 'requires_action']) {
  test(`${status}: the outcome is named after the PaymentIntent's status`, async () => {
    const stripe = await stripeAnswering(status)
    try {
      const client = new offsession.Client('sk_test_node', { baseUrl: stripe.url, maxNetworkRetries: 0 })
      const outcome = await client.chargeOffSession({
        customer: 'cus_1', payment_method: 'pm_1', amount: 1099, currency: 'usd', idempotency_key: `order-${status}`, recovery: RECOVERY,
      })
      assert.equal(outcome.outcome, status)
      assert.deepEqual(Object.keys(outcome).sort(), ['outcome', 'payment_intent'])
      assert.equal(outcome.payment_intent.status, status)
    } finally {
      stripe.close()
    }
  })
}

test('a status a charge cannot end in is an APIError carrying the PaymentIntent', async () => {
  const stripe = await stripeAnswering('requires_confirmation')
  try {
    const client = new offsession.Client('sk_test_node', { baseUrl: stripe.url, maxNetworkRetries: 0 })
    const error = await client.chargeOffSession({
      customer: 'cus_1', payment_method: 'pm_1', amount: 1099, currency: 'usd', idempotency_key: 'order-odd', recovery: RECOVERY,
    }).then(() => assert.fail('expected an APIError'), (e) => e)
    assert.ok(error instanceof offsession.APIError, `${error}`)
    assert.equal(error.payment_intent.status, 'requires_confirmation')
    assert.equal(error.idempotencyKey, 'order-odd')
  } finally {
    stripe.close()
  }
})

test('a connection error of a POST carries its Idempotency-Key; a GET has none', async () => {
  const client = new offsession.Client('sk_test_node', { baseUrl: 'http://127.0.0.1:9', maxNetworkRetries: 0 })
  const created = await client.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'cust-1' }).catch((e) => e)
  assert.ok(created instanceof offsession.APIConnectionError, `${created}`)
  assert.equal(created.idempotencyKey, 'cust-1')
  const generated = await client.customers.create({}).catch((e) => e)
  assert.ok(generated instanceof offsession.APIConnectionError)
  assert.equal(typeof generated.idempotencyKey, 'string', 'a POST without a key is sent with a generated one')
  assert.ok(generated.idempotencyKey.length > 0)
  const charged = await client.chargeOffSession({
    customer: 'cus_1', payment_method: 'pm_1', amount: 1099, currency: 'usd', idempotency_key: 'order-lost', recovery: RECOVERY,
  }).catch((e) => e)
  assert.ok(charged instanceof offsession.APIConnectionError)
  assert.equal(charged.idempotencyKey, 'order-lost', 'a flow error names the caller key')
  const read = await client.customers.retrieve('cus_1').catch((e) => e)
  assert.ok(read instanceof offsession.APIConnectionError)
  assert.equal(read.idempotencyKey, null)
})

test('every StripeError has idempotencyKey, null when absent', () => {
  assert.equal(new offsession.APIError({ kind: 'api_error', message: 'x' }).idempotencyKey, null)
  assert.equal(new offsession.APIError({ kind: 'api_error', message: 'x', idempotency_key: 'k' }).idempotencyKey, 'k')
})

test('a session the customer has not finished is an InvalidStateError', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const setup = await client.startSetup({ currency: 'usd', success_url: 'https://example.com/s', new_customer: { email: 'x@example.com' } })
    const error = await client.completeSetup(setup.session.id).catch((e) => e)
    assert.ok(offsession.InvalidStateError, 'InvalidStateError is exported')
    assert.ok(error instanceof offsession.InvalidStateError, `${error?.constructor?.name}: ${error}`)
    assert.ok(error instanceof offsession.StripeError)
    assert.equal(error.kind, 'invalid_state')
    assert.equal(error.code, null)
    assert.equal(error.param, 'session_id')
    assert.equal(error.type, 'StripeInvalidStateError')
  })
})
