package offsession.tests

import java.io.File
import java.net.URLEncoder
import java.nio.charset.StandardCharsets
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.doubleOrNull
import kotlinx.serialization.json.longOrNull
import offsession.ChargeOutcome
import offsession.CheckoutSession
import offsession.Client
import offsession.ClientConfig
import offsession.CompletedRecovery
import offsession.CompletedSetup
import offsession.Customer
import offsession.ErrorDetails
import offsession.Event
import offsession.OffsessionException
import offsession.PaymentIntent
import offsession.PaymentMethod
import offsession.RequestOptions
import offsession.ResponseMeta
import offsession.SetupIntent
import offsession.asFlow
import offsession.checkoutSessions
import offsession.constructEvent
import offsession.customers
import offsession.paymentIntents
import offsession.paymentMethods
import offsession.setupIntents

/**
 * The Kotlin runner of the shared conformance cases (tests/conformance/README.md).
 *
 * Each `do` step maps onto the Kotlin API (`suspend`): the arguments are split generically into
 * the id, the request options and the parameters, sent as JSON (see [CaseRunner.Call]); results
 * are compared in Stripe's JSON, read from the records' `json` fields, plus
 * `last_response` (from the records' `lastResponse`) on the objects a call returned. Anything the
 * runner cannot express (an unknown call, argument, sim step or matcher) throws [CaseError], so
 * the case fails: nothing is skipped.
 */
class CaseError(message: String) : AssertionError(message)

typealias Args = Map<String, JsonElement>

object Conformance {
    val casesDirectory: File = File(
        System.getenv("OFFSESSION_CONFORMANCE_CASES") ?: error("OFFSESSION_CONFORMANCE_CASES is not set"),
    )

    /** The case files, sorted. */
    fun caseFiles(): List<File> =
        casesDirectory.listFiles { file -> file.name.endsWith(".json") }.orEmpty().sortedBy { it.name }

    /** Runs one case file against a fresh simulator. */
    suspend fun run(file: File) {
        val testCase = Json.parseToJsonElement(file.readText())
        Sim().use { sim -> CaseRunner(sim, testCase).run() }
    }

    /** The error shape every runner compares. */
    fun errorShape(details: ErrorDetails): JsonElement = JsonObject(
        mapOf(
            "kind" to JsonPrimitive(details.kind),
            "code" to JsonPrimitive(details.code),
            "decline_code" to JsonPrimitive(details.declineCode),
            "param" to JsonPrimitive(details.param),
            "http_status" to JsonPrimitive(details.httpStatus?.toInt()),
            "request_id" to JsonPrimitive(details.requestId),
            "message" to JsonPrimitive(details.message),
            "idempotency_key" to JsonPrimitive(details.idempotencyKey),
            "payment_intent" to (details.paymentIntent?.let { parse(it.json) } ?: JsonNull),
        ),
    )

    /**
     * An object a call returned: Stripe's JSON plus `last_response`, what the SDK exposes as
     * `lastResponse` (absent when the object came inside another, as in an expansion).
     */
    fun returned(json: String, lastResponse: ResponseMeta?): JsonElement {
        val fields = parse(json) as? JsonObject ?: throw CaseError("an object's json is not an object: $json")
        if (lastResponse == null) return fields
        return JsonObject(
            fields + (
                "last_response" to obj(
                    "http_status" to JsonPrimitive(lastResponse.httpStatus.toInt()),
                    "request_id" to JsonPrimitive(lastResponse.requestId),
                    "idempotent_replayed" to JsonPrimitive(lastResponse.idempotentReplayed),
                    "idempotency_key" to JsonPrimitive(lastResponse.idempotencyKey),
                )
                ),
        )
    }

    fun returned(intent: PaymentIntent) = returned(intent.json, intent.lastResponse)

    fun returned(session: CheckoutSession) = returned(session.json, session.lastResponse)

    fun returned(customer: Customer) = returned(customer.json, customer.lastResponse)

    fun returned(intent: SetupIntent) = returned(intent.json, intent.lastResponse)

    fun returned(method: PaymentMethod) = returned(method.json, method.lastResponse)

