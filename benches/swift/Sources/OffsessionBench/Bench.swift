// The flow and the runner, outside main.swift so that they are not tied to the main actor: the
// flows run on Swift's cooperative pool, as a server's request handlers would.
import Foundation
import Offsession
#if canImport(Glibc)
import Glibc
#endif

let key = "sk_test_bench"
let successURL = "https://example.com/s?session_id={CHECKOUT_SESSION_ID}"

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

/// The six requests: customer, setup-mode session, session with the SetupIntent expanded,
/// SetupIntent, attach, off-session PaymentIntent (which must be `succeeded`).
func flow(_ client: Client) async throws {
    let customer = try await client.customers.create(CreateCustomer(email: "jenny.rosen@example.com"))
    let session = try await client.checkoutSessions.create(CreateCheckoutSession(
        currency: "usd", customer: customer.id, mode: .setup, successUrl: successURL
    ))
    let expanded = try await client.checkoutSessions.retrieve(id: session.id, expand: ["setup_intent"])
    guard let setupIntentId = expanded.setupIntentId else { throw BenchError(description: "no setup intent") }
    let setupIntent = try await client.setupIntents.retrieve(id: setupIntentId, expand: [])
    guard let paymentMethod = setupIntent.paymentMethodId else { throw BenchError(description: "no payment method") }
    _ = try await client.paymentMethods.attach(id: paymentMethod, AttachPaymentMethod(customer: customer.id))
    let paymentIntent = try await client.paymentIntents.create(CreatePaymentIntent(
        amount: 1099, currency: "usd", confirm: true, customer: customer.id, offSession: true,
        paymentMethod: paymentMethod
    ))
    guard paymentIntent.status == "succeeded" else {
        throw BenchError(description: "unexpected status \(paymentIntent.status)")
    }
}

/// `perTask` flows in each of `concurrency` child tasks (one task, no group, when sequential).
func runFlows(_ client: Client, perTask: Int, concurrency: Int) async throws {
    if concurrency == 1 {
        for _ in 0..<perTask { try await flow(client) }
        return
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                for _ in 0..<perTask { try await flow(client) }
            }
        }
        try await group.waitForAll()
    }
}

func selfUsage() -> rusage {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return usage
}

/// The process's CPU time (user + system, every thread) in microseconds.
func cpuMicros() -> Double {
    let usage = selfUsage()
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
}

/// Peak resident set size in MiB (ru_maxrss is in KiB on Linux).
func peakRssMib() -> Double {
    Double(selfUsage().ru_maxrss) / 1024
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// Warm-up, then the timed flows; returns the JSON line.
func bench(name: String, url: String, flows: Int, concurrency: Int, warmup: Int) async throws -> String {
    let client = try Client(config: ClientConfig(apiKey: key, baseUrl: url))
    // Warm-up: connections, the runtime's threads, lazy initialisation.
    try await runFlows(client, perTask: max(1, warmup / concurrency), concurrency: concurrency)
    let perTask = flows / concurrency
    let (cpuStart, wallStart) = (cpuMicros(), monotonicSeconds())
    try await runFlows(client, perTask: perTask, concurrency: concurrency)
    let wall = monotonicSeconds() - wallStart
    let cpu = cpuMicros() - cpuStart
    let done = perTask * concurrency
    return "{\"client\":\"swift/\(name) x\(concurrency)\",\"flows\":\(done),\"requests\":\(done * 6),"
        + String(format: "\"cpu_us_per_request\":%.2f,\"wall_ms_per_flow\":%.4f,\"peak_rss_mib\":%.1f}",
                 cpu / Double(done * 6), wall * 1000 / Double(done), peakRssMib())
}
