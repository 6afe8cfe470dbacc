// The Swift runner of the shared conformance cases (tests/conformance/README.md).
//
// Each `do` step maps onto the Swift API (`async throws`): the arguments are split generically
// into the id, the request options and the parameters, sent as JSON (see `Call`); results are
// compared in Stripe's JSON, read from the records' `json` fields, plus
// `last_response` (from the records' `lastResponse`) on the objects a call returned. Anything the
// runner cannot express (an unknown call, argument, sim step or matcher) throws, so the case
// fails: nothing is skipped.
import Foundation
import Offsession

struct CaseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

typealias Args = [String: JSON]

enum Conformance {
    /// The case files, sorted.
    static func caseFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Paths.cases.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
    }

    /// Runs one case file against a fresh simulator.
    static func run(file: String) async throws {
        let data = try Data(contentsOf: Paths.cases.appendingPathComponent(file))
        let testCase = try JSON.parse(data)
        let sim = try Sim()
        defer { sim.stop() }
        let runner = try CaseRunner(sim: sim, testCase: testCase)
        try await runner.run()
    }

    /// The error shape every runner compares.
    static func errorShape(_ details: ErrorDetails) throws -> JSON {
        .object([
            "kind": .string(details.kind),
            "code": JSON(details.code),
            "decline_code": JSON(details.declineCode),
            "param": JSON(details.param),
            "http_status": JSON(details.httpStatus),
            "request_id": JSON(details.requestId),
            "message": .string(details.message),
            "idempotency_key": JSON(details.idempotencyKey),
            "payment_intent": try details.paymentIntent.map { try JSON.parse($0.json) } ?? .null,
        ])
    }

    /// An object a call returned: Stripe's JSON plus `last_response`, what the SDK exposes as
    /// `lastResponse` (absent when the object came inside another, as in an expansion).
    static func returned(_ json: String, _ lastResponse: ResponseMeta?) throws -> JSON {
        guard case .object(var fields) = try JSON.parse(json) else {
            throw CaseError("an object's json is not an object: \(json)")
        }
        if let meta = lastResponse {
            fields["last_response"] = .object([
                "http_status": .int(Int64(meta.httpStatus)),
                "request_id": JSON(meta.requestId),
                "idempotent_replayed": .bool(meta.idempotentReplayed),
                "idempotency_key": JSON(meta.idempotencyKey),
            ])
        }
        return .object(fields)
    }

    static func returned(_ intent: PaymentIntent) throws -> JSON {
        try returned(intent.json, intent.lastResponse)
    }

    static func returned(_ session: CheckoutSession) throws -> JSON {
        try returned(session.json, session.lastResponse)
    }

    /// The outcome shape every runner compares: `outcome` named as in every binding.
    static func outcomeShape(_ outcome: ChargeOutcome) throws -> JSON {
        func intent(_ name: String, _ paymentIntent: PaymentIntent) throws -> JSON {
            .object(["outcome": .string(name), "payment_intent": try returned(paymentIntent)])
        }
        // Exhaustive, with no `default`: a seventh outcome fails to compile here.
        switch outcome {
        case .succeeded(let paymentIntent):
            return try intent("succeeded", paymentIntent)
        case .processing(let paymentIntent):
            return try intent("processing", paymentIntent)
        case .requiresCapture(let paymentIntent):
            return try intent("requires_capture", paymentIntent)
        case .requiresAction(let paymentIntent):
            return try intent("requires_action", paymentIntent)
        case .needsRecovery(let error, let paymentIntent, let recoverySession):
            return .object([
                "outcome": .string("needs_recovery"),
                "error": try errorShape(error),
                "payment_intent": try paymentIntent.map { try returned($0) } ?? .null,
                "recovery_session": try returned(recoverySession),
            ])
        case .recoveryFailed(let error, let paymentIntent, let recoveryError):
            return .object([
                "outcome": .string("recovery_failed"),
                "error": try errorShape(error),
                "payment_intent": try paymentIntent.map { try returned($0) } ?? .null,
                "recovery_error": try errorShape(recoveryError),
            ])
        }
    }
}