    /** The outcome shape every runner compares: `outcome` named as in every binding. */
    fun outcomeShape(outcome: ChargeOutcome): JsonElement {
        // `when` over the sealed class is exhaustive: a seventh outcome fails to compile here.
        fun intent(name: String, paymentIntent: PaymentIntent) = obj(
            "outcome" to JsonPrimitive(name),
            "payment_intent" to returned(paymentIntent),
        )
        return when (outcome) {
            is ChargeOutcome.Succeeded -> intent("succeeded", outcome.paymentIntent)
            is ChargeOutcome.Processing -> intent("processing", outcome.paymentIntent)
            is ChargeOutcome.RequiresCapture -> intent("requires_capture", outcome.paymentIntent)
            is ChargeOutcome.RequiresAction -> intent("requires_action", outcome.paymentIntent)
            is ChargeOutcome.NeedsRecovery -> obj(
                "outcome" to JsonPrimitive("needs_recovery"),
                "error" to errorShape(outcome.error),
                "payment_intent" to (outcome.paymentIntent?.let { returned(it) } ?: JsonNull),
                "recovery_session" to returned(outcome.recoverySession),
            )
            is ChargeOutcome.RecoveryFailed -> obj(
                "outcome" to JsonPrimitive("recovery_failed"),
                "error" to errorShape(outcome.error),
                "payment_intent" to (outcome.paymentIntent?.let { returned(it) } ?: JsonNull),
                "recovery_error" to errorShape(outcome.recoveryError),
            )
        }
    }

    fun parse(json: String): JsonElement = Json.parseToJsonElement(json)
}

/** The client settings of a case, changed by `new_client`. */
data class Settings(
    val apiKey: String = "sk_test_conformance",
    val baseUrl: String,
    val maxRetries: UInt = 2u,
    val timeoutMs: Long? = null,
    val stripeAccount: String? = null,
    val headers: Map<String, String> = emptyMap(),
) {
    fun apply(args: Args): Settings {
        allow(args, "api_key", "base_url", "max_retries", "timeout_ms", "stripe_account", "headers")
        return copy(
            apiKey = optString(args, "api_key") ?: apiKey,
            baseUrl = optString(args, "base_url") ?: baseUrl,
            maxRetries = optLong(args, "max_retries")?.let {
                if (it < 0 || it > UInt.MAX_VALUE.toLong()) throw CaseError("max_retries out of range")
                it.toUInt()
            } ?: maxRetries,
            // Passed through as it is, negative or zero included: the core refuses those
            // (invalid_input naming timeout), so a case can expect that error.
            timeoutMs = optLong(args, "timeout_ms") ?: timeoutMs,
            stripeAccount = optString(args, "stripe_account") ?: stripeAccount,
            headers = args["headers"]?.let { value ->
                val fields = value as? JsonObject ?: throw CaseError("headers must be an object")
                fields.mapValues { (_, field) ->
                    (field as? JsonPrimitive)?.takeIf { it.isString }?.content
                        ?: throw CaseError("header values must be strings")
                }
            } ?: headers,
        )
    }

    fun build(): Client = Client(
        ClientConfig(
            apiKey = apiKey,
            baseUrl = baseUrl,
            maxRetries = maxRetries,
            // ClientConfig.timeout is a Double of seconds.
            timeout = timeoutMs?.let { it / 1000.0 },
            stripeAccount = stripeAccount,
            headers = headers,
        ),
    )
}

/** A call's result as JSON, plus the typed event when the call verified one. */
class CallResult(val json: JsonElement, val event: Event? = null)

class CaseRunner(private val sim: Sim, testCase: JsonElement) {
    private val steps: List<JsonElement>
    private val bindings = mutableMapOf<String, JsonElement>("sim" to obj("url" to JsonPrimitive(sim.url)))

    /** Verified events bound with `as`, for `complete_setup_from_event`. */
    private val events = mutableMapOf<String, Event>()
    private var settings = Settings(baseUrl = sim.url)
    private var client: Client

    init {
        val fields = testCase as? JsonObject ?: throw CaseError("a case is an object")
        allow(fields, "name", "covers", "client", "steps")
        steps = (fields["steps"] as? JsonArray) ?: throw CaseError("a case needs steps")
        fields["client"]?.let { block ->
            settings = settings.apply(block as? JsonObject ?: throw CaseError("client must be an object"))
        }
        client = try {
            settings.build()
        } catch (e: OffsessionException) {
            throw CaseError("client: ${e.details()}")
        }
    }

    suspend fun run() {
        steps.forEachIndexed { index, step ->
            val label = (step as? JsonObject)?.let { it.string("do") ?: it.string("sim") } ?: "?"
            try {
                runStep(step)
            } catch (e: CaseError) {
                throw CaseError("step ${index + 1} ($label): ${e.message}")
            }
        }
    }

