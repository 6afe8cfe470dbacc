// Each line below must be a type error; `tsc` fails if one of them compiles.
import { Client, type ChargeOutcome } from '../../index'

export async function misuse(client: Client, outcome: ChargeOutcome): Promise<void> {
  // @ts-expect-error amount is a number of the smallest unit
  await client.chargeOffSession({ customer: 'cus_1', paymentMethod: 'pm_1', amount: '10.99', currency: 'usd', recovery: { productName: 'x', successUrl: 'y' } })
  // @ts-expect-error recovery is required
  await client.chargeOffSession({ customer: 'cus_1', paymentMethod: 'pm_1', amount: 1099, currency: 'usd' })
  // @ts-expect-error unknown option
  new Client('sk_test_1', { baseURL: 'http://127.0.0.1:1' })
  // @ts-expect-error mode is a closed set
  await client.checkoutSessions.create({ mode: 'teleport', successUrl: 'x' })
  // @ts-expect-error recoverySession exists only on needs_recovery
  void outcome.recoverySession
}
