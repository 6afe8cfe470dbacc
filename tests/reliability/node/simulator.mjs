// The simulator for the reliability drivers (started by tests/support/sim-process.mjs), and its
// control surface with node:http, so that counting never goes through the SDK under test.
//
// Control requests use a fresh connection each (no agent, `Connection: close`), not fetch: fetch
// loads undici on first use (megabytes) and keeps its socket alive for a few seconds, which the
// memory soak would count as the add-on's growth.
import http from 'node:http'
import { readFileSync, readdirSync } from 'node:fs'

import { launchSimulator, REPO } from '../../support/sim-process.mjs'

export { REPO }

export async function startSimulator() {
  const { url, pid, stop } = await launchSimulator()
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
      return vmRssKib(`/proc/${pid}/status`)
    },
    stop,
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
