// The recovery loop closed: a declined charge's recovery session, once paid, gives the card to
// charge next time (completeRecovery); the declined PaymentIntent is closed
// (paymentIntents.cancel); the recovery options (save_payment_method, expires_at,
// client_reference_id) reach the session; a PaymentIntent's client_secret is there for Stripe.js.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import * as offsession from '../index.js'
import { assertRefused, withSim } from './support.mjs'

const RECOVERY = { product_name: 'T-shirt', success_url: 'https://example.com/paid?session_id={CHECKOUT_SESSION_ID}' }

/** A customer whose saved card the bank declines off-session, and that charge's outcome. */
async function declined(client, key, recovery = RECOVERY) {
  const customer = await client.customers.create({ email: 'recovery@example.com' })
  const card = await client.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
  const outcome = await client.chargeOffSession({
    customer: customer.id, payment_method: card.id, amount: 1099, currency: 'usd',
    description: 'Order 1042', metadata: { order_id: '1042' }, idempotency_key: key, recovery,
  })
  assert.equal(outcome.outcome, 'needs_recovery')
  return { customer, card, outcome }
}

async function pay(sim, sessionId, paymentMethod = 'pm_card_visa') {
  const { status, body } = await sim.control('POST', `/_sim/checkout/sessions/${sessionId}/complete`, { payment_method: paymentMethod })
  assert.equal(status, 200, JSON.stringify(body))
}

test('completeRecovery: the paid recovery gives the card to charge next time and names the declined PaymentIntent', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const { customer, outcome } = await declined(client, 'order-1042')
    const session = outcome.recovery_session

    // Not paid yet: the session is open.
    const early = await client.completeRecovery(session.id).catch((e) => e)
    assert.ok(early instanceof offsession.InvalidStateError, `${early?.constructor?.name}: ${early}`)
    assert.equal(early.param, 'session_id')

    await pay(sim, session.id)
    const recovered = await client.completeRecovery(session.id)
    assert.deepEqual(Object.keys(recovered).sort(), ['customer_id', 'declined_payment_intent_id', 'payment_intent', 'payment_method_id', 'session'])
    assert.equal(recovered.customer_id, customer.id)
    assert.match(recovered.payment_method_id, /^pm_/)
    assert.equal(recovered.declined_payment_intent_id, outcome.payment_intent.id)
    assert.equal(recovered.payment_intent.status, 'succeeded')
    assert.equal(recovered.payment_intent.amount, 1099)
    assert.equal(recovered.payment_intent.description, 'Order 1042')
    assert.equal(recovered.payment_intent.metadata.order_id, '1042')
    assert.equal(recovered.session.id, session.id)
    assert.equal(recovered.session.payment_status, 'paid')
    // The card is saved to the customer for the next off-session charge.
    assert.equal((await client.paymentMethods.retrieve(recovered.payment_method_id)).customer, customer.id)

    // The declined PaymentIntent is closed for good, and the recovered card charges.
    const canceled = await client.paymentIntents.cancel(recovered.declined_payment_intent_id, { cancellation_reason: 'abandoned' })
    assert.equal(canceled.id, outcome.payment_intent.id)
    assert.equal(canceled.status, 'canceled')
    assert.equal(canceled.cancellation_reason, 'abandoned')
    const next = await client.chargeOffSession({
      customer: recovered.customer_id, payment_method: recovered.payment_method_id, amount: 1099, currency: 'usd',
      idempotency_key: 'order-1043', recovery: RECOVERY,
    })
    assert.equal(next.outcome, 'succeeded')
  })
})

