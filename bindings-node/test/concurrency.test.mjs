// Network I/O never blocks the event loop: a timer keeps firing during 100 concurrent charges.
import { test } from 'node:test'
import assert from 'node:assert/strict'

import * as offsession from '../index.js'
import { startSim } from './support.mjs'

test('100 concurrent charges while a timer keeps firing', async () => {
  const sim = await startSim()
  try {
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    const customer = await client.customers.create({ email: 'many@example.com' })
    const pm = await client.paymentMethods.attach('pm_card_visa', { customer: customer.id })
    // Each charge is held back 300 ms by the simulator, so the run spans many timer periods and
    // is mostly waiting: a loop blocked while requests wait would fire the timer a few times at
    // most. (The calls' own CPU work runs on this thread, as any JavaScript client's does, so
    // the waits, not the whole run, are what must leave the loop free.)
    await sim.fault({ method: 'POST', path: '/v1/payment_intents', kind: 'delay', delay_ms: 300, count: 100 })
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    const started = Date.now()
    let outcomes
    try {
      outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          client.chargeOffSession({
            customer: customer.id, payment_method: pm.id, amount: 100 + i, currency: 'usd',
            idempotency_key: `node-order-${i}`,
            recovery: { product_name: 'T-shirt', success_url: 'https://example.com/paid' },
          }),
        ),
      )
    } finally {
      // A failed charge must not leave the timer keeping this test file's process alive.
      clearInterval(timer)
    }
    const elapsed = Date.now() - started
    assert.equal(outcomes.length, 100)
    assert.ok(outcomes.every((o) => o.outcome === 'succeeded'))
    assert.deepEqual(outcomes.map((o) => o.payment_intent.amount).sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => 100 + i))
    assert.equal((await sim.objects('payment_intents')).length, 100)
    // A blocked loop would have fired the 5 ms timer at most a handful of times.
    assert.ok(ticks >= Math.floor(elapsed / 5 / 4), `only ${ticks} ticks in ${elapsed} ms`)
    assert.ok(ticks >= 5, `only ${ticks} ticks`)
  } finally {
    sim.stop()
  }
})
