// Fault soak of chargeOffSession through the Node package (tests/reliability/README.md).
//
// N logical charges, each with its own idempotency key and metadata soak_charge=i, spread over
// customers holding a mix of test cards, run concurrently (--concurrency at once) while the
// simulator's seeded random-fault mode breaks their requests: connection resets, responses lost
// after the commit, 500s, 429 lock_timeout, delays longer than the client's timeout. Each charge
// is retried as a user would (same key, again) until it has a definite outcome. Then the faults
// are switched off and everything is counted from the simulator's own records: one PaymentIntent
// per charge, outcomes that match it, one recovery session per decline and none per success.
// Exits 1 on any violation. The same design, parameters and printed figures as the Rust and
// Python drivers:
//
//   node fault-soak.mjs [--short|--long] [--charges N] [--seed N] [--rate R] [--concurrency N]
//
// or RELIABILITY_MODE, RELIABILITY_CHARGES, RELIABILITY_SEED, RELIABILITY_RATE,
// RELIABILITY_CONCURRENCY.
import { pathToFileURL } from 'node:url'

import offsession from '../../../bindings-node/index.js'
import { parseArgs, startSimulator } from './simulator.mjs'

// Exported, with the setup and the count, for the crash soak (crash-soak.mjs).
export const API_KEY = 'sk_test_reliability'
export const SUCCESS_URL = 'https://example.com/paid?session_id={CHECKOUT_SESSION_ID}'
const RECOVERY_KEY = 'offsession_declined_payment_intent'
export const FAULT_KINDS = ['reset_before', 'drop_after_commit', 'status_500', 'status_429_lock_timeout', 'delay']

// Customer j holds CARDS[j % CARDS.length]: the same table as the Rust and Python drivers. The
// chargeDeclined* cards are refused when saved, so they are charged as one-off tokens.
export const CARDS = [
  { token: 'pm_card_visa', saved: true, expected: null },
  { token: 'pm_card_chargeCustomerFail', saved: true, expected: ['card_declined', 'generic_decline'] },
  { token: 'pm_card_authenticationRequired', saved: true, expected: ['authentication_required', 'authentication_required'] },
  { token: 'pm_card_authenticationRequiredOnSetup', saved: true, expected: null },
  { token: 'pm_card_chargeDeclinedInsufficientFunds', saved: false, expected: ['card_declined', 'insufficient_funds'] },
  { token: 'pm_card_chargeDeclined', saved: false, expected: ['card_declined', 'generic_decline'] },
]

/** Charge i's amount: distinct per charge, above USD's 50-cent minimum. */
export const amount = (i) => 500 + i

function parseConfig(argv) {
  const env = process.env
  const args = parseArgs(argv, { '--charges': 'charges', '--seed': 'seed', '--rate': 'rate', '--concurrency': 'concurrency' })
  const mode = args.mode || (env.RELIABILITY_MODE === 'long' ? 'long' : 'short')
  const config = {
    mode,
    charges: args.charges ?? (Number(env.RELIABILITY_CHARGES) || (mode === 'long' ? 1000 : 80)),
    seed: args.seed ?? (Number(env.RELIABILITY_SEED) || 20260930),
    rate: args.rate ?? (env.RELIABILITY_RATE ? Number(env.RELIABILITY_RATE) : 0.25),
    concurrency: args.concurrency ?? (Number(env.RELIABILITY_CONCURRENCY) || 16),
    customers: 30,
    timeoutMs: 250, // short, so that delay faults time out
    delayMs: 600, // longer than the timeout
    maxRetries: 1, // small, so that the caller's own retries happen too
    maxAttempts: 50,
  }
  if (config.charges < 1 || config.concurrency < 1 || !(config.rate >= 0 && config.rate <= 1)) {
    throw new Error('charges and concurrency must be at least 1, rate from 0 to 1')
  }
  config.customers = Math.min(config.customers, config.charges)
  return config
}

