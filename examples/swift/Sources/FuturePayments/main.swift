// The seed guide's whole flow in Swift: save a card with Checkout, charge it off-session,
// recover a decline (the customer pays the recovery page, the declined PaymentIntent is
// canceled, and the card saved there is charged next). One line per step.
//
// It runs on the project's simulator (the `offsession-sim` binary, found through
// OFFSESSION_SIM_BIN or the workspace's target/debug), which also plays the customer on the
// hosted page. In an app, `base_url` would be your backend, never Stripe with a secret key.
import Foundation
import Offsession
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

let successURL = "https://example.com/success?session_id={CHECKOUT_SESSION_ID}"
let paidURL = "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}"

/// Prints each step with how long it took.
final class Steps {
    let started = Date()
    private var last = Date()

    func done(_ text: String) {
        let now = Date()
        print(String(format: "[%7.1f ms] ", now.timeIntervalSince(last) * 1000) + text)
        last = now
    }

    func note(_ text: String) {
        print("             " + text)
    }
}

/// Starts the simulator and reads its URL from the first line of its output.
func startSimulator() throws -> (Process, String) {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let binary = ProcessInfo.processInfo.environment["OFFSESSION_SIM_BIN"]
        ?? root.appendingPathComponent("target/debug/offsession-sim").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    var line = Data()
    while true {
        let byte = output.fileHandleForReading.readData(ofLength: 1)
        if byte.isEmpty || byte == Data([0x0A]) { break }
        line.append(byte)
    }
    return (process, String(decoding: line, as: UTF8.self))
}

