// The Swift runner of the shared conformance cases (tests/conformance/README.md).
//
// Each `do` step maps onto the idiomatic Swift API (records in, records out, `async throws`);
// results are compared in Stripe's JSON, read from the records' `json` fields, plus
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
        switch name {
        case "create_customer":
            try allow(args, ["email", "name", "description", "metadata", "idempotency_key"])
            let customer = try await client.customers().create(params: CreateCustomer(
                email: try optString(args, "email"),
                name: try optString(args, "name"),
                description: try optString(args, "description"),
                metadata: try metadata(args),
                idempotencyKey: try optString(args, "idempotency_key")
            ))
            return CallResult(json: try Conformance.returned(customer.json, customer.lastResponse))
        case "retrieve_customer":
            try allow(args, ["id"])
            let customer = try await client.customers().retrieve(id: try reqString(args, "id"))
            return CallResult(json: try Conformance.returned(customer.json, customer.lastResponse))
        case "create_checkout_session":
            try allow(args, ["mode", "currency", "customer", "customer_email", "success_url",
                             "cancel_url", "metadata", "line_items", "idempotency_key"])
            let session = try await client.checkoutSessions().create(params: CreateCheckoutSession(
                mode: try optString(args, "mode"),
                successUrl: try optString(args, "success_url") ?? "",
                cancelUrl: try optString(args, "cancel_url"),
                currency: try optString(args, "currency"),
                customer: try optString(args, "customer"),
                customerEmail: try optString(args, "customer_email"),
                lineItems: try lineItems(args),
                metadata: try metadata(args),
                idempotencyKey: try optString(args, "idempotency_key")
            ))
            return CallResult(json: try Conformance.returned(session))
        case "retrieve_checkout_session":
            try allow(args, ["id", "expand"])
            let session = try await client.checkoutSessions()
                .retrieve(id: try reqString(args, "id"), expand: try expand(args))
            return CallResult(json: try Conformance.returned(session))
        case "retrieve_setup_intent":
            try allow(args, ["id", "expand"])
            let intent = try await client.setupIntents()
                .retrieve(id: try reqString(args, "id"), expand: try expand(args))
            return CallResult(json: try Conformance.returned(intent.json, intent.lastResponse))
        case "retrieve_payment_method":
            try allow(args, ["id"])
            let method = try await client.paymentMethods().retrieve(id: try reqString(args, "id"))
            return CallResult(json: try Conformance.returned(method.json, method.lastResponse))
        case "attach_payment_method":
            try allow(args, ["id", "customer", "idempotency_key"])
            let method = try await client.paymentMethods().attach(
                id: try reqString(args, "id"),
                params: AttachPaymentMethod(
                    customer: try reqString(args, "customer"),
                    idempotencyKey: try optString(args, "idempotency_key")
                )
            )
            return CallResult(json: try Conformance.returned(method.json, method.lastResponse))
        case "create_payment_intent":
            try allow(args, ["amount", "currency", "customer", "payment_method", "off_session",
                             "confirm", "description", "metadata", "idempotency_key"])
            let intent = try await client.paymentIntents().create(params: CreatePaymentIntent(
                amount: try reqInt(args, "amount"),
                currency: try reqString(args, "currency"),
                customer: try optString(args, "customer"),
                paymentMethod: try optString(args, "payment_method"),
                offSession: try optBool(args, "off_session"),
                confirm: try optBool(args, "confirm"),
                description: try optString(args, "description"),
                metadata: try metadata(args),
                idempotencyKey: try optString(args, "idempotency_key")
            ))
            return CallResult(json: try Conformance.returned(intent))
        case "retrieve_payment_intent":
            try allow(args, ["id", "expand"])
            let intent = try await client.paymentIntents()
                .retrieve(id: try reqString(args, "id"), expand: try expand(args))
            return CallResult(json: try Conformance.returned(intent))
        case "cancel_payment_intent":
            try allow(args, ["id", "cancellation_reason", "idempotency_key"])
            let intent = try await client.paymentIntents().cancel(
                id: try reqString(args, "id"),
                params: CancelPaymentIntent(
                    // Stripe's word, as a String: an unknown one is sent as it is (Stripe refuses it).
                    cancellationReason: try optString(args, "cancellation_reason"),
                    idempotencyKey: try optString(args, "idempotency_key")
                )
            )
            return CallResult(json: try Conformance.returned(intent))
        case "complete_recovery":
            try allow(args, ["session_id"])
            let recovered = try await client.completeRecovery(sessionId: try reqString(args, "session_id"))
            return CallResult(json: .object([
                "customer_id": .string(recovered.customerId),
                "payment_method_id": .string(recovered.paymentMethodId),
                "payment_intent": try Conformance.returned(recovered.paymentIntent),
                "declined_payment_intent_id": JSON(recovered.declinedPaymentIntentId),
                "session": try Conformance.returned(recovered.session),
            ]))
        case "start_setup":
            try allow(args, ["currency", "success_url", "cancel_url", "customer", "new_customer",
                             "metadata", "idempotency_key"])
            var newCustomer: CreateCustomer?
            switch args["new_customer"] {
            case nil, .null?:
                newCustomer = nil
            case .object(let fields)?:
                try allow(fields, ["email", "name", "description", "metadata"])
                newCustomer = CreateCustomer(
                    email: try optString(fields, "email"),
                    name: try optString(fields, "name"),
                    description: try optString(fields, "description"),
                    metadata: try metadata(fields)
                )
            default:
                throw CaseError("new_customer must be an object")
            }
            let started = try await client.startSetup(params: StartSetup(
                currency: try reqString(args, "currency"),
                successUrl: try reqString(args, "success_url"),
                cancelUrl: try optString(args, "cancel_url"),
                customer: try optString(args, "customer"),
                newCustomer: newCustomer,
                metadata: try metadata(args),
                idempotencyKey: try optString(args, "idempotency_key")
            ))
            return CallResult(json: .object([
                "customer_id": JSON(started.customerId),
                "url": JSON(started.url),
                "session": try Conformance.returned(started.session),
            ]))
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
        case "charge_off_session":
            try allow(args, ["customer", "payment_method", "amount", "currency", "description",
                             "metadata", "idempotency_key", "recovery"])
            guard let recoveryArgs = args["recovery"]?.objectValue else {
                throw CaseError("charge_off_session needs a recovery object")
            }
            try allow(recoveryArgs, ["product_name", "success_url", "cancel_url", "save_payment_method",
                                     "expires_at", "client_reference_id"])
            var recovery = Recovery(
                productName: try reqString(recoveryArgs, "product_name"),
                successUrl: try reqString(recoveryArgs, "success_url"),
                cancelUrl: try optString(recoveryArgs, "cancel_url"),
                expiresAt: try optInt(recoveryArgs, "expires_at"),
                clientReferenceId: try optString(recoveryArgs, "client_reference_id")
            )
            // Absent: the record's own default (true), not one the runner picks.
            if let save = try optBool(recoveryArgs, "save_payment_method") {
                recovery.savePaymentMethod = save
            }
            let outcome = try await client.chargeOffSession(charge: OffSessionCharge(
                customer: try reqString(args, "customer"),
                paymentMethod: try reqString(args, "payment_method"),
                amount: try reqInt(args, "amount"),
                currency: try reqString(args, "currency"),
                recovery: recovery,
                description: try optString(args, "description"),
                metadata: try metadata(args),
                // Required in Swift (a `String`, no default): leaving it out is a compile error
                // for users. A case that omits it expects the core's refusal of an empty key
                // (invalid_input naming idempotency_key), so "" stands for it.
                idempotencyKey: try optString(args, "idempotency_key") ?? ""
            ))
            return CallResult(json: try Conformance.outcomeShape(outcome))
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

func metadata(_ args: Args) throws -> [String: String] {
    switch args["metadata"] {
    case nil, .null?: return [:]
    case .object(let fields)?:
        return try fields.mapValues { value in
            guard let text = value.stringValue else { throw CaseError("metadata values must be strings") }
            return text
        }
    case let other?: throw CaseError("metadata must be an object, got \(other)")
    }
}

func expand(_ args: Args) throws -> [String] {
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

func lineItems(_ args: Args) throws -> [LineItem] {
    guard let value = args["line_items"] else { return [] }
    guard let items = value.arrayValue else { throw CaseError("line_items must be an array") }
    return try items.map { item in
        guard let item = item.objectValue else { throw CaseError("a line item must be an object") }
        try allow(item, ["price", "price_data", "quantity"])
        var priceData: PriceData?
        if let data = item["price_data"]?.objectValue {
            try allow(data, ["currency", "unit_amount", "product_data"])
            guard let product = data["product_data"]?.objectValue else {
                throw CaseError("price_data needs product_data")
            }
            try allow(product, ["name", "description"])
            priceData = PriceData(
                currency: try reqString(data, "currency"),
                unitAmount: try reqInt(data, "unit_amount"),
                productData: ProductData(
                    name: try reqString(product, "name"),
                    description: try optString(product, "description")
                )
            )
        }
        return LineItem(
            price: try optString(item, "price"),
            priceData: priceData,
            quantity: try optInt(item, "quantity") ?? 1
        )
    }
}

private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
