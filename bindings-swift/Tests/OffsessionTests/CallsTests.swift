// The typed parameters (generated from Stripe's spec), the request options and the typed calls.
import Foundation
import Offsession
import XCTest

/// The error a call throws, as an `OffsessionError`.
private func refusal(_ call: () async throws -> Void) async -> OffsessionError? {
    do {
        try await call()
        XCTFail("the call succeeded")
        return nil
    } catch let error as OffsessionError {
        return error
    } catch {
        XCTFail("expected an OffsessionError, got \(error)")
        return nil
    }
}

/// The JSON a value encodes to, as the typed calls send it.
private func encoded<T: Encodable>(_ value: T) throws -> JSON {
    try JSON.parse(JSONEncoder().encode(value))
}

/// Every request the simulator logged.
private func allRequests(_ sim: Sim) async throws -> [JSON] {
    try await sim.control("GET", "/_sim/requests").1["data"]?.arrayValue ?? []
}

final class CallsTests: XCTestCase {
    func testTypedParametersEncodeToTheJsonTheCoreReads() throws {
        let params = CreatePaymentIntent(
            amount: 1099, currency: "usd", captureMethod: .manual, metadata: ["order": "42"],
            offSession: .kind(.recurring),
            shipping: CreatePaymentIntentShipping(
                address: CreatePaymentIntentShippingAddress(country: "US", line1: "510 Townsend St"),
                name: "Jenny Rosen"
            )
        )
        XCTAssertEqual(try encoded(params), try JSON.parse("""
            {"amount": 1099, "currency": "usd", "capture_method": "manual", "metadata": {"order": "42"},
             "off_session": "recurring",
             "shipping": {"address": {"country": "US", "line1": "510 Townsend St"}, "name": "Jenny Rosen"}}
            """))
        // An update's clearable parameter: set, or cleared with Stripe's empty string; an enum
        // value this version does not know is sent as it is; literals of a union's alternatives.
        let update = UpdateCustomer(metadata: .clear, taxExempt: .set(TaxExempt(rawValue: "future_value")))
        XCTAssertEqual(try encoded(update), try JSON.parse(#"{"metadata": "", "tax_exempt": "future_value"}"#))
        XCTAssertEqual(try encoded(UpdateCustomer()), .object([:]))
        XCTAssertEqual(try encoded(CreatePaymentIntent(amount: 5, currency: "usd", offSession: true))["off_session"], .bool(true))
        XCTAssertEqual(try encoded(CreatePaymentIntent(amount: 5, currency: "usd", offSession: "one_off"))["off_session"], .string("one_off"))
        // A NaN is no JSON number: refused as it is encoded, before anything is sent.
        XCTAssertThrowsError(try encoded(CreateCheckoutSessionSubscriptionData(applicationFeePercent: .nan)))
        // JSONValue (extra parameters, raw requests) has no fraction at all.
        let extra: JSONValue = ["card": ["mcc": "5734", "installments": ["enabled": true]], "count": 3, "none": nil]
        XCTAssertEqual(try JSON.parse(extra.jsonText), try encoded(extra))
        XCTAssertEqual(JSONValue.string("a\"b\\c\n").jsonText, #""a\"b\\c\u000a""#)
    }

    func testTypedParametersReachTheSimulator() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let customer = try await client.customers.create(
            CreateCustomer(email: "jenny.rosen@example.com", metadata: ["tier": "gold"]))
        let card = try await client.paymentMethods.attach(id: "pm_card_visa", AttachPaymentMethod(customer: customer.id))
        let intent = try await client.paymentIntents.create(CreatePaymentIntent(
            amount: 2000, currency: "usd", captureMethod: .manual, confirm: true, customer: customer.id,
            metadata: ["order": "42"], offSession: "recurring", paymentMethod: card.id,
            shipping: CreatePaymentIntentShipping(
                address: CreatePaymentIntentShippingAddress(city: "San Francisco", line1: "510 Townsend St"),
                name: "Jenny Rosen"
            ),
            statementDescriptorSuffix: "ORDER 42"
        ))
        XCTAssertEqual(intent.status, "requires_capture")
        XCTAssertEqual(intent.amount, 2000)
        XCTAssertEqual(customer.metadata["tier"], "gold")
        let sent = try await requests(sim, "POST", "/v1/payment_intents")
        XCTAssertEqual(sent.count, 1)
        let body = sent.first?["body"]
        XCTAssertEqual(body?.at(path: "off_session"), .string("recurring"))
        XCTAssertEqual(body?.at(path: "capture_method"), .string("manual"))
        XCTAssertEqual(body?.at(path: "statement_descriptor_suffix"), .string("ORDER 42"))
        XCTAssertEqual(body?.at(path: "shipping.address.line1"), .string("510 Townsend St"))
        XCTAssertEqual(body?.at(path: "metadata.order"), .string("42"))
    }

    func testAParameterTheCoreRefusesIsNamedAndNothingIsSent() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        // Typed, but out of Stripe's bounds.
        let zero = await refusal { _ = try await client.paymentIntents.create(CreatePaymentIntent(amount: 0, currency: "usd")) }
        XCTAssertEqual(zero?.details().param, "amount")
        XCTAssertEqual(zero?.kind(), "invalid_input")
        // The JSON form reads as strictly as the typed one is typed.
        for (params, param) in [
            (#"{"amount": 1099.5, "currency": "usd"}"#, "amount"),
            (#"{"amount": true, "currency": "usd"}"#, "amount"),
            (#"{"amount": 1099, "currency": "usd", "shipping": {"name": "J", "address": {}, "colour": "red"}}"#, "shipping[colour]"),
        ] {
            let error = await refusal { _ = try await client.paymentIntents.create(paramsJson: params) }
            XCTAssertEqual(error?.kind(), "invalid_input", params)
            XCTAssertEqual(error?.details().param, param, params)
        }
        let fraction = await refusal {
            _ = try await client.paymentIntents.create(
                CreatePaymentIntent(amount: 1099, currency: "usd"),
                options: RequestOptions(extraParamsJson: #"{"level3": {"shipping_amount": 1.5}}"#))
        }
        XCTAssertEqual(fraction?.details().param, "extra_params[level3][shipping_amount]")
        let nan = await refusal { _ = try await client.customers.create(options: RequestOptions(timeout: .nan)) }
        XCTAssertEqual(nan?.details().param, "timeout")
        let sent = try await allRequests(sim)
        XCTAssertEqual(sent.count, 0, "a refused call sent a request: \(sent)")
    }

    func testRequestOptionsGoWithOneRequest() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let customer = try await client.customers.create(
            CreateCustomer(email: "connected@example.com"),
            options: RequestOptions(
                idempotencyKey: "swift-options-1", stripeAccount: "acct_1Swift",
                extraParams: ["preferred_locales": ["fr", "en"]]
            )
        )
        XCTAssertEqual(customer.lastResponse?.idempotencyKey, "swift-options-1")
        _ = try await client.customers.create(CreateCustomer(email: "platform@example.com"))
        let sent = try await requests(sim, "POST", "/v1/customers")
        XCTAssertEqual(sent.count, 2)
        XCTAssertEqual(sent[0]["stripe_account"], .string("acct_1Swift"))
        XCTAssertEqual(sent[0]["idempotency_key"], .string("swift-options-1"))
        XCTAssertEqual(sent[0].at(path: "body.preferred_locales.0"), .string("fr"))
        XCTAssertEqual(sent[1]["stripe_account"] ?? .null, .null)

        // max_retries for this request only: one attempt at a 500, where the client retries twice.
        try await fault(sim, "GET", "/v1/customers/", "status_500")
        let error = await refusal {
            _ = try await client.customers.retrieve(id: customer.id, options: RequestOptions(maxRetries: 0))
        }
        XCTAssertEqual(error?.kind(), "api_error")
        let reads = try await requests(sim, "GET", "/v1/customers/")
        XCTAssertEqual(reads.count, 1)
    }

    func testARawRequestReachesAnyEndpoint() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let created = try await client.rawRequest(
            "POST", "/v1/customers", params: ["email": "raw@example.com", "metadata": ["source": "raw"]],
            options: RequestOptions(idempotencyKey: "swift-raw-1")
        )
        let body = try JSON.parse(created.json)
        let id = try XCTUnwrap(body["id"]?.stringValue)
        XCTAssertTrue(id.hasPrefix("cus_"), id)
        XCTAssertEqual(body.at(path: "metadata.source"), .string("raw"))
        XCTAssertEqual(created.lastResponse?.idempotencyKey, "swift-raw-1")
        // A GET, whose parameters would go in the query string.
        let read = try await client.rawRequest("GET", "/v1/customers/\(id)")
        XCTAssertEqual(try field(read.json, "email"), "raw@example.com")
        let fraction = await refusal {
            _ = try await client.rawRequest(method: "POST", path: "/v1/customers", paramsJson: #"{"balance": 10.5}"#)
        }
        XCTAssertEqual(fraction?.details().param, "params[balance]")
        let path = await refusal { _ = try await client.rawRequest("GET", "/v1/customers/\(id)?expand[]=x") }
        XCTAssertEqual(path?.details().param, "path")
    }

    func testEveryPaymentMethodIsWalkedOverThreePages() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let customer = try await client.customers.create(CreateCustomer(email: "jenny.rosen@example.com"))
        // Attaching the test card makes a new payment method each time.
        var attached: [String] = []
        for _ in 1...7 {
            attached.append(try await client.paymentMethods.attach(
                id: "pm_card_visa", AttachPaymentMethod(customer: customer.id)).id)
        }
        let page = try await client.customers.listPaymentMethods(
            id: customer.id, ListCustomerPaymentMethods(limit: 3))
        XCTAssertEqual(page.data.map(\.id), Array(attached.reversed().prefix(3)))
        XCTAssertTrue(page.hasMore)
        XCTAssertEqual(page.lastResponse?.httpStatus, 200)
        let before = try await requests(sim, "GET", "/v1/customers/").count

        var walked: [PaymentMethod] = []
        for try await method in try client.customers.paymentMethods(
            id: customer.id, ListCustomerPaymentMethods(limit: 3)) {
            walked.append(method)
        }
        XCTAssertEqual(walked.map(\.id), attached.reversed())
        XCTAssertTrue(walked.allSatisfy { $0.customerId == customer.id })
        // Pages of 3, 3 and 1: three requests, each after the last id of the one before.
        let pages = Array(try await requests(sim, "GET", "/v1/customers/").dropFirst(before))
        XCTAssertEqual(pages.count, 3, "\(pages)")
        XCTAssertEqual(pages.last?.at(path: "body.starting_after"), .string(attached[1]))
    }

    func testADetachedPaymentMethodLeavesTheListAndCannotBeDetachedAgain() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let customer = try await client.customers.create(CreateCustomer(email: "jenny.rosen@example.com"))
        let card = try await client.paymentMethods.attach(id: "pm_card_visa", AttachPaymentMethod(customer: customer.id))
        XCTAssertEqual(card.customerId, customer.id)
        let detached = try await client.paymentMethods.detach(id: card.id)
        XCTAssertEqual(detached.id, card.id)
        XCTAssertNil(detached.customerId)
        var left: [String] = []
        for try await method in try client.customers.paymentMethods(id: customer.id) { left.append(method.id) }
        XCTAssertEqual(left, [])
        let again = await refusal { _ = try await client.paymentMethods.detach(id: card.id) }
        guard case .InvalidRequest(let details)? = again else { return XCTFail("expected InvalidRequest, got \(String(describing: again))") }
        XCTAssertEqual(details.httpStatus, 400)
    }

    func testACustomersDefaultPaymentMethodIsSetAndCleared() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let customer = try await client.customers.create(CreateCustomer(email: "jenny.rosen@example.com"))
        let card = try await client.paymentMethods.attach(id: "pm_card_visa", AttachPaymentMethod(customer: customer.id))
        let set = try await client.customers.update(id: customer.id, UpdateCustomer(
            invoiceSettings: UpdateCustomerInvoiceSettings(defaultPaymentMethod: card.id),
            metadata: .set(["tier": "gold"])
        ))
        XCTAssertEqual(try JSON.parse(set.json).at(path: "invoice_settings.default_payment_method"), .string(card.id))
        XCTAssertEqual(set.metadata["tier"], "gold")
        // Stripe's empty string unsets it.
        let cleared = try await client.customers.update(id: customer.id, UpdateCustomer(
            invoiceSettings: UpdateCustomerInvoiceSettings(defaultPaymentMethod: "")
        ))
        XCTAssertEqual(try JSON.parse(cleared.json).at(path: "invoice_settings.default_payment_method") ?? .null, .null)
        let sent = try await requests(sim, "POST", "/v1/customers/")
        XCTAssertEqual(sent.first?.at(path: "body.invoice_settings.default_payment_method"), .string(card.id))
        XCTAssertEqual(sent.last?.at(path: "body.invoice_settings.default_payment_method"), .string(""))
    }

    func testTheFlowsPassEveryOtherParameterThrough() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let started = try await client.startSetup(StartSetup(
            currency: "usd",
            successUrl: "https://example.com/saved?session_id={CHECKOUT_SESSION_ID}",
            customerEmail: "jenny.rosen@example.com",
            sessionData: SetupSessionData(clientReferenceId: "swift-signup-7"),
            idempotencyKey: "swift-signup-7"
        ))
        let session = try await requests(sim, "POST", "/v1/checkout/sessions")
        XCTAssertEqual(session.first?.at(path: "body.client_reference_id"), .string("swift-signup-7"))
        XCTAssertEqual(session.first?.at(path: "body.customer_email"), .string("jenny.rosen@example.com"))
        try await customerCompletes(sim, started.session.id)
        let saved = try await client.completeSetup(sessionId: started.session.id)

        let outcome = try await client.chargeOffSession(OffSessionCharge(
            customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 1099,
            currency: "usd", recovery: recovery, idempotencyKey: "swift-order-typed",
            offSession: .recurring,
            paymentIntentData: OffSessionPaymentIntentData(statementDescriptorSuffix: "ORDER 7")
        ))
        guard case .succeeded = outcome else { return XCTFail("expected succeeded, got \(outcome)") }
        let charge = try await requests(sim, "POST", "/v1/payment_intents")
        XCTAssertEqual(charge.first?.at(path: "body.off_session"), .string("recurring"))
        XCTAssertEqual(charge.first?.at(path: "body.statement_descriptor_suffix"), .string("ORDER 7"))
    }
}
