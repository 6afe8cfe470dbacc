// The recovery loop closed (the recovery options, completeRecovery, cancelling the decline), and
// what every returned object keeps: lastResponse, and a PaymentIntent's clientSecret.
import Foundation
import Offsession
import XCTest

final class RecoveryTests: XCTestCase {
    func testRecoveryOptionsDefaultToSavingTheCardWithNoExpiryOrReference() {
        let defaults = Recovery(productName: "T-shirt", successUrl: "https://example.com/paid")
        XCTAssertTrue(defaults.savePaymentMethod)
        XCTAssertNil(defaults.expiresAt)
        XCTAssertNil(defaults.clientReferenceId)
        XCTAssertNil(defaults.cancelUrl)
    }

    func testAPaidRecoveryGivesTheCardToChargeNextAndTheDeclinedIntentIsCanceled() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let saved = try await savedCard(client, sim, paymentMethod: "pm_card_chargeCustomerFail")
        let expiresAt = Int64(Date().timeIntervalSince1970) + 3600
        var options = recovery
        options.expiresAt = expiresAt
        options.clientReferenceId = "swift-order-7"
        let outcome = try await client.chargeOffSession(OffSessionCharge(
            customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 1099,
            currency: "usd", recovery: options, idempotencyKey: "swift-order-7",
            description: "Order 7", metadata: ["order_id": "7"]
        ))
        guard case .needsRecovery(_, let declinedIntent, let session) = outcome, let declined = declinedIntent else {
            return XCTFail("expected needsRecovery with the declined PaymentIntent, got \(outcome)")
        }
        XCTAssertEqual(session.expiresAt, expiresAt)
        XCTAssertEqual(try field(session.json, "client_reference_id"), "swift-order-7")

        // Not paid yet: the core says so, naming the session id.
        do {
            _ = try await client.completeRecovery(sessionId: session.id)
            XCTFail("an unpaid recovery session was completed")
        } catch OffsessionError.InvalidState(let details) {
            XCTAssertEqual(details.kind, "invalid_state")
            XCTAssertEqual(details.param, "session_id")
        }

        // The customer pays with another card, which the recovery saves for next time.
        try await customerCompletes(sim, session.id, paymentMethod: "pm_card_visa")
        let recovered = try await client.completeRecovery(sessionId: session.id)
        XCTAssertEqual(recovered.customerId, saved.customerId)
        XCTAssertEqual(recovered.declinedPaymentIntentId, declined.id)
        XCTAssertTrue(recovered.paymentMethodId.hasPrefix("pm_"), recovered.paymentMethodId)
        XCTAssertNotEqual(recovered.paymentMethodId, saved.paymentMethodId)
        XCTAssertEqual(recovered.paymentIntent.status, "succeeded")
        XCTAssertEqual(recovered.paymentIntent.amount, 1099)
        XCTAssertEqual(recovered.paymentIntent.description, "Order 7")
        XCTAssertEqual(recovered.paymentIntent.metadata["order_id"], "7")
        XCTAssertEqual(recovered.session.id, session.id)
        XCTAssertEqual(recovered.session.status, "complete")
        XCTAssertTrue(recovered.session.lastResponse?.requestId?.hasPrefix("req_") ?? false, "\(recovered)")
        let method = try await client.paymentMethods.retrieve(id: recovered.paymentMethodId)
        XCTAssertEqual(method.customerId, saved.customerId)

        // The declined PaymentIntent is closed for good.
        let canceled = try await client.paymentIntents.cancel(
            id: declined.id, CancelPaymentIntent(cancellationReason: .abandoned)
        )
        XCTAssertEqual(canceled.status, "canceled")
        XCTAssertEqual(try field(canceled.json, "cancellation_reason"), "abandoned")
        XCTAssertEqual(canceled.lastResponse?.idempotentReplayed, false)
        // No key of ours: the one the SDK generated, as on every POST.
        XCTAssertFalse((canceled.lastResponse?.idempotencyKey ?? "").isEmpty, "\(String(describing: canceled.lastResponse))")
        // A PaymentIntent that succeeded cannot be canceled.
        do {
            _ = try await client.paymentIntents.cancel(id: recovered.paymentIntent.id, CancelPaymentIntent())
            XCTFail("a succeeded PaymentIntent was canceled")
        } catch OffsessionError.InvalidRequest(let details) {
            XCTAssertEqual(details.code, "payment_intent_unexpected_state")
        }

