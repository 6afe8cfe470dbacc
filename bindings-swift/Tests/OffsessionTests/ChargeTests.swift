// Off-session charges as Swift uses them: the required key, the outcomes, and the key on errors.
import Foundation
import Offsession
import XCTest

/// What a merchant does with each outcome: the exhaustive `switch` a Swift caller writes.
private func nextStep(_ outcome: ChargeOutcome) -> String {
    switch outcome {
    case .succeeded: return "fulfil"
    case .processing: return "wait for payment_intent.succeeded"
    case .requiresCapture: return "capture or cancel"
    case .requiresAction: return "confirm on-session"
    case .needsRecovery(_, _, let session): return "send to \(session.url ?? "?")"
    case .recoveryFailed: return "declined; re-run later"
    }
}

final class ChargeTests: XCTestCase {
    func testAChargeWithAnEmptyKeyIsInvalidInputNamingTheKeyAndNothingIsSent() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        // The key is a required `String`: leaving it out does not compile, so "" is the only way
        // to pass no usable key, and the core refuses it before any request.
        do {
            _ = try await client.chargeOffSession(OffSessionCharge(
                customer: "cus_123", paymentMethod: "pm_123", amount: 1099, currency: "usd",
                recovery: recovery, idempotencyKey: ""
            ))
            XCTFail("a charge without a key was accepted")
        } catch OffsessionError.InvalidInput(let details) {
            XCTAssertEqual(details.kind, "invalid_input")
            XCTAssertEqual(details.param, "idempotency_key")
            XCTAssertTrue(details.message.contains("idempotency_key"), details.message)
            XCTAssertNil(details.httpStatus)
            XCTAssertNil(details.idempotencyKey)
        }
        let (_, log) = try await sim.control("GET", "/_sim/requests")
        XCTAssertEqual(log["data"]?.arrayValue?.count, 0, "a request was sent: \(log)")
    }

    func testADeclinedChargeKeepsItsPaymentIntentOnTheError() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let saved = try await savedCard(client, sim, paymentMethod: "pm_card_chargeCustomerFail")
        let outcome = try await client.chargeOffSession(OffSessionCharge(
            customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 1500,
            currency: "usd", recovery: recovery, idempotencyKey: "swift-order-declined"
        ))
        XCTAssertTrue(nextStep(outcome).hasPrefix("send to http"), nextStep(outcome))
        guard case .needsRecovery(let error, let paymentIntent, let session) = outcome else {
            return XCTFail("expected needsRecovery, got \(outcome)")
        }
        guard let declined = error.paymentIntent else {
            return XCTFail("the decline lost its PaymentIntent: \(error)")
        }
        XCTAssertEqual(error.kind, "card_error")
        XCTAssertEqual(error.code, "card_declined")
        XCTAssertEqual(error.httpStatus, 402)
        XCTAssertEqual(error.idempotencyKey, "swift-order-declined")
        XCTAssertEqual(declined.status, "requires_payment_method")
        XCTAssertEqual(declined.amount, 1500)
        XCTAssertEqual(paymentIntent?.id, declined.id)
        XCTAssertEqual(session.mode, "payment")
    }

    func testARecoverySessionFailingBeyondTheRetriesIsRecoveryFailedAndTheReRunRecovers() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim, maxRetries: 2)
        let saved = try await savedCard(client, sim, paymentMethod: "pm_card_chargeCustomerFail")
        // Every attempt at the recovery session (the first and two retries) answers 500.
        let (status, body) = try await sim.control("POST", "/_sim/faults", .object([
            "method": .string("POST"), "path": .string("/v1/checkout/sessions"),
            "kind": .string("status_500"), "count": .int(3),
        ]))
        XCTAssertEqual(status, 200, "\(body)")
        let sessionsBefore = try await requests(sim, "POST", "/v1/checkout/sessions").count
        let charge = OffSessionCharge(
            customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 2500,
            currency: "usd", recovery: recovery, idempotencyKey: "swift-order-recovery-failed"
        )

        let first = try await client.chargeOffSession(charge)
        XCTAssertEqual(nextStep(first), "declined; re-run later")
        guard case .recoveryFailed(let error, let paymentIntent, let recoveryError) = first else {
            return XCTFail("expected recoveryFailed, got \(first)")
        }
        XCTAssertEqual(error.kind, "card_error")
        XCTAssertEqual(error.code, "card_declined")
        XCTAssertEqual(error.paymentIntent?.status, "requires_payment_method")
        XCTAssertEqual(paymentIntent?.status, "requires_payment_method")
        XCTAssertEqual(paymentIntent?.id, error.paymentIntent?.id)
        XCTAssertEqual(recoveryError.kind, "api_error")
        XCTAssertEqual(recoveryError.httpStatus, 500)
        // Errors name the caller's key, the one to re-run with.
        XCTAssertEqual(recoveryError.idempotencyKey, "swift-order-recovery-failed")
        XCTAssertEqual(error.idempotencyKey, "swift-order-recovery-failed")
        let attempts = try await requests(sim, "POST", "/v1/checkout/sessions").dropFirst(sessionsBefore)
        XCTAssertEqual(attempts.count, 3, "\(attempts)")
        XCTAssertTrue(attempts.allSatisfy { $0["fault"]?.stringValue == "status_500" }, "\(attempts)")

        // The faults are used up: the re-run replays the decline and creates the session.
        let second = try await client.chargeOffSession(charge)
        guard case .needsRecovery(_, let replayed, let session) = second else {
            return XCTFail("expected needsRecovery, got \(second)")
        }
        XCTAssertEqual(replayed?.id, paymentIntent?.id)
        XCTAssertEqual(session.amountTotal, 2500)
        let intents = try await sim.objects("payment_intents")
        XCTAssertEqual(intents.count, 1, "the card was charged twice")
        let sessions = try await sim.objects("checkout_sessions")
        XCTAssertEqual(sessions.filter { $0["mode"]?.stringValue == "payment" }.count, 1)
    }

    func testAConnectionErrorFromAPostCarriesItsIdempotencyKey() async throws {
        // A resource call: the key it was sent with.
        let nobody = try Client(config: ClientConfig(apiKey: "sk_test_swift", baseUrl: "http://127.0.0.1:9", maxRetries: 0))
        do {
            _ = try await nobody.customers.create(
                CreateCustomer(email: "a@example.com"), options: RequestOptions(idempotencyKey: "swift-customer-1"))
            XCTFail("nothing is listening")
        } catch OffsessionError.Connection(let details) {
            XCTAssertEqual(details.kind, "api_connection_error")
            XCTAssertEqual(details.idempotencyKey, "swift-customer-1")
        }
        // Without a key of the caller's, the one the SDK generated for the POST.
        do {
            _ = try await nobody.customers.create(CreateCustomer(email: "a@example.com"))
            XCTFail("nothing is listening")
        } catch OffsessionError.Connection(let details) {
            XCTAssertFalse((details.idempotencyKey ?? "").isEmpty, "\(details)")
        }
        // A GET has no key.
        do {
            _ = try await nobody.customers.retrieve(id: "cus_123")
            XCTFail("nothing is listening")
        } catch OffsessionError.Connection(let details) {
            XCTAssertNil(details.idempotencyKey)
        }

        // A flow call: the caller's key, even though the request carried a key derived from it.
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim, maxRetries: 1)
        let saved = try await savedCard(client, sim)
        let (status, body) = try await sim.control("POST", "/_sim/faults", .object([
            "method": .string("POST"), "path": .string("/v1/payment_intents"),
            "kind": .string("reset_before"), "count": .int(2),
        ]))
        XCTAssertEqual(status, 200, "\(body)")
        let charge = OffSessionCharge(
            customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 1099,
            currency: "usd", recovery: recovery, idempotencyKey: "swift-order-reset"
        )
        do {
            _ = try await client.chargeOffSession(charge)
            XCTFail("both attempts were reset")
        } catch OffsessionError.Connection(let details) {
            XCTAssertEqual(details.idempotencyKey, "swift-order-reset")
        }
        let sent = try await requests(sim, "POST", "/v1/payment_intents")
        XCTAssertEqual(sent.count, 2, "\(sent)")
        XCTAssertTrue(sent.allSatisfy { $0["idempotency_key"]?.stringValue?.hasPrefix("swift-order-reset") ?? false }, "\(sent)")

        // Re-running with that key charges once.
        let again = try await client.chargeOffSession(charge)
        XCTAssertEqual(nextStep(again), "fulfil")
        let intents = try await sim.objects("payment_intents")
        XCTAssertEqual(intents.count, 1)
    }

    func testNumbersAreRangeCheckedByTheCoreNeverWrapped() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        func refusedParam(_ config: ClientConfig) -> String? {
            do {
                _ = try Client(config: config)
                return nil
            } catch OffsessionError.InvalidInput(let details) {
                return details.param
            } catch {
                return "\(error)"
            }
        }
        let config = ClientConfig(apiKey: "sk_test_swift", baseUrl: sim.url)
        var changed = config
        changed.maxRetries = 11
        XCTAssertEqual(refusedParam(changed), "max_retries")
        changed.maxRetries = UInt32.max
        XCTAssertEqual(refusedParam(changed), "max_retries")
        // Timeouts are Doubles of seconds (a TimeInterval passes as it is).
        changed = config
        changed.timeout = 0
        XCTAssertEqual(refusedParam(changed), "timeout")
        changed = config
        changed.connectTimeout = 0
        XCTAssertEqual(refusedParam(changed), "connect_timeout")
        // A very long timeout is a long timeout, not an overflow.
        changed = config
        changed.timeout = 1e18
        XCTAssertNil(refusedParam(changed))
        // One beyond what a Rust Duration holds (about 1.8e19 s) is refused, not clamped.
        changed.timeout = 1e20
        XCTAssertEqual(refusedParam(changed), "timeout")

        let client = try simClient(sim)
        for amount: Int64 in [0, -1, 100_000_000, .max, .min] {
            do {
                _ = try await client.chargeOffSession(OffSessionCharge(
                    customer: "cus_123", paymentMethod: "pm_123", amount: amount, currency: "usd",
                    recovery: recovery, idempotencyKey: "swift-order-amount"
                ))
                XCTFail("\(amount) was accepted")
            } catch OffsessionError.InvalidInput(let details) {
                XCTAssertEqual(details.param, "amount", "\(amount)")
            }
        }
        let (_, log) = try await sim.control("GET", "/_sim/requests")
        XCTAssertEqual(log["data"]?.arrayValue?.count, 0, "a request was sent: \(log)")
    }
}
