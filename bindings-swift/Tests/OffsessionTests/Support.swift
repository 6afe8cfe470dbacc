// Shared helpers of the Swift-specific tests.
import Foundation
import Offsession
import XCTest

/// A client on `sim` with the conformance defaults.
func simClient(_ sim: Sim, apiKey: String = "sk_test_swift", maxRetries: UInt32 = 2) throws -> Client {
    try Client(config: ClientConfig(apiKey: apiKey, baseUrl: sim.url, maxRetries: maxRetries))
}

/// Steps 1–5 on the simulator: a customer, a setup session completed with `paymentMethod`, and
/// the saved card ready to charge.
func savedCard(_ client: Client, _ sim: Sim, paymentMethod: String = "pm_card_visa") async throws -> CompletedSetup {
    let customer = try await client.customers.create(CreateCustomer(email: "jenny.rosen@example.com"))
    let started = try await client.startSetup(StartSetup(
        currency: "usd",
        successUrl: "https://example.com/saved?session_id={CHECKOUT_SESSION_ID}",
        customer: customer.id
    ))
    let (status, body) = try await sim.control(
        "POST", "/_sim/checkout/sessions/\(started.session.id)/complete",
        .object(["payment_method": .string(paymentMethod)])
    )
    XCTAssertEqual(status, 200, "\(body)")
    return try await client.completeSetup(sessionId: started.session.id)
}

let recovery = Recovery(productName: "T-shirt", successUrl: "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}")

/// `GET /_sim/requests`, filtered like the conformance `requests` step.
func requests(_ sim: Sim, _ method: String, _ pathPrefix: String) async throws -> [JSON] {
    let (status, log) = try await sim.control("GET", "/_sim/requests")
    XCTAssertEqual(status, 200, "\(log)")
    return (log["data"]?.arrayValue ?? []).filter { entry in
        entry["method"]?.stringValue == method && (entry["path"]?.stringValue?.hasPrefix(pathPrefix) ?? false)
    }
}

/// `POST /_sim/faults`: the next `count` requests matching `method` and `path` get `kind`.
func fault(_ sim: Sim, _ method: String, _ path: String, _ kind: String, count: Int64 = 1, delayMs: Int64? = nil) async throws {
    var fields: [String: JSON] = [
        "method": .string(method), "path": .string(path), "kind": .string(kind), "count": .int(count),
    ]
    if let delayMs { fields["delay_ms"] = .int(delayMs) }
    let (status, body) = try await sim.control("POST", "/_sim/faults", .object(fields))
    XCTAssertEqual(status, 200, "\(body)")
}

/// The simulator plays the customer on a hosted page (setup or recovery) with `paymentMethod`.
func customerCompletes(_ sim: Sim, _ sessionId: String, paymentMethod: String = "pm_card_visa") async throws {
    let (status, body) = try await sim.control(
        "POST", "/_sim/checkout/sessions/\(sessionId)/complete",
        .object(["payment_method": .string(paymentMethod)])
    )
    XCTAssertEqual(status, 200, "\(body)")
}

/// A string field of an object's JSON (`json` of a record).
func field(_ json: String, _ name: String) throws -> String? {
    try JSON.parse(json)[name]?.stringValue
}
