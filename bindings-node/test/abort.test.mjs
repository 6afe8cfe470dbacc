// Cancellation (core/src/cancel.rs): every method takes `options.signal`, an AbortSignal, as
// fetch does. When it aborts, the promise rejects at once with an AbortError. A resource call
// (one request) is cancelled where it stands: its Rust future is dropped and its connection
// closed. A flow call (startSetup, completeSetup, completeSetupFromEvent, chargeOffSession,
// completeRecovery) runs to its end, detached: a charge is never left between its
// PaymentIntent and its recovery session, and a re-run with the same key returns its outcome.
// An already-aborted signal rejects before anything is sent.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import { getEventListeners } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

import * as offsession from '../index.js'
import { withSim } from './support.mjs'

const INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'index.js')
const RECOVERY = { product_name: 'T-shirt', success_url: 'https://example.com/paid?session_id={CHECKOUT_SESSION_ID}' }
/** How long the simulator holds the request that is aborted. */
const DELAY_MS = 5000

/** Resolves to the rejection of `promise`; fails if it resolves. */
async function rejection(promise, label) {
  try {
    const value = await promise
    assert.fail(`${label}: expected a rejection, got ${JSON.stringify(value)?.slice(0, 200)}`)
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error
    return error
  }
}

function assertAbortError(error, signal, label) {
  assert.ok(error instanceof offsession.AbortError, `${label}: got ${error?.constructor?.name}: ${error?.message}`)
  assert.ok(error instanceof Error, label)
  assert.equal(error.name, 'AbortError', label)
  assert.equal(error.code, 'ABORT_ERR', label)
  assert.ok(!(error instanceof offsession.StripeError), `${label}: an abort is not a StripeError`)
  assert.equal(error.cause, signal.reason, `${label}: the cause is the signal's reason`)
}

/** Waits until the simulator has received a request on `path` that it has not answered yet. */
async function inFlight(sim, method, path) {
  for (let i = 0; i < 200; i++) {
    const entry = (await sim.requests()).find((r) => r.method === method && r.path === path && r.status === null)
    if (entry) return entry
    await sleep(20)
  }
  assert.fail(`no ${method} ${path} in flight`)
}

async function poll(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

/** Runs `source` as a CommonJS script in a fresh node; resolves to { stdout, ms }. */
function runScript(source, env) {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', source], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`))
      else resolve({ stdout, ms: Date.now() - started })
    })
  })
}

/** A customer with a card the bank declines off-session. */
async function decliningCard(client, email) {
  const customer = await client.customers.create({ email })
  const card = await client.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id })
  return { customer: customer.id, payment_method: card.id }
}

test('an already-aborted signal rejects every method before anything is sent', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const reason = new Error('the customer went away')
    const signal = AbortSignal.abort(reason)
    const event = { id: 'evt_1', object: 'event', type: 'checkout.session.completed', api_version: null, created: 1, livemode: false, data: { object: { id: 'cs_1', object: 'checkout.session' } } }
    const calls = {
      'customers.create': () => client.customers.create({ email: 'a@example.com' }, { signal }),
      'customers.retrieve': () => client.customers.retrieve('cus_1', null, { signal }),
      'checkoutSessions.create': () => client.checkoutSessions.create({ mode: 'setup', currency: 'usd', success_url: 'https://example.com/s' }, { signal }),
      'checkoutSessions.retrieve': () => client.checkoutSessions.retrieve('cs_1', {}, { signal }),
      'setupIntents.retrieve': () => client.setupIntents.retrieve('seti_1', {}, { signal }),
      'paymentMethods.retrieve': () => client.paymentMethods.retrieve('pm_1', null, { signal }),
      'paymentMethods.attach': () => client.paymentMethods.attach('pm_card_visa', { customer: 'cus_1' }, { signal }),
      'paymentIntents.create': () => client.paymentIntents.create({ amount: 100, currency: 'usd' }, { signal }),
      'paymentIntents.retrieve': () => client.paymentIntents.retrieve('pi_1', {}, { signal }),
      'paymentIntents.cancel': () => client.paymentIntents.cancel('pi_1', {}, { signal }),
      startSetup: () => client.startSetup({ currency: 'usd', success_url: 'https://example.com/s' }, { signal }),
      completeSetup: () => client.completeSetup('cs_1', {}, { signal }),
      completeSetupFromEvent: () => client.completeSetupFromEvent(event, {}, { signal }),
      chargeOffSession: () => client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 100, currency: 'usd', recovery: RECOVERY }, { idempotencyKey: 'order-1', signal }),
      completeRecovery: () => client.completeRecovery('cs_1', { signal }),
    }
    for (const [name, call] of Object.entries(calls)) {
      const error = await rejection(call(), name)
      assertAbortError(error, signal, name)
      assert.match(error.message, new RegExp(name.replace('.', '\\.')), name)
    }
    // The default reason (a DOMException named AbortError) is the cause too.
    const plain = AbortSignal.abort()
    assertAbortError(await rejection(client.customers.create({}, { signal: plain }), 'default reason'), plain, 'default reason')
    assert.deepEqual(await sim.requests(), [], 'an aborted call sent a request')
  })
})

