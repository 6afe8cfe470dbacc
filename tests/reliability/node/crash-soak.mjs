// Crash soak of chargeOffSession through the Node package (tests/reliability/README.md, C).
//
// Every charge is made by a child process (this file with --child, under process.execPath) that
// the driver kills with SIGKILL at a random instant, then made again by a new child with the
// same idempotency key, until a child returns a final outcome (succeeded, processing or
// needs_recovery; recovery_failed or a transient error means: run it again). The setup, the
// random faults and the count from the simulator's records are the fault soak's
// (fault-soak.mjs); the kills, and the stage each one landed in, are this file's. The same
// design, parameters and printed figures as the Rust and Python drivers:
//
//   node crash-soak.mjs [--short|--long] [--charges N] [--seed N] [--rate R] [--concurrency N]
//
// or RELIABILITY_MODE, RELIABILITY_CRASH_CHARGES, RELIABILITY_SEED, RELIABILITY_RATE,
// RELIABILITY_CRASH_CONCURRENCY.
//
// Kill timing (as in Rust, tests/reliability/rust/src/crash/timing.rs): half the kills are drawn
// uniformly over the whole life of a typical unkilled child, from its start; half over its
// charge alone, from the `ready` line it prints just before calling chargeOffSession, since
// Node's start-up takes most of a child's life. Both windows are medians over spared children
// (the first three, then one in five). Children wait out the simulator's delay faults (timeout
// 5 s) and have no retries of their own, so a kill can land while a request is held, and every
// failure goes back to the driver as a re-run.
//
// Both sides import lazily: a child loads the package and nothing else, so that its start-up
// does not swallow the kill window.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const READY = 'ready' // the line a child prints just before it calls chargeOffSession
const TAG_PREFIX = 'crash-soak-child/' // then `${charge}/${run}`: the child's whole User-Agent
const SPARE = 0.2 // the share of children never killed: their durations set the kill windows
const WARM_UP = 3 // children timed before the first kill
const MAX_KILLS = 3 // kills per charge; its later runs are spared (bounds a charge's runs and time)
const STAGES = ['before', 'charge', 'between', 'recovery', 'after']

// ---------------------------------------------------------------- the child

const errorJson = (error) => ({ kind: error.kind ?? null, http_status: error.statusCode ?? null, message: error.message ?? String(error) })

