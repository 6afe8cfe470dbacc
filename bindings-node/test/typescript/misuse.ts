// Each line below must be a type error; `tsc` fails if one of them compiles.
import { Client, type ChargeOutcome } from '../../index'

const RECOVERY = { product_name: 'x', success_url: 'y' }

export async function misuse(client: Client, outcome: ChargeOutcome): Promise<void> {
  // @ts-expect-error amount is a number of the smallest unit
  await client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: '10.99', currency: 'usd', idempotency_key: 'k', recovery: RECOVERY })
  // @ts-expect-error recovery is required
  await client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 1099, currency: 'usd', idempotency_key: 'k' })
  // @ts-expect-error idempotency_key is required (in the parameters or the options)
  await client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 1099, currency: 'usd', recovery: RECOVERY })
  // @ts-expect-error options without a key do not make up for the missing one
  await client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 1099, currency: 'usd', recovery: RECOVERY }, { stripeAccount: 'acct_1' })
  // @ts-expect-error parameters are Stripe's names: payment_method, not paymentMethod
  await client.chargeOffSession({ customer: 'cus_1', paymentMethod: 'pm_1', amount: 1099, currency: 'usd', idempotency_key: 'k', recovery: RECOVERY })
  // @ts-expect-error a flow makes several requests: no per-request timeout
  await client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 1099, currency: 'usd', idempotency_key: 'k', recovery: RECOVERY }, { timeout: 5 })
  // @ts-expect-error recovery_error exists only on recovery_failed
  void outcome.recovery_error
  if (outcome.outcome === 'processing') {
    // @ts-expect-error a processing charge has no error: it is not declined, nor paid yet
    void outcome.error
  }
  if (outcome.outcome === 'needs_recovery') {
    // @ts-expect-error stripeCode is gone: `code` is Stripe's code, as in stripe-node
    void outcome.error.stripeCode
    // @ts-expect-error Stripe's fields keep Stripe's names: `decline_code`
    void outcome.error.declineCode
    // @ts-expect-error the kind is a closed set, Stripe's code is not one of it
    const kind: typeof outcome.error.kind = 'card_declined'
    void kind
    // @ts-expect-error results keep Stripe's names: recovery_session
    void outcome.recoverySession
  }
  // @ts-expect-error unknown option
  new Client('sk_test_1', { baseURL: 'http://127.0.0.1:1' })
  // @ts-expect-error mode is a closed set
  await client.checkoutSessions.create({ mode: 'teleport', success_url: 'x' })
  // @ts-expect-error unit_amount is an integer number, never text
  await client.checkoutSessions.create({ mode: 'payment', line_items: [{ price_data: { currency: 'usd', unit_amount: '10.99' } }] })
  // @ts-expect-error an unknown parameter (a typo)
  await client.customers.create({ emial: 'jenny@example.com' })
  // @ts-expect-error recovery_session exists only on needs_recovery
  void outcome.recovery_session
  // @ts-expect-error a cancellation reason is one of Stripe's
  await client.paymentIntents.cancel('pi_1', { cancellation_reason: 'bored' })
  // @ts-expect-error the parameter is cancellation_reason, as Stripe names it
  await client.paymentIntents.cancel('pi_1', { cancellationReason: 'abandoned' })
  // @ts-expect-error completeRecovery takes no key (its keys come from the session)
  await client.completeRecovery('cs_1', { idempotencyKey: 'k' })
  // @ts-expect-error a signal is an AbortSignal
  await client.customers.create({}, { signal: 'abort' })
  // @ts-expect-error an AbortController is not its signal
  await client.completeRecovery('cs_1', { signal: new AbortController() })
  // @ts-expect-error request options are stripe-node's camelCase names
  await client.customers.create({}, { idempotency_key: 'k' })
  for await (const pm of client.customers.listPaymentMethods('cus_1')) {
    // @ts-expect-error a list's objects are payment methods: an id is a string
    const id: number = pm.id
    void id
  }
  const customer = await client.customers.create({})
  // @ts-expect-error lastResponse is read-only
  customer.lastResponse = customer.lastResponse
  // @ts-expect-error expires_at is Unix seconds, a number
  await client.chargeOffSession({ customer: 'cus_1', payment_method: 'pm_1', amount: 1, currency: 'usd', idempotency_key: 'k', recovery: { ...RECOVERY, expires_at: new Date() } })
}
