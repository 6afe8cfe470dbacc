// The seed guide's whole flow in Node: save a card with Checkout, charge it off-session,
// recover a decline (the customer pays on the recovery page, the declined PaymentIntent is
// closed, the card paid with is charged next time). One line per step. Every charge carries its
// own idempotency key (required: an order id, say), and every outcome is handled: only
// `succeeded` means the money is in.
//
// Without STRIPE_SECRET_KEY it runs on the project's simulator (the `offsession-sim` binary from
// OFFSESSION_SIM_BIN); with STRIPE_SECRET_KEY=sk_test_… it runs against Stripe test mode and
// waits for you to save a card on the hosted page.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'

import { Client, CardError, StripeError } from 'offsession'

const SUCCESS_URL = 'https://example.com/success?session_id={CHECKOUT_SESSION_ID}'
const PAID_URL = 'https://example.com/paid?session_id={CHECKOUT_SESSION_ID}'

let last = performance.now()
const started = last
const done = (text) => {
  const now = performance.now()
  console.log(`[${(now - last).toFixed(1).padStart(7)} ms] ${text}`)
  last = now
}
const note = (text) => console.log(`             ${text}`)

/** What the merchant does with each of the six outcomes of chargeOffSession. */
function nextStep(outcome) {
  switch (outcome.outcome) {
    case 'succeeded':
      return `fulfil the order: ${outcome.payment_intent.id} is paid`
    case 'processing':
      return `wait for payment_intent.succeeded (or payment_intent.payment_failed) on ${outcome.payment_intent.id}`
    case 'requires_capture':
      return `capture (or cancel) ${outcome.payment_intent.id} within the authorization window`
    case 'requires_action':
      return `bring the customer back on-session to confirm ${outcome.payment_intent.id} with its client_secret`
    case 'needs_recovery':
      return `send the customer to ${outcome.recovery_session.url}`
    case 'recovery_failed':
      return `declined, and no recovery page yet (${outcome.recovery_error.kind}): re-run later with key ${outcome.error.idempotencyKey}`
    default:
      throw new Error(`unknown outcome ${outcome.outcome}`)
  }
}

async function startSimulator() {
  const binary = process.env.OFFSESSION_SIM_BIN
  if (!binary) throw new Error('set OFFSESSION_SIM_BIN to the offsession-sim binary, or STRIPE_SECRET_KEY')
  const child = spawn(binary, [], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('error', reject)
  })
  return { child, url }
}

