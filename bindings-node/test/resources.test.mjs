// The whole surface, as a user calls it: Stripe's parameters (snake_case, every one the core
// types) reach the simulator as Stripe receives them; lists are pages to await or objects to
// walk with `for await`; detach, a default payment method, an expired session; raw requests to
// any endpoint.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import * as offsession from '../index.js'
import { assertRefused, withSim } from './support.mjs'

const RECOVERY = { product_name: 'T-shirt', success_url: 'https://example.com/paid' }

/** The simulator's log entries for `method path` (path as a prefix), oldest first. */
async function sent(sim, method, path) {
  return (await sim.requests()).filter((r) => r.method === method && r.path.startsWith(path))
}

test('typed parameters reach the simulator as Stripe receives them, nested ones included', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({
      email: 'jenny.rosen@example.com',
      name: 'Jenny Rosen',
      phone: '+15555550123',
      preferred_locales: ['fr', 'en'],
      address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
      metadata: { order: '42' },
    })
    assert.deepEqual(customer.preferred_locales, ['fr', 'en'])
    const [created] = await sent(sim, 'POST', '/v1/customers')
    assert.deepEqual(created.body, {
      email: 'jenny.rosen@example.com',
      name: 'Jenny Rosen',
      phone: '+15555550123',
      preferred_locales: ['fr', 'en'],
      address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
      metadata: { order: '42' },
    })

    const pm = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const pi = await client.paymentIntents.create({
      amount: 1099,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm.id,
      capture_method: 'manual',
      receipt_email: 'jenny.rosen@example.com',
      statement_descriptor_suffix: 'ORDER 42',
      shipping: { name: 'Jenny Rosen', address: { line1: '1 Main St', postal_code: '94110' } },
      payment_method_options: { card: { request_three_d_secure: 'any' } },
      metadata: { order: '42' },
    })
    assert.equal(pi.amount, 1099)
    const [intent] = await sent(sim, 'POST', '/v1/payment_intents')
    assert.equal(intent.body.amount, '1099')
    assert.equal(intent.body.capture_method, 'manual')
    assert.equal(intent.body.statement_descriptor_suffix, 'ORDER 42')
    assert.deepEqual(intent.body.shipping, { name: 'Jenny Rosen', address: { line1: '1 Main St', postal_code: '94110' } })
    assert.deepEqual(intent.body.payment_method_options, { card: { request_three_d_secure: 'any' } })

    // The flows pass every other Stripe parameter through their own objects.
    const setup = await client.startSetup({
      currency: 'usd',
      success_url: 'https://example.com/s?session_id={CHECKOUT_SESSION_ID}',
      customer_email: 'new@example.com',
      session_data: { locale: 'fr', client_reference_id: 'cart-7', payment_method_types: ['card'] },
    })
    assert.equal(setup.customer_id, null)
    assert.match(setup.url, /^http/)
    const session = (await sent(sim, 'POST', '/v1/checkout/sessions')).at(-1).body
    assert.equal(session.mode, 'setup')
    assert.equal(session.customer_email, 'new@example.com')
    assert.equal(session.locale, 'fr')
    assert.equal(session.client_reference_id, 'cart-7')
    assert.deepEqual(session.payment_method_types, ['card'])

    const outcome = await client.chargeOffSession({
      customer: customer.id, payment_method: pm.id, amount: 2500, currency: 'usd', idempotency_key: 'order-43',
      recovery: RECOVERY, off_session: 'recurring', description: 'Order 43',
      payment_intent_data: { receipt_email: 'jenny.rosen@example.com', statement_descriptor_suffix: 'ORDER 43' },
    })
    assert.equal(outcome.outcome, 'succeeded')
    const charge = (await sent(sim, 'POST', '/v1/payment_intents')).at(-1).body
    assert.equal(charge.off_session, 'recurring')
    assert.equal(charge.confirm, 'true')
    assert.equal(charge.receipt_email, 'jenny.rosen@example.com')
    assert.equal(charge.statement_descriptor_suffix, 'ORDER 43')
    assert.equal(charge.description, 'Order 43')
  })
})

