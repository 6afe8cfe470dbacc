// Numbers are never coerced: a value that is not exactly what the parameter takes is an
// InvalidInputError naming the parameter, and nothing is sent. JavaScript's only number type
// is a double, so 1099.5, NaN or 2**53 must not become 1099, 0 or 9007199254740992 on the way
// into the core (napi's own i64/u32 conversions truncate, zero and wrap them).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'

import * as offsession from '../index.js'
import { assertRefused, withSim } from './support.mjs'

const RECOVERY = { productName: 'T-shirt', successUrl: 'https://example.com/paid' }
/** Refused wherever an integer is expected. */
const NOT_INTEGERS = [1099.5, 0.5, NaN, Infinity, -Infinity, '1099', true, false, 2 ** 53, -(2 ** 53), 1e21, null, {}, [1099], Symbol('x'), () => 1099]
/** Refused for counts and the webhook tolerance, which are never negative. */
const NOT_COUNTS = [...NOT_INTEGERS, -1]
/** Refused for durations: positive finite numbers (fractions are fine). */
const NOT_DURATIONS = [0, -1, -0.5, NaN, Infinity, -Infinity, '1000', true, null, {}, 1e-300]

const show = (value) => (typeof value === 'symbol' || typeof value === 'function' ? String(value) : inspect(value))

test('chargeOffSession: amount is an exact integer or nothing is charged', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const charge = (amount, key) => client.chargeOffSession({
      customer: 'cus_1', paymentMethod: 'pm_card_visa', amount, currency: 'usd', idempotencyKey: key, recovery: RECOVERY,
    })
    // A BigInt is exact, and still checked: beyond i64, beyond 128 bits, or not a positive amount.
    for (const [i, bad] of [...NOT_INTEGERS, 2n ** 64n, 2n ** 130n, -(2n ** 130n), -1n, 0n, 100_000_000n].entries()) {
      await assertRefused(() => charge(bad, `order-${i}`), 'amount', `amount ${show(bad)}`)
    }
    assert.deepEqual(await sim.requests(), [], 'a refused amount sent a request')
  })
})

test('chargeOffSession: 1099 is charged as 1099, a BigInt as its exact value', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'n@example.com' })
    const pm = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    for (const [amount, key] of [[1099, 'order-number'], [2500n, 'order-bigint']]) {
      const outcome = await client.chargeOffSession({
        customer: customer.id, paymentMethod: pm.id, amount, currency: 'usd', idempotencyKey: key, recovery: RECOVERY,
      })
      assert.equal(outcome.outcome, 'succeeded')
      assert.equal(outcome.paymentIntent.amount, Number(amount))
    }
    const sent = (await sim.requests()).filter((r) => r.path === '/v1/payment_intents').map((r) => r.body.amount)
    assert.deepEqual(sent, ['1099', '2500'])
  })
})

test('paymentIntents.create: amount is an exact integer', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    for (const bad of NOT_INTEGERS) {
      await assertRefused(() => client.paymentIntents.create({ amount: bad, currency: 'usd' }), 'amount', `amount ${show(bad)}`)
    }
    assert.deepEqual(await sim.requests(), [])
    const pi = await client.paymentIntents.create({ amount: 1234, currency: 'usd' })
    assert.equal(pi.amount, 1234)
  })
})

test('checkoutSessions.create: unit_amount and quantity of each line item are exact integers', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const item = (unitAmount, quantity) => ({ priceData: { currency: 'usd', unitAmount, productData: { name: 'T-shirt' } }, quantity })
    const create = (lineItems) => client.checkoutSessions.create({ mode: 'payment', successUrl: 'https://example.com/s', lineItems })
    for (const bad of NOT_INTEGERS) {
      await assertRefused(() => create([item(bad, 1)]), 'line_items[0][price_data][unit_amount]', `unitAmount ${show(bad)}`)
      await assertRefused(() => create([item(500, 1), item(500, bad)]), 'line_items[1][quantity]', `quantity ${show(bad)}`)
    }
    await assertRefused(() => create([item(500, -1)]), 'line_items[0][quantity]', 'quantity -1')
    assert.deepEqual(await sim.requests(), [])
    const session = await create([item(700, 3)])
    assert.equal(session.amount_total, 2100)
    const [sent] = await sim.requests()
    assert.deepEqual(sent.body.line_items['0'].quantity, '3')
    assert.deepEqual(sent.body.line_items['0'].price_data.unit_amount, '700')
  })
})

test('new Client: maxRetries is a count, timeout and connectTimeout positive milliseconds', async () => {
  for (const bad of NOT_COUNTS) {
    await assertRefused(() => new offsession.Client('sk_test_node', { maxRetries: bad }), 'max_retries', `maxRetries ${show(bad)}`)
  }
  for (const bad of NOT_DURATIONS) {
    await assertRefused(() => new offsession.Client('sk_test_node', { timeout: bad }), 'timeout', `timeout ${show(bad)}`)
    await assertRefused(() => new offsession.Client('sk_test_node', { connectTimeout: bad }), 'connect_timeout', `connectTimeout ${show(bad)}`)
  }
  // Good values are kept exactly.
  assert.equal(new offsession.Client('sk_test_node', { maxRetries: 0 }).toJSON().maxRetries, 0)
  assert.equal(new offsession.Client('sk_test_node', { maxRetries: 7 }).toJSON().maxRetries, 7)
  new offsession.Client('sk_test_node', { timeout: 1500.5, connectTimeout: 250 })
})

test('a timeout of 300 ms is 300 ms: a 500 ms answer times out', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url, timeout: 300, maxRetries: 0 })
    await sim.fault({ method: 'GET', path: '/v1/customers', kind: 'delay', delay_ms: 800 })
    const started = Date.now()
    await assert.rejects(client.customers.retrieve('cus_1'), offsession.APIConnectionError)
    assert.ok(Date.now() - started < 790, 'the timeout was not applied')
  })
})

test('Webhook: tolerance is a non-negative integer of seconds, never wrapped', async () => {
  const secret = 'whsec_numbers'
  const payload = '{"id":"evt_1","object":"event","type":"ping","data":{"object":{"object":"x"}}}'
  // Signed an hour ago: a tolerance of -1 read as 4294967295 seconds would accept it.
  const old = offsession.Webhook.generateTestHeader(payload, secret, Math.floor(Date.now() / 1000) - 3600)
  for (const bad of NOT_COUNTS) {
    await assertRefused(() => offsession.Webhook.constructEvent(payload, old, secret, bad), 'tolerance', `tolerance ${show(bad)}`)
  }
  assert.throws(() => offsession.Webhook.constructEvent(payload, old, secret, 300), offsession.SignatureVerificationError)
  assert.equal(offsession.Webhook.constructEvent(payload, old, secret, 7200).id, 'evt_1')
  assert.equal(offsession.Webhook.constructEvent(payload, old, secret, 0).id, 'evt_1', '0 disables the check')
  assert.throws(() => offsession.Webhook.constructEvent(payload, old, secret, undefined), offsession.SignatureVerificationError, 'undefined is the default 300')
})

test('Webhook.generateTestHeader: timestamp is an exact integer', async () => {
  for (const bad of [1.5, NaN, Infinity, '1', true, 2 ** 53, null, {}]) {
    await assertRefused(() => offsession.Webhook.generateTestHeader('{}', 'whsec_x', bad), 'timestamp', `timestamp ${show(bad)}`)
  }
  assert.match(offsession.Webhook.generateTestHeader('{}', 'whsec_x', 1700000000), /^t=1700000000,v1=[0-9a-f]{64}$/)
})