test('completeRecovery of a setup-mode session is an InvalidStateError; its arguments are checked', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const setup = await client.startSetup({ currency: 'usd', success_url: 'https://example.com/s', new_customer: { email: 'x@example.com' } })
    await pay(sim, setup.session.id)
    const error = await client.completeRecovery(setup.session.id).catch((e) => e)
    assert.ok(error instanceof offsession.InvalidStateError, `${error}`)
    assert.equal(error.param, 'session_id')
    const before = (await sim.requests()).length
    await assertRefused(() => client.completeRecovery(), 'session_id', 'no session id')
    await assertRefused(() => client.completeRecovery(42), 'session_id', 'a number')
    await assertRefused(() => client.completeRecovery('cs_1/../x'), 'session_id', 'not an id')
    await assertRefused(() => client.completeRecovery('cs_1', { idempotencyKey: 'k' }), 'idempotency_key', 'calling it again is already safe')
    await assertRefused(() => client.completeRecovery('cs_1', { colour: 'red' }), 'colour', 'an unknown option')
    await assertRefused(() => client.completeRecovery('cs_1', {}, {}), 'arguments', 'a third argument')
    assert.equal((await sim.requests()).length, before, 'a refused call sent something')
    // stripeAccount is honoured.
    await client.completeRecovery(setup.session.id, { stripeAccount: 'acct_1Node' }).catch(() => {})
    assert.equal((await sim.requests()).at(-1).stripe_account, 'acct_1Node')
  })
})

test('paymentIntents.cancel takes the reason, the key and the account; a succeeded one is refused', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const { outcome } = await declined(client, 'order-7')
    const id = outcome.payment_intent.id
    const first = await client.paymentIntents.cancel(id, { cancellation_reason: 'requested_by_customer' }, { idempotencyKey: 'cancel-7', stripeAccount: 'acct_1Node' })
    assert.equal(first.status, 'canceled')
    assert.equal(first.cancellation_reason, 'requested_by_customer')
    const again = await client.paymentIntents.cancel(id, { cancellation_reason: 'requested_by_customer' }, { idempotencyKey: 'cancel-7' })
    assert.equal(again.id, id)
    const log = (await sim.requests()).filter((r) => r.path === `/v1/payment_intents/${id}/cancel`)
    assert.deepEqual(log.map((r) => r.idempotency_key), ['cancel-7', 'cancel-7'])
    assert.equal(log[0].stripe_account, 'acct_1Node')
    assert.deepEqual(log[0].body, { cancellation_reason: 'requested_by_customer' })
    assert.equal(log[1].idempotent_replayed, true)
    assert.equal((await sim.objects('events')).filter((e) => e.type === 'payment_intent.canceled').length, 1)

    // No parameters at all: cancel(id).
    const other = await declined(client, 'order-8')
    const bare = await client.paymentIntents.cancel(other.outcome.payment_intent.id)
    assert.equal(bare.status, 'canceled')
    assert.deepEqual((await sim.requests()).at(-1).body, {})

    const card = await client.paymentMethods.attach('pm_card_visa', { customer: other.customer.id })
    const paid = await client.chargeOffSession({ customer: other.customer.id, payment_method: card.id, amount: 500, currency: 'usd', idempotency_key: 'order-9', recovery: RECOVERY })
    const refused = await client.paymentIntents.cancel(paid.payment_intent.id).catch((e) => e)
    assert.ok(refused instanceof offsession.InvalidRequestError, `${refused}`)
    assert.equal(refused.code, 'payment_intent_unexpected_state')
  })
})

test('paymentIntents.cancel names a bad argument before anything is sent', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    await assertRefused(() => client.paymentIntents.cancel(), 'id', 'no id')
    await assertRefused(() => client.paymentIntents.cancel('pi_1/../x'), 'id', 'not an id')
    await assertRefused(() => client.paymentIntents.cancel('pi_1', { cancellation_reason: 5 }), 'cancellation_reason', 'a number')
    await assertRefused(() => client.paymentIntents.cancel('pi_1', { reason: 'abandoned' }), 'reason', 'an unknown parameter')
    await assertRefused(() => client.paymentIntents.cancel('pi_1', 'abandoned'), 'params', 'params not an object')
    await assertRefused(() => client.paymentIntents.cancel('pi_1', { idempotencyKey: 'a' }, { idempotencyKey: 'b' }), 'idempotencyKey', 'a key among the parameters: it is an option')
    await assertRefused(() => client.paymentIntents.cancel('pi_1', {}, {}, {}), 'arguments', 'a fourth argument')
    assert.deepEqual(await sim.requests(), [])
  })
})

