// The typed calls: each encodes its generated parameters (Params.swift) to JSON and calls the
// method uniffi generated from bindings-uniffi (the one taking `paramsJson`), where the core
// reads them. Results, errors, cancellation and the request options are uniffi's and the core's.

extension Client {
    /// Customers: create, retrieve, update, and their saved payment methods.
    public var customers: Customers { Customers(client: self) }
    /// Checkout Sessions: create (setup or payment mode), retrieve and expire.
    public var checkoutSessions: CheckoutSessions { CheckoutSessions(client: self) }
    /// Setup intents: retrieve and update.
    public var setupIntents: SetupIntents { SetupIntents(client: self) }
    /// Payment methods: retrieve, attach to a customer, detach.
    public var paymentMethods: PaymentMethods { PaymentMethods(client: self) }
    /// Payment intents: create (and confirm), retrieve and cancel.
    public var paymentIntents: PaymentIntents { PaymentIntents(client: self) }

    /// Steps 1–2: see `startSetup(paramsJson:)`.
    public func startSetup(_ params: StartSetup) async throws -> SetupStarted {
        try await startSetup(paramsJson: jsonText(params))
    }

    /// Steps 6–7: see `chargeOffSession(paramsJson:)`.
    public func chargeOffSession(_ charge: OffSessionCharge) async throws -> ChargeOutcome {
        try await chargeOffSession(paramsJson: jsonText(charge))
    }

    /// Any endpoint of Stripe's API, with `params` (see `rawRequest(method:path:paramsJson:)`).
    public func rawRequest(
        _ method: String, _ path: String, params: [String: JSONValue] = [:],
        options: RequestOptions = RequestOptions()
    ) async throws -> RawResponse {
        try await rawRequest(
            method: method, path: path, paramsJson: JSONValue.object(params).jsonText, options: options)
    }
}

extension RequestOptions {
    /// Options with `extraParams`: parameters this version does not type, merged into the
    /// request (`["payment_method_options": ["card": ["mcc": "5734"]]]`).
    public init(
        idempotencyKey: String? = nil, stripeAccount: String? = nil, timeout: Double? = nil,
        maxRetries: UInt32? = nil, extraParams: [String: JSONValue]
    ) {
        self.init(
            idempotencyKey: idempotencyKey, stripeAccount: stripeAccount, timeout: timeout,
            maxRetries: maxRetries, extraParamsJson: JSONValue.object(extraParams).jsonText)
    }
}

/// Every payment method of a customer, fetched a page at a time as the loop goes:
/// `for try await method in try client.customers.paymentMethods(id: customerId) { … }`. One
/// pass: a second loop over the same paginator goes on where the first stopped.
extension PaymentMethodPaginator: AsyncSequence, AsyncIteratorProtocol {
    /// A payment method.
    public typealias Element = PaymentMethod

    /// The paginator itself.
    public func makeAsyncIterator() -> PaymentMethodPaginator { self }
}

extension Customers {
    /// Creates a customer (`POST /v1/customers`).
    public func create(
        _ params: CreateCustomer = CreateCustomer(), options: RequestOptions = RequestOptions()
    ) async throws -> Customer {
        try await create(paramsJson: jsonText(params), options: options)
    }

    /// Updates a customer: only the parameters given change.
    public func update(
        id: String, _ params: UpdateCustomer, options: RequestOptions = RequestOptions()
    ) async throws -> Customer {
        try await update(id: id, paramsJson: jsonText(params), options: options)
    }

    /// One page of the customer's saved payment methods, newest first.
    public func listPaymentMethods(
        id: String, _ params: ListCustomerPaymentMethods = ListCustomerPaymentMethods(),
        expand: [String] = [], options: RequestOptions = RequestOptions()
    ) async throws -> PaymentMethodList {
        try await listPaymentMethods(
            id: id, paramsJson: jsonText(params), expand: expand, options: options)
    }

    /// Every saved payment method of the customer, walked page by page (an `AsyncSequence`);
    /// `params` set the first page.
    public func paymentMethods(
        id: String, _ params: ListCustomerPaymentMethods = ListCustomerPaymentMethods(),
        options: RequestOptions = RequestOptions()
    ) throws -> PaymentMethodPaginator {
        try paymentMethods(id: id, paramsJson: jsonText(params), options: options)
    }
}

extension CheckoutSessions {
    /// Creates a Checkout Session; redirect the customer to its `url`.
    public func create(
        _ params: CreateCheckoutSession, options: RequestOptions = RequestOptions()
    ) async throws -> CheckoutSession {
        try await create(paramsJson: jsonText(params), options: options)
    }
}

extension SetupIntents {
    /// Updates a SetupIntent.
    public func update(
        id: String, _ params: UpdateSetupIntent, options: RequestOptions = RequestOptions()
    ) async throws -> SetupIntent {
        try await update(id: id, paramsJson: jsonText(params), options: options)
    }
}

extension PaymentMethods {
    /// Attaches a payment method to a customer so it can be charged later.
    public func attach(
        id: String, _ params: AttachPaymentMethod, options: RequestOptions = RequestOptions()
    ) async throws -> PaymentMethod {
        try await attach(id: id, paramsJson: jsonText(params), options: options)
    }
}

extension PaymentIntents {
    /// Creates a PaymentIntent; with `confirm` and `offSession` this charges a saved card.
    public func create(
        _ params: CreatePaymentIntent, options: RequestOptions = RequestOptions()
    ) async throws -> PaymentIntent {
        try await create(paramsJson: jsonText(params), options: options)
    }

    /// Cancels a PaymentIntent that has not succeeded.
    public func cancel(
        id: String, _ params: CancelPaymentIntent = CancelPaymentIntent(),
        options: RequestOptions = RequestOptions()
    ) async throws -> PaymentIntent {
        try await cancel(id: id, paramsJson: jsonText(params), options: options)
    }
}