/// The client settings of a case, changed by `new_client`.
struct Settings {
    var apiKey = "sk_test_conformance"
    var baseUrl: String
    var maxRetries: UInt32 = 2
    var timeoutMs: Int64?
    var stripeAccount: String?
    var headers: [String: String] = [:]

    mutating func apply(_ args: Args) throws {
        try allow(args, ["api_key", "base_url", "max_retries", "timeout_ms", "stripe_account", "headers"])
        if let key = try optString(args, "api_key") { apiKey = key }
        if let url = try optString(args, "base_url") { baseUrl = url }
        if let retries = try optInt(args, "max_retries") {
            guard let retries = UInt32(exactly: retries) else { throw CaseError("max_retries out of range") }
            maxRetries = retries
        }
        // Passed through as it is, negative or zero included: the core refuses those
        // (invalid_input naming timeout), so a case can expect that error.
        if let ms = try optInt(args, "timeout_ms") { timeoutMs = ms }
        if let account = try optString(args, "stripe_account") { stripeAccount = account }
        if let value = args["headers"] {
            guard case .object(let fields) = value else { throw CaseError("headers must be an object") }
            headers = try fields.mapValues { field in
                guard case .string(let text) = field else { throw CaseError("header values must be strings") }
                return text
            }
        }
    }

    func build() throws -> Client {
        try Client(config: ClientConfig(
            apiKey: apiKey,
            baseUrl: baseUrl,
            maxRetries: maxRetries,
            timeout: timeoutMs.map { Double($0) / 1000 },   // a Double of seconds
            stripeAccount: stripeAccount,
            headers: headers
        ))
    }
}

/// A call's result as JSON, plus the typed event when the call verified one.
struct CallResult {
    var json: JSON
    var event: Event?
}

final class CaseRunner {
    private let sim: Sim
    private let steps: [JSON]
    private var bindings: [String: JSON]
    /// Verified events bound with `as`, for `complete_setup_from_event`.
    private var events: [String: Event] = [:]
    private var settings: Settings
    private var client: Client

    init(sim: Sim, testCase: JSON) throws {
        guard let fields = testCase.objectValue else { throw CaseError("a case is an object") }
        try allow(fields, ["name", "covers", "client", "steps"])
        guard let steps = fields["steps"]?.arrayValue else { throw CaseError("a case needs steps") }
        self.sim = sim
        self.steps = steps
        bindings = ["sim": .object(["url": .string(sim.url)])]
        settings = Settings(baseUrl: sim.url)
        if let block = fields["client"] {
            guard let block = block.objectValue else { throw CaseError("client must be an object") }
            try settings.apply(block)
        }
        do {
            client = try settings.build()
        } catch let error as OffsessionError {
            throw CaseError("client: \(error)")
        }
    }

    func run() async throws {
        for (index, step) in steps.enumerated() {
            let label = step["do"]?.stringValue ?? step["sim"]?.stringValue ?? "?"
            do {
                try await runStep(step)
            } catch {
                throw CaseError("step \(index + 1) (\(label)): \(error)")
            }
        }
    }

    private func runStep(_ step: JSON) async throws {
        guard let step = step.objectValue else { throw CaseError("a step is an object") }
        try allow(step, ["do", "sim", "with", "as", "expect", "expect_error"])
        let raw: Args
        switch step["with"] {
        case nil: raw = [:]
        case .object(let fields)?: raw = fields
        default: throw CaseError("`with` must be an object")
        }
        guard let args = try resolve(.object(raw)).objectValue else { throw CaseError("bad arguments") }
        var result: CallResult
        switch (step["do"], step["sim"]) {
        case (.string(let call)?, nil):
            let outcome: Result<CallResult, OffsessionError>
            do {
                if call == "new_client" {
                    var candidate = settings
                    try candidate.apply(args)
                    client = try candidate.build()
                    settings = candidate
                    outcome = .success(CallResult(json: .object([:])))
                } else {
                    outcome = .success(try await sdkCall(call, args, raw))
                }
            } catch let error as OffsessionError {
                outcome = .failure(error)
            }
            switch (outcome, step["expect_error"]) {
            case (.success(let value), nil):
                result = value
            case (.success(let value), .some):
                throw CaseError("expected an error, got \(value.json)")
            case (.failure(let error), .some(let matchers)):
                let shape = try Conformance.errorShape(error.details())
                do {
                    try check(matchers, shape)
                } catch {
                    throw CaseError("\(error)\n  error was: \(shape)")
                }
                return
            case (.failure(let error), nil):
                throw CaseError("unexpected error: \(try Conformance.errorShape(error.details()))")
            }
        case (nil, .string(let name)?):
            if step["expect_error"] != nil {
                throw CaseError("a sim step cannot expect_error; use expect")
            }
            result = CallResult(json: try await simStep(name, args))
        default:
            throw CaseError("a step needs exactly one of `do` and `sim` (a string)")
        }
        // Bound first, so a step's own matchers may refer to its result.
        if let name = step["as"] {
            guard let name = name.stringValue else { throw CaseError("`as` must be a string") }
            bindings[name] = result.json
            events[name] = result.event
        }
        if let matchers = step["expect"] {
            do {
                try check(matchers, result.json)
            } catch {
                throw CaseError("\(error)\n  result was: \(result.json)")
            }
        }
    }

