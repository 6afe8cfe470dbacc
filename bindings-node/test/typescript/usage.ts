// Compiled with `tsc --noEmit --strict`: the committed index.d.ts must describe real usage.
import {
  Client,
  Webhook,
  StripeError,
  CardError,
  InvalidInputError,
  InvalidStateError,
  AbortError,
  type ApiList,
  type ChargeOutcome,
  type CompletedRecovery,
  type CreatePaymentIntent,
  type CreateCheckoutSessionLineItem,
  type LastResponse,
  type OffSessionCharge,
  type RawResponse,
  type WithLastResponse,
  type ChargeOutcomeName,
  type CheckoutSession,
  type Customer,
  type PaymentIntent,
  type PaymentMethod,
  type ErrorKind,
} from '../../index'

async function flow(client: Client): Promise<string> {
  const customer: Customer = await client.customers.create({ email: 'jenny.rosen@example.com', metadata: { order: '42' } })
  const setup = await client.startSetup({
    currency: 'usd',
    success_url: 'https://example.com/s?session_id={CHECKOUT_SESSION_ID}',
    customer: customer.id,
    session_data: { locale: 'fr', client_reference_id: 'cart-1' },
  })
  const url: string | null = setup.url
  const saved = await client.completeSetup(setup.session.id, { customer: customer.id })
  const expanded: CheckoutSession = await client.checkoutSessions.retrieve(setup.session.id, { expand: ['setup_intent'] })
  // stripe-node's request options, after the parameters.
  await client.customers.retrieve(customer.id, null, { stripeAccount: 'acct_1' })
  await client.paymentIntents.retrieve('pi_1', { expand: ['customer'] }, { stripeAccount: 'acct_1', timeout: 5000, maxNetworkRetries: 0 })
  await client.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'signup-1', stripeAccount: 'acct_1' })
  await client.customers.update(customer.id, { invoice_settings: { default_payment_method: saved.payment_method_id } })
  await client.customers.update(customer.id, { invoice_settings: { default_payment_method: '' } })
  if (typeof expanded.setup_intent === 'object' && expanded.setup_intent !== null) {
    const pm: string | null = typeof expanded.setup_intent.payment_method === 'string' ? expanded.setup_intent.payment_method : null
    void pm
  }
  const charge: OffSessionCharge = {
    customer: saved.customer_id,
    payment_method: saved.payment_method_id,
    amount: 1099,
    currency: 'usd',
    idempotency_key: 'order-1042',
    recovery: { product_name: 'T-shirt', success_url: 'https://example.com/paid' },
    off_session: 'recurring',
    payment_intent_data: { receipt_email: 'jenny.rosen@example.com', statement_descriptor_suffix: 'ORDER 1042' },
  }
  const outcome: ChargeOutcome = await client.chargeOffSession(charge)
  const name: ChargeOutcomeName = outcome.outcome
  void name
  switch (outcome.outcome) {
    case 'succeeded': {
      const pi: PaymentIntent = outcome.payment_intent
      return `fulfil ${pi.id} ${pi.status} ${url}`
    }
    case 'processing':
      return `wait for payment_intent.succeeded on ${outcome.payment_intent.id}`
    case 'requires_capture':
      return `capture ${outcome.payment_intent.id}`
    case 'requires_action':
      return `bring the customer back with ${String(outcome.payment_intent.client_secret)}`
    case 'needs_recovery': {
      const error: CardError = outcome.error
      const kind: ErrorKind = error.kind
      const code: string | null = error.code // Stripe's: 'card_declined'
      const declined: PaymentIntent | null = error.payment_intent
      const status: number | null = error.statusCode
      const requestId: string | undefined = error.headers?.['request-id']
      return `${kind} ${code ?? ''} ${error.decline_code ?? ''} ${declined?.id ?? ''} ${status ?? ''} ${requestId ?? ''} ${error.raw?.type ?? ''} ${outcome.recovery_session.url ?? ''}`
    }
    case 'recovery_failed': {
      const error: CardError = outcome.error
      const why: StripeError = outcome.recovery_error
      return `declined ${error.decline_code ?? ''}; re-run later with ${why.idempotencyKey ?? ''} (${why.kind}, retryable: ${String(why.retryable)})`
    }
  }
}

/** Closes the loop after a decline: the paid recovery, the declined PaymentIntent canceled. */
async function recover(client: Client, sessionId: string, signal: AbortSignal): Promise<string> {
  const recovered: CompletedRecovery = await client.completeRecovery(sessionId, { signal })
  const card: string = recovered.payment_method_id
  const declined: string | null = recovered.declined_payment_intent_id
  const session: WithLastResponse<CheckoutSession> = recovered.session
  const paid: PaymentIntent = recovered.payment_intent
  if (declined !== null) {
    const canceled = await client.paymentIntents.cancel(declined, { cancellation_reason: 'abandoned' }, { idempotencyKey: `cancel-${declined}` })
    const meta: LastResponse = canceled.lastResponse
    console.log(canceled.status, canceled.cancellation_reason, meta.requestId, meta.idempotentReplayed, meta.idempotencyKey, meta.statusCode)
  }
  await client.paymentIntents.cancel('pi_1')
  await client.paymentIntents.cancel('pi_1', null, { stripeAccount: 'acct_1' })
  return `${card} ${session.lastResponse.requestId ?? ''} ${paid.lastResponse?.requestId ?? 'expanded'}`
}

