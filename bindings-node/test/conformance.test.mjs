// Every shared conformance case against a fresh simulator.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { REPO, startSim } from './support.mjs'
import { runCase, CaseError } from './conformance-runner.mjs'

const dir = path.join(REPO, 'tests', 'conformance', 'cases')
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

test('the cases are there', () => {
  assert.ok(files.length >= 30, `found ${files.length}`)
})

for (const file of files) {
  test(file.replace(/\.json$/, ''), async () => {
    const sim = await startSim()
    try {
      await runCase(JSON.parse(readFileSync(path.join(dir, file), 'utf8')), sim)
    } finally {
      sim.stop()
    }
  })
}

test('the runner can fail', async () => {
  const sim = await startSim()
  try {
    const wrong = [
      [{ do: 'create_customer', with: { email: 'a@example.com' }, expect: { email: { equals: 'b@example.com' } } }],
      [{ do: 'create_customer', expect_error: { kind: { equals: 'card_error' } } }],
      [{ do: 'teleport_customer' }],
      [{ sim: 'teleport' }],
      [{ do: 'create_customer', with: { favourite_colour: 'blue' } }],
      [{ do: 'create_customer', expect: { id: { resembles: 'cus_' } } }],
      [{ do: 'retrieve_customer', with: { id: '$nothing.id' } }],
    ]
    for (const steps of wrong) {
      await assert.rejects(runCase({ name: 'self-check', steps }, sim), CaseError, JSON.stringify(steps))
    }
    await runCase({ name: 'ok', steps: [{ do: 'create_customer', with: { email: 'a@example.com' }, expect: { id: { prefix: 'cus_' } } }] }, sim)
  } finally {
    sim.stop()
  }
})
