// The charge's idempotency key is required, and stripe-node's request options argument
// (`{ idempotencyKey, stripeAccount }` after the parameters) is honoured by every method, never
// silently dropped: two calls with `{ idempotencyKey: 'order-77' }` charge once.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import * as offsession from '../index.js'
import { assertRefused, withSim } from './support.mjs'

const RECOVERY = { productName: 'T-shirt', successUrl: 'https://example.com/paid' }

test('chargeOffSession without an idempotency key is refused before anything is sent', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const charge = { customer: 'cus_1', paymentMethod: 'pm_card_visa', amount: 1099, currency: 'usd', recovery: RECOVERY }
    await assertRefused(() => client.chargeOffSession(charge), 'idempotency_key', 'no key')
    await assertRefused(() => client.chargeOffSession({ ...charge, idempotencyKey: undefined }), 'idempotency_key', 'undefined key')
    await assertRefused(() => client.chargeOffSession({ ...charge, idempotencyKey: '' }), 'idempotency_key', 'empty key')
    await assertRefused(() => client.chargeOffSession({ ...charge, idempotencyKey: 77 }), 'idempotency_key', 'a number')
    await assertRefused(() => client.chargeOffSession(charge, {}), 'idempotency_key', 'empty options')
    assert.deepEqual(await sim.requests(), [])
  })
})

test("chargeOffSession(params, { idempotencyKey }) charges once however often it runs", async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'o@example.com' })
    const pm = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const charge = { customer: customer.id, paymentMethod: pm.id, amount: 1099, currency: 'usd', recovery: RECOVERY }
    const first = await client.chargeOffSession(charge, { idempotencyKey: 'order-77' })
    const second = await client.chargeOffSession(charge, { idempotencyKey: 'order-77' })
    assert.equal(first.outcome, 'succeeded')
    assert.equal(second.paymentIntent.id, first.paymentIntent.id)
    assert.equal((await sim.objects('payment_intents')).length, 1)
    const keys = (await sim.requests()).filter((r) => r.path === '/v1/payment_intents').map((r) => r.idempotency_key)
    assert.deepEqual(keys, ['order-77:payment_intent', 'order-77:payment_intent'])
    // The same key in both places is the same key.
    const third = await client.chargeOffSession({ ...charge, idempotencyKey: 'order-77' }, { idempotencyKey: 'order-77' })
    assert.equal(third.paymentIntent.id, first.paymentIntent.id)
  })
})

test('two different idempotency keys for one call are refused', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const charge = { customer: 'cus_1', paymentMethod: 'pm_card_visa', amount: 1099, currency: 'usd', idempotencyKey: 'order-1', recovery: RECOVERY }
    await assertRefused(() => client.chargeOffSession(charge, { idempotencyKey: 'order-2' }), 'idempotency_key', 'charge')
    await assertRefused(() => client.customers.create({ idempotencyKey: 'a' }, { idempotencyKey: 'b' }), 'idempotency_key', 'customer')
    await assertRefused(() => client.paymentIntents.create({ amount: 100, currency: 'usd', idempotencyKey: 'a' }, { idempotencyKey: 'b' }), 'idempotency_key', 'payment intent')
    assert.deepEqual(await sim.requests(), [])
  })
})