        // The next charge uses the recovered card.
        let next = try await client.chargeOffSession(OffSessionCharge(
            customer: recovered.customerId, paymentMethod: recovered.paymentMethodId, amount: 1099,
            currency: "usd", recovery: recovery, idempotencyKey: "swift-order-8"
        ))
        guard case .succeeded = next else { return XCTFail("expected succeeded, got \(next)") }
    }

    func testARecoveryThatMustNotSaveTheCardLeavesItUnattached() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let saved = try await savedCard(client, sim, paymentMethod: "pm_card_chargeCustomerFail")
        var options = recovery
        options.savePaymentMethod = false
        let outcome = try await client.chargeOffSession(OffSessionCharge(
            customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 500,
            currency: "usd", recovery: options, idempotencyKey: "swift-order-unsaved"
        ))
        guard case .needsRecovery(_, _, let session) = outcome else {
            return XCTFail("expected needsRecovery, got \(outcome)")
        }
        try await customerCompletes(sim, session.id, paymentMethod: "pm_card_visa")
        let recovered = try await client.completeRecovery(sessionId: session.id)
        XCTAssertEqual(recovered.paymentIntent.status, "succeeded")
        let method = try await client.paymentMethods.retrieve(id: recovered.paymentMethodId)
        XCTAssertNil(method.customerId)
    }

    func testACancellationReasonIsStripesWordAndAnUnknownOneIsRefusedByStripeNotTheBinding() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let intent = try await client.paymentIntents.create(CreatePaymentIntent(amount: 700, currency: "usd"))
        do {
            _ = try await client.paymentIntents.cancel(id: intent.id, CancelPaymentIntent(cancellationReason: "bored"))
            XCTFail("an unknown reason was accepted")
        } catch OffsessionError.InvalidRequest(let details) {
            XCTAssertEqual(details.param, "cancellation_reason")
            XCTAssertEqual(details.httpStatus, 400)
        }
        // A string literal is a CancellationReason too (any value, for those Stripe adds later).
        let params = CancelPaymentIntent(cancellationReason: "requested_by_customer")
        let options = RequestOptions(idempotencyKey: "swift-cancel-1")
        let canceled = try await client.paymentIntents.cancel(id: intent.id, params, options: options)
        XCTAssertEqual(canceled.status, "canceled")
        XCTAssertEqual(try field(canceled.json, "cancellation_reason"), "requested_by_customer")
        XCTAssertEqual(canceled.lastResponse?.idempotencyKey, "swift-cancel-1")
        // The same key again replays the first answer.
        let again = try await client.paymentIntents.cancel(id: intent.id, params, options: options)
        XCTAssertEqual(again.lastResponse?.idempotentReplayed, true)
    }
}

final class LastResponseTests: XCTestCase {
    func testEveryReturnedObjectKeepsItsResponseAndAReRunChargeSaysItWasReplayed() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let customer = try await client.customers.create(
            CreateCustomer(email: "jenny.rosen@example.com"),
            options: RequestOptions(idempotencyKey: "swift-customer-lr")
        )
        guard let created = customer.lastResponse else { return XCTFail("no lastResponse on a created customer") }
        XCTAssertEqual(created.httpStatus, 200)
        XCTAssertTrue(created.requestId?.hasPrefix("req_") ?? false, "\(created)")
        XCTAssertFalse(created.idempotentReplayed)
        XCTAssertEqual(created.idempotencyKey, "swift-customer-lr")
        // A GET has a request id and no key.
        guard let read = try await client.customers.retrieve(id: customer.id).lastResponse else {
            return XCTFail("no lastResponse on a GET")
        }
        XCTAssertNil(read.idempotencyKey)
        XCTAssertNotEqual(read.requestId, created.requestId)

        let saved = try await savedCard(client, sim)
        let charge = OffSessionCharge(
            customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 1099,
            currency: "usd", recovery: recovery, idempotencyKey: "swift-order-replayed"
        )
        guard case .succeeded(let first) = try await client.chargeOffSession(charge),
              case .succeeded(let second) = try await client.chargeOffSession(charge) else {
            return XCTFail("the charges did not succeed")
        }
        XCTAssertEqual(first.lastResponse?.idempotentReplayed, false)
        XCTAssertEqual(first.lastResponse?.idempotencyKey, "swift-order-replayed:payment_intent")
        XCTAssertEqual(second.id, first.id)
        XCTAssertEqual(second.lastResponse?.idempotentReplayed, true)
        let intents = try await sim.objects("payment_intents")
        XCTAssertEqual(intents.count, 1)

        // The on-session route: the client secret, which printing never shows.
        guard let secret = first.clientSecret else { return XCTFail("no clientSecret") }
        XCTAssertTrue(secret.hasPrefix("\(first.id)_secret_"), secret)
        XCTAssertEqual(try field(first.json, "client_secret"), secret)
        XCTAssertFalse("\(first)".contains(secret), "\(first)")
        let retrieved = try await client.paymentIntents.retrieve(id: first.id)
        XCTAssertEqual(retrieved.clientSecret, secret)
    }
}
