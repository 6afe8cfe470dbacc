// The flow's parameters, hand-written as the core's are (core/src/flow/): the three types the
// generator cannot make from Stripe's spec. Each sends the JSON the core reads with
// `offsession::params::from_json`; the parameters they pass through are generated.

package offsession

/** What [Client.startSetup] needs (steps 1–2). */
data class StartSetup(
    /** Currency of the later charges (Checkout shows the payment methods that support it). */
    val currency: String,
    /**
     * Where the customer lands afterwards; add `{CHECKOUT_SESSION_ID}` to get the session id.
     * Required unless `sessionData.uiMode` is `embedded_page`, which takes `sessionData.returnUrl`.
     */
    val successUrl: String? = null,
    /** Where the customer lands on cancel. */
    val cancelUrl: String? = null,
    /** An existing customer (`cus_…`) to save the card to. */
    val customer: String? = null,
    /** A customer to create first, when [customer] is not given. */
    val newCustomer: CreateCustomer? = null,
    /** Prefills the page's email field when the session has no customer. */
    val customerEmail: String? = null,
    /** Your key-value pairs for the session. */
    val metadata: Map<String, String>? = null,
    /** Every other Checkout Session parameter: `locale`, `paymentMethodTypes`, `uiMode`, … */
    val sessionData: SetupSessionData? = null,
    /** Makes a re-run return the same customer and session instead of new ones. */
    val idempotencyKey: String? = null,
) : JsonEncodable {
    override fun jsonValue(): Any = jsonObject(
        "currency" to currency, "success_url" to successUrl, "cancel_url" to cancelUrl,
        "customer" to customer, "new_customer" to newCustomer, "customer_email" to customerEmail,
        "metadata" to metadata, "session_data" to sessionData, "idempotency_key" to idempotencyKey,
    )
}

/** How to build the recovery Checkout Session if an off-session charge is declined. */
data class Recovery(
    /** The line item's name on the hosted page (`"T-shirt"`). */
    val productName: String,
    /** Where the customer lands after paying; `{CHECKOUT_SESSION_ID}` gives the session id. */
    val successUrl: String,
    /** Where the customer lands on cancel. */
    val cancelUrl: String? = null,
    /**
     * Saves the payment method the customer pays with for the next off-session charge; false
     * leaves it unattached.
     */
    val savePaymentMethod: Boolean = true,
    /** When the session stops accepting payment, Unix seconds (30 minutes to 24 hours ahead). */
    val expiresAt: Long? = null,
    /** Your reference for the session (an order or cart id). */
    val clientReferenceId: String? = null,
) : JsonEncodable {
    override fun jsonValue(): Any = jsonObject(
        "product_name" to productName, "success_url" to successUrl, "cancel_url" to cancelUrl,
        "save_payment_method" to savePaymentMethod, "expires_at" to expiresAt,
        "client_reference_id" to clientReferenceId,
    )
}

/** What [Client.chargeOffSession] needs (steps 6–7). */
data class OffSessionCharge(
    /** The customer (`cus_…`). */
    val customer: String,
    /** The saved payment method (`pm_…`), attached to that customer. */
    val paymentMethod: String,
    /** Amount in the currency's smallest unit (1099 is 10.99 USD), 1 ..= 99,999,999. */
    val amount: Long,
    /** Three-letter ISO currency code (`usd`; sent lower-cased). */
    val currency: String,
    /** How to build the recovery session if the charge is declined. */
    val recovery: Recovery,
    /**
     * Required: your key for this logical charge (an order id, say). Running the same charge
     * again with it — after a crash, a timeout or a lost response — returns the first outcome
     * and creates nothing new: no second charge, no second recovery session.
     */
    val idempotencyKey: String,
    /** Free-form description of the PaymentIntent. */
    val description: String? = null,
    /** Your key-value pairs for the PaymentIntent. */
    val metadata: Map<String, String>? = null,
    /** `ONE_OFF` or `RECURRING`: the kind of off-session payment; absent, `off_session=true`. */
    val offSession: OffSessionKind? = null,
    /** Every other PaymentIntent parameter: `statementDescriptorSuffix`, `captureMethod`, … */
    val paymentIntentData: OffSessionPaymentIntentData? = null,
) : JsonEncodable {
    override fun jsonValue(): Any = jsonObject(
        "customer" to customer, "payment_method" to paymentMethod, "amount" to amount,
        "currency" to currency, "recovery" to recovery, "idempotency_key" to idempotencyKey,
        "description" to description, "metadata" to metadata, "off_session" to offSession,
        "payment_intent_data" to paymentIntentData,
    )
}