test('every method takes the request options: the key and the account are sent', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const account = { stripeAccount: 'acct_1Node' }
    const customer = await client.customers.create({ email: 'acct@example.com' }, { ...account, idempotencyKey: 'cust-key' })
    await client.customers.retrieve(customer.id, {}, account)
    const pm = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id }, { ...account, idempotencyKey: 'attach-key' })
    await client.paymentMethods.retrieve(pm.id, undefined, account)
    const pi = await client.paymentIntents.create({ amount: 700, currency: 'usd' }, { ...account, idempotencyKey: 'pi-key' })
    await client.paymentIntents.retrieve(pi.id, {}, account)
    await client.paymentIntents.retrieve(pi.id, undefined, account)
    const session = await client.checkoutSessions.create({ mode: 'setup', currency: 'usd', successUrl: 'https://example.com/s' }, { ...account, idempotencyKey: 'cs-key' })
    await client.checkoutSessions.retrieve(session.id, { expand: ['customer'] }, account)
    const setup = await client.startSetup({ currency: 'usd', successUrl: 'https://example.com/s', customer: customer.id }, { ...account, idempotencyKey: 'setup-key' })
    await sim.control('POST', `/_sim/checkout/sessions/${setup.session.id}/complete`, { payment_method: 'pm_card_visa' })
    const saved = await client.completeSetup(setup.session.id, {}, account)
    await client.setupIntents.retrieve(saved.setupIntent.id, {}, account)
    await client.chargeOffSession({ customer: customer.id, paymentMethod: saved.paymentMethodId, amount: 900, currency: 'usd', recovery: RECOVERY }, { ...account, idempotencyKey: 'charge-key' })
    const event = { id: 'evt_1', object: 'event', type: 'checkout.session.completed', api_version: null, created: 1, livemode: false, data: { object: { ...setup.session, status: 'complete' } } }
    await client.completeSetupFromEvent(event, {}, account).catch(() => {})

    const log = await sim.requests()
    const without = log.filter((r) => r.stripe_account !== 'acct_1Node').map((r) => `${r.method} ${r.path}`)
    assert.deepEqual(without, [], 'requests sent without the account')
    const keyOf = (method, path) => log.find((r) => r.method === method && r.path === path)?.idempotency_key
    assert.equal(keyOf('POST', '/v1/customers'), 'cust-key')
    assert.equal(keyOf('POST', `/v1/payment_methods/pm_card_visa/attach`), 'attach-key')
    assert.equal(keyOf('POST', '/v1/payment_intents'), 'pi-key')
    assert.equal(keyOf('POST', '/v1/checkout/sessions'), 'cs-key')
    assert.ok(log.some((r) => r.idempotency_key === 'setup-key:setup_session'), 'startSetup used the key')
    assert.ok(log.some((r) => r.idempotency_key === 'charge-key:payment_intent'), 'chargeOffSession used the key')
    // A client-wide account is overridden per call.
    const other = new offsession.Client('sk_test_node', { baseUrl: sim.url, stripeAccount: 'acct_Default' })
    await other.customers.retrieve(customer.id, null, { stripeAccount: 'acct_PerCall' })
    assert.equal((await sim.requests()).at(-1).stripe_account, 'acct_PerCall')
  })
})

test('unknown request options, keys on reads and extra arguments are refused', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const charge = { customer: 'cus_1', paymentMethod: 'pm_card_visa', amount: 1099, currency: 'usd', idempotencyKey: 'k', recovery: RECOVERY }
    await assertRefused(() => client.chargeOffSession(charge, { idempotencyKye: 'x' }), 'idempotencyKye', 'typo in options')
    await assertRefused(() => client.chargeOffSession(charge, { apiKey: 'sk_test_other' }), 'apiKey', 'unsupported option')
    await assertRefused(() => client.chargeOffSession(charge, 'order-1'), 'options', 'options not an object')
    await assertRefused(() => client.chargeOffSession(charge, {}, {}), 'arguments', 'a third argument')
    await assertRefused(() => client.customers.retrieve('cus_1', {}, { idempotencyKey: 'k' }), 'idempotency_key', 'a key on a read')
    await assertRefused(() => client.customers.retrieve('cus_1', { idempotencyKey: 'k' }), 'idempotencyKey', 'a key in the params of a read')
    await assertRefused(() => client.customers.retrieve('cus_1', {}, {}, {}), 'arguments', 'extra argument to retrieve')
    await assertRefused(() => client.paymentIntents.retrieve('pi_1', { stripeAccount: 'acct_1' }), 'stripeAccount', 'options in the params position')
    await assertRefused(() => client.completeSetup('cs_1', {}, { idempotencyKey: 'k' }), 'idempotency_key', 'completeSetup takes no key')
    await assertRefused(() => client.customers.create({}, { stripeAccount: 'acct_1/../x' }), 'stripe_account', 'a bad account id')
    await assertRefused(() => new offsession.Client('sk_test_node', {}, {}), 'arguments', 'extra argument to the constructor')
    assert.deepEqual(await sim.requests(), [])
  })
})