    private suspend fun runStep(element: JsonElement) {
        val step = element as? JsonObject ?: throw CaseError("a step is an object")
        allow(step, "do", "sim", "with", "as", "expect", "expect_error")
        val raw: Args = when (val with = step["with"]) {
            null -> emptyMap()
            is JsonObject -> with
            else -> throw CaseError("`with` must be an object")
        }
        val args = resolve(JsonObject(raw)) as JsonObject
        val call = step["do"]
        val simName = step["sim"]
        val result: CallResult = when {
            call != null && simName == null -> {
                val name = call.stringOrNull() ?: throw CaseError("`do` must be a string")
                val outcome: Result<CallResult> = try {
                    if (name == "new_client") {
                        val candidate = settings.apply(args)
                        client = candidate.build()
                        settings = candidate
                        Result.success(CallResult(JsonObject(emptyMap())))
                    } else {
                        Result.success(sdkCall(name, args, raw))
                    }
                } catch (e: OffsessionException) {
                    Result.failure(e)
                }
                val expectError = step["expect_error"]
                val error = outcome.exceptionOrNull() as OffsessionException?
                when {
                    error == null && expectError == null -> outcome.getOrThrow()
                    error == null -> throw CaseError("expected an error, got ${outcome.getOrThrow().json}")
                    expectError != null -> {
                        val shape = Conformance.errorShape(error.details())
                        try {
                            check(expectError, shape)
                        } catch (e: CaseError) {
                            throw CaseError("${e.message}\n  error was: $shape")
                        }
                        return
                    }
                    else -> throw CaseError("unexpected error: ${Conformance.errorShape(error.details())}")
                }
            }
            call == null && simName != null -> {
                if (step["expect_error"] != null) throw CaseError("a sim step cannot expect_error; use expect")
                CallResult(simStep(simName.stringOrNull() ?: throw CaseError("`sim` must be a string"), args))
            }
            else -> throw CaseError("a step needs exactly one of `do` and `sim`")
        }
        // Bound first, so a step's own matchers may refer to its result.
        step["as"]?.let { name ->
            val key = name.stringOrNull() ?: throw CaseError("`as` must be a string")
            bindings[key] = result.json
            if (result.event != null) events[key] = result.event else events.remove(key)
        }
        step["expect"]?.let { matchers ->
            try {
                check(matchers, result.json)
            } catch (e: CaseError) {
                throw CaseError("${e.message}\n  result was: ${result.json}")
            }
        }
    }

    // References and matchers.

    private fun resolve(value: JsonElement): JsonElement = when {
        value is JsonPrimitive && value.isString && value.content.startsWith("$") -> {
            val reference = value.content.drop(1)
            val name = reference.substringBefore(".")
            val path = if ('.' in reference) reference.substringAfter(".") else ""
            val root = bindings[name] ?: throw CaseError("${value.content}: nothing is bound to $name")
            at(root, path) ?: throw CaseError("${value.content}: no value at $path")
        }
        value is JsonArray -> JsonArray(value.map(::resolve))
        value is JsonObject -> JsonObject(value.mapValues { resolve(it.value) })
        else -> value
    }

    private fun check(matchers: JsonElement, result: JsonElement) {
        val fields = matchers as? JsonObject ?: throw CaseError("matchers must be an object")
        for ((path, matcher) in fields.entries.sortedBy { it.key }) {
            val entry = (matcher as? JsonObject)?.entries?.singleOrNull()
                ?: throw CaseError("$path: a matcher is an object with one key, got $matcher")
            val kind = entry.key
            val expected = resolve(entry.value)
            val actual = at(result, path)
            val present = actual != null && actual !is JsonNull
            val pass = when (kind) {
                "equals" -> actual == expected || (expected is JsonNull && !present)
                "prefix" -> actual.stringOrNull()?.startsWith(expected.stringOrNull() ?: fail(kind)) ?: false
                "contains" -> actual.stringOrNull()?.contains(expected.stringOrNull() ?: fail(kind)) ?: false
                "present" -> present == ((expected as? JsonPrimitive)?.booleanOrNull ?: fail(kind))
                "absent" -> present != ((expected as? JsonPrimitive)?.booleanOrNull ?: fail(kind))
                "count" -> {
                    val wanted = (expected as? JsonPrimitive)?.longOrNull ?: fail(kind)
                    (actual as? JsonArray)?.size?.toLong() == wanted
                }
                "at_least" -> {
                    val wanted = (expected as? JsonPrimitive)?.takeIf { !it.isString }?.doubleOrNull ?: fail(kind)
                    val number = (actual as? JsonPrimitive)?.takeIf { !it.isString }?.doubleOrNull
                    number != null && number >= wanted
                }
                else -> throw CaseError("unknown matcher $kind")
            }
            if (!pass) throw CaseError("\"$path\": expected $kind $expected, found ${actual ?: "(missing)"}")
        }
    }