/** Customer j with its card: saved through Checkout setup mode, or a token to charge. */
export async function setupCustomer(client, sim, j) {
  const card = CARDS[j % CARDS.length]
  const customer = await client.customers.create({
    email: `soak-${j}@example.com`, name: `Soak Customer ${j}`, metadata: { soak_customer: String(j) },
  })
  if (!card.saved) return { id: customer.id, card, paymentMethod: card.token }
  const started = await client.startSetup({
    currency: 'usd', success_url: 'https://example.com/saved?session_id={CHECKOUT_SESSION_ID}', customer: customer.id,
  })
  await sim.control('POST', `/_sim/checkout/sessions/${started.session.id}/complete`, { payment_method: card.token })
  const saved = await client.completeSetup(started.session.id)
  return { id: customer.id, card, paymentMethod: saved.payment_method_id }
}

/** No answer, a 5xx, a 429, or the key still in flight (409): a user tries again. */
function transient(error) {
  if (['api_connection_error', 'api_error', 'rate_limit_error'].includes(error.kind)) return true
  return error.kind === 'idempotency_error' && error.statusCode === 409
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** One logical charge, called again with the same key until it has a definite outcome. */
async function charge(client, config, i, customer) {
  const reported = {
    index: i, customer: customer.id, card: customer.card, amount: amount(i), attempts: 0, transient: {},
    outcome: 'failed', paymentIntent: null, paymentIntentStatus: null, recoverySession: null, code: null, declineCode: null, failure: null,
  }
  const params = {
    customer: customer.id, payment_method: customer.paymentMethod, amount: reported.amount, currency: 'usd',
    description: `soak charge ${i}`, metadata: { soak_charge: String(i) }, idempotency_key: `soak-${config.seed}-${i}`,
    recovery: { product_name: `Soak order ${i}`, success_url: SUCCESS_URL },
  }
  for (;;) {
    reported.attempts++
    let outcome
    try {
      outcome = await client.chargeOffSession(params)
    } catch (error) {
      if (error.kind === 'card_error') {
        Object.assign(reported, { outcome: 'card_error', paymentIntent: error.payment_intent?.id ?? null, code: error.code, declineCode: error.decline_code })
        return reported
      }
      if (!transient(error)) {
        reported.failure = `definite error: ${error.kind}: ${error.message}`
        return reported
      }
      reported.transient[error.kind] = (reported.transient[error.kind] || 0) + 1
      if (reported.attempts >= config.maxAttempts) {
        reported.failure = `no definite outcome after ${reported.attempts} attempts; last: ${error.message}`
        return reported
      }
      await sleep(20 + Math.random() * 60)
      continue
    }
    if (outcome.outcome === 'recovery_failed') {
      // Declined, and the recovery session failed beyond the retries: a re-run with the same
      // key replays the decline and creates the session.
      reported.transient.recovery_failed = (reported.transient.recovery_failed || 0) + 1
      if (reported.attempts >= config.maxAttempts) {
        reported.failure = `no recovery session after ${reported.attempts} attempts: ${outcome.recovery_error.message}`
        return reported
      }
      await sleep(20 + Math.random() * 60)
      continue
    }
    if (outcome.outcome === 'succeeded') {
      Object.assign(reported, { outcome: 'succeeded', paymentIntent: outcome.payment_intent.id, paymentIntentStatus: outcome.payment_intent.status })
    } else {
      Object.assign(reported, {
        outcome: outcome.outcome,
        paymentIntent: outcome.payment_intent?.id ?? null,
        paymentIntentStatus: outcome.payment_intent?.status ?? null,
        recoverySession: outcome.recovery_session.id,
        code: outcome.error.code,
        declineCode: outcome.error.decline_code,
      })
    }
    return reported
  }
}

const meta = (obj, key) => (obj && typeof obj.metadata === 'object' && typeof obj.metadata?.[key] === 'string' ? obj.metadata[key] : null)
const bump = (map, key, n = 1) => { map[key] = (map[key] || 0) + n }

/** Counts from the simulator's records and lists every broken promise (same rules as Rust). */
export function verify(config, reported, state) {
  const counts = {
    charges: reported.length, attempts: 0, retriedCharges: 0, callerErrors: {}, paymentIntentRequests: 0, sessionRequests: 0,
    replays: 0, faults: {}, considered: 0, paymentIntents: 0, succeeded: 0, declined: 0, recoverySessions: 0, duplicates: 0,
    missing: 0, eventsSucceeded: 0, eventsFailed: 0,
  }
  const violations = []

  for (const r of reported) {
    counts.attempts += r.attempts
    if (r.attempts > 1) counts.retriedCharges++
    for (const [code, n] of Object.entries(r.transient)) bump(counts.callerErrors, code, n)
    const i = r.index
    const expected = r.card.expected
    if (r.outcome === 'failed') violations.push(`charge ${i}: no definite outcome: ${r.failure}`)
    else if (r.outcome === 'card_error') violations.push(`charge ${i}: a CardError was raised instead of a NeedsRecovery outcome`)
    else if (r.outcome === 'succeeded' && expected === null) {
      if (r.paymentIntentStatus !== 'succeeded') violations.push(`charge ${i}: Succeeded with PaymentIntent status ${r.paymentIntentStatus}`)
    } else if (r.outcome === 'needs_recovery' && expected !== null) {
      if (r.code !== expected[0] || r.declineCode !== expected[1]) {
        violations.push(`charge ${i}: declined with ${r.code}/${r.declineCode}, expected ${expected.join('/')}`)
      }
      if (r.paymentIntent === null) violations.push(`charge ${i}: NeedsRecovery without its PaymentIntent`)
    } else violations.push(`charge ${i} (${r.card.token}): outcome ${r.outcome}, expected ${expected ? expected.join('/') : 'succeeded'}`)
  }

  // One PaymentIntent per logical charge, matching what the caller was told.
  const byCharge = reported.map(() => [])
  for (const pi of state.paymentIntents) {
    const tag = meta(pi, 'soak_charge')
    if (tag !== null && /^\d+$/.test(tag) && Number(tag) < reported.length) byCharge[Number(tag)].push(pi)
    else violations.push(`PaymentIntent ${pi.id} belongs to no soak charge`)
  }
  counts.paymentIntents = state.paymentIntents.length
  const declined = new Map()
  const succeeded = new Map()
  reported.forEach((r, i) => {
    const pis = byCharge[i]
    if (pis.length !== 1) {
      if (pis.length) counts.duplicates += pis.length - 1
      else counts.missing++
      violations.push(`charge ${i}: ${pis.length} PaymentIntents ${JSON.stringify(pis.map((p) => p.id))}`)
      return
    }
    const [pi] = pis
    if (pi.status === 'succeeded') {
      counts.succeeded++
      succeeded.set(pi.id, r)
    } else if (pi.status === 'requires_payment_method') {
      counts.declined++
      declined.set(pi.id, r)
    } else violations.push(`charge ${i}: PaymentIntent ${pi.id} is ${pi.status}`)
    if (r.outcome === 'failed') return
    if (r.paymentIntent !== pi.id) violations.push(`charge ${i}: reported PaymentIntent ${r.paymentIntent}, the simulator has ${pi.id}`)
    const expectedStatus = r.outcome === 'succeeded' ? 'succeeded' : 'requires_payment_method'
    if (pi.status !== expectedStatus || (r.paymentIntentStatus !== null && r.paymentIntentStatus !== pi.status)) {
      violations.push(`charge ${i}: reported ${r.outcome} (${r.paymentIntentStatus}), the simulator's PaymentIntent ${pi.id} is ${pi.status}`)
    }
    if (pi.amount !== r.amount || pi.customer !== r.customer) violations.push(`charge ${i}: PaymentIntent ${pi.id} has another amount or customer`)
  })

  // One recovery session per declined charge, none for a succeeded one.
  const sessionsOf = new Map()
  let setupSessions = 0
  for (const session of state.checkoutSessions) {
    if (session.mode === 'setup') {
      setupSessions++
      continue
    }
    const target = meta(session, RECOVERY_KEY)
    if (declined.has(target)) sessionsOf.set(target, [...(sessionsOf.get(target) || []), session])
    else if (succeeded.has(target)) violations.push(`recovery session ${session.id} for the succeeded PaymentIntent ${target}`)
    else if (target !== null) violations.push(`recovery session ${session.id} names ${target}, not a declined soak PaymentIntent`)
    else violations.push(`payment-mode session ${session.id} without ${RECOVERY_KEY}`)
  }
  let savedCustomers = 0
  for (let j = 0; j < config.customers; j++) if (CARDS[j % CARDS.length].saved) savedCustomers++
  if (setupSessions !== savedCustomers) violations.push(`${setupSessions} setup sessions for ${savedCustomers} customers with saved cards`)
  for (const [pid, r] of declined) {
    const sessions = sessionsOf.get(pid) || []
    counts.recoverySessions += sessions.length
    if (sessions.length !== 1) {
      if (sessions.length) counts.duplicates += sessions.length - 1
      else counts.missing++
      violations.push(`charge ${r.index}: ${sessions.length} recovery sessions for ${pid}: ${JSON.stringify(sessions.map((s) => s.id))}`)
      continue
    }
    const [session] = sessions
    if (r.outcome === 'needs_recovery' && r.recoverySession !== session.id) {
      violations.push(`charge ${r.index}: reported recovery session ${r.recoverySession}, the simulator has ${session.id}`)
    }
    if (session.amount_total !== r.amount || session.customer !== r.customer) {
      violations.push(`charge ${r.index}: recovery session ${session.id} has another amount or customer`)
    }
  }

  // One event per charge: a second execution would have announced itself again.
  const eventsOf = new Map()
  for (const event of state.events) {
    const obj = event.data?.object
    if (meta(obj, 'soak_charge') !== null) {
      const key = `${event.type} ${obj.id}`
      eventsOf.set(key, (eventsOf.get(key) || 0) + 1)
    }
  }
  for (const [key, n] of eventsOf) {
    const [kind, pid] = key.split(' ')
    let ok = true
    if (kind === 'payment_intent.succeeded') {
      counts.eventsSucceeded += n
      ok = succeeded.has(pid)
    } else if (kind === 'payment_intent.payment_failed') {
      counts.eventsFailed += n
      ok = declined.has(pid)
    }
    if (!ok) violations.push(`${n} ${kind} events for ${pid}`)
    else if (n > 1) {
      counts.duplicates += n - 1
      violations.push(`${n} ${kind} events for ${pid}`)
    }
  }
  if (counts.eventsSucceeded + counts.eventsFailed !== counts.succeeded + counts.declined) {
    violations.push(`${counts.eventsSucceeded} succeeded and ${counts.eventsFailed} failed payment events for ${counts.succeeded} succeeded and ${counts.declined} declined charges`)
  }

  // A token charge creates one PaymentMethod each time it executes.
  const tokenCharges = reported.filter((r) => !r.card.saved).length
  if (state.paymentMethods.length !== savedCustomers + tokenCharges) {
    violations.push(`${state.paymentMethods.length} PaymentMethods, expected ${savedCustomers} saved + ${tokenCharges} from token charges`)
  }

  // The faults, from the request log, must agree with the random mode's own counts.
  for (const entry of state.requests.slice(state.setupRequests)) {
    if (entry.method === 'POST' && entry.path === '/v1/payment_intents') counts.paymentIntentRequests++
    if (entry.method === 'POST' && entry.path === '/v1/checkout/sessions') counts.sessionRequests++
    if (entry.idempotent_replayed === true) counts.replays++
    if (entry.fault) bump(counts.faults, entry.fault)
  }
  counts.considered = state.random.considered || 0
  const bySim = Object.fromEntries(Object.entries(state.random.injected || {}).filter(([, n]) => n > 0))
  const sorted = (m) => JSON.stringify(Object.entries(m).sort())
  if (sorted(bySim) !== sorted(counts.faults)) {
    violations.push(`the request log shows faults ${JSON.stringify(counts.faults)}, the random mode counted ${JSON.stringify(bySim)}`)
  }
  const totalFaults = Object.values(counts.faults).reduce((a, b) => a + b, 0)
  if (config.rate > 0 && config.charges >= 20 && totalFaults === 0) violations.push('no fault was injected: the soak proved nothing')
  return { counts, violations }
}

export const pairs = (map) => Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(' ') || 'none'

/** The printed figures, in the Rust driver's layout, ending with one SUMMARY line. */
function report(config, counts, violations, charging, total) {
  const c = counts
  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, c.faults[k] || 0]))
  const totalFaults = Object.values(c.faults).reduce((a, b) => a + b, 0)
  const lines = [
    `fault soak [node]: ${config.charges} charges over ${config.customers} customers, seed ${config.seed}, rate ${config.rate}, ` +
      `concurrency ${config.concurrency}, client timeout ${config.timeoutMs} ms, max_retries ${config.maxRetries}, delay faults ${config.delayMs} ms`,
    `  caller:   ${c.attempts} attempts, ${c.retriedCharges} charges retried; transient errors: ${pairs(c.callerErrors)}`,
    `  requests: POST /v1/payment_intents=${c.paymentIntentRequests} POST /v1/checkout/sessions=${c.sessionRequests} idempotent_replays=${c.replays}`,
    `  faults:   ${pairs(faults)} (total ${totalFaults} of ${c.considered} requests considered)`,
    `  sim:      payment_intents=${c.paymentIntents} succeeded=${c.succeeded} declined=${c.declined} recovery_sessions=${c.recoverySessions} ` +
      `duplicates=${c.duplicates} missing=${c.missing} events succeeded=${c.eventsSucceeded} payment_failed=${c.eventsFailed}`,
    ...violations.slice(0, 20).map((v) => `  VIOLATION ${v}`),
  ]
  if (violations.length > 20) lines.push(`  … and ${violations.length - 20} more violations`)
  lines.push(`  result:   ${violations.length ? 'FAILED' : 'OK'}, ${violations.length} violations; charging ${charging.toFixed(1)} s, total ${total.toFixed(1)} s`)
  lines.push(
    `SUMMARY fault-soak lang=node charges=${c.charges} attempts=${c.attempts} faults=${totalFaults} payment_intents=${c.paymentIntents} ` +
      `succeeded=${c.succeeded} declined=${c.declined} recovery_sessions=${c.recoverySessions} duplicates=${c.duplicates} ` +
      `violations=${violations.length} seconds=${total.toFixed(1)}`,
  )
  return lines.join('\n')
}

