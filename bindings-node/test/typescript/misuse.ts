// Each line below must be a type error; `tsc` fails if one of them compiles.
import { Client, type ChargeOutcome } from '../../index'

export async function misuse(client: Client, outcome: ChargeOutcome): Promise<void> {
  // @ts-expect-error amount is a number of the smallest unit
  await client.chargeOffSession({ customer: 'cus_1', paymentMethod: 'pm_1', amount: '10.99', currency: 'usd', idempotencyKey: 'k', recovery: { productName: 'x', successUrl: 'y' } })
  // @ts-expect-error recovery is required
  await client.chargeOffSession({ customer: 'cus_1', paymentMethod: 'pm_1', amount: 1099, currency: 'usd', idempotencyKey: 'k' })
  // @ts-expect-error idempotencyKey is required (in the parameters or the options)
  await client.chargeOffSession({ customer: 'cus_1', paymentMethod: 'pm_1', amount: 1099, currency: 'usd', recovery: { productName: 'x', successUrl: 'y' } })
  // @ts-expect-error options without a key do not make up for the missing one
  await client.chargeOffSession({ customer: 'cus_1', paymentMethod: 'pm_1', amount: 1099, currency: 'usd', recovery: { productName: 'x', successUrl: 'y' } }, { stripeAccount: 'acct_1' })
  // @ts-expect-error reads take no idempotency key
  await client.customers.retrieve('cus_1', null, { idempotencyKey: 'k' })
  // @ts-expect-error recoveryError exists only on recovery_failed
  void outcome.recoveryError
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
  }
  // @ts-expect-error unknown option
  new Client('sk_test_1', { baseURL: 'http://127.0.0.1:1' })
  // @ts-expect-error mode is a closed set
  await client.checkoutSessions.create({ mode: 'teleport', successUrl: 'x' })
  // @ts-expect-error recoverySession exists only on needs_recovery
  void outcome.recoverySession
  // @ts-expect-error a cancellation reason is one of Stripe's
  await client.paymentIntents.cancel('pi_1', { cancellationReason: 'bored' })
  // @ts-expect-error the parameter is cancellationReason, as every parameter is camelCase
  await client.paymentIntents.cancel('pi_1', { cancellation_reason: 'abandoned' })
  // @ts-expect-error completeRecovery takes no key (its keys come from the session)
  await client.completeRecovery('cs_1', { idempotencyKey: 'k' })
  // @ts-expect-error a signal is an AbortSignal
  await client.customers.create({}, { signal: 'abort' })
  // @ts-expect-error an AbortController is not its signal
  await client.completeRecovery('cs_1', { signal: new AbortController() })
  const customer = await client.customers.create({})
  // @ts-expect-error lastResponse is read-only
  customer.lastResponse = customer.lastResponse
  // @ts-expect-error expiresAt is Unix seconds, a number
  await client.chargeOffSession({ customer: 'cus_1', paymentMethod: 'pm_1', amount: 1, currency: 'usd', idempotencyKey: 'k', recovery: { productName: 'x', successUrl: 'y', expiresAt: new Date() } })
}
