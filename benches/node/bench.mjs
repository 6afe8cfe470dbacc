// Node clients of the benchmark: offsession, the official `stripe` package and a raw undici
// loop, running the same six-request flow against the same local server, FLOWS flows with 1 or
// 8 in flight. Prints one JSON line: CPU µs per request, wall ms per flow, peak RSS.
//
// Usage: node bench.mjs CLIENT URL FLOWS CONCURRENCY
const [name, url, flowsArg, concurrencyArg] = process.argv.slice(2)
const FLOWS = Number(flowsArg)
const CONCURRENCY = Number(concurrencyArg)
const KEY = 'sk_test_bench'
const SUCCESS = 'https://example.com/s?session_id={CHECKOUT_SESSION_ID}'

async function makeFlow() {
  if (name === 'offsession') {
    const { Client } = await import('offsession')
    const client = new Client(KEY, { baseUrl: url })
    return async () => {
      const customer = await client.customers.create({ email: 'jenny.rosen@example.com' })
      const session = await client.checkoutSessions.create({ mode: 'setup', currency: 'usd', customer: customer.id, success_url: SUCCESS })
      const expanded = await client.checkoutSessions.retrieve(session.id, { expand: ['setup_intent'] })
      const setupIntent = await client.setupIntents.retrieve(expanded.setup_intent.id)
      await client.paymentMethods.attach(setupIntent.payment_method, { customer: customer.id })
      const pi = await client.paymentIntents.create({ amount: 1099, currency: 'usd', customer: customer.id, payment_method: setupIntent.payment_method, off_session: true, confirm: true })
      if (pi.status !== 'succeeded') throw new Error('unexpected status')
    }
  }
  if (name === 'stripe') {
    const { default: Stripe } = await import('stripe')
    const target = new URL(url)
    const stripe = new Stripe(KEY, { host: target.hostname, port: Number(target.port), protocol: 'http', maxNetworkRetries: 0, telemetry: false })
    return async () => {
      const customer = await stripe.customers.create({ email: 'jenny.rosen@example.com' })
      const session = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', customer: customer.id, success_url: SUCCESS })
      const expanded = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] })
      const setupIntent = await stripe.setupIntents.retrieve(expanded.setup_intent.id)
      await stripe.paymentMethods.attach(setupIntent.payment_method, { customer: customer.id })
      const pi = await stripe.paymentIntents.create({ amount: 1099, currency: 'usd', customer: customer.id, payment_method: setupIntent.payment_method, off_session: true, confirm: true })
      if (pi.status !== 'succeeded') throw new Error('unexpected status')
    }
  }
  if (name === 'undici') {
    const { Pool } = await import('undici')
    const pool = new Pool(url, { connections: CONCURRENCY })
    const headers = { authorization: `Bearer ${KEY}`, 'stripe-version': '2026-09-30.endive' }
    const post = { ...headers, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'bench' }
    const call = async (method, path, body) => {
      const { body: response } = await pool.request({ method, path, body, headers: body ? post : headers })
      return JSON.parse(await response.text())
    }
    return async () => {
      const customer = (await call('POST', '/v1/customers', 'email=jenny.rosen%40example.com')).id
      const session = (await call('POST', '/v1/checkout/sessions', `mode=setup&currency=usd&customer=${customer}&success_url=https%3A%2F%2Fexample.com%2Fs`)).id
      const expanded = await call('GET', `/v1/checkout/sessions/${session}?expand%5B0%5D=setup_intent`)
      const setupIntent = await call('GET', `/v1/setup_intents/${expanded.setup_intent.id}`)
      const pm = setupIntent.payment_method
      await call('POST', `/v1/payment_methods/${pm}/attach`, `customer=${customer}`)
      const pi = await call('POST', '/v1/payment_intents', `amount=1099&currency=usd&customer=${customer}&payment_method=${pm}&off_session=true&confirm=true`)
      if (pi.status !== 'succeeded') throw new Error('unexpected status')
    }
  }
  throw new Error(`unknown client ${name}`)
}

async function run(flow, flows) {
  let next = 0
  const worker = async () => {
    while (next < flows) {
      next++
      await flow()
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
}

const flow = await makeFlow()
await run(flow, CONCURRENCY) // warm-up
const cpuStart = process.cpuUsage()
const wallStart = performance.now()
await run(flow, FLOWS)
const wall = performance.now() - wallStart
const cpu = process.cpuUsage(cpuStart)
console.log(JSON.stringify({
  client: `node/${name}`,
  flows: FLOWS,
  requests: FLOWS * 6,
  cpu_us_per_request: Number(((cpu.user + cpu.system) / (FLOWS * 6)).toFixed(2)),
  wall_ms_per_flow: Number((wall / FLOWS).toFixed(4)),
  peak_rss_mib: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
}))
process.exit(0)
