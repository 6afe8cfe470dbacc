// Numbers are never coerced: a value that is not exactly what the parameter takes is an
// InvalidInputError naming the parameter (as Stripe names it: `amount`,
// `line_items[0][price_data][unit_amount]`), and nothing is sent. JavaScript's only number type
// is a double, so 1099.5, NaN or 1e21 must not become 1099, 0 or 9223372036854775807 on the way
// into the core (napi's own serde Deserializer and its i64 conversion truncate, zero and
// saturate them); a bigint is exact, and refused when it is out of range.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'

import * as offsession from '../index.js'
import { assertRefused, withSim } from './support.mjs'

const RECOVERY = { product_name: 'T-shirt', success_url: 'https://example.com/paid' }
/**
 * Refused wherever an integer is expected. (`null` is no value: it is refused where a value is
 * required, and leaves an optional parameter unset, as `undefined` does.)
 */
const NOT_INTEGERS = [
  1099.5, 0.5, 1e-17, NaN, Infinity, -Infinity, '1099', true, false, 2 ** 53, -(2 ** 53), 1e21,
  2n ** 64n, 2n ** 130n, -(2n ** 130n), -(2n ** 63n) - 5n, {}, [1099], Symbol('x'), () => 1099,
]
/** Refused for counts and the webhook tolerance, which are never negative. */
const NOT_COUNTS = [...NOT_INTEGERS, -1]
/** Refused for durations: positive finite numbers (fractions are fine). */
const NOT_DURATIONS = [0, -1, -0.5, NaN, Infinity, -Infinity, '1000', true, {}, 1e-300]

const show = (value) => (typeof value === 'symbol' || typeof value === 'function' ? String(value) : inspect(value))

test('chargeOffSession: amount is an exact integer or nothing is charged', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const charge = (amount, key) => client.chargeOffSession({
      customer: 'cus_1', payment_method: 'pm_card_visa', amount, currency: 'usd', idempotency_key: key, recovery: RECOVERY,
    })
    // A bigint is exact, and still checked: beyond ±(2^53 − 1), or not a positive amount.
    for (const [i, bad] of [...NOT_INTEGERS, null, undefined, -1n, 0n, 100_000_000n].entries()) {
      await assertRefused(() => charge(bad, `order-${i}`), 'amount', `amount ${show(bad)}`)
    }
    assert.deepEqual(await sim.requests(), [], 'a refused amount sent a request')
  })
})

test('chargeOffSession: 1099 (also written 1099.0) is charged as 1099, a bigint as its exact value', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'n@example.com' })
    const pm = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    for (const [amount, key] of [[1099, 'order-number'], [1099.0, 'order-point-zero'], [2500n, 'order-bigint']]) {
      const outcome = await client.chargeOffSession({
        customer: customer.id, payment_method: pm.id, amount, currency: 'usd', idempotency_key: key, recovery: RECOVERY,
      })
      assert.equal(outcome.outcome, 'succeeded')
      assert.equal(outcome.payment_intent.amount, Number(amount))
    }
    const sent = (await sim.requests()).filter((r) => r.path === '/v1/payment_intents').map((r) => r.body.amount)
    assert.deepEqual(sent, ['1099', '1099', '2500'])
  })
})

test('paymentIntents.create: amount is an exact integer; 1099.0 is 1099', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    for (const bad of [...NOT_INTEGERS, null, undefined]) {
      await assertRefused(() => client.paymentIntents.create({ amount: bad, currency: 'usd' }), 'amount', `amount ${show(bad)}`)
    }
    assert.deepEqual(await sim.requests(), [])
    const pi = await client.paymentIntents.create({ amount: 1234.0, currency: 'usd' })
    assert.equal(pi.amount, 1234)
    assert.equal((await sim.requests())[0].body.amount, '1234')
  })
})

test('nested integers are named as Stripe names them: line_items[0][price_data][unit_amount]', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const item = (unit_amount, quantity) => ({ price_data: { currency: 'usd', unit_amount, product_data: { name: 'T-shirt' } }, quantity })
    const create = (line_items) => client.checkoutSessions.create({ mode: 'payment', success_url: 'https://example.com/s', line_items })
    for (const bad of [10.5, ...NOT_INTEGERS]) {
      await assertRefused(() => create([item(bad, 1)]), 'line_items[0][price_data][unit_amount]', `unit_amount ${show(bad)}`)
      await assertRefused(() => create([item(500, 1), item(500, bad)]), 'line_items[1][quantity]', `quantity ${show(bad)}`)
    }
    // Deeper still, inside the flows' own objects.
    await assertRefused(
      () => client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 100, currency: 'usd', idempotency_key: 'k', recovery: RECOVERY, payment_intent_data: { application_fee_amount: 1.5 } }),
      'payment_intent_data[application_fee_amount]', 'a fee of 1.5',
    )
    await assertRefused(
      () => client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 100, currency: 'usd', idempotency_key: 'k', recovery: { ...RECOVERY, expires_at: NaN } }),
      'recovery[expires_at]', 'NaN expiry',
    )
    assert.deepEqual(await sim.requests(), [])
    const session = await create([item(700, 3)])
    assert.equal(session.amount_total, 2100)
    const [sent] = await sim.requests()
    assert.deepEqual(sent.body.line_items['0'].quantity, '3')
    assert.deepEqual(sent.body.line_items['0'].price_data.unit_amount, '700')
  })
})