    // MARK: references and matchers

    private func resolve(_ value: JSON) throws -> JSON {
        switch value {
        case .string(let text) where text.hasPrefix("$"):
            let reference = String(text.dropFirst())
            let parts = reference.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let path = parts.count > 1 ? String(parts[1]) : ""
            guard let root = bindings[name] else { throw CaseError("\(text): nothing is bound to \(name)") }
            guard let found = root.at(path: path) else { throw CaseError("\(text): no value at \(path)") }
            return found
        case .array(let items):
            return .array(try items.map(resolve))
        case .object(let fields):
            return .object(try fields.mapValues(resolve))
        default:
            return value
        }
    }

    private func check(_ matchers: JSON, _ result: JSON) throws {
        guard let matchers = matchers.objectValue else { throw CaseError("matchers must be an object") }
        for (path, matcher) in matchers.sorted(by: { $0.key < $1.key }) {
            guard let fields = matcher.objectValue, fields.count == 1, let entry = fields.first else {
                throw CaseError("\(path): a matcher is an object with one key, got \(matcher)")
            }
            let kind = entry.key
            let expected = try resolve(entry.value)
            let actual = result.at(path: path)
            let present = actual.map { !$0.isNull } ?? false
            let pass: Bool
            switch kind {
            case "equals":
                pass = actual == expected || (expected.isNull && !present)
            case "prefix":
                pass = zip2(actual?.stringValue, expected.stringValue).map { $0.hasPrefix($1) } ?? false
            case "contains":
                pass = zip2(actual?.stringValue, expected.stringValue).map { $0.contains($1) } ?? false
            case "present", "absent":
                guard case .bool(let wanted) = expected else { throw CaseError("\(kind) takes true or false") }
                pass = kind == "present" ? present == wanted : present != wanted
            case "count":
                guard case .int(let wanted) = expected else { throw CaseError("count takes a number") }
                pass = actual?.arrayValue.map { $0.count == wanted } ?? false
            case "at_least":
                guard let wanted = expected.numberValue else { throw CaseError("at_least takes a number") }
                pass = actual?.numberValue.map { $0 >= wanted } ?? false
            default:
                throw CaseError("unknown matcher \(kind)")
            }
            if !pass {
                throw CaseError("\(path.debugDescription): expected \(kind) \(expected), found \(actual.map { "\($0)" } ?? "(missing)")")
            }
        }
    }

    // MARK: SDK calls

