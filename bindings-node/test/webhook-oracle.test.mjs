// Webhook verification against the oracle: stripe-node's own `webhooks.constructEvent`.
//
// Every case of tests/webhook-oracle/headers.json (its README describes the recipes) is built at
// run time and handed, identically, to the official library and to offsession; the verdicts must
// be the recorded ones, and an accepted event must have the same id in both. The official library
// is a hard requirement (devDependencies): without it this file fails to import.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'

import Stripe from 'stripe'

import * as offsession from '../index.js'

const ORACLE = JSON.parse(readFileSync(new URL('../../tests/webhook-oracle/headers.json', import.meta.url), 'utf8'))
const PLACEHOLDER = /\{(t|sig|SIG|sig_old|sig_tampered|pad:\d+)([+-]\d+)?\}/g
const ACCEPTED = 'accepted'
const REFUSED = 'refused'
// No request is made: the key only satisfies the constructor.
const stripe = new Stripe('sk_test_webhook_oracle')

function sign(secret, signedT, payload) {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(`${signedT}.${payload}`, 'utf8')).digest('hex')
}

// The README's placeholder rules; `signedT` is undefined while filling `signed_t` itself.
function fill(template, kase, now, signedT) {
  const t = now + (kase.timestamp ?? 0)
  const secret = kase.secret ?? ORACLE.secret
  const signedPayload = kase.signed_payload ?? kase.payload ?? ORACLE.payload
  return template.replace(PLACEHOLDER, (_, name, offset) => {
    if (name === 't') return String(t + Number(offset ?? 0))
    if (name.startsWith('pad:')) return 'a'.repeat(Number(name.slice(4)))
    assert.ok(signedT !== undefined, `${name} inside signed_t`)
    if (name === 'sig_old') return sign(ORACLE.old_secret, signedT, signedPayload)
    const sig = sign(kase.signing_secret ?? secret, signedT, signedPayload)
    if (name === 'SIG') return sig.toUpperCase()
    if (name === 'sig_tampered') return sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0')
    return sig
  })
}

function official(payload, header, secret, tolerance) {
  try {
    const event = tolerance === undefined
      ? stripe.webhooks.constructEvent(payload, header, secret)
      : stripe.webhooks.constructEvent(payload, header, secret, tolerance)
    return [ACCEPTED, event?.id]
  } catch {
    // Whatever it throws (StripeSignatureVerificationError, SyntaxError, RangeError) refuses.
    return [REFUSED, undefined]
  }
}

function ours(payload, header, secret, tolerance) {
  try {
    const event = tolerance === undefined
      ? offsession.Webhook.constructEvent(payload, header, secret)
      : offsession.Webhook.constructEvent(payload, header, secret, tolerance)
    return [ACCEPTED, event.id]
  } catch (error) {
    assert.ok(
      error instanceof offsession.SignatureVerificationError || error instanceof offsession.InvalidInputError,
      `offsession threw ${error}`,
    )
    if (secret.trim() !== '') assert.ok(!`${error.message} ${error.stack}`.includes(secret), 'the secret shows in the error')
    return [REFUSED, undefined]
  }
}

test('the case list is well formed', () => {
  assert.ok(ORACLE.cases.length >= 30)
  const names = ORACLE.cases.map((kase) => kase.name)
  assert.equal(new Set(names).size, names.length)
  for (const kase of ORACLE.cases) {
    if (typeof kase.official === 'object') {
      assert.deepEqual(Object.keys(kase.official).sort(), ['node', 'python'], kase.name)
      assert.ok('offsession' in kase, `${kase.name}: the libraries disagree, so say what offsession does`)
    }
  }
})

for (const kase of ORACLE.cases) {
  test(`offsession agrees with stripe-node: ${kase.name}`, () => {
    const now = Math.floor(Date.now() / 1000)
    const payload = Buffer.from(kase.payload ?? ORACLE.payload, 'utf8')
    const secret = kase.secret ?? ORACLE.secret
    const signedT = fill(kase.signed_t ?? '{t}', kase, now)
    const header = fill(kase.header, kase, now, signedT)
    const tolerance = kase.tolerance

    const expectedOfficial = typeof kase.official === 'object' ? kase.official.node : kase.official
    const expectedOurs = kase.offsession ?? expectedOfficial

    const [officialVerdict, officialId] = official(payload, header, secret, tolerance)
    const [ourVerdict, ourId] = ours(payload, header, secret, tolerance)
    assert.equal(officialVerdict, expectedOfficial, `stripe-node ${officialVerdict} ${JSON.stringify(header)}`)
    assert.equal(ourVerdict, expectedOurs, `offsession ${ourVerdict}, stripe-node ${officialVerdict}: ${JSON.stringify(header)}`)
    if (officialVerdict === ACCEPTED && ourVerdict === ACCEPTED) assert.equal(ourId, officialId)
  })
}
