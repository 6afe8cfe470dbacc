// Compiled with `tsc --noEmit --strict`: the committed index.d.ts must describe real usage.
import {
  Client,
  Webhook,
  StripeError,
  CardError,
  InvalidInputError,
  type ChargeOutcome,
  type CheckoutSession,
  type Customer,
  type PaymentIntent,
  type ErrorCode,
} from '../../index'

async function flow(client: Client): Promise<string> {
  const customer: Customer = await client.customers.create({ email: 'jenny.rosen@example.com', metadata: { order: '42' } })
  const setup = await client.startSetup({
    currency: 'usd',
    successUrl: 'https://example.com/s?session_id={CHECKOUT_SESSION_ID}',
    customer: customer.id,
  })
  const url: string | null = setup.url
  const saved = await client.completeSetup(setup.session.id, { customer: customer.id })
  const expanded: CheckoutSession = await client.checkoutSessions.retrieve(setup.session.id, { expand: ['setup_intent'] })
  if (typeof expanded.setup_intent === 'object' && expanded.setup_intent !== null) {
    const pm: string | null = typeof expanded.setup_intent.payment_method === 'string' ? expanded.setup_intent.payment_method : null
    void pm
  }
  const outcome: ChargeOutcome = await client.chargeOffSession({
    customer: saved.customerId,
    paymentMethod: saved.paymentMethodId,
    amount: 1099,
    currency: 'usd',
    idempotencyKey: 'order-1042',
    recovery: { productName: 'T-shirt', successUrl: 'https://example.com/paid' },
  })
  switch (outcome.outcome) {
    case 'succeeded': {
      const pi: PaymentIntent = outcome.paymentIntent
      return `${pi.id} ${pi.status} ${url}`
    }
    case 'needs_recovery': {
      const error: CardError = outcome.error
      const code: ErrorCode = error.code
      return `${code} ${error.declineCode ?? ''} ${outcome.recoverySession.url ?? ''}`
    }
  }
}

async function main(): Promise<void> {
  const client = new Client('sk_test_123', { baseUrl: 'http://127.0.0.1:12111', maxRetries: 3, timeout: 5000 })
  try {
    console.log(await flow(client))
  } catch (error) {
    if (error instanceof InvalidInputError) console.log(error.param)
    else if (error instanceof StripeError) console.log(error.code, error.statusCode, error.requestId)
    else throw error
  }
  const event = Webhook.constructEvent(Buffer.from('{}'), 't=1,v1=00', 'whsec_x', Webhook.DEFAULT_TOLERANCE)
  const header: string = Webhook.generateTestHeader('{}', 'whsec_x', 1)
  console.log(event.type, header)
  const pi = await client.paymentIntents.create({ amount: 100, currency: 'usd', offSession: true, confirm: true })
  console.log(pi.amount_received)
}

void main
