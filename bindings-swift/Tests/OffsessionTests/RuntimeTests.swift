// Concurrency, cancellation, panics, the device key rule and webhooks, as Swift uses them.
import Foundation
import Offsession
import XCTest

final class ConcurrencyTests: XCTestCase {
    func testAHundredConcurrentChargesInATaskGroupEachChargeOnce() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let saved = try await savedCard(client, sim)
        // Every charge is held back 200 ms by the simulator: one after another they would take
        // 20 s, so finishing in a few seconds shows the waits overlap.
        let (status, body) = try await sim.control("POST", "/_sim/faults", .object([
            "method": .string("POST"), "path": .string("/v1/payment_intents"),
            "kind": .string("delay"), "delay_ms": .int(200), "count": .int(100),
        ]))
        XCTAssertEqual(status, 200, "\(body)")
        let started = Date()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<100 {
                group.addTask {
                    let outcome = try await client.chargeOffSession(OffSessionCharge(
                        customer: saved.customerId, paymentMethod: saved.paymentMethodId,
                        amount: Int64(100 + index), currency: "usd", recovery: recovery,
                        idempotencyKey: "swift-concurrent-\(index)"
                    ))
                    guard case .succeeded(let paymentIntent) = outcome else {
                        throw CaseError("charge \(index) was not charged: \(outcome)")
                    }
                    XCTAssertEqual(paymentIntent.amount, Int64(100 + index))
                    return paymentIntent.id
                }
            }
            var ids: [String] = []
            for try await id in group { ids.append(id) }
            return ids
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(ids.count, 100)
        XCTAssertEqual(Set(ids).count, 100)
        XCTAssertLessThan(elapsed, 8, "100 delayed charges took \(elapsed) s: they did not overlap")
        let stored = try await sim.objects("payment_intents")
        XCTAssertEqual(stored.count, 100)
    }
}

/// Cancelling a call (core/src/cancel.rs): a resource call is dropped where it stands; a flow call
/// runs to its end, detached. Either way `Task.cancel()` makes the caller's `try await` throw
/// `CancellationError` at once (uniffi's Swift template does not do this by itself:
/// bindings-uniffi/uniffi-bindgen.rs adds it to the generated sources).
final class CancellationTests: XCTestCase {
    /// Cancels `task` and waits for it; returns how long that took and what it ended with.
    private func cancel<T>(_ task: Task<T, Error>) async -> (TimeInterval, Result<T, Error>) {
        let started = Date()
        task.cancel()
        let result = await task.result
        return (Date().timeIntervalSince(started), result)
    }

    private func assertCancelled<T>(_ result: Result<T, Error>, file: StaticString = #filePath, line: UInt = #line) {
        guard case .failure(let error) = result, error is CancellationError else {
            return XCTFail("expected CancellationError, got \(result)", file: file, line: line)
        }
    }

    func testACancelledResourceCallReturnsAtOnceBeforeTheSimulatorCompletesIt() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        try await fault(sim, "POST", "/v1/customers", "delay", delayMs: 2000)
        let task = Task {
            try await client.customers.create(
                CreateCustomer(email: "gone@example.com"),
                options: RequestOptions(idempotencyKey: "swift-cancelled-customer")
            )
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        let (waited, result) = await cancel(task)
        assertCancelled(result)
        XCTAssertLessThan(waited, 0.5, "the cancel took \(waited) s")
        // The simulator is still holding the request: it has not completed it.
        let sent = try await requests(sim, "POST", "/v1/customers")
        XCTAssertEqual(sent.count, 1, "\(sent)")
        XCTAssertEqual(sent.first?["status"], JSON.null, "\(sent)")
        let customers = try await sim.objects("customers")
        XCTAssertEqual(customers.count, 0)
        // The client keeps working.
        let after = try await client.customers.create(CreateCustomer(email: "after@example.com"))
        XCTAssertTrue(after.id.hasPrefix("cus_"))
    }

