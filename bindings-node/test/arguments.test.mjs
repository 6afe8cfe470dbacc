// An argument of the wrong type, or a required one left out, is an InvalidInputError naming the
// parameter as Stripe names it (`recovery[product_name]`,
// `line_items[0][price_data][product_data][name]`), never napi's plain Error ("Failed to convert
// JavaScript value `Undefined` into rust type `String`"), and nothing is sent.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import * as offsession from '../index.js'
import { assertRefused, startSim } from './support.mjs'

const RECOVERY = { product_name: 'T-shirt', success_url: 'https://example.com/paid' }
const CHARGE = { customer: 'cus_1', payment_method: 'pm_card_visa', amount: 1099, currency: 'usd', idempotency_key: 'order-1', recovery: RECOVERY }

test('new Client(undefined) (STRIPE_SECRET_KEY unset) names api_key', async () => {
  await assertRefused(() => new offsession.Client(undefined), 'api_key', 'undefined key')
  await assertRefused(() => new offsession.Client(), 'api_key', 'no key')
  await assertRefused(() => new offsession.Client(42), 'api_key', 'a number')
  await assertRefused(() => new offsession.Client(null), 'api_key', 'null')
  await assertRefused(() => new offsession.Client('sk_test_x', 'http://127.0.0.1:1'), 'options', 'options not an object')
  await assertRefused(() => new offsession.Client('sk_test_x', { baseUrl: 42 }), 'base_url', 'baseUrl a number')
  await assertRefused(() => new offsession.Client('sk_test_x', { headers: { 'X-Team': 7 } }), 'headers[X-Team]', 'a header value not a string')
  await assertRefused(() => new offsession.Client('sk_test_x', { headers: 'x' }), 'headers', 'headers not an object')
  await assertRefused(() => new offsession.Client('sk_test_x', { stripeAccount: 5 }), 'stripe_account', 'stripeAccount a number')
  await assertRefused(() => new offsession.Client('sk_test_x', { maxNetworkRetries: '2' }), 'max_retries', 'maxNetworkRetries a string')
  await assertRefused(() => new offsession.Client('sk_test_x', { baseURL: 'http://127.0.0.1:1' }), 'baseURL', 'an unknown setting')
})