    private fun fail(kind: String): Nothing = throw CaseError("$kind takes a value of the right type")

    // SDK calls.

    /**
     * A call's arguments as every binding takes them: the path's `id` and the request options
     * (`idempotency_key`, `stripe_account`, `timeout_ms`, `max_retries`, `extra_params`) and
     * `expand` taken out, and the rest, the parameters, sent as JSON to the `paramsJson` form
     * of the call (the one the typed Kotlin calls use), where the core reads them strictly.
     */
    private class Call(args: Args) {
        private val rest = args.toMutableMap()
        val id: String = take("id")?.let { it.stringOrNull() ?: throw CaseError("id must be a string") } ?: ""
        val options = RequestOptions(
            idempotencyKey = takeString("idempotency_key"),
            stripeAccount = takeString("stripe_account"),
            // RequestOptions.timeout is a Double of seconds.
            timeout = take("timeout_ms")?.let { optLong(mapOf("timeout_ms" to it), "timeout_ms")!! / 1000.0 },
            maxRetries = take("max_retries")?.let {
                val retries = optLong(mapOf("max_retries" to it), "max_retries")!!
                if (retries < 0 || retries > UInt.MAX_VALUE.toLong()) throw CaseError("max_retries out of range")
                retries.toUInt()
            },
            extraParamsJson = take("extra_params")?.toString(),
        )
        val expand: List<String> = take("expand")?.let { expand(mapOf("expand" to it)) } ?: emptyList()

        fun take(key: String): JsonElement? = rest.remove(key)?.takeIf { it !is JsonNull }

        fun takeString(key: String): String? = take(key)?.let { it.stringOrNull() ?: throw CaseError("$key must be a string") }

        /** The parameters as JSON; [with] adds one (a flow's own idempotency key). */
        fun params(vararg with: Pair<String, String?>): String =
            JsonObject(rest + with.mapNotNull { (key, value) -> value?.let { key to JsonPrimitive(it) } }).toString()

        /** A call that takes no parameters. */
        fun none() = allow(rest)
    }