    func testACancelledResourceCallIsDroppedAndNeverSendsItsRetry() async throws {
        // The first attempt fails at once (500); the retry would go out 0.5 s later. The caller
        // cancels after 200 ms, while the call waits to retry: dropped there, the call never
        // sends it. (A detached call would, and create the customer.)
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim, maxRetries: 2)
        try await fault(sim, "POST", "/v1/customers", "status_500")
        let task = Task { try await client.customers.create(CreateCustomer(email: "gone@example.com")) }
        try await Task.sleep(nanoseconds: 200_000_000)
        let (waited, result) = await cancel(task)
        assertCancelled(result)
        XCTAssertLessThan(waited, 0.5, "the cancel took \(waited) s")
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let sent = try await requests(sim, "POST", "/v1/customers")
        XCTAssertEqual(sent.count, 1, "the cancelled call sent its retry: \(sent)")
        let customers = try await sim.objects("customers")
        XCTAssertEqual(customers.count, 0)
    }

    func testACallInAnAlreadyCancelledTaskThrowsCancellationErrorAndSendsNothing() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let task = Task { () async throws -> Customer in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.customers.create(CreateCustomer(email: "never@example.com"))
        }
        assertCancelled(await task.result)
        let (_, log) = try await sim.control("GET", "/_sim/requests")
        XCTAssertEqual(log["data"]?.arrayValue?.count, 0, "a request was sent: \(log)")
    }

    func testACancelledChargeRunsToItsEndAndTheReRunReturnsItsOutcomeWithNoSecondPaymentIntent() async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let client = try simClient(sim)
        let saved = try await savedCard(client, sim, paymentMethod: "pm_card_chargeCustomerFail")
        // The charge's PaymentIntent is held back 1 s; the caller cancels after 200 ms, before the
        // decline and long before the recovery session.
        try await fault(sim, "POST", "/v1/payment_intents", "delay", delayMs: 1000)
        let charge = OffSessionCharge(
            customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 1099,
            currency: "usd", recovery: recovery, idempotencyKey: "swift-order-cancelled"
        )
        let task = Task { try await client.chargeOffSession(charge) }
        try await Task.sleep(nanoseconds: 200_000_000)
        let (waited, result) = await cancel(task)
        assertCancelled(result)
        XCTAssertLessThan(waited, 0.5, "the cancel took \(waited) s")

        // The flow went on, detached: its PaymentIntent, then its recovery session.
        func paymentSessions() async throws -> [JSON] {
            try await sim.objects("checkout_sessions").filter { $0["mode"]?.stringValue == "payment" }
        }
        let deadline = Date().addingTimeInterval(10)
        var intents: [JSON] = []
        var sessions: [JSON] = []
        while true {
            intents = try await sim.objects("payment_intents")
            sessions = try await paymentSessions()
            if !intents.isEmpty && !sessions.isEmpty { break }
            guard Date() < deadline else { return XCTFail("the cancelled charge did not run to its end") }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        XCTAssertEqual(intents.count, 1)
        XCTAssertEqual(sessions.count, 1)

        // Re-run with the same key: the same outcome, replayed; nothing new is created.
        let again = try await client.chargeOffSession(charge)
        guard case .needsRecovery(_, let paymentIntent, let session) = again else {
            return XCTFail("expected needsRecovery, got \(again)")
        }
        XCTAssertEqual(paymentIntent?.id, intents.first?["id"]?.stringValue)
        XCTAssertEqual(session.id, sessions.first?["id"]?.stringValue)
        XCTAssertEqual(session.lastResponse?.idempotentReplayed, true, "\(String(describing: session.lastResponse))")
        let intentsAfter = try await sim.objects("payment_intents")
        let sessionsAfter = try await paymentSessions()
        XCTAssertEqual(intentsAfter.count, 1)
        XCTAssertEqual(sessionsAfter.count, 1)
    }
}

