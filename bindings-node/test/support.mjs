// Test support: a fresh simulator (the project's `offsession-sim` binary) and its control surface.
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
