// The package as users get it: `npm pack`, install the tarball into an empty folder, and run
// the example from there. Also: every runtime export is typed in index.d.ts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, copyFileSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'

import { REPO, simBinary } from './support.mjs'

const PACKAGE = path.join(REPO, 'bindings-node')

test('every runtime export is declared in index.d.ts', () => {
  const runtime = Object.keys(createRequire(import.meta.url)('../index.js'))
  const declared = readFileSync(path.join(PACKAGE, 'index.d.ts'), 'utf8')
  for (const name of runtime) {
    assert.match(declared, new RegExp(`export declare (const|class|function) ${name}\\b`), `${name} is not typed`)
  }
})

test('npm pack, install into an empty folder, run the example', { timeout: 180_000 }, () => {
  const work = mkdtempSync(path.join(tmpdir(), 'offsession-pack-'))
  try {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: PACKAGE, encoding: 'utf8' }))
    const files = packed[0].files.map((f) => f.path)
    for (const needed of ['index.js', 'index.mjs', 'index.d.ts', 'params.d.ts', 'native.cjs', 'README.md', 'package.json']) {
      assert.ok(files.includes(needed), `${needed} missing from the tarball: ${files}`)
    }
    assert.ok(files.some((f) => f.endsWith('.node')), 'the native add-on is missing from the tarball')
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/')), `sources shipped: ${files}`)

    const app = path.join(work, 'app')
    execFileSync('mkdir', ['-p', app])
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }))
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, packed[0].filename)], { cwd: app, stdio: 'pipe' })
    copyFileSync(path.join(REPO, 'examples', 'node', 'future_payments.mjs'), path.join(app, 'future_payments.mjs'))
    const env = { ...process.env, OFFSESSION_SIM_BIN: simBinary() }
    delete env.STRIPE_SECRET_KEY
    const output = execFileSync(process.execPath, ['future_payments.mjs'], { cwd: app, env, encoding: 'utf8', timeout: 60_000 })
    for (const expected of [
      'customer created',
      'charged 10.99 USD off-session   pi_',
      'charge declined                 HTTP 402 card_error code=card_declined decline_code=generic_decline',
      'send the customer to http://127.0.0.1:',
      'customer paid the recovery page',
      'recovery completed              pi_',
      'status=succeeded new payment_method=pm_',
      'declined payment intent closed  pi_',
      'status=canceled',
      'charged the recovered card      pi_',
      '2 charges succeeded, 1 declined and recovered',
    ]) {
      assert.ok(output.includes(expected), `missing ${expected} in:\n${output}`)
    }
    // CommonJS consumers get the same API.
    const cjs = execFileSync(process.execPath, ['-e', "const o = require('offsession'); console.log(typeof o.Client, typeof o.Webhook.constructEvent)"], { cwd: app, encoding: 'utf8' })
    assert.equal(cjs.trim(), 'function function')
    // The typings ship whole: index.d.ts imports the generated parameters from params.d.ts.
    const typings = readFileSync(path.join(app, 'node_modules', 'offsession', 'index.d.ts'), 'utf8')
    assert.match(typings, /from '\.\/params'/)
    assert.match(readFileSync(path.join(app, 'node_modules', 'offsession', 'params.d.ts'), 'utf8'), /export interface CreatePaymentIntent \{/)
    assert.match(readFileSync(path.join(app, 'node_modules', 'offsession', 'README.md'), 'utf8'), /snake_case/)
    // …and compile where the package is installed: a typed call against the shipped files.
    writeFileSync(path.join(app, 'check.ts'), [
      "import { Client, type CreatePaymentIntent } from 'offsession'",
      "const params: CreatePaymentIntent = { amount: 1099, currency: 'usd', shipping: { name: 'J', address: { line1: 'x' } } }",
      "export const run = (client: Client) => client.paymentIntents.create(params, { idempotencyKey: 'k' })",
    ].join('\n'))
    execFileSync(process.execPath, [
      path.join(PACKAGE, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--typeRoots', path.join(PACKAGE, 'node_modules', '@types'), '--types', 'node', 'check.ts',
    ], { cwd: app, stdio: 'pipe' })
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
})