final class PanicTests: XCTestCase {
    func testAPanicInsideTheRuntimeIsAnApiErrorAndTheProcessLivesOn() async throws {
        for _ in 0..<3 {
            do {
                try await panicInCoreForTests()
                XCTFail("no error")
            } catch OffsessionError.Api(let details) {
                XCTAssertEqual(details.kind, "api_error")
                XCTAssertTrue(details.message.hasPrefix("internal error"), details.message)
                XCTAssertTrue(details.message.contains("forced by panic_in_core_for_tests"), details.message)
            }
        }
        // The runtime still serves calls.
        let sim = try Sim()
        defer { sim.stop() }
        let customer = try await simClient(sim).customers.create(CreateCustomer(email: "after@example.com"))
        XCTAssertTrue(customer.id.hasPrefix("cus_"))
    }

    func testAPanicInASyncCallIsUniffisPanicError() throws {
        do {
            try panicInSyncCallForTests()
            XCTFail("no error")
        } catch let error as OffsessionError {
            XCTFail("expected uniffi's panic error, got \(error)")
        } catch {
            XCTAssertTrue(error.localizedDescription.contains("forced by panic_in_sync_call_for_tests"),
                          error.localizedDescription)
        }
        XCTAssertEqual(generateTestHeader(payload: Data("{}".utf8), secret: "whsec_x", timestamp: 1).prefix(4), "t=1,")
    }
}

final class DeviceTests: XCTestCase {
    func testLiveSecretKeysAreRefusedOnIosAndAndroid() {
        for key in ["sk_live_sw-Secret42", "rk_live_sw-Secret42"] {
            for target in [DeviceTarget.ios, DeviceTarget.android] {
                do {
                    try checkKeyForTarget(apiKey: key, target: target)
                    XCTFail("\(key.prefix(8)) was allowed on \(target)")
                } catch OffsessionError.InvalidInput(let details) {
                    XCTAssertEqual(details.param, "api_key")
                    XCTAssertTrue(details.message.contains("backend"), details.message)
                    XCTAssertTrue(details.message.contains(target == .ios ? "iOS" : "Android"), details.message)
                    XCTAssertFalse(details.message.contains("sw-Secret42"), "the key leaked")
                } catch {
                    XCTFail("unexpected \(error)")
                }
            }
            XCTAssertNoThrow(try checkKeyForTarget(apiKey: key, target: .server))
        }
    }

    func testTestAndPublishableKeysAreAllowedEverywhere() {
        for key in ["sk_test_abc", "rk_test_abc", "pk_live_abc"] {
            for target in [DeviceTarget.ios, .android, .server] {
                XCTAssertNoThrow(try checkKeyForTarget(apiKey: key, target: target))
            }
        }
    }

    func testThisLinuxBuildIsAServerSoTheClientAcceptsALiveKey() throws {
        XCTAssertEqual(currentDeviceTarget(), .server)
        let client = try Client(config: ClientConfig(apiKey: "sk_live_server-side-only"))
        XCTAssertTrue(client.hasLiveSecretKey())
        XCTAssertEqual(client.baseUrl(), "https://api.stripe.com")
    }
}

