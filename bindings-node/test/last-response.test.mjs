// Every object a call returns keeps the response it came in, as stripe-node keeps it:
// `object.lastResponse` = { statusCode, requestId, idempotentReplayed, idempotencyKey }, a
// non-enumerable property, so JSON.stringify(object) and Object.keys(object) stay Stripe's JSON.
// A re-run with the same key says it was replayed: nothing was created or charged again.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import Stripe from 'stripe'

import * as offsession from '../index.js'
import { withSim } from './support.mjs'

const RECOVERY = { product_name: 'T-shirt', success_url: 'https://example.com/paid?session_id={CHECKOUT_SESSION_ID}' }

/** `object.lastResponse` is there, shaped and hidden as stripe-node's is; returns it. */
function lastResponse(object, label) {
  const descriptor = Object.getOwnPropertyDescriptor(object, 'lastResponse')
  assert.ok(descriptor, `${label}: no lastResponse`)
  assert.equal(descriptor.enumerable, false, `${label}: lastResponse is enumerable`)
  assert.equal(descriptor.writable, false, `${label}: lastResponse is writable`)
  assert.ok(!Object.keys(object).includes('lastResponse'), label)
  assert.ok(!JSON.stringify(object).includes('lastResponse'), `${label}: lastResponse is in the JSON`)
  const meta = descriptor.value
  assert.deepEqual(Object.keys(meta).sort(), ['idempotencyKey', 'idempotentReplayed', 'requestId', 'statusCode'], label)
  assert.equal(meta.statusCode, 200, label)
  assert.match(meta.requestId, /^req_/, label)
  assert.equal(typeof meta.idempotentReplayed, 'boolean', label)
  return meta
}

/** The simulator's log entry of the request that answered with `requestId`. */
async function logged(sim, requestId) {
  const entry = (await sim.requests()).find((r) => r.request_id === requestId)
  assert.ok(entry, `no request ${requestId} in the log`)
  return entry
}

test('every resource call: lastResponse names the request, its key, and whether it was replayed', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'meta@example.com' }, { idempotencyKey: 'cust-meta' })
    const created = lastResponse(customer, 'customers.create')
    assert.deepEqual(created.idempotentReplayed, false)
    assert.equal(created.idempotencyKey, 'cust-meta')
    assert.equal((await logged(sim, created.requestId)).path, '/v1/customers')

    const replayed = await client.customers.create({ email: 'meta@example.com' }, { idempotencyKey: 'cust-meta' })
    assert.equal(replayed.id, customer.id)
    assert.equal(lastResponse(replayed, 'replayed create').idempotentReplayed, true)
    assert.notEqual(replayed.lastResponse.requestId, created.requestId)

    // A POST without a key is sent with a generated one, and says so.
    const generated = lastResponse(await client.customers.create({}), 'create without a key')
    assert.equal(typeof generated.idempotencyKey, 'string')
    assert.equal((await logged(sim, generated.requestId)).idempotency_key, generated.idempotencyKey)

    // Reads have no key.
    const read = lastResponse(await client.customers.retrieve(customer.id), 'customers.retrieve')
    assert.equal(read.idempotencyKey, null)
    assert.equal(read.idempotentReplayed, false)

    const pm = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id }, { idempotencyKey: 'attach-meta' })
    assert.equal(lastResponse(pm, 'paymentMethods.attach').idempotencyKey, 'attach-meta')
    lastResponse(await client.paymentMethods.retrieve(pm.id), 'paymentMethods.retrieve')
    const pi = await client.paymentIntents.create({ amount: 500, currency: 'usd' })
    lastResponse(pi, 'paymentIntents.create')
    lastResponse(await client.paymentIntents.retrieve(pi.id, { expand: ['customer'] }), 'paymentIntents.retrieve')
    lastResponse(await client.paymentIntents.cancel(pi.id), 'paymentIntents.cancel')
    const session = await client.checkoutSessions.create({ mode: 'setup', currency: 'usd', success_url: 'https://example.com/s' })
    lastResponse(session, 'checkoutSessions.create')
    await sim.control('POST', `/_sim/checkout/sessions/${session.id}/complete`, { payment_method: 'pm_card_visa' })
    const expanded = await client.checkoutSessions.retrieve(session.id, { expand: ['setup_intent'] })
    lastResponse(expanded, 'checkoutSessions.retrieve')
    // An object that came inside another (an expansion) has no response of its own.
    assert.equal(typeof expanded.setup_intent, 'object')
    assert.equal(expanded.setup_intent.lastResponse, undefined)
    lastResponse(await client.setupIntents.retrieve(expanded.setup_intent.id), 'setupIntents.retrieve')
  })
})