test('a list is a page to await, and `for await` walks every page through the core\'s paginator', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'pages@example.com' })
    const cards = []
    for (let i = 0; i < 7; i++) cards.push((await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })).id)
    const newestFirst = [...cards].reverse()

    const page = await client.customers.listPaymentMethods(customer.id, { limit: 3, type: 'card' })
    assert.equal(page.object, 'list')
    assert.equal(page.has_more, true)
    assert.equal(page.url, `/v1/customers/${customer.id}/payment_methods`)
    assert.deepEqual(page.data.map((pm) => pm.id), newestFirst.slice(0, 3))
    assert.equal(page.lastResponse.statusCode, 200)
    assert.match(page.lastResponse.requestId, /^req_/)
    assert.ok(!Object.keys(page).includes('lastResponse'))

    const before = (await sent(sim, 'GET', '/v1/customers/')).length
    const walked = []
    for await (const pm of client.customers.listPaymentMethods(customer.id, { limit: 3 }, { stripeAccount: 'acct_1Pages' })) {
      assert.equal(pm.object, 'payment_method')
      walked.push(pm.id)
    }
    assert.deepEqual(walked, newestFirst)
    // Three pages (3 + 3 + 1), one request each, the cursor moved by the paginator; the
    // options went with every page.
    const pages = (await sent(sim, 'GET', '/v1/customers/')).slice(before)
    assert.equal(pages.length, 3)
    assert.deepEqual(pages.map((r) => r.body?.starting_after ?? null), [null, newestFirst[2], newestFirst[5]])
    assert.deepEqual(pages.map((r) => r.stripe_account), ['acct_1Pages', 'acct_1Pages', 'acct_1Pages'])

    // Stopping early fetches no further page; autoPagingToArray stops at its limit.
    const early = []
    for await (const pm of client.customers.listPaymentMethods(customer.id, { limit: 3 })) {
      early.push(pm.id)
      if (early.length === 2) break
    }
    assert.deepEqual(early, newestFirst.slice(0, 2))
    const five = await client.customers.listPaymentMethods(customer.id, { limit: 2 }).autoPagingToArray({ limit: 5 })
    assert.deepEqual(five.map((pm) => pm.id), newestFirst.slice(0, 5))
    const seen = []
    await client.customers.listPaymentMethods(customer.id).autoPagingEach((pm) => { seen.push(pm.id); return seen.length < 4 })
    assert.deepEqual(seen, newestFirst.slice(0, 4))
    await assert.rejects(client.customers.listPaymentMethods(customer.id).autoPagingToArray({}), offsession.InvalidInputError)

    // Nothing is sent until the list is awaited or walked; a bad argument rejects either way.
    const count = (await sim.requests()).length
    const lazy = client.customers.listPaymentMethods(customer.id)
    assert.equal((await sim.requests()).length, count)
    assert.equal((await lazy).data.length, 7)
    await assertRefused(() => client.customers.listPaymentMethods(customer.id, { limit: 101 }), 'limit', 'limit 101')
    await assertRefused(async () => { for await (const pm of client.customers.listPaymentMethods('cus_1/../x')) void pm }, 'id', 'a walk with a bad id')
    await assertRefused(async () => { for await (const pm of client.customers.listPaymentMethods(customer.id, { limit: 2.5 })) void pm }, 'limit', 'a walk with a bad limit')
  })
})

test('a walk can be aborted: the page on its way is cancelled', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'abort-pages@example.com' })
    for (let i = 0; i < 3; i++) await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const controller = new AbortController()
    const walked = []
    await sim.fault({ method: 'GET', path: '/v1/customers/', kind: 'delay', delay_ms: 3000 })
    const walk = (async () => {
      for await (const pm of client.customers.listPaymentMethods(customer.id, { limit: 2 }, { signal: controller.signal })) walked.push(pm.id)
    })()
    setTimeout(() => controller.abort(), 200)
    await assert.rejects(walk, (e) => e.name === 'AbortError')
    assert.deepEqual(walked, [])
  })
})

test('detach: the payment method leaves the customer and its list, and cannot be detached twice', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'detach@example.com' })
    const kept = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const gone = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const detached = await client.paymentMethods.detach(gone.id, {}, { idempotencyKey: 'detach-1' })
    assert.equal(detached.id, gone.id)
    assert.equal(detached.customer, null)
    assert.equal(detached.lastResponse.idempotencyKey, 'detach-1')
    const [request] = await sent(sim, 'POST', `/v1/payment_methods/${gone.id}/detach`)
    assert.equal(request.idempotency_key, 'detach-1')
    assert.deepEqual((await client.customers.listPaymentMethods(customer.id)).data.map((pm) => pm.id), [kept.id])
    const again = await client.paymentMethods.detach(gone.id).catch((e) => e)
    assert.ok(again instanceof offsession.InvalidRequestError, `${again}`)
    assert.equal((await client.paymentMethods.retrieve(gone.id)).customer, null)
  })
})

