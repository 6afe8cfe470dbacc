// Secrets never show: util.inspect, JSON, error messages.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'

import * as offsession from '../index.js'

const KEY = 'sk_test_51NodeSecretKeyValue0123456789'
const SECRET = 'whsec_Node-SigningSecretValue0123'

function hidden(text, what) {
  assert.ok(!text.includes(KEY) && !text.includes('NodeSecret'), `${what} shows the key: ${text}`)
  assert.ok(!text.includes(SECRET), `${what} shows the webhook secret: ${text}`)
}

test('inspect and JSON of a client show no key', () => {
  const client = new offsession.Client(KEY, { baseUrl: 'http://127.0.0.1:9' })
  hidden(inspect(client, { showHidden: true, depth: 5 }), 'util.inspect')
  hidden(JSON.stringify(client), 'JSON.stringify')
  hidden(String(client), 'String()')
  assert.match(inspect(client), /baseUrl: 'http:\/\/127\.0\.0\.1:9'/)
  assert.deepEqual(Object.keys(client).sort(), ['checkoutSessions', 'customers', 'paymentIntents', 'paymentMethods', 'setupIntents'])
})

test('errors show no key or secret', async () => {
  const client = new offsession.Client(KEY, { baseUrl: 'http://127.0.0.1:9', maxNetworkRetries: 0 })
  const error = await client.customers.retrieve('cus_1').catch((e) => e)
  hidden(`${error.message} ${error.stack} ${inspect(error)}`, 'connection error')
  try {
    new offsession.Client(`${KEY} `)
    assert.fail('expected an error')
  } catch (e) {
    hidden(`${e.message} ${inspect(e)}`, 'invalid key error')
  }
  try {
    offsession.Webhook.constructEvent('{"id":"evt_1"}', 't=1,v1=00', SECRET)
    assert.fail('expected an error')
  } catch (e) {
    assert.ok(e instanceof offsession.SignatureVerificationError)
    hidden(`${e.message} ${inspect(e)}`, 'webhook error')
  }
})

test('webhooks verify the raw bytes, as a Buffer or a string', () => {
  const payload = Buffer.from('{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":{"object":"checkout.session"}}}')
  const header = offsession.Webhook.generateTestHeader(payload, SECRET)
  assert.equal(offsession.Webhook.constructEvent(payload, header, SECRET).type, 'checkout.session.completed')
  assert.equal(offsession.Webhook.constructEvent(payload.toString(), header, SECRET).id, 'evt_1')
  assert.throws(() => offsession.Webhook.constructEvent(Buffer.concat([payload, Buffer.from(' ')]), header, SECRET), offsession.SignatureVerificationError)
})
