// Errors as Swift sees them: one `OffsessionError` enum, matched by case in `catch`.
import Foundation
import Offsession
import XCTest

final class ErrorTests: XCTestCase {
    func testARefusedInputIsCaughtAsInvalidInputAndNothingIsSent() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        do {
            _ = try await client.chargeOffSession(OffSessionCharge(
                customer: "cus_123", paymentMethod: "pm_123", amount: 0, currency: "usd", recovery: recovery,
                idempotencyKey: "swift-order-0"
            ))
            XCTFail("a zero amount was accepted")
        } catch OffsessionError.InvalidInput(let details) {
            XCTAssertEqual(details.kind, "invalid_input")
            XCTAssertEqual(details.param, "amount")
            XCTAssertNil(details.httpStatus)
        }
        let (_, log) = try await sim.control("GET", "/_sim/requests")
        XCTAssertEqual(log["data"]?.arrayValue?.count, 0, "a request was sent: \(log)")
    }

    func testAWrongKeyIsCaughtAsAuthentication() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim, apiKey: "sk_live_not-a-test-key")
        do {
            _ = try await client.customers.retrieve(id: "cus_123")
            XCTFail("a wrong key was accepted")
        } catch OffsessionError.Authentication(let details) {
            XCTAssertEqual(details.kind, "authentication_error")
            XCTAssertEqual(details.httpStatus, 401)
            XCTAssertTrue(details.requestId?.hasPrefix("req_") ?? false, "\(details)")
        }
    }

    func testADeclinedDirectChargeIsACardErrorCarryingThePaymentIntent() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let saved = try await savedCard(client, sim, paymentMethod: "pm_card_chargeCustomerFail")
        do {
            _ = try await client.paymentIntents.create(CreatePaymentIntent(
                // Required parameters first, then the others in Stripe's (alphabetical) order.
                amount: 1099, currency: "usd", confirm: true, customer: saved.customerId,
                offSession: true, paymentMethod: saved.paymentMethodId
            ))
            XCTFail("the declined card was charged")
        } catch let error as OffsessionError {
            // The generic form: any kind, then its details.
            XCTAssertEqual(error.kind(), "card_error")
            guard case .Card(let details) = error else {
                return XCTFail("expected the Card case, got \(error)")
            }
            // `code` is Stripe's code, as in the official SDKs; `kind` the stable kind.
            XCTAssertEqual(details.code, "card_declined")
            XCTAssertEqual(details.kind, "card_error")
            XCTAssertEqual(details.type, "card_error")
            XCTAssertEqual(details.declineCode, "generic_decline")
            XCTAssertEqual(details.httpStatus, 402)
            XCTAssertEqual(details.userMessage, "Your card was declined.")
            XCTAssertFalse(details.retryable)
            XCTAssertNotNil(details.requestId)
            XCTAssertEqual(details.headers?["request-id"], details.requestId)
            let body = try JSON.parse(details.httpBody ?? "")
            XCTAssertEqual(body["error"]?["code"], .string("card_declined"))
            XCTAssertEqual(details.paymentIntent?.status, "requires_payment_method")
            XCTAssertEqual(details.paymentIntent?.amount, 1099)
            XCTAssertTrue(error.localizedDescription.contains("card_error"), error.localizedDescription)
        }
    }

    func testADeclineOffSessionIsAnOutcomeWithARecoverySession() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let saved = try await savedCard(client, sim, paymentMethod: "pm_card_authenticationRequired")
        let outcome = try await client.chargeOffSession(OffSessionCharge(
            customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 2000,
            currency: "usd", recovery: recovery, idempotencyKey: "swift-order-7"
        ))
        switch outcome {
        case .succeeded, .processing, .requiresCapture, .requiresAction, .recoveryFailed:
            XCTFail("expected a recovery, got \(outcome)")
        case .needsRecovery(let error, let paymentIntent, let recoverySession):
            XCTAssertEqual(error.kind, "card_error")
            XCTAssertEqual(error.code, "authentication_required")
            XCTAssertEqual(paymentIntent?.status, "requires_payment_method")
            XCTAssertEqual(recoverySession.mode, "payment")
            XCTAssertEqual(recoverySession.amountTotal, 2000)
            XCTAssertTrue(recoverySession.url?.hasPrefix("http") ?? false, "\(recoverySession)")
        }
    }

    func testEveryKindKeepsItsStableKind() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim, maxRetries: 0)
        var kinds: [String] = []
        func record(_ call: () async throws -> Void) async {
            do {
                try await call()
                kinds.append("no error")
            } catch let error as OffsessionError {
                switch error {
                case .Card, .InvalidRequest, .Authentication, .Permission, .RateLimit,
                     .Idempotency, .Api, .Connection, .SignatureVerification, .InvalidInput, .InvalidState:
                    kinds.append(error.details().kind)
                }
            } catch {
                kinds.append("foreign error \(error)")
            }
        }
        await record { _ = try await client.customers.retrieve(id: "cus_missing") }
        await record { _ = try constructEvent(payload: Data("{}".utf8), signatureHeader: "t=1,v1=00", secret: "whsec_x") }
        await record { _ = try await client.customers.retrieve(id: "../etc") }
        await record {
            let options = RequestOptions(idempotencyKey: "swift-same")
            _ = try await client.customers.create(CreateCustomer(email: "a@example.com"), options: options)
            _ = try await client.customers.create(CreateCustomer(email: "b@example.com"), options: options)
        }
        await record {
            let nobody = try Client(config: ClientConfig(apiKey: "sk_test_x", baseUrl: "http://127.0.0.1:9", maxRetries: 0))
            _ = try await nobody.customers.retrieve(id: "cus_123")
        }
        await record {
            // A setup session the customer has not finished.
            let started = try await client.startSetup(StartSetup(currency: "usd", successUrl: "https://example.com/saved"))
            _ = try await client.completeSetup(sessionId: started.session.id)
        }
        XCTAssertEqual(kinds, [
            "invalid_request_error", "signature_verification_error", "invalid_input",
            "idempotency_error", "api_connection_error", "invalid_state",
        ])
    }

    /// Negative, NaN and infinite timeouts and a negative webhook tolerance are
    /// `OffsessionError.InvalidInput` naming the parameter, and the process keeps running.
    /// Before timeouts were Doubles of seconds and the tolerance an Int64 of whole seconds, they
    /// were `TimeInterval`s that uniffi's generated Duration converter checked with a
    /// precondition: every value below would have stopped this test process (a crash, not a
    /// failure), so this test could not have run at all. Do not try to show that crash here.
    func testBadDurationsAreInvalidInputAndTheProcessKeepsRunning() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let config = ClientConfig(apiKey: "sk_test_swift", baseUrl: sim.url)
        for bad: TimeInterval in [-1, -0.001, .nan, .infinity, -.infinity] {
            var timeout = config
            timeout.timeout = bad
            var connectTimeout = config
            connectTimeout.connectTimeout = bad
            for (param, changed) in [("timeout", timeout), ("connect_timeout", connectTimeout)] {
                do {
                    _ = try Client(config: changed)
                    XCTFail("\(param) = \(bad) was accepted")
                } catch OffsessionError.InvalidInput(let details) {
                    XCTAssertEqual(details.kind, "invalid_input")
                    XCTAssertEqual(details.param, param, "\(bad)")
                } catch {
                    XCTFail("\(param) = \(bad): unexpected \(error)")
                }
            }
        }
        let payload = Data("{}".utf8)
        for bad: Int64 in [-1, .min] {
            for attempt in [
                { _ = try constructEvent(payload: payload, signatureHeader: "t=1,v1=00", secret: "whsec_swift", tolerance: bad) },
                { _ = try Webhook(secret: "whsec_swift", tolerance: bad) },
            ] as [() throws -> Void] {
                XCTAssertThrowsError(try attempt(), "\(bad)") { error in
                    guard case OffsessionError.InvalidInput(let details)? = error as? OffsessionError else {
                        return XCTFail("unexpected \(error)")
                    }
                    XCTAssertEqual(details.param, "tolerance")
                }
            }
        }
        // Still running, and the library still works: a valid client on the simulator.
        var valid = config
        valid.timeout = 0.5
        valid.connectTimeout = 2.5
        let customer = try await Client(config: valid).customers.create(CreateCustomer(email: "still@example.com"))
        XCTAssertTrue(customer.id.hasPrefix("cus_"), customer.id)
    }

    func testSecretsNeverAppearWhenPrinted() throws {
        let key = "sk_test_swiftVerySecret123"
        let config = ClientConfig(apiKey: key, baseUrl: "http://127.0.0.1:9")
        let client = try Client(config: config)
        for text in [String(describing: config), String(reflecting: config), "\(client)"] {
            XCTAssertFalse(text.contains("VerySecret"), text)
            XCTAssertTrue(text.contains("sk_test_****"), text)
        }
        let webhook = try Webhook(secret: "whsec_swiftVerySecret")
        XCTAssertFalse("\(webhook)".contains("VerySecret"), "\(webhook)")
        do {
            _ = try Client(config: ClientConfig(apiKey: "sk_test_swiftVerySecret123", baseUrl: "ftp://x"))
            XCTFail("ftp was accepted")
        } catch let error as OffsessionError {
            XCTAssertFalse(error.localizedDescription.contains("VerySecret"), error.localizedDescription)
            XCTAssertEqual(error.details().param, "base_url")
        }
    }
}
