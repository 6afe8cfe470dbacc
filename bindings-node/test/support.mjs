// Test support: a fresh simulator (the project's `offsession-sim` binary) and its control surface,
// and the checks the tests share.
import assert from 'node:assert/strict'

import * as offsession from '../index.js'
import { launchSimulator, REPO, simBinary } from '../../tests/support/sim-process.mjs'

export { REPO, simBinary }

export async function startSim() {
  const { url, stop } = await launchSimulator()
  return {
    url,
    async control(method, route, body) {
      const response = await fetch(url + route, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: response.status, body: await response.json() }
    },
    async objects(kind) {
      const { status, body } = await this.control('GET', `/_sim/objects/${kind}`)
      if (status !== 200) throw new Error(JSON.stringify(body))
      return body.data
    },
    /** The simulator's request log (`/v1` requests in arrival order). */
    async requests() {
      const { status, body } = await this.control('GET', '/_sim/requests')
      if (status !== 200) throw new Error(JSON.stringify(body))
      return body.data
    },
    async fault(fault) {
      const { status, body } = await this.control('POST', '/_sim/faults', fault)
      if (status !== 200) throw new Error(JSON.stringify(body))
    },
    stop,
  }
}

/** Runs `body(sim)` against a fresh simulator, stopped afterwards whatever happens. */
export async function withSim(body) {
  const sim = await startSim()
  try {
    await body(sim)
  } finally {
    sim.stop()
  }
}

/** Expects `call()` to be refused with `InvalidInputError` naming `param`. */
export async function assertRefused(call, param, label) {
  let error
  try {
    const value = await call()
    assert.fail(`${label}: expected an InvalidInputError, got ${JSON.stringify(value)?.slice(0, 200)}`)
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e
    error = e
  }
  assert.ok(error instanceof offsession.InvalidInputError, `${label}: got ${error?.constructor?.name}: ${error?.message}`)
  assert.equal(error.kind, 'invalid_input', label)
  assert.equal(error.param, param, `${label}: ${error.message}`)
  assert.ok(!/rust type|napi/i.test(error.message), `${label}: the message speaks of napi: ${error.message}`)
}