    private func sdkCall(_ name: String, _ args: Args, _ raw: Args) async throws -> CallResult {
        var call = try Call(args)
        let (id, options) = (call.id, call.options)
        switch name {
        case "create_customer":
            return CallResult(json: try returned(try await client.customers.create(
                paramsJson: call.params(), options: options)))
        case "retrieve_customer":
            try call.none()
            return CallResult(json: try returned(try await client.customers.retrieve(id: id, options: options)))
        case "update_customer":
            return CallResult(json: try returned(try await client.customers.update(
                id: id, paramsJson: call.params(), options: options)))
        case "list_payment_methods":
            let page = try await client.customers.listPaymentMethods(
                id: id, paramsJson: call.params(), expand: call.expand, options: options)
            return CallResult(json: try Conformance.returned(page.json, page.lastResponse))
        case "list_all_payment_methods":
            // The AsyncSequence every Swift caller loops over, from the paginator of these parameters.
            var all: [JSON] = []
            for try await method in try client.customers.paymentMethods(
                id: id, paramsJson: call.params(), options: options) {
                all.append(try JSON.parse(method.json))
            }
            return CallResult(json: .object(["data": .array(all)]))
        case "create_checkout_session":
            return CallResult(json: try Conformance.returned(try await client.checkoutSessions.create(
                paramsJson: call.params(), options: options)))
        case "retrieve_checkout_session":
            try call.none()
            return CallResult(json: try Conformance.returned(try await client.checkoutSessions.retrieve(
                id: id, expand: call.expand, options: options)))
        case "expire_checkout_session":
            try call.none()
            return CallResult(json: try Conformance.returned(try await client.checkoutSessions.expire(
                id: id, options: options)))
        case "retrieve_setup_intent":
            try call.none()
            return CallResult(json: try returned(try await client.setupIntents.retrieve(
                id: id, expand: call.expand, options: options)))
        case "retrieve_payment_method":
            try call.none()
            return CallResult(json: try returned(try await client.paymentMethods.retrieve(id: id, options: options)))
        case "attach_payment_method":
            return CallResult(json: try returned(try await client.paymentMethods.attach(
                id: id, paramsJson: call.params(), options: options)))
        case "detach_payment_method":
            try call.none()
            return CallResult(json: try returned(try await client.paymentMethods.detach(id: id, options: options)))
        case "create_payment_intent":
            return CallResult(json: try Conformance.returned(try await client.paymentIntents.create(
                paramsJson: call.params(), options: options)))
        case "retrieve_payment_intent":
            try call.none()
            return CallResult(json: try Conformance.returned(try await client.paymentIntents.retrieve(
                id: id, expand: call.expand, options: options)))
        case "cancel_payment_intent":
            return CallResult(json: try Conformance.returned(try await client.paymentIntents.cancel(
                id: id, paramsJson: call.params(), options: options)))
        case "raw_request":
            guard let method = try call.takeString("method") else { throw CaseError("raw_request needs a method") }
            guard let path = try call.takeString("path") else { throw CaseError("raw_request needs a path") }
            var params: String?
            if let value = call.take("params") {
                guard value.objectValue != nil else { throw CaseError("params must be an object") }
                params = try value.text()
            }
            try call.none()
            let response = try await client.rawRequest(
                method: method, path: path, paramsJson: params, options: options)
            let body = try JSON.parse(response.json)
            guard body.objectValue != nil else { return CallResult(json: body) }
            return CallResult(json: try Conformance.returned(response.json, response.lastResponse))
        case "complete_recovery":
            let sessionId = try call.takeString("session_id") ?? ""
            try call.none()
            let recovered = try await client.completeRecovery(sessionId: sessionId)
            return CallResult(json: .object([
                "customer_id": .string(recovered.customerId),
                "payment_method_id": .string(recovered.paymentMethodId),
                "payment_intent": try Conformance.returned(recovered.paymentIntent),
                "declined_payment_intent_id": JSON(recovered.declinedPaymentIntentId),
                "session": try Conformance.returned(recovered.session),
            ]))
        case "start_setup":
            // A flow's own key is one of its parameters, not a request option.
            let started = try await client.startSetup(
                paramsJson: call.params(with: ["idempotency_key": options.idempotencyKey]))
            return CallResult(json: .object([
                "customer_id": JSON(started.customerId),
                "url": JSON(started.url),
                "session": try Conformance.returned(started.session),
            ]))
        case "charge_off_session":
            let outcome = try await client.chargeOffSession(
                paramsJson: call.params(with: ["idempotency_key": options.idempotencyKey]))
            return CallResult(json: try Conformance.outcomeShape(outcome))
        case "complete_setup":
            try allow(args, ["session_id", "customer"])
            let saved = try await client.completeSetup(
                sessionId: try reqString(args, "session_id"),
                customer: try optString(args, "customer")
            )
            return CallResult(json: try completed(saved))
        case "complete_setup_from_event":
            try allow(args, ["event", "customer"])
            // The typed Event that verify_webhook returned, bound with `as`.
            guard case .string(let reference)? = raw["event"], reference.hasPrefix("$"),
                  let event = events[String(reference.dropFirst())] else {
                throw CaseError("complete_setup_from_event needs a verified event bound with `as`")
            }
            let saved = try await client.completeSetupFromEvent(
                event: event,
                customer: try optString(args, "customer")
            )
            return CallResult(json: try completed(saved))
        case "verify_webhook":
            try allow(args, ["payload", "signature_header", "secret", "tolerance"])
            // Whole seconds (an Int64), passed through as they are: the core refuses a negative
            // one (invalid_input naming tolerance), never clamps it.
            let tolerance = try optInt(args, "tolerance")
            let event = try constructEvent(
                payload: Data(try reqString(args, "payload").utf8),
                signatureHeader: try reqString(args, "signature_header"),
                secret: try reqString(args, "secret"),
                tolerance: tolerance
            )
            return CallResult(json: try JSON.parse(event.json), event: event)
        default:
            throw CaseError("the Swift runner has no call \(name)")
        }
    }