/** The simulator's seeded random faults, all five kinds, on the charge and the recovery session. */
export async function randomFaultsOn(sim, config) {
  await sim.control('POST', '/_sim/faults/random', {
    seed: config.seed, rate: config.rate, kinds: FAULT_KINDS, delay_ms: config.delayMs, method: 'POST',
    paths: ['/v1/payment_intents', '/v1/checkout/sessions'],
  })
}

async function soak(config, sim) {
  const setupClient = new offsession.Client(API_KEY, { baseUrl: sim.url })
  const customers = []
  for (let j = 0; j < config.customers; j++) customers.push(await setupCustomer(setupClient, sim, j))
  const setupRequests = (await sim.requests()).length

  await randomFaultsOn(sim, config)
  const client = new offsession.Client(API_KEY, { baseUrl: sim.url, timeout: config.timeoutMs, maxNetworkRetries: config.maxRetries })
  const started = performance.now()
  let next = 0
  const reported = []
  const worker = async () => {
    for (let i = next++; i < config.charges; i = next++) {
      reported.push(await charge(client, config, i, customers[i % customers.length]))
    }
  }
  await Promise.all(Array.from({ length: Math.min(config.concurrency, config.charges) }, worker))
  reported.sort((a, b) => a.index - b.index)
  const charging = (performance.now() - started) / 1000

  // Faults off; let any abandoned delayed request (a replay by now) finish before counting.
  const random = await sim.control('DELETE', '/_sim/faults/random')
  await sim.control('DELETE', '/_sim/faults')
  await sleep(config.delayMs + 200)
  const state = {
    paymentIntents: await sim.objects('payment_intents'),
    checkoutSessions: await sim.objects('checkout_sessions'),
    paymentMethods: await sim.objects('payment_methods'),
    events: await sim.objects('events'),
    requests: await sim.requests(),
    setupRequests,
    random,
  }
  return { ...verify(config, reported, state), charging }
}

async function main() {
  const config = parseConfig(process.argv.slice(2))
  const started = performance.now()
  const sim = await startSimulator()
  let result
  try {
    result = await soak(config, sim)
  } finally {
    sim.stop()
  }
  console.log(report(config, result.counts, result.violations, result.charging, (performance.now() - started) / 1000))
  return result.violations.length ? 1 : 0
}

// Only when run as a script: the crash soak imports this module.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => { process.exitCode = code },
    (error) => {
      console.error(`fault-soak: ${error.stack || error}`)
      process.exitCode = 1
    },
  )
}