test('a signal that is not an AbortSignal is refused, naming signal; null or undefined is none', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    for (const signal of ['abort', 5, {}, { aborted: false }, new AbortController()]) {
      const error = await rejection(client.customers.create({}, { signal }), `${signal}`)
      assert.ok(error instanceof offsession.InvalidInputError, `${signal}: ${error}`)
      assert.equal(error.param, 'signal')
    }
    const flow = await rejection(client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 100, currency: 'usd', idempotency_key: 'k', recovery: RECOVERY }, { signal: 'x' }), 'flow')
    assert.ok(flow instanceof offsession.InvalidInputError)
    assert.equal(flow.param, 'signal')
    // A signal in the parameters is not where request options go.
    const misplaced = await rejection(client.customers.retrieve('cus_1', { signal: AbortSignal.abort() }), 'misplaced')
    assert.ok(misplaced instanceof offsession.InvalidInputError)
    assert.equal(misplaced.param, 'signal')
    assert.match(misplaced.message, /request options/)
    assert.deepEqual(await sim.requests(), [])
    assert.equal((await client.customers.create({}, { signal: null })).object, 'customer')
    assert.equal((await client.customers.create({}, { signal: undefined })).object, 'customer')
  })
})

test('aborting a delayed resource call rejects at once; the request is cancelled where it stands', async (t) => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    await sim.fault({ method: 'POST', path: '/v1/customers', kind: 'delay', delay_ms: DELAY_MS })
    const controller = new AbortController()
    const call = client.customers.create({ email: 'abort@example.com' }, { idempotencyKey: 'cust-abort', signal: controller.signal })
    await inFlight(sim, 'POST', '/v1/customers')
    const started = performance.now()
    controller.abort()
    const error = await rejection(call, 'customers.create')
    const ms = performance.now() - started
    t.diagnostic(`customers.create rejected ${ms.toFixed(1)} ms after abort (the simulator holds it ${DELAY_MS} ms)`)
    assertAbortError(error, controller.signal, 'customers.create')
    assert.ok(ms < 1000, `the abort took ${ms} ms`)
    assert.match(error.message, /cancel/)
    // The call ended before the simulator completed the request.
    const [entry] = (await sim.requests()).filter((r) => r.path === '/v1/customers')
    assert.equal(entry.status, null, 'the simulator had already answered')

    // The simulator, like Stripe, finishes what reached it; the client sent nothing more (no
    // retry), and sending it again with the same key is safe: it replays, nothing is created twice.
    await poll('the simulator to finish the held request', async () => (await sim.requests()).find((r) => r.path === '/v1/customers')?.status)
    assert.equal((await sim.requests()).filter((r) => r.path === '/v1/customers').length, 1, 'the aborted call was retried')
    const again = await client.customers.create({ email: 'abort@example.com' }, { idempotencyKey: 'cust-abort' })
    assert.equal(again.lastResponse.idempotentReplayed, true)
    assert.equal((await sim.objects('customers')).length, 1)
  })
})

