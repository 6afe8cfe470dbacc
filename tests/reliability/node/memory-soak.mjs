// Memory and descriptor soak of the Node package (tests/reliability/README.md).
//
// Makes --calls SDK calls (100,000 in long mode, 10,000 in short mode) against the simulator,
// cycling through creates, retrieves with expansion, a 404 error, a succeeded charge and a
// declined charge with its recovery session. After a warm-up (5% of the calls, at least 2,000)
// and at the end it runs a full garbage collection, reads this process's VmRSS
// (/proc/self/status) and counts its open descriptors (/proc/self/fd). Fails if RSS grew by more
// than 10 MiB or any descriptor was added, i.e. if the add-on leaks per call (objects, errors,
// promises, connections). RSS is also sampled every 10% of the calls, to tell a warm-up step from
// a steady leak.
//
// The simulator keeps every object, its request log and idempotency records, so it is reset
// every --reset-every calls (and its fixtures re-created) to keep it small and fast; its own RSS
// is printed too, and --reset-every 0 shows what happens without resets.
//
//   node memory-soak.mjs [--short|--long] [--calls N] [--reset-every N]
//
// or RELIABILITY_MODE, RELIABILITY_CALLS.
import v8 from 'node:v8'
import vm from 'node:vm'

import offsession from '../../../bindings-node/index.js'
import { openFds, parseArgs, startSimulator, vmRssKib } from './simulator.mjs'

const API_KEY = 'sk_test_reliability'
const SUCCESS_URL = 'https://example.com/done?session_id={CHECKOUT_SESSION_ID}'
const RECOVERY = { product_name: 'Soak', success_url: SUCCESS_URL }
const RSS_LIMIT_KIB = 10 * 1024