test('an unknown key is named; undefined is absent, null is no value', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    await assertRefused(() => client.customers.create({ emial: 'typo@example.com' }), 'emial', 'a typo')
    await assertRefused(() => client.customers.create({ shipping: { name: 'J', address: { line1: 'x' }, colour: 'red' } }), 'shipping[colour]', 'a nested typo')
    await assertRefused(() => client.paymentIntents.create({ amount: 100, currency: 'usd', paymentMethod: 'pm_1' }), 'paymentMethod', 'camelCase is not Stripe\'s name')
    assert.deepEqual(await sim.requests(), [])
    // `undefined` counts as absent, wherever it is (an unset environment variable, say).
    const customer = await client.customers.create({ email: 'u@example.com', name: undefined, metadata: { order: '42', note: undefined }, favourite_colour: undefined })
    assert.equal(customer.name, null)
    assert.deepEqual(customer.metadata, { order: '42' })
    const [sent] = await sim.requests()
    assert.deepEqual(sent.body, { email: 'u@example.com', metadata: { order: '42' } })
    // A required parameter left undefined is named as missing.
    await assertRefused(() => client.paymentIntents.create({ amount: 100, currency: undefined }), 'currency', 'undefined currency')
  })
})

test('new Client: maxNetworkRetries is a count, timeout and connectTimeout positive milliseconds', async () => {
  for (const bad of NOT_COUNTS) {
    await assertRefused(() => new offsession.Client('sk_test_node', { maxNetworkRetries: bad }), 'max_retries', `maxNetworkRetries ${show(bad)}`)
  }
  for (const bad of NOT_DURATIONS) {
    await assertRefused(() => new offsession.Client('sk_test_node', { timeout: bad }), 'timeout', `timeout ${show(bad)}`)
    await assertRefused(() => new offsession.Client('sk_test_node', { connectTimeout: bad }), 'connect_timeout', `connectTimeout ${show(bad)}`)
  }
  // Good values are kept exactly.
  assert.equal(new offsession.Client('sk_test_node', { maxNetworkRetries: 0 }).toJSON().maxNetworkRetries, 0)
  assert.equal(new offsession.Client('sk_test_node', { maxNetworkRetries: 7 }).toJSON().maxNetworkRetries, 7)
  new offsession.Client('sk_test_node', { timeout: 1500.5, connectTimeout: 250 })
})

test('request options: maxNetworkRetries and timeout are checked the same way', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    for (const bad of [1.5, NaN, -1, 11, '2', true, 2n ** 64n]) {
      await assertRefused(() => client.customers.create({}, { maxNetworkRetries: bad }), 'max_retries', `maxNetworkRetries ${show(bad)}`)
    }
    for (const bad of NOT_DURATIONS) {
      await assertRefused(() => client.customers.create({}, { timeout: bad }), 'timeout', `timeout ${show(bad)}`)
    }
    assert.deepEqual(await sim.requests(), [])
  })
})

test('a timeout of 300 ms is 300 ms: a 500 ms answer times out', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url, timeout: 300, maxNetworkRetries: 0 })
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
  for (const bad of [...NOT_COUNTS, null]) {
    await assertRefused(() => offsession.Webhook.constructEvent(payload, old, secret, bad), 'tolerance', `tolerance ${show(bad)}`)
  }
  assert.throws(() => offsession.Webhook.constructEvent(payload, old, secret, 300), offsession.SignatureVerificationError)
  assert.equal(offsession.Webhook.constructEvent(payload, old, secret, 7200).id, 'evt_1')
  assert.equal(offsession.Webhook.constructEvent(payload, old, secret, 7200n).id, 'evt_1', 'a bigint')
  assert.equal(offsession.Webhook.constructEvent(payload, old, secret, 0).id, 'evt_1', '0 disables the check')
  assert.throws(() => offsession.Webhook.constructEvent(payload, old, secret, undefined), offsession.SignatureVerificationError, 'undefined is the default 300')
})

test('Webhook.generateTestHeader: timestamp is an exact integer', async () => {
  for (const bad of [1.5, NaN, Infinity, '1', true, 2 ** 53, null, {}, 2n ** 64n]) {
    await assertRefused(() => offsession.Webhook.generateTestHeader('{}', 'whsec_x', bad), 'timestamp', `timestamp ${show(bad)}`)
  }
  assert.match(offsession.Webhook.generateTestHeader('{}', 'whsec_x', 1700000000), /^t=1700000000,v1=[0-9a-f]{64}$/)
})
