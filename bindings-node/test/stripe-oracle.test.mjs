// The request is stripe-node's: the same call with the same nested parameters (shipping,
// line_items, payment_method_options, metadata, expand, parameters offsession does not type,
// a cleared field) sends the same form parameters, the same query and the same
// Idempotency-Key / Stripe-Account headers from offsession as from the official stripe-node
// 23.1.0, both captured by one local HTTP server. Both encode arrays with indices
// (`line_items[0][price_data][currency]`); stripe-node leaves brackets unescaped, so the bodies
// are compared decoded, as sorted lists of (name, value) pairs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import path from 'node:path'

import Stripe from 'stripe'

import * as offsession from '../index.js'
import { REPO } from './support.mjs'

const fixture = (name) => JSON.parse(readFileSync(path.join(REPO, 'tests', 'fixtures', 'stripe', 'flow', `${name}.json`), 'utf8'))

/** What each endpoint answers: a fixture of the object it returns. */
function answer(route) {
  if (route.includes('/payment_methods')) {
    return route.startsWith('/v1/customers/')
      ? { object: 'list', data: [fixture('payment_method')], has_more: false, url: route }
      : fixture('payment_method')
  }
  if (route.startsWith('/v1/payment_intents')) return fixture('payment_intent')
  if (route.startsWith('/v1/checkout/sessions')) return fixture('checkout_session')
  if (route.startsWith('/v1/setup_intents')) return fixture('setup_intent')
  return fixture('customer')
}