/** One run of one charge: prints `ready`, then one JSON line (the outcome or the error). */
async function child(raw) {
  const spec = JSON.parse(raw)
  const { default: offsession } = await import('../../../bindings-node/index.js')
  const i = spec.index
  let line
  try {
    // The tag replaces the User-Agent, so that the simulator's request log shows which child
    // sent each request (the driver infers where a kill landed from it).
    const client = new offsession.Client(spec.api_key, {
      baseUrl: spec.url, timeout: spec.timeout_ms, maxNetworkRetries: spec.max_retries, headers: { 'User-Agent': spec.tag },
    })
    // Everything but the process is the same in every run of a charge, as idempotency needs.
    const params = {
      customer: spec.customer, payment_method: spec.payment_method, amount: spec.amount, currency: 'usd',
      description: `crash soak charge ${i}`, metadata: { soak_charge: String(i) }, idempotency_key: spec.key,
      recovery: { product_name: `Crash order ${i}`, success_url: spec.success_url },
    }
    process.stdout.write(`${READY}\n`) // synchronous on a pipe: the driver times kills from it
    const outcome = await client.chargeOffSession(params)
    line = {
      outcome: outcome.outcome,
      payment_intent: outcome.payment_intent?.id ?? null,
      payment_intent_status: outcome.payment_intent?.status ?? null,
      recovery_session: outcome.recovery_session?.id ?? null,
      code: outcome.error?.code ?? null,
      decline_code: outcome.error?.decline_code ?? null,
    }
    if (outcome.recovery_error) line.error = errorJson(outcome.recovery_error)
  } catch (error) {
    line = { outcome: 'error', error: errorJson(error) }
  }
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

// ---------------------------------------------------------------- stages

/** The log entries a child sent, in arrival order. */
const entriesOf = (log, tag) => log.filter((e) => e.user_agent === tag)

/** Has its answer; a connection cut by a fault counts (the child had its error). */
const cutByFault = (e) => e.fault === 'reset_before' || e.fault === 'drop_after_commit'
const answered = (e) => cutByFault(e) || e.status !== null

/** The stage from a child's entries in the final log (a dead process sends nothing more), given
 * which of them (by seq) had their answer when it was reaped. */
function classify(entries, answeredAtKill) {
  if (entries.length === 0) return 'before' // nothing of it reached the simulator
  const last = entries[entries.length - 1]
  const inFlight = !answeredAtKill(last.seq)
  if (last.path === '/v1/payment_intents') {
    if (inFlight) return 'charge' // held: the PaymentIntent is created after the child's death
    if (last.status === 402 && !cutByFault(last)) return 'between' // declined, no session request yet
  } else if (last.path === '/v1/checkout/sessions' && inFlight) return 'recovery' // the session held
  return 'after' // everything it sent had its answer
}

// ---------------------------------------------------------------- the driver

function parseConfig(argv, parseArgs) {
  const env = process.env
  const args = parseArgs(argv, { '--charges': 'charges', '--seed': 'seed', '--rate': 'rate', '--concurrency': 'concurrency' })
  const mode = args.mode || (env.RELIABILITY_MODE === 'long' ? 'long' : 'short')
  const config = {
    mode,
    charges: args.charges ?? (Number(env.RELIABILITY_CRASH_CHARGES) || (mode === 'long' ? 300 : 30)),
    seed: args.seed ?? (Number(env.RELIABILITY_SEED) || 20260930),
    rate: args.rate ?? (env.RELIABILITY_RATE ? Number(env.RELIABILITY_RATE) : 0.4),
    concurrency: args.concurrency ?? (Number(env.RELIABILITY_CRASH_CONCURRENCY) || 4),
    customers: 30,
    timeoutMs: 5000, // a child waits held requests out
    delayMs: 400,
    maxRetries: 0, // every failure goes back to the driver as a re-run
    maxAttempts: 60,
  }
  if (config.charges < 1 || config.concurrency < 1 || !(config.rate >= 0 && config.rate <= 1)) {
    throw new Error('charges and concurrency must be at least 1, rate from 0 to 1')
  }
  config.customers = Math.min(config.customers, config.charges)
  return config
}

const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0

/** Durations of spared children (ms), start to exit (runs) and `ready` to exit (charges); the
 * kill windows are their medians (a few children held by a delay would stretch a mean). */
class Window {
  runs = []
  charges = []
  /** ['spare'], or when to kill the next child: ['start', ms] or ['ready', ms]. */
  draw() {
    if (this.runs.length < WARM_UP || this.charges.length === 0 || Math.random() < SPARE) return ['spare', 0]
    return Math.random() < 0.5 ? ['start', median(this.runs) * Math.random()] : ['ready', median(this.charges) * Math.random()]
  }
}

/** No answer, a 5xx, a 429, or the key still in flight (409): a user runs it again. */
const transient = (error) =>
  ['api_connection_error', 'api_error', 'rate_limit_error'].includes(error.kind) || (error.kind === 'idempotency_error' && error.http_status === 409)

/** Runs one child, killing it with SIGKILL as planned unless it ended first. */
async function runChild(sim, spec, [plan, after]) {
  const started = performance.now()
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let readyAt = null
  let timer = null
  const kill = () => proc.kill('SIGKILL') // no handler, no flush, no finalizer runs
  if (plan === 'start') timer = setTimeout(kill, after)
  const lines = []
  let pending = ''
  let stderr = ''
  proc.stdout.setEncoding('utf8')
  proc.stderr.setEncoding('utf8')
  proc.stdout.on('data', (chunk) => {
    const parts = (pending + chunk).split('\n')
    pending = parts.pop()
    for (const line of parts.map((l) => l.trim()).filter(Boolean)) {
      if (line === READY) {
        readyAt = performance.now()
        if (plan === 'ready') timer = setTimeout(kill, after)
      } else lines.push(line)
    }
  })
  proc.stderr.on('data', (chunk) => { stderr += chunk })
  const [code, signal] = await new Promise((resolve, reject) => {
    proc.on('error', reject)
    proc.on('close', (c, s) => resolve([c, s]))
  })
  clearTimeout(timer)
  const end = performance.now()
  const charge = readyAt === null ? null : end - readyAt
  if (signal === 'SIGKILL') {
    const entries = entriesOf(await sim.requests(), spec.tag)
    return { kind: 'killed', value: { tag: spec.tag, answered: entries.filter(answered).map((e) => e.seq), seen: entries.length }, run: end - started, charge: null }
  }
  let line = null
  try {
    if (code === 0 && lines.length) line = JSON.parse(lines[lines.length - 1])
  } catch {}
  if (line === null || typeof line !== 'object') {
    return { kind: 'broken', value: `child ${spec.tag} exited with ${code ?? signal} without an answer; stdout ${JSON.stringify(lines)}, stderr ${JSON.stringify(stderr)}`, run: end - started, charge }
  }
  return { kind: 'answered', value: line, run: end - started, charge }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** One logical charge: a child per run, until one returns a final outcome. */
async function charge(ctx, i, customer) {
  const { sim, config, window, soak } = ctx
  const reported = {
    index: i, customer: customer.id, card: customer.card, amount: soak.amount(i), attempts: 0, transient: {},
    outcome: 'failed', paymentIntent: null, paymentIntentStatus: null, recoverySession: null, code: null, declineCode: null, failure: null,
  }
  const kills = []
  for (;;) {
    reported.attempts++
    const tag = `${TAG_PREFIX}${i}/${reported.attempts}`
    const spec = {
      url: sim.url, api_key: soak.API_KEY, success_url: soak.SUCCESS_URL, customer: customer.id, payment_method: customer.paymentMethod,
      amount: reported.amount, key: `crash-${config.seed}-${i}`, index: i, tag, timeout_ms: config.timeoutMs, max_retries: config.maxRetries,
    }
    const plan = kills.length < MAX_KILLS ? window.draw() : ['spare', 0]
    const ran = await runChild(sim, spec, plan)
    if (plan[0] === 'spare') {
      window.runs.push(ran.run)
      if (ran.charge !== null) window.charges.push(ran.charge)
    }
    let reason
    if (ran.kind === 'broken') {
      reported.failure = ran.value
      return { reported, kills }
    } else if (ran.kind === 'killed') {
      kills.push(ran.value)
      reason = 'killed'
    } else {
      const line = ran.value
      const error = line.error ?? {}
      if (line.outcome === 'recovery_failed') reason = `recovery_failed:${error.kind}`
      else if (line.outcome === 'error' && transient(error)) reason = error.kind
      else if (line.outcome === 'error') {
        reported.failure = `definite error: ${JSON.stringify(error)}`
        return { reported, kills }
      } else {
        Object.assign(reported, {
          outcome: line.outcome, paymentIntent: line.payment_intent, paymentIntentStatus: line.payment_intent_status,
          recoverySession: line.recovery_session, code: line.code, declineCode: line.decline_code,
        })
        return { reported, kills }
      }
    }
    reported.transient[reason] = (reported.transient[reason] || 0) + 1
    if (reported.attempts >= config.maxAttempts) {
      reported.failure = `no final outcome after ${reported.attempts} runs`
      return { reported, kills }
    }
    await sleep(20 + Math.random() * 60)
  }
}

async function crashSoak(config, sim, soak, offsession) {
  const setupClient = new offsession.Client(soak.API_KEY, { baseUrl: sim.url })
  const customers = []
  for (let j = 0; j < config.customers; j++) customers.push(await soak.setupCustomer(setupClient, sim, j))
  const setupRequests = (await sim.requests()).length
  await soak.randomFaultsOn(sim, config)

  const ctx = { sim, config, window: new Window(), soak }
  const started = performance.now()
  let next = 0
  const charged = []
  const worker = async () => {
    for (let i = next++; i < config.charges; i = next++) charged.push(await charge(ctx, i, customers[i % customers.length]))
  }
  await Promise.all(Array.from({ length: Math.min(config.concurrency, config.charges) }, worker))
  charged.sort((a, b) => a.reported.index - b.reported.index)
  const charging = (performance.now() - started) / 1000

  // Faults off; let any request a dead child left held by a delay finish before counting.
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
  const { counts, violations } = soak.verify(config, charged.map((c) => c.reported), state)

  // A killed child's requests are all in the final log; which of them had their answer comes
  // from the log read when it was reaped.
  const kills = Object.fromEntries(STAGES.map((s) => [s, 0]))
  let late = 0
  for (const kill of charged.flatMap((c) => c.kills)) {
    const entries = entriesOf(state.requests, kill.tag)
    late += Math.max(0, entries.length - kill.seen)
    kills[classify(entries, (seq) => kill.answered.includes(seq))]++
  }
  // Every request after the setup must come from a child, or the stages mean nothing.
  const untagged = state.requests.slice(setupRequests).filter((e) => !String(e.user_agent ?? '').startsWith(TAG_PREFIX)).length
  if (untagged) violations.push(`${untagged} requests after the setup carry no child's tag in their User-Agent`)
  const windows = [median(ctx.window.runs), median(ctx.window.charges)]
  return { counts, violations, kills, spared: ctx.window.runs.length, windows, late, charging }
}

/** The printed figures, in the Rust driver's layout, ending with one SUMMARY line. */
function report(config, r, total, pairs, faultKinds) {
  const c = r.counts
  const kills = Object.values(r.kills).reduce((a, b) => a + b, 0)
  const reruns = c.attempts - c.charges
  const stages = STAGES.map((s) => `${s}=${r.kills[s]}`).join(' ')
  const faults = Object.fromEntries(faultKinds.map((k) => [k, c.faults[k] || 0]))
  const totalFaults = Object.values(c.faults).reduce((a, b) => a + b, 0)
  const lines = [
    `crash soak [node]: ${config.charges} charges over ${config.customers} customers, seed ${config.seed}, rate ${config.rate}, ` +
      `concurrency ${config.concurrency}, delay faults ${config.delayMs} ms; children: timeout ${config.timeoutMs} ms, max_retries ${config.maxRetries}, ` +
      `SIGKILL at U(0, ${r.windows[0].toFixed(0)} ms) from the start or U(0, ${r.windows[1].toFixed(0)} ms) from \`ready\` (medians of ${r.spared} spared children)`,
    `  children: ${c.attempts} for ${c.charges} charges, ${reruns} re-runs after: ${pairs(c.callerErrors)}`,
    `  kills:    ${kills} by stage: ${stages} (requests the log had not yet shown at the kill: ${r.late})`,
    `  requests: POST /v1/payment_intents=${c.paymentIntentRequests} POST /v1/checkout/sessions=${c.sessionRequests} idempotent_replays=${c.replays}`,
    `  faults:   ${pairs(faults)} (total ${totalFaults} of ${c.considered} requests considered)`,
    `  sim:      payment_intents=${c.paymentIntents} succeeded=${c.succeeded} declined=${c.declined} recovery_sessions=${c.recoverySessions} ` +
      `duplicates=${c.duplicates} missing=${c.missing} events succeeded=${c.eventsSucceeded} payment_failed=${c.eventsFailed}`,
    ...r.violations.slice(0, 20).map((v) => `  VIOLATION ${v}`),
  ]
  if (r.violations.length > 20) lines.push(`  … and ${r.violations.length - 20} more violations`)
  lines.push(`  result:   ${r.violations.length ? 'FAILED' : 'OK'}, ${r.violations.length} violations; charging ${r.charging.toFixed(1)} s, total ${total.toFixed(1)} s`)
  lines.push(
    `SUMMARY crash-soak lang=node charges=${c.charges} children=${c.attempts} kills=${kills} ${stages} reruns=${reruns} ` +
      `payment_intents=${c.paymentIntents} succeeded=${c.succeeded} declined=${c.declined} recovery_sessions=${c.recoverySessions} ` +
      `duplicates=${c.duplicates} violations=${r.violations.length} seconds=${total.toFixed(1)}`,
  )
  return lines.join('\n')
}

async function main() {
  const soak = await import('./fault-soak.mjs')
  const { parseArgs, startSimulator } = await import('./simulator.mjs')
  const { default: offsession } = await import('../../../bindings-node/index.js')
  const config = parseConfig(process.argv.slice(2), parseArgs)
  const started = performance.now()
  const sim = await startSimulator()
  let result
  try {
    result = await crashSoak(config, sim, soak, offsession)
  } finally {
    sim.stop()
  }
  console.log(report(config, result, (performance.now() - started) / 1000, soak.pairs, soak.FAULT_KINDS))
  return result.violations.length ? 1 : 0
}

if (process.argv[2] === '--child' && process.argv.length === 4) {
  child(process.argv[3]).catch((error) => {
    console.error(`crash-soak child: ${error.stack || error}`)
    process.exitCode = 1
  })
} else {
  main().then(
    (code) => { process.exitCode = code },
    (error) => {
      console.error(`crash-soak: ${error.stack || error}`)
      process.exitCode = 1
    },
  )
}
