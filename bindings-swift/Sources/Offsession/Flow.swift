// The flow's parameters, hand-written as the core's are (core/src/flow/): the three types the
// generator cannot make from Stripe's spec. Each encodes to the JSON the core reads with
// `offsession::params::from_json`; the parameters they pass through are generated.

/// What `Client.startSetup` needs (steps 1–2).
public struct StartSetup: Encodable, Equatable, Sendable {
    /// Currency of the later charges (Checkout shows the payment methods that support it).
    public var currency: String
    /// Where the customer lands afterwards; add `{CHECKOUT_SESSION_ID}` to get the session id.
    /// Required unless `sessionData.uiMode` is `embeddedPage`, which takes
    /// `sessionData.returnUrl`.
    public var successUrl: String?
    /// Where the customer lands on cancel.
    public var cancelUrl: String?
    /// An existing customer (`cus_…`) to save the card to.
    public var customer: String?
    /// A customer to create first, when `customer` is not given.
    public var newCustomer: CreateCustomer?
    /// Prefills the page's email field when the session has no customer.
    public var customerEmail: String?
    /// Your key-value pairs for the session.
    public var metadata: [String: String]?
    /// Every other Checkout Session parameter: `locale`, `paymentMethodTypes`, `uiMode`, …
    public var sessionData: SetupSessionData?
    /// Makes a re-run return the same customer and session instead of new ones.
    public var idempotencyKey: String?

    /// A parameter left nil is not sent.
    public init(
        currency: String, successUrl: String? = nil, cancelUrl: String? = nil,
        customer: String? = nil, newCustomer: CreateCustomer? = nil, customerEmail: String? = nil,
        metadata: [String: String]? = nil, sessionData: SetupSessionData? = nil,
        idempotencyKey: String? = nil
    ) {
        (self.currency, self.successUrl, self.cancelUrl) = (currency, successUrl, cancelUrl)
        (self.customer, self.newCustomer, self.customerEmail) = (customer, newCustomer, customerEmail)
        (self.metadata, self.sessionData, self.idempotencyKey) = (metadata, sessionData, idempotencyKey)
    }

    enum CodingKeys: String, CodingKey {
        case currency, successUrl = "success_url", cancelUrl = "cancel_url", customer
        case newCustomer = "new_customer", customerEmail = "customer_email", metadata
        case sessionData = "session_data", idempotencyKey = "idempotency_key"
    }
}

/// How to build the recovery Checkout Session if an off-session charge is declined.
public struct Recovery: Encodable, Equatable, Sendable {
    /// The line item's name on the hosted page (`"T-shirt"`).
    public var productName: String
    /// Where the customer lands after paying; `{CHECKOUT_SESSION_ID}` gives the session id.
    public var successUrl: String
    /// Where the customer lands on cancel.
    public var cancelUrl: String?
    /// Saves the payment method the customer pays with for the next off-session charge; false
    /// leaves it unattached.
    public var savePaymentMethod: Bool
    /// When the session stops accepting payment, Unix seconds (30 minutes to 24 hours ahead).
    public var expiresAt: Int64?
    /// Your reference for the session (an order or cart id).
    public var clientReferenceId: String?

    /// A parameter left nil is not sent.
    public init(
        productName: String, successUrl: String, cancelUrl: String? = nil,
        savePaymentMethod: Bool = true, expiresAt: Int64? = nil, clientReferenceId: String? = nil
    ) {
        (self.productName, self.successUrl, self.cancelUrl) = (productName, successUrl, cancelUrl)
        self.savePaymentMethod = savePaymentMethod
        (self.expiresAt, self.clientReferenceId) = (expiresAt, clientReferenceId)
    }

    enum CodingKeys: String, CodingKey {
        case productName = "product_name", successUrl = "success_url", cancelUrl = "cancel_url"
        case savePaymentMethod = "save_payment_method", expiresAt = "expires_at"
        case clientReferenceId = "client_reference_id"
    }
}

/// What `Client.chargeOffSession` needs (steps 6–7).
public struct OffSessionCharge: Encodable, Equatable, Sendable {
    /// The customer (`cus_…`).
    public var customer: String
    /// The saved payment method (`pm_…`), attached to that customer.
    public var paymentMethod: String
    /// Amount in the currency's smallest unit (1099 is 10.99 USD), 1 ..= 99,999,999.
    public var amount: Int64
    /// Three-letter ISO currency code (`usd`; sent lower-cased).
    public var currency: String
    /// How to build the recovery session if the charge is declined.
    public var recovery: Recovery
    /// Required: your key for this logical charge (an order id, say). Running the same charge
    /// again with it — after a crash, a timeout or a lost response — returns the first outcome
    /// and creates nothing new: no second charge, no second recovery session.
    public var idempotencyKey: String
    /// Free-form description of the PaymentIntent.
    public var description: String?
    /// Your key-value pairs for the PaymentIntent.
    public var metadata: [String: String]?
    /// `.oneOff` or `.recurring`: the kind of off-session payment; absent, `off_session=true`.
    public var offSession: OffSessionKind?
    /// Every other PaymentIntent parameter: `statementDescriptorSuffix`, `captureMethod`, …
    public var paymentIntentData: OffSessionPaymentIntentData?

    /// A parameter left nil is not sent.
    public init(
        customer: String, paymentMethod: String, amount: Int64, currency: String,
        recovery: Recovery, idempotencyKey: String, description: String? = nil,
        metadata: [String: String]? = nil, offSession: OffSessionKind? = nil,
        paymentIntentData: OffSessionPaymentIntentData? = nil
    ) {
        (self.customer, self.paymentMethod, self.amount) = (customer, paymentMethod, amount)
        (self.currency, self.recovery, self.idempotencyKey) = (currency, recovery, idempotencyKey)
        (self.description, self.metadata) = (description, metadata)
        (self.offSession, self.paymentIntentData) = (offSession, paymentIntentData)
    }

    enum CodingKeys: String, CodingKey {
        case customer, paymentMethod = "payment_method", amount, currency, recovery
        case idempotencyKey = "idempotency_key", description, metadata
        case offSession = "off_session", paymentIntentData = "payment_intent_data"
    }
}
