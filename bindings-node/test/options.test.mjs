// stripe-node's request options (`{ idempotencyKey, stripeAccount, timeout, maxNetworkRetries,
// extraParams }` after the parameters) are honoured by every method, never silently dropped:
// two calls with `{ idempotencyKey: 'order-77' }` charge once, the account and the key reach
// Stripe, a per-request timeout and retry count replace the client's for that request alone,
// and extra parameters are merged into the body. The charge's idempotency key is required.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import * as offsession from '../index.js'
import { assertRefused, withSim } from './support.mjs'

const RECOVERY = { product_name: 'T-shirt', success_url: 'https://example.com/paid' }

test('chargeOffSession without an idempotency key is refused before anything is sent', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const charge = { customer: 'cus_1', payment_method: 'pm_card_visa', amount: 1099, currency: 'usd', recovery: RECOVERY }
    await assertRefused(() => client.chargeOffSession(charge), 'idempotency_key', 'no key')
    await assertRefused(() => client.chargeOffSession({ ...charge, idempotency_key: undefined }), 'idempotency_key', 'undefined key')
    await assertRefused(() => client.chargeOffSession({ ...charge, idempotency_key: '' }), 'idempotency_key', 'empty key')
    await assertRefused(() => client.chargeOffSession({ ...charge, idempotency_key: 77 }), 'idempotency_key', 'a number')
    await assertRefused(() => client.chargeOffSession(charge, {}), 'idempotency_key', 'empty options')
    assert.deepEqual(await sim.requests(), [])
  })
})

test("chargeOffSession(params, { idempotencyKey }) charges once however often it runs", async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'o@example.com' })
    const pm = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const charge = { customer: customer.id, payment_method: pm.id, amount: 1099, currency: 'usd', recovery: RECOVERY }
    const first = await client.chargeOffSession(charge, { idempotencyKey: 'order-77' })
    const second = await client.chargeOffSession(charge, { idempotencyKey: 'order-77' })
    assert.equal(first.outcome, 'succeeded')
    assert.equal(second.payment_intent.id, first.payment_intent.id)
    assert.equal((await sim.objects('payment_intents')).length, 1)
    const keys = (await sim.requests()).filter((r) => r.path === '/v1/payment_intents').map((r) => r.idempotency_key)
    assert.deepEqual(keys, ['order-77:payment_intent', 'order-77:payment_intent'])
    // The same key in both places is the same key.
    const third = await client.chargeOffSession({ ...charge, idempotency_key: 'order-77' }, { idempotencyKey: 'order-77' })
    assert.equal(third.payment_intent.id, first.payment_intent.id)
  })
})

test('two different idempotency keys for one flow are refused; a resource takes its key as an option', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const charge = { customer: 'cus_1', payment_method: 'pm_card_visa', amount: 1099, currency: 'usd', idempotency_key: 'order-1', recovery: RECOVERY }
    await assertRefused(() => client.chargeOffSession(charge, { idempotencyKey: 'order-2' }), 'idempotency_key', 'charge')
    await assertRefused(() => client.startSetup({ currency: 'usd', success_url: 'https://example.com/s', idempotency_key: 'a' }, { idempotencyKey: 'b' }), 'idempotency_key', 'setup')
    // Stripe's parameters have no idempotency key: a resource call's is a request option.
    await assertRefused(() => client.customers.create({ idempotency_key: 'a' }), 'idempotency_key', 'a key among the parameters')
    await assertRefused(() => client.paymentIntents.create({ amount: 100, currency: 'usd', idempotencyKey: 'a' }), 'idempotencyKey', 'camelCase among the parameters')
    assert.deepEqual(await sim.requests(), [])
  })
})