test('recovery options reach the session: save_payment_method, expires_at, client_reference_id', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const expiresAt = Math.floor(Date.now() / 1000) + 3600
    const { outcome } = await declined(client, 'order-2042', { ...RECOVERY, save_payment_method: false, expires_at: expiresAt, client_reference_id: 'cart-2042' })
    assert.equal(outcome.recovery_session.client_reference_id, 'cart-2042')
    assert.equal(outcome.recovery_session.expires_at, expiresAt)
    const sent = (await sim.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1).body
    assert.equal(sent.payment_intent_data.setup_future_usage, undefined, 'save_payment_method: false still asked to save the card')
    assert.equal(sent.client_reference_id, 'cart-2042')
    assert.equal(sent.expires_at, String(expiresAt))

    // The card paid with is not saved to the customer.
    await pay(sim, outcome.recovery_session.id)
    const recovered = await client.completeRecovery(outcome.recovery_session.id)
    assert.equal((await client.paymentMethods.retrieve(recovered.payment_method_id)).customer, null)

    // By default the card is saved (setup_future_usage=off_session).
    await declined(client, 'order-2043')
    const saved = (await sim.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1).body
    assert.equal(saved.payment_intent_data.setup_future_usage, 'off_session')
    assert.equal(saved.client_reference_id, undefined)
    assert.equal(saved.expires_at, undefined)
  })
})

test('recovery options are checked without coercion, before the card is charged', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const charge = (recovery) => client.chargeOffSession({
      customer: 'cus_1', payment_method: 'pm_card_visa', amount: 1099, currency: 'usd', idempotency_key: 'order-x', recovery: { ...RECOVERY, ...recovery },
    })
    await assertRefused(() => charge({ save_payment_method: 'no' }), 'recovery[save_payment_method]', 'a string for a boolean')
    await assertRefused(() => charge({ save_payment_method: 0 }), 'recovery[save_payment_method]', 'a number for a boolean')
    // null is "not given", as for every optional parameter: the default (save) applies.
    await assertRefused(() => charge({ expires_at: 1.5 }), 'recovery[expires_at]', 'a fraction')
    await assertRefused(() => charge({ expires_at: '1900000000' }), 'recovery[expires_at]', 'a string')
    await assertRefused(() => charge({ expires_at: Number.NaN }), 'recovery[expires_at]', 'NaN')
    await assertRefused(() => charge({ expires_at: -1 }), 'recovery[expires_at]', 'negative')
    await assertRefused(() => charge({ expires_at: 0 }), 'recovery[expires_at]', 'zero')
    await assertRefused(() => charge({ client_reference_id: 5 }), 'recovery[client_reference_id]', 'a number')
    await assertRefused(() => charge({ client_reference_id: '' }), 'recovery[client_reference_id]', 'empty')
    await assertRefused(() => charge({ client_reference_id: 'x'.repeat(201) }), 'recovery[client_reference_id]', 'too long')
    await assertRefused(() => charge({ clientReferenceId: 'cart-1' }), 'recovery[clientReferenceId]', "not Stripe's spelling")
    assert.deepEqual(await sim.requests(), [])
    // A bigint is an exact integer.
    const big = await charge({ expires_at: BigInt(Math.floor(Date.now() / 1000) + 3600) }).catch((e) => e)
    assert.ok(!(big instanceof offsession.InvalidInputError), `${big}`)
  })
})

test("a PaymentIntent's client_secret is there, for Stripe.js on-session", async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const created = await client.paymentIntents.create({ amount: 700, currency: 'usd' })
    assert.match(created.client_secret, new RegExp(`^${created.id}_secret_`))
    assert.equal((await client.paymentIntents.retrieve(created.id)).client_secret, created.client_secret)
    const { outcome } = await declined(client, 'order-3ds')
    assert.match(outcome.payment_intent.client_secret, /_secret_/)
    assert.match(outcome.error.payment_intent.client_secret, /_secret_/)
  })
})