test("a customer's default payment method is set with update, and cleared with ''", async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'default@example.com' })
    const card = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const updated = await client.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id }, metadata: { tier: 'gold' } })
    assert.equal(updated.invoice_settings.default_payment_method, card.id)
    assert.equal(updated.metadata.tier, 'gold')
    assert.ok(updated.lastResponse.idempotencyKey, 'an update is a POST with a key')
    const cleared = await client.customers.update(customer.id, { invoice_settings: { default_payment_method: '' } })
    assert.equal(cleared.invoice_settings.default_payment_method, null)
    const bodies = (await sent(sim, 'POST', `/v1/customers/${customer.id}`)).map((r) => r.body)
    assert.deepEqual(bodies, [
      { invoice_settings: { default_payment_method: card.id }, metadata: { tier: 'gold' } },
      { invoice_settings: { default_payment_method: '' } },
    ])
    await assertRefused(() => client.customers.update(customer.id, { colour: 'red' }), 'colour', 'an unknown parameter')
  })
})

test('an open Checkout Session expires once; a SetupIntent is updated', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const session = await client.checkoutSessions.create({ mode: 'setup', currency: 'usd', success_url: 'https://example.com/s' })
    const expired = await client.checkoutSessions.expire(session.id)
    assert.equal(expired.status, 'expired')
    assert.equal(expired.lastResponse.statusCode, 200)
    await assert.rejects(client.checkoutSessions.expire(session.id), offsession.InvalidRequestError)

    const setup = await client.startSetup({ currency: 'usd', success_url: 'https://example.com/s', new_customer: { email: 's@example.com' } })
    await sim.control('POST', `/_sim/checkout/sessions/${setup.session.id}/complete`, { payment_method: 'pm_card_visa' })
    const saved = await client.completeSetup(setup.session.id)
    const intent = await client.setupIntents.update(saved.setup_intent.id, { metadata: { step: 'saved' } })
    assert.equal(intent.metadata.step, 'saved')
    const retrieved = await client.setupIntents.retrieve(saved.setup_intent.id, { expand: ['payment_method'] })
    assert.equal(retrieved.payment_method.id, saved.payment_method_id)
  })
})

test('rawRequest: any endpoint, with the client\'s retries and keys, decoded JSON back', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url, maxNetworkRetries: 2 })
    await sim.fault({ method: 'POST', path: '/v1/customers', kind: 'status_500', count: 1 })
    const created = await client.rawRequest('POST', '/v1/customers', { email: 'raw@example.com', metadata: { source: 'raw' }, preferred_locales: ['fr'] }, { idempotencyKey: 'raw-1' })
    assert.match(created.id, /^cus_/)
    assert.equal(created.metadata.source, 'raw')
    assert.equal(created.lastResponse.idempotencyKey, 'raw-1')
    assert.ok(!Object.keys(created).includes('lastResponse'))
    const posts = await sent(sim, 'POST', '/v1/customers')
    assert.deepEqual(posts.map((r) => [r.idempotency_key, r.status]), [['raw-1', 500], ['raw-1', 200]])
    assert.deepEqual(posts[1].body, { email: 'raw@example.com', metadata: { source: 'raw' }, preferred_locales: ['fr'] })

    const read = await client.rawRequest('GET', `/v1/customers/${created.id}`, { expand: ['default_source'] }, { stripeAccount: 'acct_1Raw' })
    assert.equal(read.id, created.id)
    assert.equal(read.lastResponse.idempotencyKey, null)
    const get = (await sent(sim, 'GET', `/v1/customers/${created.id}`)).at(-1)
    assert.equal(get.stripe_account, 'acct_1Raw')
    const missing = await client.rawRequest('GET', '/v1/customers/cus_DoesNotExist').catch((e) => e)
    assert.ok(missing instanceof offsession.InvalidRequestError)
    assert.equal(missing.code, 'resource_missing')
    assert.equal(missing.statusCode, 404)
    await assertRefused(() => client.rawRequest('POST', '/v1/customers', { balance: 10.5 }), 'params[balance]', 'a float')
  })
})