/// The simulator plays the customer on a hosted page (setup or recovery) with `pm_card_visa`.
func customerCompletes(simURL: String, sessionID: String) async throws {
    var request = URLRequest(url: URL(string: "\(simURL)/_sim/checkout/sessions/\(sessionID)/complete")!)
    request.httpMethod = "POST"
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    request.httpBody = Data(#"{"payment_method": "pm_card_visa", "name": "Jenny Rosen"}"#.utf8)
    let status: Int = try await withCheckedThrowingContinuation { continuation in
        URLSession.shared.dataTask(with: request) { _, response, error in
            if let error {
                continuation.resume(throwing: error)
            } else {
                continuation.resume(returning: (response as? HTTPURLResponse)?.statusCode ?? 0)
            }
        }.resume()
    }
    guard status == 200 else { throw SimulatorError(status: status) }
}

struct SimulatorError: Error {
    let status: Int
}

struct FlowError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The whole flow against `simURL`.
func run(simURL: String) async throws {
    let client = try Client(config: ClientConfig(apiKey: "sk_test_future_payments", baseUrl: simURL))
    let steps = Steps()

    let jenny = try await client.customers.create(CreateCustomer(email: "jenny.rosen@example.com", name: "Jenny Rosen"))
    steps.done("customer created                \(jenny.id)  \(jenny.email ?? "")")

    let started = try await client.startSetup(StartSetup(currency: "usd", successUrl: successURL, customer: jenny.id))
    steps.done("setup session created           \(started.session.id)  mode=\(started.session.mode) status=\(started.session.status ?? "?")")
    steps.note("redirect the customer to \(started.url ?? "?")")

    try await customerCompletes(simURL: simURL, sessionID: started.session.id)
    steps.done("customer saved a card")

    let saved = try await client.completeSetup(sessionId: started.session.id)
    steps.done("session retrieved, expanded     \(saved.setupIntent.id)  status=\(saved.setupIntent.status) payment_method=\(saved.paymentMethodId)")

    let recovery = Recovery(productName: "T-shirt", successUrl: paidURL)
    // The idempotency key is required: one per logical charge (an order id). Re-running the
    // same charge with it after a crash or a lost response never charges twice.
    let first = try await client.chargeOffSession(OffSessionCharge(
        customer: saved.customerId, paymentMethod: saved.paymentMethodId, amount: 1099, currency: "usd",
        recovery: recovery, idempotencyKey: "swift-order-1001"
    ))
    guard case .succeeded = first else {
        throw FlowError(message: "the first charge should succeed: \(first)")
    }
    handle(first, steps)

    let richard = try await client.customers.create(CreateCustomer(email: "richard.roe@example.com", name: "Richard Roe"))
    let card = try await client.paymentMethods.attach(id: "pm_card_chargeCustomerFail", AttachPaymentMethod(customer: richard.id))
    steps.done("second customer with a card     \(richard.id)  \(card.id) (\(card.card?.brand ?? "card") •••• \(card.card?.last4 ?? "????"))")

    let second = try await client.chargeOffSession(OffSessionCharge(
        customer: richard.id, paymentMethod: card.id, amount: 1099, currency: "usd",
        recovery: recovery, idempotencyKey: "swift-order-1002"
    ))
    guard case .needsRecovery(_, _, let recoverySession) = second else {
        throw FlowError(message: "the second charge should be declined: \(second)")
    }
    handle(second, steps)

    // The customer pays on the recovery page with another card, which is saved for next time.
    try await customerCompletes(simURL: simURL, sessionID: recoverySession.id)
    steps.done("customer paid the recovery page")
    let recovered = try await client.completeRecovery(sessionId: recoverySession.id)
    steps.done("recovery completed              \(recovered.paymentIntent.id)  status=\(recovered.paymentIntent.status) new payment_method=\(recovered.paymentMethodId)")

    // The declined PaymentIntent is closed for good.
    if let declined = recovered.declinedPaymentIntentId {
        let canceled = try await client.paymentIntents.cancel(
            id: declined, CancelPaymentIntent(cancellationReason: .abandoned)
        )
        steps.done("declined payment intent closed  \(canceled.id)  status=\(canceled.status)")
    }

    // The next charge uses the card saved on the recovery page.
    let next = try await client.chargeOffSession(OffSessionCharge(
        customer: recovered.customerId, paymentMethod: recovered.paymentMethodId, amount: 1099,
        currency: "usd", recovery: recovery, idempotencyKey: "swift-order-1003"
    ))
    guard case .succeeded = next else {
        throw FlowError(message: "the charge of the recovered card should succeed: \(next)")
    }
    handle(next, steps)
    print(String(format: "done in %.1f ms: 2 charges succeeded, 1 declined and recovered", Date().timeIntervalSince(steps.started) * 1000))
}

/// What the merchant does with each outcome. The `switch` is exhaustive, with no `default`:
/// only `.succeeded` means the money was collected.
func handle(_ outcome: ChargeOutcome, _ steps: Steps) {
    switch outcome {
    case .succeeded(let paid):
        steps.done("charged off-session             \(paid.id)  amount=\(paid.amount) status=\(paid.status)")
        steps.note("fulfil the order")
    case .processing(let paymentIntent):
        steps.done("charge processing               \(paymentIntent.id)")
        steps.note("not paid yet: fulfil on payment_intent.succeeded, not on payment_intent.payment_failed")
    case .requiresCapture(let paymentIntent):
        steps.done("charge authorized               \(paymentIntent.id)")
        steps.note("capture it (or cancel it) before the authorization expires")
    case .requiresAction(let paymentIntent):
        steps.done("charge needs authentication     \(paymentIntent.id)")
        steps.note("bring the customer back on-session to confirm it with the client_secret")
    case .needsRecovery(let error, let declined, let session):
        steps.done("charge declined                 HTTP \(error.httpStatus.map(String.init) ?? "?") \(error.kind) code=\(error.code ?? "-") decline_code=\(error.declineCode ?? "-") request=\(error.requestId ?? "-")")
        if let declined {
            steps.note("payment intent \(declined.id) is now \(declined.status)")
        }
        steps.note("recovery session created \(session.id)  mode=\(session.mode) amount=\(session.amountTotal.map(String.init) ?? "?") \((session.currency ?? "").uppercased())")
        steps.note("send the customer to \(session.url ?? "?")")
    case .recoveryFailed(let error, _, let recoveryError):
        steps.done("charge declined, no recovery    \(error.code ?? "-"): \(recoveryError.message)")
        steps.note("nothing was charged: re-run with the same idempotency key later to create the recovery session")
    }
}

let (simulator, simURL) = try startSimulator()
print("offsession future payments (Swift) — against the simulator at \(simURL)")
var failed = false
do {
    try await run(simURL: simURL)
} catch {
    print("error: \(error)")
    failed = true
}
// SIGKILL: a child of Foundation's Process may have SIGTERM blocked.
kill(simulator.processIdentifier, SIGKILL)
simulator.waitUntilExit()
exit(failed ? 1 : 0)