/** A stand-in for Stripe that records each request: method, path, decoded pairs, headers. */
async function recorder() {
  const seen = []
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk) => { body += chunk })
    request.on('end', () => {
      const url = new URL(request.url, 'http://localhost')
      seen.push({
        method: request.method,
        path: url.pathname,
        params: pairs(request.method === 'GET' ? url.search.slice(1) : body),
        idempotencyKey: request.headers['idempotency-key'] ?? null,
        stripeAccount: request.headers['stripe-account'] ?? null,
      })
      response.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_oracle' })
      response.end(JSON.stringify(answer(url.pathname)))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = server.address().port
  return { port, seen, close: () => server.close() }
}

/** A form or query string as sorted `name=value` pairs, decoded. */
function pairs(text) {
  return [...new URLSearchParams(text)].map(([name, value]) => `${name}=${value}`).sort()
}

const SHIPPING = { name: 'Jenny Rosen', phone: '+1 555 555 0123', address: { line1: '1 Main St', city: 'San Francisco', postal_code: '94110', country: 'US' } }
const METADATA = { order_id: '1042', note: 'café & crème=1' }

/** Each case: [label, stripe-node's call, offsession's call] (the same request). */
const CASES = [
  ['a PaymentIntent with shipping, payment_method_options, metadata and an untyped parameter',
    (s) => s.paymentIntents.create({
      amount: 1099, currency: 'usd', customer: 'cus_1', payment_method: 'pm_1', confirm: true, off_session: true,
      capture_method: 'manual', shipping: SHIPPING, metadata: METADATA,
      payment_method_options: { card: { request_three_d_secure: 'any', mandate_options: { amount: 5000, amount_type: 'maximum', interval: 'month', reference: 'm-1', start_date: 1700000000 } } },
      payment_method_types: ['card', 'link'],
      level3: { merchant_reference: 'A1', line_items: [{ product_code: 'TS', quantity: 2 }] },
    }, { idempotencyKey: 'oracle-pi', stripeAccount: 'acct_1Oracle' }),
    (o) => o.paymentIntents.create({
      amount: 1099, currency: 'usd', customer: 'cus_1', payment_method: 'pm_1', confirm: true, off_session: true,
      capture_method: 'manual', shipping: SHIPPING, metadata: METADATA,
      payment_method_options: { card: { request_three_d_secure: 'any', mandate_options: { amount: 5000, amount_type: 'maximum', interval: 'month', reference: 'm-1', start_date: 1700000000 } } },
      payment_method_types: ['card', 'link'],
    }, { idempotencyKey: 'oracle-pi', stripeAccount: 'acct_1Oracle', extraParams: { level3: { merchant_reference: 'A1', line_items: [{ product_code: 'TS', quantity: 2 }] } } })],
  ['a payment-mode Checkout Session with two line items',
    (s) => s.checkout.sessions.create({
      mode: 'payment', success_url: 'https://example.com/paid?session_id={CHECKOUT_SESSION_ID}', customer: 'cus_1',
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 1099, product_data: { name: 'T-shirt', description: 'Blue' } }, quantity: 2 },
        { price: 'price_1', quantity: 1, adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 } },
      ],
      payment_intent_data: { setup_future_usage: 'off_session', metadata: METADATA },
      metadata: METADATA, expires_at: 1900000000,
    }, { idempotencyKey: 'oracle-cs' }),
    (o) => o.checkoutSessions.create({
      mode: 'payment', success_url: 'https://example.com/paid?session_id={CHECKOUT_SESSION_ID}', customer: 'cus_1',
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 1099, product_data: { name: 'T-shirt', description: 'Blue' } }, quantity: 2 },
        { price: 'price_1', quantity: 1, adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 } },
      ],
      payment_intent_data: { setup_future_usage: 'off_session', metadata: METADATA },
      metadata: METADATA, expires_at: 1900000000,
    }, { idempotencyKey: 'oracle-cs' })],
  ['a customer with an address, locales and shipping',
    (s) => s.customers.create({ email: 'jenny@example.com', preferred_locales: ['fr', 'en'], address: SHIPPING.address, shipping: SHIPPING, metadata: METADATA }, { idempotencyKey: 'oracle-cus' }),
    (o) => o.customers.create({ email: 'jenny@example.com', preferred_locales: ['fr', 'en'], address: SHIPPING.address, shipping: SHIPPING, metadata: METADATA }, { idempotencyKey: 'oracle-cus' })],
  ["a customer's default payment method cleared with ''",
    (s) => s.customers.update('cus_1', { invoice_settings: { default_payment_method: '' }, metadata: { tier: '' } }, { idempotencyKey: 'oracle-upd' }),
    (o) => o.customers.update('cus_1', { invoice_settings: { default_payment_method: '' }, metadata: { tier: '' } }, { idempotencyKey: 'oracle-upd' })],
  ['a retrieve with expand (the query string)',
    (s) => s.paymentIntents.retrieve('pi_1', { expand: ['customer', 'latest_charge.balance_transaction'] }, { stripeAccount: 'acct_1Oracle' }),
    (o) => o.paymentIntents.retrieve('pi_1', { expand: ['customer', 'latest_charge.balance_transaction'] }, { stripeAccount: 'acct_1Oracle' })],
  ["a page of a customer's payment methods",
    (s) => s.customers.listPaymentMethods('cus_1', { limit: 3, type: 'card', starting_after: 'pm_0' }),
    (o) => o.customers.listPaymentMethods('cus_1', { limit: 3, type: 'card', starting_after: 'pm_0' })],
  ['an attach',
    (s) => s.paymentMethods.attach('pm_1', { customer: 'cus_1' }, { idempotencyKey: 'oracle-att' }),
    (o) => o.paymentMethods.attach('pm_1', { customer: 'cus_1' }, { idempotencyKey: 'oracle-att' })],
  ['a cancel with its reason',
    (s) => s.paymentIntents.cancel('pi_1', { cancellation_reason: 'abandoned' }, { idempotencyKey: 'oracle-can' }),
    (o) => o.paymentIntents.cancel('pi_1', { cancellation_reason: 'abandoned' }, { idempotencyKey: 'oracle-can' })],
  ['a raw request against stripe-node\'s rawRequest',
    (s) => s.rawRequest('POST', '/v1/refunds', { payment_intent: 'pi_1', amount: 500, metadata: METADATA }, { idempotencyKey: 'oracle-raw' }),
    (o) => o.rawRequest('POST', '/v1/refunds', { payment_intent: 'pi_1', amount: 500, metadata: METADATA }, { idempotencyKey: 'oracle-raw' })],
]

test("offsession sends what stripe-node sends for the same call", async () => {
  const server = await recorder()
  try {
    const stripe = new Stripe('sk_test_oracle', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false })
    const client = new offsession.Client('sk_test_oracle', { baseUrl: `http://127.0.0.1:${server.port}`, maxNetworkRetries: 0 })
    for (const [label, theirs, ours] of CASES) {
      await theirs(stripe)
      const expected = server.seen.pop()
      await ours(client)
      const actual = server.seen.pop()
      assert.ok(expected.params.length > 0 || label.includes('retrieve'), `${label}: stripe-node sent nothing to compare`)
      assert.deepEqual(actual, expected, label)
    }
  } finally {
    server.close()
  }
})