test('flow results: the objects inside keep their responses; a re-run charge says it was replayed', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const setup = await client.startSetup({ currency: 'usd', success_url: 'https://example.com/s', new_customer: { email: 'flow@example.com' } }, { idempotencyKey: 'setup-meta' })
    assert.equal(lastResponse(setup.session, 'startSetup session').idempotencyKey, 'setup-meta:setup_session')
    await sim.control('POST', `/_sim/checkout/sessions/${setup.session.id}/complete`, { payment_method: 'pm_card_visa' })
    const saved = await client.completeSetup(setup.session.id)
    assert.equal(lastResponse(saved.session, 'completeSetup session').idempotencyKey, null)

    // From a webhook event: the session came in the event (no response of its own); the
    // SetupIntent was retrieved.
    const { body: endpoint } = await sim.control('POST', '/_sim/webhook_endpoints', {})
    const other = await client.startSetup({ currency: 'usd', success_url: 'https://example.com/s', new_customer: { email: 'event@example.com' } })
    await sim.control('POST', `/_sim/checkout/sessions/${other.session.id}/complete`, { payment_method: 'pm_card_visa' })
    const { body: events } = await sim.control('GET', '/_sim/events?type=checkout.session.completed')
    const delivered = events.data.find((e) => JSON.parse(e.payload).data.object.id === other.session.id)
    const event = offsession.Webhook.constructEvent(delivered.payload, delivered.signature, endpoint.secret)
    const fromEvent = await client.completeSetupFromEvent(event)
    assert.equal(fromEvent.session.lastResponse, undefined)
    lastResponse(fromEvent.setup_intent, 'completeSetupFromEvent setup intent')

    const charge = { customer: saved.customer_id, payment_method: saved.payment_method_id, amount: 1099, currency: 'usd', idempotency_key: 'order-3042', recovery: RECOVERY }
    const first = await client.chargeOffSession(charge)
    assert.equal(first.outcome, 'succeeded')
    const firstMeta = lastResponse(first.payment_intent, 'first charge')
    assert.equal(firstMeta.idempotentReplayed, false)
    assert.equal(firstMeta.idempotencyKey, 'order-3042:payment_intent')
    const again = await client.chargeOffSession(charge)
    assert.equal(again.payment_intent.id, first.payment_intent.id)
    const againMeta = lastResponse(again.payment_intent, 're-run charge')
    assert.equal(againMeta.idempotentReplayed, true, 'the re-run did not say it was replayed')
    assert.equal((await sim.objects('payment_intents')).length, 1)

    // A decline: the recovery session has its response; the declined PaymentIntent came in the
    // card error's body (its request id is the error's), so it has none.
    const richard = await client.customers.create({ email: 'richard@example.com' })
    const card = await client.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: richard.id })
    const declined = await client.chargeOffSession({ ...charge, customer: richard.id, payment_method: card.id, idempotency_key: 'order-3043' })
    assert.equal(declined.outcome, 'needs_recovery')
    assert.equal(lastResponse(declined.recovery_session, 'recovery session').idempotencyKey, 'order-3043:recovery_session')
    assert.equal(declined.payment_intent.lastResponse, undefined)
    assert.match(declined.error.requestId, /^req_/)

    await sim.control('POST', `/_sim/checkout/sessions/${declined.recovery_session.id}/complete`, { payment_method: 'pm_card_visa' })
    const recovered = await client.completeRecovery(declined.recovery_session.id)
    assert.equal(lastResponse(recovered.session, 'completeRecovery session').idempotencyKey, null)
    // The paid PaymentIntent came expanded inside the session.
    assert.equal(recovered.payment_intent.lastResponse, undefined)
  })
})

test("lastResponse is stripe-node's: the same property, hidden the same way, the same names", async () => {
  await withSim(async (sim) => {
    const url = new URL(sim.url)
    const stripe = new Stripe('sk_test_oracle', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0, telemetry: false })
    const theirs = await stripe.customers.create({ email: 'oracle@example.com' }, { idempotencyKey: 'oracle-1' })
    const client = new offsession.Client('sk_test_oracle', { baseUrl: sim.url })
    const ours = await client.customers.create({ email: 'oracle@example.com' }, { idempotencyKey: 'oracle-2' })
    const flags = (object) => {
      const { enumerable, writable, configurable } = Object.getOwnPropertyDescriptor(object, 'lastResponse')
      return { enumerable, writable, configurable }
    }
    assert.deepEqual(flags(ours), flags(theirs))
    assert.ok(!Object.keys(theirs).includes('lastResponse') && !Object.keys(ours).includes('lastResponse'))
    for (const name of ['statusCode', 'requestId', 'idempotencyKey']) {
      assert.equal(typeof ours.lastResponse[name], typeof theirs.lastResponse[name], name)
    }
    assert.equal(ours.lastResponse.statusCode, theirs.lastResponse.statusCode)
    assert.equal(theirs.lastResponse.idempotencyKey, 'oracle-1')
    assert.equal(ours.lastResponse.idempotencyKey, 'oracle-2')
    // A replay: stripe-node shows the header, offsession says it as a boolean.
    const replay = await stripe.customers.create({ email: 'oracle@example.com' }, { idempotencyKey: 'oracle-1' })
    assert.equal(replay.lastResponse.headers['idempotent-replayed'], 'true')
  })
})

test('objects that came from elsewhere have no lastResponse: errors and webhook events', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({})
    const pm = await client.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
    const error = await client.paymentIntents
      .create({ amount: 500, currency: 'usd', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true })
      .catch((e) => e)
    assert.ok(error instanceof offsession.CardError)
    assert.equal(error.payment_intent.lastResponse, undefined)
    const event = offsession.Webhook.constructEvent('{"id":"evt_1","object":"event","type":"x","data":{"object":{"object":"customer"}},"created":1,"livemode":false}',
      offsession.Webhook.generateTestHeader('{"id":"evt_1","object":"event","type":"x","data":{"object":{"object":"customer"}},"created":1,"livemode":false}', 'whsec_x'), 'whsec_x')
    assert.equal(event.lastResponse, undefined)
  })
})
