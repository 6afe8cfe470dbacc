// Starts the project's simulator (`offsession-sim`); shared by the Node binding's tests and the
// reliability drivers, which each add their own control-surface helpers.
// The binary is $OFFSESSION_SIM_BIN or target/debug/offsession-sim in the repository; it prints
// its URL on the first line of stdout. A simulator that does not start is an error: no test may
// pass without one.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The simulator binary, or an error saying how to build it. */
export function simBinary() {
  const binary = process.env.OFFSESSION_SIM_BIN || path.join(REPO, 'target', 'debug', 'offsession-sim')
  if (!existsSync(binary)) {
    throw new Error(`the simulator binary is missing at ${binary}: run cargo build -p offsession-sim or set OFFSESSION_SIM_BIN`)
  }
  return binary
}

/** A fresh simulator: `{ url, pid, stop() }`. */
export async function launchSimulator() {
  const child = spawn(simBinary(), [], { stdio: ['ignore', 'pipe', 'ignore'] })
  const lines = createInterface({ input: child.stdout })
  const stop = () => {
    lines.close()
    child.kill()
  }
  const url = await new Promise((resolve, reject) => {
    lines.once('line', resolve)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before printing its URL`)))
  })
  if (!url.startsWith('http://127.0.0.1:')) {
    stop()
    throw new Error(`the simulator did not print its URL (got ${JSON.stringify(url)})`)
  }
  return { url, pid: child.pid, stop }
}
