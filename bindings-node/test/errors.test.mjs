// StripeError and its subclasses, as users catch them: instanceof, kind, and what Stripe sent.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import * as offsession from '../index.js'
import { startSim } from './support.mjs'

const KINDS = {
  CardError: 'card_error',
  InvalidRequestError: 'invalid_request_error',
  AuthenticationError: 'authentication_error',
  PermissionError: 'permission_error',
  RateLimitError: 'rate_limit_error',
  IdempotencyError: 'idempotency_error',
  APIError: 'api_error',
  APIConnectionError: 'api_connection_error',
  SignatureVerificationError: 'signature_verification_error',
  InvalidInputError: 'invalid_input',
  InvalidStateError: 'invalid_state',
}
const RECOVERY = { product_name: 'T-shirt', success_url: 'https://example.com/paid' }

test('every kind is a StripeError and an Error', () => {
  for (const name of Object.keys(KINDS)) {
    const Kind = offsession[name]
    const error = new Kind({ kind: KINDS[name], message: 'x' })
    assert.ok(error instanceof offsession.StripeError && error instanceof Error, name)
    assert.equal(error.type, name === 'APIConnectionError' ? 'StripeConnectionError' : `Stripe${name}`)
    assert.equal(error.name, name)
    assert.equal(offsession.errors[error.type], Kind, 'exported under its stripe-node name')
  }
})

test('a card error carries everything Stripe returned', async () => {
  const sim = await startSim()
  try {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'x@example.com' })
    const pm = await client.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
    const error = await client.paymentIntents
      .create({ amount: 1099, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true })
      .then(() => assert.fail('expected a CardError'), (e) => e)
    assert.ok(error instanceof offsession.CardError)
    assert.equal(error.kind, 'card_error')
    assert.equal(error.code, 'card_declined')
    assert.equal(error.decline_code, 'generic_decline')
    assert.equal(error.statusCode, 402)
    assert.match(error.requestId, /^req_/)
    assert.equal(error.rawMessage, 'Your card was declined.')
    assert.equal(error.payment_intent.status, 'requires_payment_method')
    assert.equal(error.message, 'Your card was declined.', "Stripe's message, as stripe-node's")
    assert.ok(error.stack.includes('errors.test.mjs') || error.stack.length > 0)
  } finally {
    sim.stop()
  }
})

test('each error kind from the simulator maps to its class', async () => {
  const sim = await startSim()
  try {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url, maxNetworkRetries: 0 })
    await assert.rejects(client.checkoutSessions.create({ mode: 'setup', success_url: 'https://e.com' }), (e) => e instanceof offsession.InvalidRequestError && e.param === 'currency')
    await assert.rejects(new offsession.Client('sk_live_wrong', { baseUrl: sim.url }).customers.retrieve('cus_1'), offsession.AuthenticationError)
    await assert.rejects(new offsession.Client('rk_test_readonly', { baseUrl: sim.url }).customers.create({ email: 'a@b.c' }), offsession.PermissionError)
    await client.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'k1' })
    await assert.rejects(client.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'k1' }), offsession.IdempotencyError)
    await sim.fault({ path: '/v1/customers', kind: 'status_429_lock_timeout' })
    await assert.rejects(client.customers.create({}), (e) => e instanceof offsession.RateLimitError && e.code === 'lock_timeout')
    await sim.fault({ path: '/v1/customers', kind: 'status_500' })
    await assert.rejects(client.customers.create({}), (e) => e instanceof offsession.APIError && e.statusCode === 500)
    await assert.rejects(new offsession.Client('sk_test_x', { baseUrl: 'http://127.0.0.1:9', maxNetworkRetries: 0 }).customers.retrieve('cus_1'), offsession.APIConnectionError)
    assert.throws(() => offsession.Webhook.constructEvent('{}', 't=1,v1=00', 'whsec_x'), offsession.SignatureVerificationError)
  } finally {
    sim.stop()
  }
})

test('bad input is refused before anything is sent, naming the parameter', async () => {
  const sim = await startSim()
  try {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const cases = [
      [() => client.customers.retrieve('cus_1/../x'), 'id'],
      [() => client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 0, currency: 'usd', idempotency_key: 'k1', recovery: RECOVERY }), 'amount'],
      [() => client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 100, currency: 'US', idempotency_key: 'k2', recovery: RECOVERY }), 'currency'],
      [() => client.customers.create({ emial: 'typo@example.com' }), 'emial'],
      [() => client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 100, currency: 'usd', idempotency_key: 'k3', recovery: { product_name: 'x', success_url: 'y', colour: 'red' } }), 'recovery[colour]'],
      [() => client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 100, currency: 'usd', idempotency_key: 'k4', recovery: { product_name: 'x', success_url: 'example.com/paid' } }), 'recovery[success_url]'],
    ]
    for (const [call, param] of cases) {
      const error = await call().then(() => assert.fail(`expected a rejection for ${param}`), (e) => e)
      assert.ok(error instanceof offsession.InvalidInputError, `${param}: ${error}`)
      assert.equal(error.kind, 'invalid_input')
      assert.equal(error.param, param)
    }
    assert.throws(() => new offsession.Client('sk_test_x', { baseUrl: 'http://api.stripe.com' }), (e) => e instanceof offsession.InvalidInputError && e.param === 'base_url')
    assert.throws(() => new offsession.Client('sk_test_x', { baseUrl: sim.url, colour: 'red' }), offsession.InvalidInputError)
    const { body } = await sim.control('GET', '/_sim/requests')
    assert.deepEqual(body.data, [])
  } finally {
    sim.stop()
  }
})

test('a decline through the flow resolves to needs_recovery with a CardError', async () => {
  const sim = await startSim()
  try {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'x@example.com' })
    const pm = await client.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id })
    const outcome = await client.chargeOffSession({ customer: customer.id, payment_method: pm.id, amount: 500, currency: 'usd', idempotency_key: 'order-3ds', recovery: RECOVERY })
    assert.equal(outcome.outcome, 'needs_recovery')
    assert.ok(outcome.error instanceof offsession.CardError)
    assert.equal(outcome.error.code, 'authentication_required')
    assert.equal(outcome.error.payment_intent.id, outcome.payment_intent.id)
    assert.equal(outcome.error.idempotencyKey, 'order-3ds')
    assert.equal(outcome.recovery_session.mode, 'payment')
    assert.equal(outcome.recovery_session.amount_total, 500)
  } finally {
    sim.stop()
  }
})

test('a panic inside the core rejects the promise; the process lives on', async () => {
  for (let i = 0; i < 3; i++) {
    await assert.rejects(offsession._panicInCoreForTests(), (e) => e instanceof offsession.APIError && /forced/.test(e.message))
  }
})