    private suspend fun sdkCall(name: String, args: Args, raw: Args): CallResult {
        val call = Call(args)
        val (id, options) = call.id to call.options
        return CallResult(
            when (name) {
                "create_customer" -> Conformance.returned(client.customers.create(call.params(), options))
                "retrieve_customer" -> call.none().let { Conformance.returned(client.customers.retrieve(id, options)) }
                "update_customer" -> Conformance.returned(client.customers.update(id, call.params(), options))
                "list_payment_methods" -> {
                    val page = client.customers.listPaymentMethods(id, call.params(), call.expand, options)
                    Conformance.returned(page.json, page.lastResponse)
                }
                "list_all_payment_methods" -> {
                    // The Flow every Kotlin caller collects, over the paginator of these parameters.
                    val all = client.customers.paymentMethods(id, call.params(), options).use { it.asFlow().toList() }
                    obj("data" to JsonArray(all.map { Conformance.parse(it.json) }))
                }
                "create_checkout_session" -> Conformance.returned(client.checkoutSessions.create(call.params(), options))
                "retrieve_checkout_session" ->
                    call.none().let { Conformance.returned(client.checkoutSessions.retrieve(id, call.expand, options)) }
                "expire_checkout_session" -> call.none().let { Conformance.returned(client.checkoutSessions.expire(id, options)) }
                "retrieve_setup_intent" ->
                    call.none().let { Conformance.returned(client.setupIntents.retrieve(id, call.expand, options)) }
                "retrieve_payment_method" -> call.none().let { Conformance.returned(client.paymentMethods.retrieve(id, options)) }
                "attach_payment_method" -> Conformance.returned(client.paymentMethods.attach(id, call.params(), options))
                "detach_payment_method" -> call.none().let { Conformance.returned(client.paymentMethods.detach(id, options)) }
                "create_payment_intent" -> Conformance.returned(client.paymentIntents.create(call.params(), options))
                "retrieve_payment_intent" ->
                    call.none().let { Conformance.returned(client.paymentIntents.retrieve(id, call.expand, options)) }
                "cancel_payment_intent" -> Conformance.returned(client.paymentIntents.cancel(id, call.params(), options))
                "raw_request" -> {
                    val method = call.takeString("method") ?: throw CaseError("raw_request needs a method")
                    val path = call.takeString("path") ?: throw CaseError("raw_request needs a path")
                    val params = call.take("params")?.let { it as? JsonObject ?: throw CaseError("params must be an object") }
                    call.none()
                    val response = client.rawRequest(method, path, params?.toString(), options)
                    when (val body = Conformance.parse(response.json)) {
                        is JsonObject -> Conformance.returned(response.json, response.lastResponse)
                        else -> body
                    }
                }
                "complete_recovery" -> {
                    val sessionId = call.takeString("session_id") ?: ""
                    call.none()
                    recovered(client.completeRecovery(sessionId))
                }
                // A flow's own key is one of its parameters, not a request option.
                "start_setup" -> {
                    val started = client.startSetup(call.params("idempotency_key" to options.idempotencyKey))
                    obj(
                        "customer_id" to JsonPrimitive(started.customerId),
                        "url" to JsonPrimitive(started.url),
                        "session" to Conformance.returned(started.session),
                    )
                }
                "charge_off_session" ->
                    Conformance.outcomeShape(client.chargeOffSession(call.params("idempotency_key" to options.idempotencyKey)))
                "complete_setup" -> {
                    allow(args, "session_id", "customer")
                    completed(client.completeSetup(reqString(args, "session_id"), optString(args, "customer")))
                }
                "complete_setup_from_event" -> {
                    allow(args, "event", "customer")
                    // The typed Event that verify_webhook returned, bound with `as`.
                    val reference = raw["event"].stringOrNull()
                    val event = reference?.takeIf { it.startsWith("$") }?.let { events[it.drop(1)] }
                        ?: throw CaseError("complete_setup_from_event needs a verified event bound with `as`")
                    completed(client.completeSetupFromEvent(event, optString(args, "customer")))
                }
                "verify_webhook" -> {
                    allow(args, "payload", "signature_header", "secret", "tolerance")
                    val event = constructEvent(
                        reqString(args, "payload").toByteArray(StandardCharsets.UTF_8),
                        reqString(args, "signature_header"),
                        reqString(args, "secret"),
                        // Whole seconds (a Long), passed through as they are: the core refuses a
                        // negative one (invalid_input naming tolerance), never clamps it.
                        optLong(args, "tolerance"),
                    )
                    return CallResult(Conformance.parse(event.json), event)
                }
                else -> throw CaseError("the Kotlin runner has no call $name")
            },
        )
    }

    private fun completed(saved: CompletedSetup): JsonElement = obj(
        "customer_id" to JsonPrimitive(saved.customerId),
        "payment_method_id" to JsonPrimitive(saved.paymentMethodId),
        "session" to Conformance.returned(saved.session),
        "setup_intent" to Conformance.returned(saved.setupIntent.json, saved.setupIntent.lastResponse),
        // Came expanded inside the SetupIntent: Stripe's JSON only, as in the Rust runner.
        "payment_method" to (saved.paymentMethod?.let { Conformance.parse(it.json) } ?: JsonNull),
    )

    private fun recovered(recovered: CompletedRecovery): JsonElement = obj(
        "customer_id" to JsonPrimitive(recovered.customerId),
        "payment_method_id" to JsonPrimitive(recovered.paymentMethodId),
        "payment_intent" to Conformance.returned(recovered.paymentIntent),
        "declined_payment_intent_id" to JsonPrimitive(recovered.declinedPaymentIntentId),
        "session" to Conformance.returned(recovered.session),
    )

    // Simulator steps.

