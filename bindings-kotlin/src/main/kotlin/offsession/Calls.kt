// The typed calls: each sends its generated parameters (Params.kt) as JSON to the method uniffi
// generated from bindings-uniffi (the one taking `paramsJson`), where the core reads them.
// Results, errors, cancellation and the request options are uniffi's records and the core's.

package offsession

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow

/** Customers: create, retrieve, update, and their saved payment methods. */
val Client.customers: Customers get() = Customers(this)

/** Checkout Sessions: create (setup or payment mode), retrieve and expire. */
val Client.checkoutSessions: CheckoutSessions get() = CheckoutSessions(this)

/** Setup intents: retrieve and update. */
val Client.setupIntents: SetupIntents get() = SetupIntents(this)

/** Payment methods: retrieve, attach to a customer, detach. */
val Client.paymentMethods: PaymentMethods get() = PaymentMethods(this)

/** Payment intents: create (and confirm), retrieve and cancel. */
val Client.paymentIntents: PaymentIntents get() = PaymentIntents(this)

/**
 * Request options with [extraParams]: parameters this version does not type, merged into the
 * request (`mapOf("payment_method_options" to mapOf("card" to mapOf("mcc" to "5734")))`).
 */
fun RequestOptions(
    idempotencyKey: String? = null,
    stripeAccount: String? = null,
    timeout: Double? = null,
    maxRetries: UInt? = null,
    extraParams: Map<String, Any?>,
): RequestOptions = RequestOptions(idempotencyKey, stripeAccount, timeout, maxRetries, jsonText(extraParams, "extra_params"))

/** Steps 1–2: see the `paramsJson` form. */
suspend fun Client.startSetup(params: StartSetup): SetupStarted = startSetup(params.toJson())

/** Steps 6–7: see the `paramsJson` form. */
suspend fun Client.chargeOffSession(charge: OffSessionCharge): ChargeOutcome = chargeOffSession(charge.toJson())

/** Any endpoint of Stripe's API with [params] as a map (see the `paramsJson` form). */
suspend fun Client.rawRequest(
    method: String,
    path: String,
    params: Map<String, Any?>,
    options: RequestOptions = RequestOptions(),
): RawResponse = rawRequest(method, path, jsonText(params), options)

/** Creates a customer (`POST /v1/customers`). */
suspend fun Customers.create(
    params: CreateCustomer = CreateCustomer(),
    options: RequestOptions = RequestOptions(),
): Customer = create(params.toJson(), options)

/** Updates a customer: only the parameters given change. */
suspend fun Customers.update(id: String, params: UpdateCustomer, options: RequestOptions = RequestOptions()): Customer =
    update(id, params.toJson(), options)

/** One page of the customer's saved payment methods, newest first. */
suspend fun Customers.listPaymentMethods(
    id: String,
    params: ListCustomerPaymentMethods = ListCustomerPaymentMethods(),
    expand: List<String> = emptyList(),
    options: RequestOptions = RequestOptions(),
): PaymentMethodList = listPaymentMethods(id, params.toJson(), expand, options)

/**
 * Every saved payment method of the customer, fetched a page at a time as the flow is
 * collected (each collection walks from the first page again); [params] set the first page.
 */
fun Customers.paymentMethods(
    id: String,
    params: ListCustomerPaymentMethods = ListCustomerPaymentMethods(),
    options: RequestOptions = RequestOptions(),
): Flow<PaymentMethod> = flow {
    this@paymentMethods.paymentMethods(id, params.toJson(), options).use { emitAll(it.asFlow()) }
}

/** The rest of this walk, as a flow (one pass: the paginator does not start again). */
fun PaymentMethodPaginator.asFlow(): Flow<PaymentMethod> = flow {
    while (true) emit(next() ?: break)
}

/** Creates a Checkout Session; redirect the customer to its `url`. */
suspend fun CheckoutSessions.create(params: CreateCheckoutSession, options: RequestOptions = RequestOptions()): CheckoutSession =
    create(params.toJson(), options)

/** Updates a SetupIntent. */
suspend fun SetupIntents.update(id: String, params: UpdateSetupIntent, options: RequestOptions = RequestOptions()): SetupIntent =
    update(id, params.toJson(), options)

/** Attaches a payment method to a customer so it can be charged later. */
suspend fun PaymentMethods.attach(id: String, params: AttachPaymentMethod, options: RequestOptions = RequestOptions()): PaymentMethod =
    attach(id, params.toJson(), options)

/** Creates a PaymentIntent; with `confirm` and `offSession` this charges a saved card. */
suspend fun PaymentIntents.create(params: CreatePaymentIntent, options: RequestOptions = RequestOptions()): PaymentIntent =
    create(params.toJson(), options)

/** Cancels a PaymentIntent that has not succeeded. */
suspend fun PaymentIntents.cancel(
    id: String,
    params: CancelPaymentIntent = CancelPaymentIntent(),
    options: RequestOptions = RequestOptions(),
): PaymentIntent = cancel(id, params.toJson(), options)
