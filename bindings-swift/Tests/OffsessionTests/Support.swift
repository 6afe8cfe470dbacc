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
    let customer = try await client.customers().create(params: CreateCustomer(email: "jenny.rosen@example.com"))
    let started = try await client.startSetup(params: StartSetup(
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