test('every method takes the request options: the key and the account are sent', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const account = { stripeAccount: 'acct_1Node' }
    const customer = await client.customers.create({ email: 'acct@example.com' }, { ...account, idempotencyKey: 'cust-key' })
    await client.customers.retrieve(customer.id, {}, account)
    await client.customers.update(customer.id, { name: 'Jenny' }, { ...account, idempotencyKey: 'update-key' })
    const pm = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id }, { ...account, idempotencyKey: 'attach-key' })
    await client.paymentMethods.retrieve(pm.id, undefined, account)
    await client.customers.listPaymentMethods(customer.id, { limit: 2 }, account)
    const pi = await client.paymentIntents.create({ amount: 700, currency: 'usd' }, { ...account, idempotencyKey: 'pi-key' })
    await client.paymentIntents.retrieve(pi.id, {}, account)
    await client.paymentIntents.retrieve(pi.id, undefined, account)
    const session = await client.checkoutSessions.create({ mode: 'setup', currency: 'usd', success_url: 'https://example.com/s' }, { ...account, idempotencyKey: 'cs-key' })
    await client.checkoutSessions.retrieve(session.id, { expand: ['customer'] }, account)
    const setup = await client.startSetup({ currency: 'usd', success_url: 'https://example.com/s', customer: customer.id }, { ...account, idempotencyKey: 'setup-key' })
    await sim.control('POST', `/_sim/checkout/sessions/${setup.session.id}/complete`, { payment_method: 'pm_card_visa' })
    const saved = await client.completeSetup(setup.session.id, {}, account)
    await client.setupIntents.retrieve(saved.setup_intent.id, {}, account)
    await client.setupIntents.update(saved.setup_intent.id, { metadata: { step: 'done' } }, { ...account, idempotencyKey: 'seti-key' })
    await client.chargeOffSession({ customer: customer.id, payment_method: saved.payment_method_id, amount: 900, currency: 'usd', recovery: RECOVERY }, { ...account, idempotencyKey: 'charge-key' })
    await client.rawRequest('GET', `/v1/customers/${customer.id}`, {}, account)
    const event = { id: 'evt_1', object: 'event', type: 'checkout.session.completed', api_version: null, created: 1, livemode: false, data: { object: { ...setup.session, status: 'complete' } } }
    await client.completeSetupFromEvent(event, {}, account).catch(() => {})

    const log = await sim.requests()
    const without = log.filter((r) => r.stripe_account !== 'acct_1Node').map((r) => `${r.method} ${r.path}`)
    assert.deepEqual(without, [], 'requests sent without the account')
    const keyOf = (method, path) => log.find((r) => r.method === method && r.path === path)?.idempotency_key
    assert.equal(keyOf('POST', '/v1/customers'), 'cust-key')
    assert.equal(keyOf('POST', `/v1/customers/${customer.id}`), 'update-key')
    assert.equal(keyOf('POST', `/v1/payment_methods/pm_card_visa/attach`), 'attach-key')
    assert.equal(keyOf('POST', '/v1/payment_intents'), 'pi-key')
    assert.equal(keyOf('POST', '/v1/checkout/sessions'), 'cs-key')
    assert.equal(keyOf('POST', `/v1/setup_intents/${saved.setup_intent.id}`), 'seti-key')
    assert.ok(log.some((r) => r.idempotency_key === 'setup-key:setup_session'), 'startSetup used the key')
    assert.ok(log.some((r) => r.idempotency_key === 'charge-key:payment_intent'), 'chargeOffSession used the key')
    // A client-wide account is overridden per call.
    const other = new offsession.Client('sk_test_node', { baseUrl: sim.url, stripeAccount: 'acct_Default' })
    await other.customers.retrieve(customer.id, null, { stripeAccount: 'acct_PerCall' })
    assert.equal((await sim.requests()).at(-1).stripe_account, 'acct_PerCall')
  })
})

test('withStripeAccount: every request of the derived client, flows included, acts for the account', async () => {
  await withSim(async (sim) => {
    const platform = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const connected = platform.withStripeAccount('acct_1Connected')
    assert.ok(connected instanceof offsession.Client)
    const customer = await connected.customers.create({ email: 'c@example.com' })
    await connected.customers.retrieve(customer.id)
    const setup = await connected.startSetup({ currency: 'usd', success_url: 'https://example.com/s', customer: customer.id })
    await connected.rawRequest('GET', `/v1/customers/${customer.id}`)
    // A per-request account still replaces it, and the platform client is unchanged.
    await connected.customers.retrieve(customer.id, null, { stripeAccount: 'acct_1Other' })
    await platform.customers.retrieve(customer.id)
    const log = await sim.requests()
    assert.deepEqual(log.map((r) => r.stripe_account), ['acct_1Connected', 'acct_1Connected', 'acct_1Connected', 'acct_1Connected', 'acct_1Other', null])
    assert.equal(setup.session.customer, customer.id)
    assert.equal(connected.toJSON().baseUrl, sim.url)
  })
})

test('a per-request idempotencyKey, maxNetworkRetries and timeout apply to that request alone', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url, maxNetworkRetries: 2 })
    // maxNetworkRetries: 0 sends the request once; the client's 2 retries otherwise.
    await sim.fault({ method: 'POST', path: '/v1/customers', kind: 'status_500', count: 1 })
    await assert.rejects(client.customers.create({ email: 'once@example.com' }, { maxNetworkRetries: 0, idempotencyKey: 'once-1' }), offsession.APIError)
    await sim.fault({ method: 'POST', path: '/v1/customers', kind: 'status_500', count: 1 })
    const retried = await client.customers.create({ email: 'twice@example.com' }, { idempotencyKey: 'twice-1' })
    const keys = (await sim.requests()).filter((r) => r.path === '/v1/customers').map((r) => [r.idempotency_key, r.status])
    assert.deepEqual(keys, [['once-1', 500], ['twice-1', 500], ['twice-1', 200]])
    assert.equal(retried.lastResponse.idempotencyKey, 'twice-1')

    // timeout: 200 ms for this request; the next one has the client's 80 s.
    await sim.fault({ method: 'GET', path: '/v1/customers/', kind: 'delay', delay_ms: 600, count: 2 })
    const started = Date.now()
    await assert.rejects(client.customers.retrieve(retried.id, null, { timeout: 200, maxNetworkRetries: 0 }), offsession.APIConnectionError)
    assert.ok(Date.now() - started < 590, `the per-request timeout was not applied (${Date.now() - started} ms)`)
    assert.equal((await client.customers.retrieve(retried.id)).id, retried.id)
  })
})