// A full collection before each sample, without asking the caller for --expose-gc.
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`)
}

class Soak {
  constructor(sim, calls, resetEvery) {
    this.sim = sim
    this.calls = calls
    this.resetEvery = resetEvery
    this.client = new offsession.Client(API_KEY, { baseUrl: sim.url })
    this.done = 0
    this.sinceReset = 0
    this.resets = 0
  }

  /** One SDK call. */
  async call(promise) {
    this.done++
    this.sinceReset++
    return promise()
  }

  async fixtures() {
    const c = this.client
    const customer = await this.call(() => c.customers.create({ email: 'soak@example.com' }))
    const visa = await this.call(() => c.paymentMethods.attach('pm_card_visa', { customer: customer.id }))
    const failing = await this.call(() => c.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id }))
    const session = await this.call(() => c.checkoutSessions.create({ mode: 'setup', currency: 'usd', customer: customer.id, success_url: SUCCESS_URL }))
    const pi = await this.call(() => c.paymentIntents.create({
      amount: 1099, currency: 'usd', customer: customer.id, payment_method: visa.id, confirm: true, off_session: true,
    }))
    return { customer: customer.id, visa: visa.id, failing: failing.id, session: session.id, paymentIntent: pi.id }
  }

  /** Eight calls (nine requests) touching every kind of result the add-on converts. */
  async cycle(f, n) {
    const c = this.client
    const created = await this.call(() => c.customers.create({ email: `c${n}@example.com`, metadata: { n: String(n) } }))
    const fetched = await this.call(() => c.customers.retrieve(created.id))
    assert(fetched.id === created.id, 'retrieved the created customer')
    const session = await this.call(() => c.checkoutSessions.retrieve(f.session, { expand: ['customer'] }))
    assert(session.customer.id === f.customer, 'expanded customer')
    const pi = await this.call(() => c.paymentIntents.retrieve(f.paymentIntent, { expand: ['payment_method'] }))
    assert(pi.status === 'succeeded', 'fixture PaymentIntent succeeded')
    let missing = null
    try {
      await this.call(() => c.customers.retrieve('cus_missing'))
    } catch (error) {
      missing = error
    }
    assert(missing?.kind === 'invalid_request_error' && missing.statusCode === 404, `a 404 (${missing})`)
    const ok = await this.call(() => c.chargeOffSession({
      customer: f.customer, payment_method: f.visa, amount: 500 + (n % 1000), currency: 'usd', recovery: RECOVERY, idempotency_key: `mem-${n}-ok`,
    }))
    assert(ok.outcome === 'succeeded', 'visa charge succeeded')
    const declined = await this.call(() => c.chargeOffSession({
      customer: f.customer, payment_method: f.failing, amount: 700, currency: 'usd', recovery: RECOVERY, idempotency_key: `mem-${n}-declined`,
    }))
    assert(declined.outcome === 'needs_recovery' && declined.error.code === 'card_declined', 'declined charge')
    const pm = await this.call(() => c.paymentMethods.retrieve(f.visa))
    assert(pm.id === f.visa, 'retrieved the payment method')
  }

  async run(warmup, sample, lastSampled) {
    // The control path is used for resets later: load it before the warm-up sample.
    await this.sim.control('GET', '/_sim/faults/random')
    let fixtures = await this.fixtures()
    let warmed = false
    // Further samples every 10% of the calls, to tell a warm-up from a steady leak.
    const trendEvery = Math.max(1, Math.floor(this.calls / 10))
    let nextTrend = trendEvery
    for (let n = 0; this.done < this.calls; n++) {
      if (this.resetEvery && this.sinceReset >= this.resetEvery) {
        await this.sim.control('POST', '/_sim/reset')
        this.resets++
        this.sinceReset = 0
        fixtures = await this.fixtures()
      }
      await this.cycle(fixtures, n)
      if (!warmed && this.done >= warmup) {
        warmed = true
        await sample()
      } else if (warmed && this.done >= nextTrend) {
        await sample()
      }
      while (this.done >= nextTrend) nextTrend += trendEvery
    }
    if (this.done !== lastSampled()) await sample()
  }
}

async function main() {
  const env = process.env
  const args = parseArgs(process.argv.slice(2), { '--calls': 'calls', '--reset-every': 'resetEvery' })
  const mode = args.mode || (env.RELIABILITY_MODE === 'long' ? 'long' : 'short')
  const calls = args.calls ?? (Number(env.RELIABILITY_CALLS) || (mode === 'long' ? 100_000 : 10_000))
  const resetEvery = args.resetEvery ?? 5000
  // 5% of the calls, at least 2,000: the process grows once by a few MiB of native memory
  // around call 1,300 (JS heap, heapTotal and thread count unchanged), then stays flat.
  const warmup = Math.min(calls, Math.max(2000, Math.floor((calls * 5) / 100)))

  const started = performance.now()
  const sim = await startSimulator()
  const samples = []
  let soak
  try {
    soak = new Soak(sim, calls, resetEvery)
    const sample = async () => {
      // Let finished requests' handles close, then collect everything collectable.
      await new Promise((resolve) => setImmediate(resolve))
      gc()
      const heapMib = process.memoryUsage().heapUsed / 1048576
      samples.push({ calls: soak.done, rssKib: vmRssKib(), fds: openFds(), simRssKib: sim.rssKib(), heapMib })
    }
    await soak.run(warmup, sample, () => samples[samples.length - 1]?.calls)
  } finally {
    sim.stop()
  }
  const elapsed = (performance.now() - started) / 1000
  const [warm, end] = [samples[0], samples[samples.length - 1]]
  const grewKib = end.rssKib - warm.rssKib
  const fdGrowth = end.fds - warm.fds
  const failures = []
  if (grewKib > RSS_LIMIT_KIB) failures.push(`RSS grew by ${(grewKib / 1024).toFixed(1)} MiB (limit ${RSS_LIMIT_KIB / 1024} MiB)`)
  if (fdGrowth > 0) failures.push(`${fdGrowth} more open file descriptors`)
  const mib = (kib) => (kib / 1024).toFixed(1)
  console.log(`memory soak [node]: ${soak.done} calls, warm-up ${warmup} calls, simulator reset every ${resetEvery || 'never'} calls (${soak.resets} resets)`)
  console.log(`  after warm-up (${warm.calls} calls): RSS ${mib(warm.rssKib)} MiB (JS heap ${warm.heapMib.toFixed(1)} MiB), ${warm.fds} fds; simulator RSS ${mib(warm.simRssKib)} MiB`)
  console.log(`  at the end    (${end.calls} calls): RSS ${mib(end.rssKib)} MiB (JS heap ${end.heapMib.toFixed(1)} MiB), ${end.fds} fds; simulator RSS ${mib(end.simRssKib)} MiB`)
  console.log(`  growth: RSS ${grewKib >= 0 ? '+' : ''}${(grewKib / 1024).toFixed(2)} MiB, fds ${fdGrowth >= 0 ? '+' : ''}${fdGrowth}; ${elapsed.toFixed(1)} s, ${(soak.done / elapsed).toFixed(0)} calls/s`)
  console.log(`  RSS trend (MiB at calls): ${samples.map((x) => `${mib(x.rssKib)}@${x.calls}`).join(' ')}`)
  for (const failure of failures) console.log(`  VIOLATION ${failure}`)
  console.log(`  result:   ${failures.length ? 'FAILED' : 'OK'}`)
  console.log(
    `SUMMARY memory-soak lang=node calls=${soak.done} rss_warm_mib=${mib(warm.rssKib)} rss_end_mib=${mib(end.rssKib)} ` +
      `rss_growth_mib=${grewKib >= 0 ? '+' : ''}${(grewKib / 1024).toFixed(2)} fds_warm=${warm.fds} fds_end=${end.fds} ` +
      `sim_rss_end_mib=${mib(end.simRssKib)} violations=${failures.length} seconds=${elapsed.toFixed(1)}`,
  )
  return failures.length ? 1 : 0
}

main().then(
  (code) => { process.exitCode = code },
  (error) => {
    console.error(`memory-soak: ${error.stack || error}`)
    process.exitCode = 1
  },
)
