// Starts the project's simulator (`offsession-sim`) for the reliability drivers and talks to its
// control surface with node:http, so that counting never goes through the SDK under test.
// The binary is $OFFSESSION_SIM_BIN or target/debug/offsession-sim in the repository; it prints its
// URL on the first line of stdout. A simulator that does not start is an error: the soaks must
// never pass without one.
//
// Control requests use a fresh connection each (no agent, `Connection: close`), not fetch: fetch
// loads undici on first use (megabytes) and keeps its socket alive for a few seconds, which the
// memory soak would count as the add-on's growth.
import { spawn } from 'node:child_process'
import http from 'node:http'
import { createInterface } from 'node:readline'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

function simBinary() {
  const binary = process.env.OFFSESSION_SIM_BIN || path.join(REPO, 'target', 'debug', 'offsession-sim')
  if (!existsSync(binary)) {
    throw new Error(`the simulator binary is missing at ${binary}: run cargo build -p offsession-sim or set OFFSESSION_SIM_BIN`)
  }
  return binary
}

export async function startSimulator() {
  const child = spawn(simBinary(), [], { stdio: ['ignore', 'pipe', 'ignore'] })
  const lines = createInterface({ input: child.stdout })
  const url = await new Promise((resolve, reject) => {
    lines.once('line', resolve)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before printing its URL`)))
  })
  if (!url.startsWith('http://127.0.0.1:')) {
    child.kill()
    throw new Error(`the simulator did not print its URL (got ${JSON.stringify(url)})`)
  }
  return {
    url,
    /** One control-surface call; anything but a 2xx is an error. */
    async control(method, route, body) {
      const payload = body === undefined ? '' : JSON.stringify(body)
      const { status, text } = await new Promise((resolve, reject) => {
        const request = http.request(url + route, {
          method,
          agent: false,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        }, (response) => {
          const chunks = []
          response.on('data', (chunk) => chunks.push(chunk))
          response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }))
          response.on('error', reject)
        })
        request.on('error', reject)
        request.end(payload)
      })
      if (status < 200 || status > 299) throw new Error(`simulator ${method} ${route}: HTTP ${status}: ${text}`)
      return JSON.parse(text)
    },
    async objects(kind) {
      return (await this.control('GET', `/_sim/objects/${kind}`)).data
    },
    async requests() {
      return (await this.control('GET', '/_sim/requests')).data
    },
    /** The simulator process's VmRSS, in KiB. */
    rssKib() {
      return vmRssKib(`/proc/${child.pid}/status`)
    },
    stop() {
      lines.close()
      child.kill()
    },
  }
}

/** VmRSS from a /proc status file, in KiB. */
export function vmRssKib(statusFile = '/proc/self/status') {
  const line = readFileSync(statusFile, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))
  if (!line) throw new Error(`no VmRSS in ${statusFile}`)
  return Number(line.split(/\s+/)[1])
}

/** Open file descriptors of this process (the listing's own descriptor included, as always). */
export function openFds() {
  return readdirSync('/proc/self/fd').length
}

/** `--name value`, `--name=value` and bare `--flag`s, over defaults. */
export function parseArgs(argv, known) {
  const out = {}
  for (let i = 0; i < argv.length; i++) {
    let [name, value] = argv[i].split(/=(.*)/s)
    if (name === '--short' || name === '--long') {
      out.mode = name.slice(2)
      continue
    }
    const key = known[name]
    if (!key) throw new Error(`unknown argument ${name} (known: --short, --long, ${Object.keys(known).join(', ')})`)
    if (value === undefined) value = argv[++i]
    if (value === undefined || Number.isNaN(Number(value))) throw new Error(`${name} needs a number`)
    out[key] = Number(value)
  }
  return out
}
