// Compiled with `tsc --noEmit --strict`: the committed index.d.ts must describe real usage.
import {
  Client,
  Webhook,
  StripeError,
  CardError,
  InvalidInputError,
  InvalidStateError,
  AbortError,
  type ChargeOutcome,
  type CompletedRecovery,
  type LastResponse,
  type WithLastResponse,
  type ChargeOutcomeName,
  type CheckoutSession,
  type Customer,
  type PaymentIntent,
  type ErrorKind,
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
  // stripe-node's request options, after the parameters.
  await client.customers.retrieve(customer.id, null, { stripeAccount: 'acct_1' })
  await client.paymentIntents.retrieve('pi_1', { expand: ['customer'] }, { stripeAccount: 'acct_1' })
  await client.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'signup-1', stripeAccount: 'acct_1' })
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
  const name: ChargeOutcomeName = outcome.outcome
  void name
  switch (outcome.outcome) {
    case 'succeeded': {
      const pi: PaymentIntent = outcome.paymentIntent
      return `fulfil ${pi.id} ${pi.status} ${url}`
    }
    case 'processing':
      return `wait for payment_intent.succeeded on ${outcome.paymentIntent.id}`
    case 'requires_capture':
      return `capture ${outcome.paymentIntent.id}`
    case 'requires_action':
      return `bring the customer back with ${String(outcome.paymentIntent.client_secret)}`
    case 'needs_recovery': {
      const error: CardError = outcome.error
      const kind: ErrorKind = error.kind
      const code: string | null = error.code // Stripe's: 'card_declined'
      const declined: PaymentIntent | null = error.payment_intent
      const status: number | null = error.statusCode
      const requestId: string | undefined = error.headers?.['request-id']
      return `${kind} ${code ?? ''} ${error.decline_code ?? ''} ${declined?.id ?? ''} ${status ?? ''} ${requestId ?? ''} ${error.raw?.type ?? ''} ${outcome.recoverySession.url ?? ''}`
    }
    case 'recovery_failed': {
      const error: CardError = outcome.error
      const why: StripeError = outcome.recoveryError
      return `declined ${error.decline_code ?? ''}; re-run later with ${why.idempotencyKey ?? ''} (${why.kind}, retryable: ${String(why.retryable)})`
    }
  }
}

/** Closes the loop after a decline: the paid recovery, the declined PaymentIntent canceled. */
async function recover(client: Client, sessionId: string, signal: AbortSignal): Promise<string> {
  const recovered: CompletedRecovery = await client.completeRecovery(sessionId, { signal })
  const card: string = recovered.paymentMethodId
  const declined: string | null = recovered.declinedPaymentIntentId
  const session: WithLastResponse<CheckoutSession> = recovered.session
  const paid: PaymentIntent = recovered.paymentIntent
  if (declined !== null) {
    const canceled = await client.paymentIntents.cancel(declined, { cancellationReason: 'abandoned' }, { idempotencyKey: `cancel-${declined}` })
    const meta: LastResponse = canceled.lastResponse
    console.log(canceled.status, canceled.cancellation_reason, meta.requestId, meta.idempotentReplayed, meta.idempotencyKey, meta.statusCode)
  }
  await client.paymentIntents.cancel('pi_1')
  await client.paymentIntents.cancel('pi_1', null, { stripeAccount: 'acct_1' })
  return `${card} ${session.lastResponse.requestId ?? ''} ${paid.lastResponse?.requestId ?? 'expanded'}`
}

/** The on-session route for a requires_action outcome: the PaymentIntent's client_secret. */
function clientSecret(outcome: ChargeOutcome): string | null {
  return outcome.outcome === 'requires_action' ? outcome.paymentIntent.client_secret : null
}

async function cancellable(client: Client): Promise<void> {
  const controller = new AbortController()
  try {
    const customer = await client.customers.create({ email: 'x@example.com' }, { signal: controller.signal })
    await client.customers.retrieve(customer.id, null, { signal: AbortSignal.timeout(5000) })
    const outcome = await client.chargeOffSession(
      {
        customer: customer.id, paymentMethod: 'pm_1', amount: 1099, currency: 'usd', idempotencyKey: 'order-9',
        recovery: { productName: 'x', successUrl: 'https://example.com/paid', savePaymentMethod: false, expiresAt: 1_900_000_000, clientReferenceId: 'cart-9' },
      },
      { signal: controller.signal },
    )
    if (outcome.outcome === 'succeeded' && outcome.paymentIntent.lastResponse.idempotentReplayed) console.log('replayed')
    if (outcome.outcome === 'needs_recovery') console.log(outcome.recoverySession.lastResponse.requestId, outcome.paymentIntent?.lastResponse)
    await client.startSetup({ currency: 'usd', successUrl: 'https://example.com/s' }, { signal: controller.signal, idempotencyKey: 'setup-1' })
    await client.completeSetup('cs_1', null, { signal: controller.signal })
  } catch (error) {
    if (error instanceof AbortError) console.log(error.name, error.code, error.cause)
    else throw error
  }
}

async function keyInOptions(client: Client): Promise<ChargeOutcome> {
  return client.chargeOffSession(
    { customer: 'cus_1', paymentMethod: 'pm_1', amount: 1099n, currency: 'usd', recovery: { productName: 'x', successUrl: 'https://example.com/paid' } },
    { idempotencyKey: 'order-77' },
  )
}

async function main(): Promise<void> {
  const client = new Client('sk_test_123', { baseUrl: 'http://127.0.0.1:12111', maxRetries: 3, timeout: 5000 })
  try {
    console.log(await flow(client))
  } catch (error) {
    if (error instanceof InvalidInputError) console.log(error.param)
    else if (error instanceof InvalidStateError) console.log('not finished yet', error.param)
    else if (error instanceof StripeError) console.log(error.kind, error.code, error.statusCode, error.requestId, error.idempotencyKey, error.userMessage)
    else throw error
  }
  const event = Webhook.constructEvent(Buffer.from('{}'), 't=1,v1=00', 'whsec_x', Webhook.DEFAULT_TOLERANCE)
  const header: string = Webhook.generateTestHeader('{}', 'whsec_x', 1)
  console.log(event.type, header)
  const pi = await client.paymentIntents.create({ amount: 100, currency: 'usd', offSession: true, confirm: true })
  console.log(pi.amount_received)
  console.log((await keyInOptions(client)).outcome)
  console.log(await recover(client, 'cs_1', new AbortController().signal), clientSecret(await keyInOptions(client)))
  await cancellable(client)
}

void main