test('calls name the missing or mistyped parameter', async () => {
  const sim = await startSim()
  try {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const cases = [
      [() => client.chargeOffSession(), 'customer'],
      [() => client.chargeOffSession('cus_1'), 'params'],
      [() => client.chargeOffSession({ ...CHARGE, customer: undefined }), 'customer'],
      [() => client.chargeOffSession({ ...CHARGE, customer: 42 }), 'customer'],
      [() => client.chargeOffSession({ ...CHARGE, payment_method: null }), 'payment_method'],
      [() => client.chargeOffSession({ ...CHARGE, currency: undefined }), 'currency'],
      [() => client.chargeOffSession({ ...CHARGE, amount: undefined }), 'amount'],
      [() => client.chargeOffSession({ ...CHARGE, recovery: undefined }), 'recovery'],
      [() => client.chargeOffSession({ ...CHARGE, recovery: 'https://example.com' }), 'recovery'],
      [() => client.chargeOffSession({ ...CHARGE, recovery: { success_url: 'https://example.com' } }), 'recovery[product_name]'],
      [() => client.chargeOffSession({ ...CHARGE, recovery: { ...RECOVERY, cancel_url: 5 } }), 'recovery[cancel_url]'],
      [() => client.chargeOffSession({ ...CHARGE, off_session: true }), 'off_session'],
      [() => client.chargeOffSession({ ...CHARGE, payment_intent_data: { capture_method: 5 } }), 'payment_intent_data[capture_method]'],
      [() => client.chargeOffSession({ ...CHARGE, payment_intent_data: { amount: 5 } }), 'payment_intent_data[amount]'],
      [() => client.chargeOffSession({ ...CHARGE, metadata: { order: 42 } }), 'metadata[order]'],
      [() => client.chargeOffSession({ ...CHARGE, metadata: 'x' }), 'metadata'],
      [() => client.chargeOffSession({ ...CHARGE, description: ['x'] }), 'description'],
      [() => client.startSetup({ currency: 'usd', new_customer: { email: 1 } }), 'new_customer[email]'],
      [() => client.startSetup({ currency: 'usd', success_url: 'https://e.com', session_data: { mode: 'payment' } }), 'session_data[mode]'],
      [() => client.completeSetup(undefined), 'session_id'],
      [() => client.completeSetup('cs_1', { customer: 1 }), 'customer'],
      [() => client.completeSetup('cs_1', { customr: 'cus_1' }), 'customr'],
      [() => client.completeSetupFromEvent(undefined), 'event'],
      [() => client.completeSetupFromEvent('{"id":"evt_1"}'), 'event'],
      [() => client.customers.retrieve(undefined), 'id'],
      [() => client.customers.retrieve({ id: 'cus_1' }), 'id'],
      [() => client.customers.retrieve('cus_1', { limit: 3 }), 'limit'],
      [() => client.customers.create('jenny@example.com'), 'params'],
      [() => client.customers.create({ email: 5 }), 'email'],
      [() => client.customers.update('cus_1', { invoice_settings: { default_payment_method: 5 } }), 'invoice_settings[default_payment_method]'],
      [() => client.customers.listPaymentMethods('cus_1', { limit: '3' }), 'limit'],
      [() => client.paymentMethods.attach('pm_card_visa'), 'customer'],
      [() => client.paymentMethods.attach('pm_card_visa', {}), 'customer'],
      [() => client.paymentMethods.attach(undefined, { customer: 'cus_1' }), 'id'],
      [() => client.paymentMethods.detach(5), 'id'],
      [() => client.paymentIntents.create({ amount: 100 }), 'currency'],
      [() => client.paymentIntents.create({ amount: 100, currency: 'usd', confirm: 'yes' }), 'confirm'],
      [() => client.paymentIntents.create({ amount: 100, currency: 'usd', shipping: { name: 'J', address: { line1: 'x' }, colour: 'red' } }), 'shipping[colour]'],
      [() => client.paymentIntents.retrieve('pi_1', { expand: 'customer' }), 'expand'],
      [() => client.paymentIntents.retrieve('pi_1', { expand: [1] }), 'expand[0]'],
      [() => client.setupIntents.update('seti_1', { metadata: [] }), 'metadata'],
      [() => client.checkoutSessions.create({ success_url: 'https://e.com' }), 'mode'],
      [() => client.checkoutSessions.create({ mode: 'payment', success_url: 'https://e.com', line_items: {} }), 'line_items'],
      [() => client.checkoutSessions.create({ mode: 'payment', success_url: 'https://e.com', line_items: ['x'] }), 'line_items[0]'],
      [() => client.checkoutSessions.create({ mode: 'payment', success_url: 'https://e.com', line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: {} } }] }), 'line_items[0][price_data][product_data][name]'],
      [() => client.checkoutSessions.create({ mode: 'payment', success_url: 'https://e.com', line_items: [{ price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x', colour: 'red' } } }] }), 'line_items[0][price_data][product_data][colour]'],
      [() => client.checkoutSessions.expire(null), 'id'],
      [() => client.rawRequest('PATCH', '/v1/customers'), 'method'],
      [() => client.rawRequest('POST', '/v1/../admin'), 'path'],
      [() => client.rawRequest('POST', '/v1/refunds', 'amount=5'), 'params'],
      [() => client.rawRequest(undefined, '/v1/refunds'), 'method'],
      [() => client.rawRequest('POST', '/v1/refunds', { amount: 1.5 }), 'params[amount]'],
      [() => client.rawRequest('POST', '/v1/refunds', { amount: NaN }), 'params[amount]'],
    ]
    for (const [call, param] of cases) {
      await assertRefused(call, param, `${call}`.slice(6, 120))
    }
    assert.throws(() => client.withStripeAccount(undefined), (e) => e instanceof offsession.InvalidInputError && e.param === 'stripe_account')
    assert.throws(() => client.withStripeAccount('acct_1/../x'), (e) => e instanceof offsession.InvalidInputError && e.param === 'stripe_account')
    assert.deepEqual(await sim.requests(), [])
  } finally {
    sim.stop()
  }
})

test('webhook arguments are named too', async () => {
  const header = offsession.Webhook.generateTestHeader('{}', 'whsec_x')
  await assertRefused(() => offsession.Webhook.constructEvent(undefined, header, 'whsec_x'), 'payload', 'no payload')
  await assertRefused(() => offsession.Webhook.constructEvent({ id: 'evt_1' }, header, 'whsec_x'), 'payload', 'a parsed payload')
  await assertRefused(() => offsession.Webhook.constructEvent('{}', undefined, 'whsec_x'), 'signature_header', 'no header')
  await assertRefused(() => offsession.Webhook.constructEvent('{}', header, undefined), 'secret', 'no secret (env var unset)')
  await assertRefused(() => offsession.Webhook.constructEvent('{}', header, 'whsec_x', 300, 'extra'), 'arguments', 'an extra argument')
  await assertRefused(() => offsession.Webhook.generateTestHeader('{}', undefined), 'secret', 'generateTestHeader without a secret')
  assert.equal(offsession.Webhook.constructEvent(new Uint8Array(Buffer.from('{"id":"evt_1","object":"event","type":"x","data":{"object":{}}}')),
    offsession.Webhook.generateTestHeader('{"id":"evt_1","object":"event","type":"x","data":{"object":{}}}', 'whsec_x'), 'whsec_x').id, 'evt_1', 'a Uint8Array payload')
})