final class WebhookTests: XCTestCase {
    let payload = Data(#"{"id":"evt_swift","object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_123","object":"checkout.session"}}}"#.utf8)

    func testASignedPayloadVerifiesAndGivesTheEvent() throws {
        let header = generateTestHeader(payload: payload, secret: "whsec_swift")
        let event = try constructEvent(payload: payload, signatureHeader: header, secret: "whsec_swift")
        XCTAssertEqual(event.id, "evt_swift")
        XCTAssertEqual(event.eventType, "checkout.session.completed")
        XCTAssertEqual(event.objectType, "checkout.session")
        XCTAssertEqual(event.objectId, "cs_123")
        let again = try Webhook(secret: "whsec_swift").constructEvent(payload: payload, signatureHeader: header)
        XCTAssertEqual(again, event)
    }

    func testATamperedOrExpiredPayloadIsASignatureVerificationError() {
        let header = generateTestHeader(payload: payload, secret: "whsec_swift")
        var tampered = payload
        tampered[tampered.startIndex + 10] = UInt8(ascii: "X")
        XCTAssertThrowsError(try constructEvent(payload: tampered, signatureHeader: header, secret: "whsec_swift")) { error in
            guard case OffsessionError.SignatureVerification(let details)? = error as? OffsessionError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(details.kind, "signature_verification_error")
        }
        let old = generateTestHeader(payload: payload, secret: "whsec_swift", timestamp: Int64(Date().timeIntervalSince1970) - 3600)
        XCTAssertThrowsError(try constructEvent(payload: payload, signatureHeader: old, secret: "whsec_swift"))
        // Whole seconds; 0 disables the time check.
        XCTAssertNoThrow(try constructEvent(payload: payload, signatureHeader: old, secret: "whsec_swift", tolerance: 0))
    }

    func testAToleranceIsRangeCheckedNeverTakenAsNoLimit() throws {
        let header = generateTestHeader(payload: payload, secret: "whsec_swift", timestamp: Int64(Date().timeIntervalSince1970) - 10)
        // Whole seconds (an Int64), from 0 to 2^32 - 1, as in every binding.
        let most: Int64 = 4_294_967_295
        XCTAssertEqual(try constructEvent(payload: payload, signatureHeader: header, secret: "whsec_swift", tolerance: most).id, "evt_swift")
        XCTAssertEqual(try Webhook(secret: "whsec_swift", tolerance: most).constructEvent(payload: payload, signatureHeader: header).id, "evt_swift")
        XCTAssertThrowsError(try constructEvent(payload: payload, signatureHeader: header, secret: "whsec_swift", tolerance: 5)) { error in
            guard case OffsessionError.SignatureVerification? = error as? OffsessionError else {
                return XCTFail("unexpected \(error)")
            }
        }
        // Too long or negative: the core's InvalidInput, never wrapped, clamped or "no limit".
        for bad: Int64 in [most + 1, .max, -1, .min] {
            for attempt in [
                { _ = try constructEvent(payload: self.payload, signatureHeader: header, secret: "whsec_swift", tolerance: bad) },
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
    }
}

/// The runner must be able to fail, or its passes mean nothing.
final class RunnerSelfCheckTests: XCTestCase {
    private func run(_ steps: String) async throws {
        let sim = try Sim()
        defer { sim.stop() }
        let testCase = try JSON.parse(#"{"name": "self-check", "steps": "# + steps + "}")
        try await CaseRunner(sim: sim, testCase: testCase).run()
    }

    func testAPassingCasePasses() async throws {
        try await run(#"""
            [{"do": "create_customer", "with": {"email": "a@example.com"}, "as": "c",
              "expect": {"id": {"prefix": "cus_"}}},
             {"sim": "objects", "with": {"kind": "customers"}, "expect": {"data.0.id": {"equals": "$c.id"}}}]
            """#)
    }

    func testWhatIsWrongOrInexpressibleFails() async throws {
        let wrong = [
            #"[{"do": "create_customer", "with": {"email": "a@example.com"}, "expect": {"email": {"equals": "b@example.com"}}}]"#,
            #"[{"do": "create_customer", "expect_error": {"kind": {"equals": "card_error"}}}]"#,
            #"[{"do": "teleport_customer"}]"#,
            #"[{"sim": "teleport"}]"#,
            #"[{"do": "create_customer", "with": {"favourite_colour": "blue"}}]"#,
            #"[{"do": "create_customer", "expect": {"id": {"resembles": "cus_"}}}]"#,
            #"[{"do": "retrieve_customer", "with": {"id": "$nothing.id"}}]"#,
            #"[{"do": "retrieve_customer", "with": {"id": "cus_missing"}}]"#,
            #"[{"do": "complete_setup_from_event", "with": {"event": {"id": "evt_1"}}}]"#,
        ]
        for steps in wrong {
            do {
                try await run(steps)
                XCTFail("passed: \(steps)")
            } catch is CaseError {
                // As it should.
            }
        }
    }
}

final class ConformanceCoverageTests: XCTestCase {
    /// Every case file has its generated test (scripts/generate-uniffi writes them).
    func testEveryCaseFileHasAGeneratedTest() throws {
        XCTAssertEqual(try Conformance.caseFiles(), ConformanceCaseTests.generatedCaseFiles)
        XCTAssertGreaterThan(ConformanceCaseTests.generatedCaseFiles.count, 0)
    }
}
