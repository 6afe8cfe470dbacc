// Test support: a fresh simulator (the project's `offsession-sim` binary) and its control surface.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export function simBinary() {
  const binary = process.env.OFFSESSION_SIM_BIN || path.join(REPO, 'target', 'debug', 'offsession-sim')
  if (!existsSync(binary)) {
    throw new Error(`the simulator binary is missing at ${binary}: run cargo build -p offsession-sim or set OFFSESSION_SIM_BIN`)
  }
  return binary
}

export async function startSim() {
  const child = spawn(simBinary(), [], { stdio: ['ignore', 'pipe', 'ignore'] })
  const lines = createInterface({ input: child.stdout })
  const url = await new Promise((resolve, reject) => {
    lines.once('line', resolve)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before printing its URL`)))
  })
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`unexpected simulator URL ${url}`)
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
    async fault(fault) {
      const { status, body } = await this.control('POST', '/_sim/faults', fault)
      if (status !== 200) throw new Error(JSON.stringify(body))
    },
    stop() {
      lines.close()
      child.kill()
    },
  }
}