/** The customer fills in the hosted page (`what` they do there, for the person running it). */
async function customerCompletes(sim, client, sessionId, what) {
  if (sim) {
    const response = await fetch(`${sim.url}/_sim/checkout/sessions/${sessionId}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ payment_method: 'pm_card_visa', name: 'Jenny Rosen' }),
    })
    if (!response.ok) throw new Error(`the simulator refused to complete the session: HTTP ${response.status}`)
    return
  }
  note(`waiting for you to open the URL above and ${what} with a test card (4242 4242 4242 4242)…`)
  for (const deadline = Date.now() + 15 * 60_000; Date.now() < deadline; await sleep(2000)) {
    if ((await client.checkoutSessions.retrieve(sessionId)).status === 'complete') return
  }
  throw new Error('gave up waiting for the Checkout page')
}

const key = process.env.STRIPE_SECRET_KEY
const sim = key ? null : await startSimulator()
const client = key ? new Client(key) : new Client('sk_test_future_payments', { baseUrl: sim.url })
console.log(`offsession future payments (Node) — against ${sim ? `the simulator at ${sim.url}` : 'Stripe test mode'}`)
try {
  const jenny = await client.customers.create({ email: 'jenny.rosen@example.com', name: 'Jenny Rosen' })
  done(`customer created                ${jenny.id}  ${jenny.email}`)

  const setup = await client.startSetup({ currency: 'usd', success_url: SUCCESS_URL, customer: jenny.id })
  done(`setup session created           ${setup.session.id}  mode=${setup.session.mode} status=${setup.session.status}`)
  note(`redirect the customer to ${setup.url}`)

  await customerCompletes(sim, client, setup.session.id, 'save a card')
  done('customer saved a card')

  const saved = await client.completeSetup(setup.session.id)
  done(`session retrieved, expanded     ${saved.setup_intent.id}  status=${saved.setup_intent.status} payment_method=${saved.payment_method_id}`)

  const recovery = { product_name: 'T-shirt', success_url: PAID_URL }
  const first = await client.chargeOffSession({
    customer: saved.customer_id, payment_method: saved.payment_method_id, amount: 1099, currency: 'usd',
    idempotency_key: 'node-order-1001', recovery,
  })
  if (first.outcome !== 'succeeded') throw new Error(`the first charge should succeed: ${nextStep(first)}`)
  done(`charged 10.99 USD off-session   ${first.payment_intent.id}  status=${first.payment_intent.status}`)
  note(nextStep(first))

  const richard = await client.customers.create({ email: 'richard.roe@example.com', name: 'Richard Roe' })
  const card = await client.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: richard.id })
  done(`second customer with a card     ${richard.id}  ${card.id} (${card.card?.brand} •••• ${card.card?.last4})`)

  // stripe-node style: the key may also go in the request options after the parameters.
  let second
  try {
    second = await client.chargeOffSession(
      { customer: richard.id, payment_method: card.id, amount: 1099, currency: 'usd', recovery },
      { idempotencyKey: 'node-order-1002' },
    )
  } catch (error) {
    // A rejection is not a decline. When its outcome is unknown (a connection error, a timeout),
    // running the charge again with error.idempotencyKey cannot charge twice.
    if (error instanceof StripeError) note(`${error.kind}: re-run with key ${error.idempotencyKey}`)
    throw error
  }
  if (second.outcome !== 'needs_recovery') throw new Error(`the second charge should be declined: ${nextStep(second)}`)
  const { error, payment_intent: paymentIntent, recovery_session: recoverySession } = second
  if (!(error instanceof CardError)) throw new Error('a decline carries a CardError')
  done(`charge declined                 HTTP ${error.statusCode} ${error.kind} code=${error.code} decline_code=${error.decline_code} request=${error.requestId}`)
  if (paymentIntent) note(`payment intent ${paymentIntent.id} is now ${paymentIntent.status}`)
  note(`recovery session created ${recoverySession.id}  mode=${recoverySession.mode} amount=${recoverySession.amount_total} ${recoverySession.currency?.toUpperCase()}`)
  note(nextStep(second))

  // The customer pays on the recovery page with another card, which is saved for next time.
  await customerCompletes(sim, client, recoverySession.id, 'pay')
  done('customer paid the recovery page')
  const recovered = await client.completeRecovery(recoverySession.id)
  done(`recovery completed              ${recovered.payment_intent.id}  status=${recovered.payment_intent.status} new payment_method=${recovered.payment_method_id}`)

  // The declined PaymentIntent is closed for good.
  if (recovered.declined_payment_intent_id) {
    const canceled = await client.paymentIntents.cancel(recovered.declined_payment_intent_id, { cancellation_reason: 'abandoned' })
    done(`declined payment intent closed  ${canceled.id}  status=${canceled.status}`)
  }

  // The next charge uses the card saved on the recovery page.
  const next = await client.chargeOffSession({
    customer: recovered.customer_id, payment_method: recovered.payment_method_id, amount: 1099, currency: 'usd',
    idempotency_key: 'node-order-1003', recovery,
  })
  if (next.outcome !== 'succeeded') throw new Error(`the next charge should succeed: ${nextStep(next)}`)
  done(`charged the recovered card      ${next.payment_intent.id}  status=${next.payment_intent.status}`)
  // Every returned object keeps its response: the Request-Id to quote to Stripe support.
  note(`request ${next.payment_intent.lastResponse.requestId}, replayed=${next.payment_intent.lastResponse.idempotentReplayed}`)
  console.log(`done in ${(performance.now() - started).toFixed(1)} ms: 2 charges succeeded, 1 declined and recovered`)
} finally {
  sim?.child.kill()
}