test("an aborted resource call drops its future: the connection is closed, nothing is retried", async (t) => {
  let requests = 0
  let closed = null
  let arrived = null
  const server = createServer((request) => {
    requests++
    arrived = performance.now()
    request.resume()
    // Never answered: only the client can end this exchange.
    request.socket.once('close', () => { closed = performance.now() })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const client = new offsession.Client('sk_test_node', { baseUrl: `http://127.0.0.1:${server.address().port}`, maxNetworkRetries: 2 })
    const controller = new AbortController()
    const call = client.paymentIntents.retrieve('pi_1', {}, { signal: controller.signal })
    await poll('the request', () => arrived !== null, 5000)
    const aborted = performance.now()
    controller.abort()
    assertAbortError(await rejection(call, 'retrieve'), controller.signal, 'retrieve')
    await poll('the connection to close', () => closed !== null, 2000)
    t.diagnostic(`the client closed its connection ${(closed - aborted).toFixed(1)} ms after abort`)
    await sleep(300)
    assert.equal(requests, 1, 'the aborted request was sent again')
    // The client still works afterwards.
    const other = await rejection(client.customers.retrieve('cus_1', null, { signal: AbortSignal.timeout(100) }), 'timeout')
    assert.equal(other.name, 'AbortError')
    assert.equal(other.cause.name, 'TimeoutError')
  } finally {
    server.closeAllConnections()
    server.close()
  }
})

test('a process whose only call was aborted exits at once', async (t) => {
  await withSim(async (sim) => {
    await sim.fault({ method: 'POST', path: '/v1/customers', kind: 'delay', delay_ms: DELAY_MS })
    const { stdout, ms } = await runScript(`
      const { Client } = require(${JSON.stringify(INDEX)})
      const controller = new AbortController()
      new Client('sk_test_node', { baseUrl: process.env.SIM_URL })
        .customers.create({ email: 'exit@example.com' }, { signal: controller.signal })
        .catch((e) => console.log(e.name))
      setTimeout(() => controller.abort(), 300)
    `, { SIM_URL: sim.url })
    t.diagnostic(`the script ended ${ms} ms after it started (the request is held ${DELAY_MS} ms)`)
    assert.equal(stdout.trim(), 'AbortError')
    assert.ok(ms < DELAY_MS, `node stayed alive ${ms} ms: the aborted call still held it`)
  })
})

test('aborting a delayed chargeOffSession rejects at once; the flow runs to its end, detached', async (t) => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const card = await decliningCard(client, 'detached@example.com')
    const charge = { ...card, amount: 1099, currency: 'usd', idempotency_key: 'order-detached', recovery: RECOVERY }
    await sim.fault({ method: 'POST', path: '/v1/payment_intents', kind: 'delay', delay_ms: DELAY_MS })
    const controller = new AbortController()
    const call = client.chargeOffSession(charge, { signal: controller.signal })
    await inFlight(sim, 'POST', '/v1/payment_intents')
    const started = performance.now()
    controller.abort()
    const error = await rejection(call, 'chargeOffSession')
    const ms = performance.now() - started
    t.diagnostic(`chargeOffSession rejected ${ms.toFixed(1)} ms after abort (its PaymentIntent is held ${DELAY_MS} ms)`)
    assertAbortError(error, controller.signal, 'chargeOffSession')
    assert.ok(ms < 1000, `the abort took ${ms} ms`)
    assert.match(error.message, /runs to its end/)
    assert.deepEqual(await sim.objects('checkout_sessions'), [])

    // After the decline, the flow goes on to create the recovery session: it was not dropped.
    const [session] = await poll('the recovery session', async () => {
      const sessions = await sim.objects('checkout_sessions')
      return sessions.length ? sessions : null
    })
    const [declined] = await sim.objects('payment_intents')
    assert.equal(declined.status, 'requires_payment_method')
    assert.equal(session.metadata.offsession_declined_payment_intent, declined.id)
    const keys = (await sim.requests()).map((r) => r.idempotency_key).filter((k) => k?.startsWith('order-detached'))
    assert.deepEqual(keys, ['order-detached:payment_intent', 'order-detached:recovery_session'])

    // The re-run with the same key returns that outcome: nothing is charged or created twice.
    const outcome = await client.chargeOffSession(charge)
    assert.equal(outcome.outcome, 'needs_recovery')
    assert.equal(outcome.payment_intent.id, declined.id)
    assert.equal(outcome.recovery_session.id, session.id)
    assert.equal(outcome.recovery_session.lastResponse.idempotentReplayed, true)
    assert.equal((await sim.objects('payment_intents')).length, 1)
    assert.equal((await sim.objects('checkout_sessions')).length, 1)
  })
})