    private fun simStep(name: String, args: Args): JsonElement {
        val (method, path, body) = when (name) {
            "complete_session" -> {
                allow(args, "session", "payment_method", "email", "name")
                Triple("POST", "/_sim/checkout/sessions/${reqString(args, "session")}/complete", JsonObject(args - "session"))
            }
            "fault" -> {
                allow(args, "method", "path", "kind", "count", "delay_ms")
                Triple("POST", "/_sim/faults", JsonObject(args))
            }
            "webhook_endpoint" -> {
                allow(args, "secret", "url")
                Triple("POST", "/_sim/webhook_endpoints", JsonObject(args))
            }
            "events" -> {
                allow(args, "type")
                val query = optString(args, "type")?.let { "?type=" + URLEncoder.encode(it, StandardCharsets.UTF_8) } ?: ""
                Triple("GET", "/_sim/events$query", null)
            }
            "sign_webhook" -> {
                allow(args, "payload", "secrets", "timestamp_offset")
                val now = System.currentTimeMillis() / 1000
                Triple(
                    "POST",
                    "/_sim/webhooks/sign",
                    obj(
                        "payload" to JsonPrimitive(reqString(args, "payload")),
                        "secrets" to (args["secrets"] ?: JsonArray(emptyList())),
                        "timestamp" to JsonPrimitive(now + (optLong(args, "timestamp_offset") ?: 0)),
                    ),
                )
            }
            "requests" -> {
                allow(args, "method", "path")
                Triple("GET", "/_sim/requests", null)
            }
            "expire_idempotency_keys" -> {
                allow(args)
                Triple("POST", "/_sim/idempotency/expire", null)
            }
            "objects" -> {
                allow(args, "kind")
                Triple("GET", "/_sim/objects/${reqString(args, "kind")}", null)
            }
            else -> throw CaseError("unknown sim step $name")
        }
        val (status, value) = sim.control(method, path, body)
        if (status !in 200..299) {
            return obj("status" to JsonPrimitive(status), "error" to ((value as? JsonObject)?.get("error") ?: value))
        }
        if (name == "requests") {
            val wantMethod = optString(args, "method")
            val wantPath = optString(args, "path")
            val fields = value as? JsonObject ?: throw CaseError("requests: not an object")
            val entries = (fields["data"] as? JsonArray).orEmpty().filter { entry ->
                val e = entry as? JsonObject
                (wantMethod == null || e?.string("method") == wantMethod) &&
                    (wantPath == null || e?.string("path")?.startsWith(wantPath) == true)
            }
            return JsonObject(fields + ("data" to JsonArray(entries)))
        }
        return value
    }
}

// JSON and argument helpers (strict: a wrong type fails the case).

fun obj(vararg pairs: Pair<String, JsonElement>): JsonObject = JsonObject(mapOf(*pairs))

fun JsonElement?.stringOrNull(): String? = (this as? JsonPrimitive)?.takeIf { it.isString }?.content

fun JsonObject.string(key: String): String? = this[key].stringOrNull()

/** The value at a dotted path (`a.b.0.c`); the empty path is the value itself. */
fun at(value: JsonElement, path: String): JsonElement? {
    if (path.isEmpty()) return value
    var current: JsonElement = value
    for (segment in path.split(".")) {
        current = when (current) {
            is JsonObject -> current[segment] ?: return null
            is JsonArray -> segment.toIntOrNull()?.let { current.getOrNull(it) } ?: return null
            else -> return null
        }
    }
    return current
}

fun allow(args: Args, vararg known: String) {
    args.keys.sorted().firstOrNull { it !in known }?.let { throw CaseError("unknown argument \"$it\"") }
}

fun optString(args: Args, key: String): String? = when (val value = args[key]) {
    null, JsonNull -> null
    else -> value.stringOrNull() ?: throw CaseError("$key must be a string, got $value")
}

fun reqString(args: Args, key: String): String = optString(args, key) ?: throw CaseError("$key is required")

fun optLong(args: Args, key: String): Long? = when (val value = args[key]) {
    null, JsonNull -> null
    else -> (value as? JsonPrimitive)?.takeIf { !it.isString }?.longOrNull
        ?: throw CaseError("$key must be an integer, got $value")
}

fun reqLong(args: Args, key: String): Long = optLong(args, key) ?: throw CaseError("$key is required")

fun optBool(args: Args, key: String): Boolean? = when (val value = args[key]) {
    null, JsonNull -> null
    else -> (value as? JsonPrimitive)?.takeIf { !it.isString }?.booleanOrNull
        ?: throw CaseError("$key must be a boolean, got $value")
}

fun expand(args: Args): List<String> = when (val value = args["expand"]) {
    null, JsonNull -> emptyList()
    is JsonArray -> value.map { it.stringOrNull() ?: throw CaseError("expand takes strings") }
    else -> throw CaseError("expand must be an array, got $value")
}