    private func returned(_ customer: Customer) throws -> JSON {
        try Conformance.returned(customer.json, customer.lastResponse)
    }

    private func returned(_ intent: SetupIntent) throws -> JSON {
        try Conformance.returned(intent.json, intent.lastResponse)
    }

    private func returned(_ method: PaymentMethod) throws -> JSON {
        try Conformance.returned(method.json, method.lastResponse)
    }

    private func completed(_ saved: CompletedSetup) throws -> JSON {
        .object([
            "customer_id": .string(saved.customerId),
            "payment_method_id": .string(saved.paymentMethodId),
            "session": try Conformance.returned(saved.session),
            "setup_intent": try Conformance.returned(saved.setupIntent.json, saved.setupIntent.lastResponse),
            // Came expanded inside the SetupIntent: Stripe's JSON only, as in the Rust runner.
            "payment_method": try saved.paymentMethod.map { try JSON.parse($0.json) } ?? .null,
        ])
    }

    // MARK: simulator steps

    private func simStep(_ name: String, _ args: Args) async throws -> JSON {
        let method: String
        let path: String
        var body: JSON?
        switch name {
        case "complete_session":
            try allow(args, ["session", "payment_method", "email", "name"])
            let session = try reqString(args, "session")
            method = "POST"
            path = "/_sim/checkout/sessions/\(session)/complete"
            body = .object(args.filter { $0.key != "session" })
        case "fault":
            try allow(args, ["method", "path", "kind", "count", "delay_ms"])
            (method, path, body) = ("POST", "/_sim/faults", .object(args))
        case "webhook_endpoint":
            try allow(args, ["secret", "url"])
            (method, path, body) = ("POST", "/_sim/webhook_endpoints", .object(args))
        case "events":
            try allow(args, ["type"])
            var query = ""
            if let kind = try optString(args, "type") {
                query = "?type=" + (kind.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? kind)
            }
            (method, path) = ("GET", "/_sim/events\(query)")
        case "sign_webhook":
            try allow(args, ["payload", "secrets", "timestamp_offset"])
            let now = Int64(Date().timeIntervalSince1970)
            (method, path) = ("POST", "/_sim/webhooks/sign")
            body = .object([
                "payload": .string(try reqString(args, "payload")),
                "secrets": args["secrets"] ?? .array([]),
                "timestamp": .int(now + (try optInt(args, "timestamp_offset") ?? 0)),
            ])
        case "requests":
            try allow(args, ["method", "path"])
            (method, path) = ("GET", "/_sim/requests")
        case "expire_idempotency_keys":
            try allow(args, [])
            (method, path) = ("POST", "/_sim/idempotency/expire")
        case "objects":
            try allow(args, ["kind"])
            (method, path) = ("GET", "/_sim/objects/\(try reqString(args, "kind"))")
        default:
            throw CaseError("unknown sim step \(name)")
        }
        let (status, value) = try await sim.control(method, path, body)
        guard (200..<300).contains(status) else {
            return .object(["status": .int(Int64(status)), "error": value["error"] ?? value])
        }
        if name == "requests" {
            let wantMethod = try optString(args, "method")
            let wantPath = try optString(args, "path")
            let entries = (value["data"]?.arrayValue ?? []).filter { entry in
                (wantMethod == nil || entry["method"]?.stringValue == wantMethod)
                    && (wantPath.map { prefix in entry["path"]?.stringValue?.hasPrefix(prefix) ?? false } ?? true)
            }
            var fields = value.objectValue ?? [:]
            fields["data"] = .array(entries)
            return .object(fields)
        }
        return value
    }
}