/** The on-session route for a requires_action outcome: the PaymentIntent's client_secret. */
function clientSecret(outcome: ChargeOutcome): string | null {
  return outcome.outcome === 'requires_action' ? outcome.payment_intent.client_secret : null
}

async function cancellable(client: Client): Promise<void> {
  const controller = new AbortController()
  try {
    const customer = await client.customers.create({ email: 'x@example.com' }, { signal: controller.signal })
    await client.customers.retrieve(customer.id, null, { signal: AbortSignal.timeout(5000) })
    const outcome = await client.chargeOffSession(
      {
        customer: customer.id, payment_method: 'pm_1', amount: 1099, currency: 'usd', idempotency_key: 'order-9',
        recovery: { product_name: 'x', success_url: 'https://example.com/paid', save_payment_method: false, expires_at: 1_900_000_000, client_reference_id: 'cart-9' },
      },
      { signal: controller.signal },
    )
    if (outcome.outcome === 'succeeded' && outcome.payment_intent.lastResponse.idempotentReplayed) console.log('replayed')
    if (outcome.outcome === 'needs_recovery') console.log(outcome.recovery_session.lastResponse.requestId, outcome.payment_intent?.lastResponse)
    await client.startSetup({ currency: 'usd', success_url: 'https://example.com/s' }, { signal: controller.signal, idempotencyKey: 'setup-1' })
    await client.completeSetup('cs_1', null, { signal: controller.signal })
  } catch (error) {
    if (error instanceof AbortError) console.log(error.name, error.code, error.cause)
    else throw error
  }
}

async function keyInOptions(client: Client): Promise<ChargeOutcome> {
  return client.chargeOffSession(
    { customer: 'cus_1', payment_method: 'pm_1', amount: 1099, currency: 'usd', recovery: { product_name: 'x', success_url: 'https://example.com/paid' } },
    { idempotencyKey: 'order-77' },
  )
}

/** Every Stripe parameter is typed, nested ones too, and the escape hatches take the rest. */
async function parameters(client: Client): Promise<void> {
  const item: CreateCheckoutSessionLineItem = { price_data: { currency: 'usd', unit_amount: 1099, product_data: { name: 'T-shirt' } }, quantity: 2 }
  await client.checkoutSessions.create({ mode: 'payment', success_url: 'https://example.com/s', line_items: [item] })
  const params: CreatePaymentIntent = {
    amount: 1099,
    currency: 'usd',
    shipping: { name: 'Jenny Rosen', address: { line1: '1 Main St', city: 'Springfield', country: 'US' } },
    payment_method_options: { card: { request_three_d_secure: 'any' } },
    metadata: { order: '42' },
  }
  await client.paymentIntents.create(params, { idempotencyKey: 'pi-42', extraParams: { level3: { merchant_reference: 'x' } } })
  await client.setupIntents.update('seti_1', { metadata: { step: '2' } })
  await client.checkoutSessions.expire('cs_1')
  const detached: PaymentMethod = await client.paymentMethods.detach('pm_1')
  const refund: RawResponse = await client.rawRequest('POST', '/v1/refunds', { payment_intent: 'pi_1', amount: 500 }, { idempotencyKey: 'refund-1' })
  console.log(detached.customer, refund.id, refund.lastResponse?.requestId)
  const connected: Client = client.withStripeAccount('acct_1')
  await connected.customers.create({ email: 'c@example.com' })
}

/** Lists: one page awaited, or every object with `for await`. */
async function lists(client: Client): Promise<number> {
  const page: ApiList<PaymentMethod> = await client.customers.listPaymentMethods('cus_1', { limit: 3, type: 'card' })
  console.log(page.data.length, page.has_more, page.url, (await client.customers.listPaymentMethods('cus_1')).lastResponse.requestId)
  let count = 0
  for await (const pm of client.customers.listPaymentMethods('cus_1', { limit: 3 }, { stripeAccount: 'acct_1' })) {
    const id: string = pm.id
    void id
    count++
  }
  const all: PaymentMethod[] = await client.customers.listPaymentMethods('cus_1').autoPagingToArray({ limit: 100 })
  await client.customers.listPaymentMethods('cus_1').autoPagingEach((pm) => pm.id !== 'pm_stop')
  return count + all.length
}

async function main(): Promise<void> {
  const client = new Client('sk_test_123', { baseUrl: 'http://127.0.0.1:12111', maxNetworkRetries: 3, timeout: 5000 })
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
  const pi = await client.paymentIntents.create({ amount: 100, currency: 'usd', off_session: true, confirm: true })
  console.log(pi.amount_received)
  console.log((await keyInOptions(client)).outcome)
  console.log(await recover(client, 'cs_1', new AbortController().signal), clientSecret(await keyInOptions(client)))
  await cancellable(client)
  await parameters(client)
  console.log(await lists(client))
}

void main
