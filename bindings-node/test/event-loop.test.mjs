// Calls run on the JavaScript thread, driven by Node's event loop (src/event_loop.rs). These
// tests pin what that design must keep: a waiting call keeps Node alive and an idle client does
// not, tokio's timers fire with no other activity, and worker threads get their own driver.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { Worker } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

import * as offsession from '../index.js'
import { startSim } from './support.mjs'

const INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'index.js')

/** Runs `source` as a CommonJS script in a fresh node; resolves to its stdout, or rejects. */
function runScript(source, env) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', source], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`))
      else resolve(stdout)
    })
  })
}

test('a waiting call keeps node alive until it settles, then node exits by itself', async () => {
  const sim = await startSim()
  try {
    // Nothing else keeps this script's event loop alive while the charge is held back.
    await sim.fault({ method: 'POST', path: '/v1/customers', kind: 'delay', delay_ms: 300 })
    const started = Date.now()
    const stdout = await runScript(`
      const { Client } = require(${JSON.stringify(INDEX)})
      new Client('sk_test_node', { baseUrl: process.env.SIM_URL })
        .customers.create({ email: 'alive@example.com' })
        .then((c) => console.log('created', c.email))
    `, { SIM_URL: sim.url })
    assert.equal(stdout.trim(), 'created alive@example.com')
    assert.ok(Date.now() - started >= 300, 'the script ended before the delayed response')
  } finally {
    sim.stop()
  }
})

test('a client with no call in flight does not keep node alive', async () => {
  const sim = await startSim()
  try {
    // The pooled connection stays open; the script must still end right after its last call.
    const started = Date.now()
    const stdout = await runScript(`
      const { Client } = require(${JSON.stringify(INDEX)})
      const client = new Client('sk_test_node', { baseUrl: process.env.SIM_URL })
      client.customers.create({}).then((c) => client.customers.retrieve(c.id)).then((c) => console.log(c.object))
    `, { SIM_URL: sim.url })
    assert.equal(stdout.trim(), 'customer')
    assert.ok(Date.now() - started < 10_000, 'node stayed alive after the calls settled')
  } finally {
    sim.stop()
  }
})

test('a timeout fires with no other activity on the loop', async () => {
  const sim = await startSim()
  try {
    await sim.fault({ method: 'POST', path: '/v1/customers', kind: 'delay', delay_ms: 5000 })
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url, timeout: 200, maxNetworkRetries: 0 })
    const started = Date.now()
    await assert.rejects(client.customers.create({}), offsession.APIConnectionError)
    const elapsed = Date.now() - started
    // tokio's timers are turned by a libuv timer at most 32 ms apart while a call waits.
    assert.ok(elapsed >= 200 && elapsed < 2000, `the 200 ms timeout fired after ${elapsed} ms`)
  } finally {
    sim.stop()
  }
})

test('a worker thread runs calls on its own loop and exits', async () => {
  const sim = await startSim()
  try {
    const worker = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads')
      const { Client } = require(workerData.index)
      const client = new Client('sk_test_node', { baseUrl: workerData.url })
      Promise.all([1, 2, 3].map((i) => client.customers.create({ email: 'w' + i + '@example.com' })))
        .then((customers) => parentPort.postMessage(customers.map((c) => c.email)))
    `, { eval: true, workerData: { index: INDEX, url: sim.url } })
    const [emails, exitCode] = await Promise.all([
      new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject) }),
      new Promise((resolve) => worker.once('exit', resolve)),
    ])
    assert.deepEqual(emails, ['w1@example.com', 'w2@example.com', 'w3@example.com'])
    assert.equal(exitCode, 0)
    // The main thread's driver still works after the worker's was torn down.
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url })
    assert.equal((await client.customers.create({ email: 'main@example.com' })).email, 'main@example.com')
  } finally {
    sim.stop()
  }
})

test('a host name is resolved on a background thread and the call still settles', async () => {
  const sim = await startSim()
  try {
    // `localhost` goes through the resolver's thread, which wakes the driver from outside.
    const client = new offsession.Client('sk_test_node', { baseUrl: sim.url.replace('127.0.0.1', 'localhost') })
    const customers = await Promise.all([1, 2].map((i) => client.customers.create({ email: `dns${i}@example.com` })))
    assert.deepEqual(customers.map((c) => c.email), ['dns1@example.com', 'dns2@example.com'])
  } finally {
    sim.stop()
  }
})