/// A call's arguments as every binding takes them: the path's `id` and the request options
/// (`idempotency_key`, `stripe_account`, `timeout_ms`, `max_retries`, `extra_params`) and
/// `expand` taken out, and the rest, the parameters, sent as JSON to the `paramsJson` form of
/// the call (the one the typed Swift calls use), where the core reads them strictly.
struct Call {
    private var rest: Args
    var id = ""
    var options = RequestOptions()
    var expand: [String] = []

    init(_ args: Args) throws {
        rest = args
        id = try takeString("id") ?? ""
        options.idempotencyKey = try takeString("idempotency_key")
        options.stripeAccount = try takeString("stripe_account")
        // RequestOptions.timeout is a Double of seconds.
        if let ms = take("timeout_ms") { options.timeout = Double(try reqInt(["timeout_ms": ms], "timeout_ms")) / 1000 }
        if let retries = take("max_retries") {
            guard let retries = UInt32(exactly: try reqInt(["max_retries": retries], "max_retries")) else {
                throw CaseError("max_retries out of range")
            }
            options.maxRetries = retries
        }
        options.extraParamsJson = try take("extra_params").map { try $0.text() }
        if let paths = take("expand") { expand = try expandPaths(["expand": paths]) }
    }

    mutating func take(_ key: String) -> JSON? {
        guard let value = rest.removeValue(forKey: key), !value.isNull else { return nil }
        return value
    }

    mutating func takeString(_ key: String) throws -> String? {
        try take(key).map { value in
            guard let text = value.stringValue else { throw CaseError("\(key) must be a string") }
            return text
        }
    }

    /// The parameters as JSON; `with` adds those that are not nil (a flow's own key).
    func params(with more: [String: String?] = [:]) throws -> String {
        var fields = rest
        for case let (key, value?) in more { fields[key] = .string(value) }
        return try JSON.object(fields).text()
    }

    /// A call that takes no parameters.
    func none() throws { try allow(rest, []) }
}

// MARK: argument helpers (strict: a wrong type fails the case)

func allow(_ args: Args, _ known: [String]) throws {
    if let unknown = args.keys.sorted().first(where: { !known.contains($0) }) {
        throw CaseError("unknown argument \(unknown.debugDescription)")
    }
}

func optString(_ args: Args, _ key: String) throws -> String? {
    switch args[key] {
    case nil, .null?: return nil
    case .string(let text)?: return text
    case let other?: throw CaseError("\(key) must be a string, got \(other)")
    }
}

func reqString(_ args: Args, _ key: String) throws -> String {
    guard let value = try optString(args, key) else { throw CaseError("\(key) is required") }
    return value
}

func optInt(_ args: Args, _ key: String) throws -> Int64? {
    switch args[key] {
    case nil, .null?: return nil
    case .int(let number)?: return number
    case let other?: throw CaseError("\(key) must be an integer, got \(other)")
    }
}

func reqInt(_ args: Args, _ key: String) throws -> Int64 {
    guard let value = try optInt(args, key) else { throw CaseError("\(key) is required") }
    return value
}

func optBool(_ args: Args, _ key: String) throws -> Bool? {
    switch args[key] {
    case nil, .null?: return nil
    case .bool(let flag)?: return flag
    case let other?: throw CaseError("\(key) must be a boolean, got \(other)")
    }
}

func expandPaths(_ args: Args) throws -> [String] {
    switch args["expand"] {
    case nil, .null?: return []
    case .array(let items)?:
        return try items.map { item in
            guard let text = item.stringValue else { throw CaseError("expand takes strings") }
            return text
        }
    case let other?: throw CaseError("expand must be an array, got \(other)")
    }
}

private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