test('an aborted charge that succeeds: the PaymentIntent is created once, and the re-run returns it', async (t) => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'paid@example.com' })
    const card = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    const charge = { customer: customer.id, payment_method: card.id, amount: 2500, currency: 'usd', idempotency_key: 'order-paid', recovery: RECOVERY }
    await sim.fault({ method: 'POST', path: '/v1/payment_intents', kind: 'delay', delay_ms: DELAY_MS })
    const controller = new AbortController()
    const call = client.chargeOffSession(charge, { signal: controller.signal })
    await inFlight(sim, 'POST', '/v1/payment_intents')
    const started = performance.now()
    controller.abort()
    assertAbortError(await rejection(call, 'chargeOffSession'), controller.signal, 'chargeOffSession')
    const ms = performance.now() - started
    t.diagnostic(`chargeOffSession rejected ${ms.toFixed(1)} ms after abort`)
    assert.ok(ms < 1000, `the abort took ${ms} ms`)
    const [created] = await poll('the PaymentIntent', async () => {
      const intents = (await sim.objects('payment_intents')).filter((pi) => pi.status === 'succeeded')
      return intents.length ? intents : null
    })
    const outcome = await client.chargeOffSession(charge)
    assert.equal(outcome.outcome, 'succeeded')
    assert.equal(outcome.payment_intent.id, created.id)
    assert.equal(outcome.payment_intent.lastResponse.idempotentReplayed, true)
    assert.equal((await sim.objects('payment_intents')).length, 1)
  })
})

test('a detached flow keeps node alive until it ends; then node exits by itself', async (t) => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const card = await decliningCard(client, 'alive@example.com')
    const hold = 2000
    await sim.fault({ method: 'POST', path: '/v1/payment_intents', kind: 'delay', delay_ms: hold })
    const { stdout, ms } = await runScript(`
      const { Client } = require(${JSON.stringify(INDEX)})
      const controller = new AbortController()
      new Client('sk_test_node', { baseUrl: process.env.SIM_URL })
        .chargeOffSession(JSON.parse(process.env.CHARGE), { idempotencyKey: 'order-alive', signal: controller.signal })
        .catch((e) => console.log(e.name))
      setTimeout(() => controller.abort(), 300)
    `, { SIM_URL: sim.url, CHARGE: JSON.stringify({ ...card, amount: 1099, currency: 'usd', recovery: RECOVERY }) })
    t.diagnostic(`the script ended ${ms} ms after it started (its charge was held ${hold} ms)`)
    assert.equal(stdout.trim(), 'AbortError')
    assert.ok(ms >= hold, `node exited after ${ms} ms, before its detached charge could end`)
    // By the time node exited, the flow had finished: the decline has its recovery session.
    assert.equal((await sim.objects('payment_intents')).length, 1)
    assert.equal((await sim.objects('checkout_sessions')).length, 1)
  })
})

test('a signal that aborts after the call settled changes nothing, and no listener is left behind', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const controller = new AbortController()
    const { signal } = controller
    const customers = await Promise.all(Array.from({ length: 20 }, (_, i) => client.customers.create({ email: `s${i}@example.com` }, { signal })))
    assert.equal(customers.length, 20)
    await rejection(client.customers.retrieve('cus_missing', null, { signal }), 'missing')
    const card = await client.paymentMethods.attach('pm_card_visa', { customer: customers[0].id }, { signal })
    const outcome = await client.chargeOffSession({ customer: customers[0].id, payment_method: card.id, amount: 100, currency: 'usd', idempotency_key: 'order-shared', recovery: RECOVERY }, { signal })
    assert.equal(outcome.outcome, 'succeeded')
    assert.equal(getEventListeners(signal, 'abort').length, 0, 'listeners were left on the signal')
    controller.abort()
    await sleep(50)
    assert.equal(outcome.payment_intent.status, 'succeeded')
  })
})

test('aborting one call leaves the others running', async () => {
  await withSim(async (sim) => {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    await sim.fault({ method: 'POST', path: '/v1/customers', kind: 'delay', delay_ms: 1500, count: 3 })
    const controller = new AbortController()
    const calls = [1, 2, 3].map((i) => client.customers.create({ email: `c${i}@example.com` }, i === 2 ? { signal: controller.signal } : undefined))
    await poll('three requests in flight', async () => (await sim.requests()).filter((r) => r.status === null).length === 3, 5000)
    controller.abort()
    const [first, second, third] = await Promise.allSettled(calls)
    assert.equal(first.value.email, 'c1@example.com')
    assert.equal(second.reason.name, 'AbortError')
    assert.equal(third.value.email, 'c3@example.com')
    // A timeout signal, as fetch takes it.
    await sim.fault({ method: 'GET', path: '/v1/customers', kind: 'delay', delay_ms: 3000 })
    const started = performance.now()
    const timedOut = await rejection(client.customers.retrieve(first.value.id, null, { signal: AbortSignal.timeout(200) }), 'timeout')
    assert.equal(timedOut.name, 'AbortError')
    assert.equal(timedOut.cause.name, 'TimeoutError')
    assert.ok(performance.now() - started < 1500)
  })
})