test('extraParams are merged into the body, any nesting; a key set twice and a float are refused', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create(
      { email: 'x@example.com', shipping: { name: 'Jenny', address: { line1: '1 Main St' } } },
      { extraParams: { preferred_locales: ['fr', 'en'], shipping: { phone: '+15555550123' }, metadata: { via: 'extra' } } },
    )
    assert.deepEqual(customer.preferred_locales, ['fr', 'en'])
    const [sent] = await sim.requests()
    assert.deepEqual(sent.body.preferred_locales, ['fr', 'en'])
    assert.deepEqual(sent.body.shipping, { name: 'Jenny', phone: '+15555550123', address: { line1: '1 Main St' } })
    assert.deepEqual(sent.body.metadata, { via: 'extra' })
    const refusals = [
      [{ amount: 5 }, 'extra_params[amount]'],
      [{ shipping: { name: 'Other' } }, 'extra_params[shipping][name]'],
      [{ level3: { shipping_amount: 1.5 } }, 'extra_params[level3][shipping_amount]'],
      [{ level3: { items: [{ unit_cost: NaN }] } }, 'extra_params[level3][items][0][unit_cost]'],
      [{ 'metadata[order]': '42' }, 'extra_params[metadata[order]]'],
    ]
    for (const [extraParams, param] of refusals) {
      await assertRefused(
        () => client.paymentIntents.create({ amount: 1099, currency: 'usd', shipping: { name: 'J', address: { line1: 'x' } } }, { extraParams }),
        param, JSON.stringify(extraParams) ?? String(extraParams),
      )
    }
    await assertRefused(() => client.customers.create({}, { extraParams: 'x=1' }), 'extra_params', 'extraParams not an object')
    assert.equal((await sim.requests()).length, 1, 'a refused call sent a request')
  })
})

test('unknown request options and extra arguments are refused; a flow takes no per-request setting', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const charge = { customer: 'cus_1', payment_method: 'pm_card_visa', amount: 1099, currency: 'usd', idempotency_key: 'k', recovery: RECOVERY }
    await assertRefused(() => client.chargeOffSession(charge, { idempotencyKye: 'x' }), 'idempotencyKye', 'typo in options')
    await assertRefused(() => client.chargeOffSession(charge, { apiKey: 'sk_test_other' }), 'apiKey', 'unsupported option')
    await assertRefused(() => client.chargeOffSession(charge, 'order-1'), 'options', 'options not an object')
    await assertRefused(() => client.chargeOffSession(charge, {}, {}), 'arguments', 'a third argument')
    await assertRefused(() => client.chargeOffSession(charge, { timeout: 5000 }), 'timeout', 'a flow makes several requests')
    await assertRefused(() => client.startSetup({ currency: 'usd', success_url: 'https://e.com' }, { maxNetworkRetries: 0 }), 'max_retries', 'retries on a flow')
    await assertRefused(() => client.startSetup({ currency: 'usd', success_url: 'https://e.com' }, { extraParams: { locale: 'fr' } }), 'extra_params', 'extra params on a flow')
    await assertRefused(() => client.customers.retrieve('cus_1', {}, {}, {}), 'arguments', 'extra argument to retrieve')
    await assertRefused(() => client.paymentIntents.retrieve('pi_1', { stripeAccount: 'acct_1' }), 'stripeAccount', 'options in the params position')
    await assertRefused(() => client.completeSetup('cs_1', {}, { idempotencyKey: 'k' }), 'idempotency_key', 'completeSetup takes no key')
    await assertRefused(() => client.completeRecovery('cs_1', { idempotencyKey: 'k' }), 'idempotency_key', 'completeRecovery takes no key')
    await assertRefused(() => client.customers.create({}, { stripeAccount: 'acct_1/../x' }), 'stripe_account', 'a bad account id')
    await assertRefused(() => client.customers.create({}, { idempotencyKey: '' }), 'idempotency_key', 'an empty key')
    await assertRefused(() => new offsession.Client('sk_test_node', {}, {}), 'arguments', 'extra argument to the constructor')
    assert.deepEqual(await sim.requests(), [])
  })
})
