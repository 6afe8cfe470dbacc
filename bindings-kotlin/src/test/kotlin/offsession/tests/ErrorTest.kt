package offsession.tests

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import offsession.ChargeOutcome
import offsession.Client
import offsession.ClientConfig
import offsession.CreateCustomer
import offsession.CreatePaymentIntent
import offsession.OffSession
import offsession.OffSessionCharge
import offsession.OffsessionException
import offsession.RequestOptions
import offsession.StartSetup
import offsession.Webhook
import offsession.chargeOffSession
import offsession.constructEvent
import offsession.create
import offsession.customers
import offsession.paymentIntents
import offsession.startSetup
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test

/** Errors as Kotlin sees them: a sealed `OffsessionException`, matched with `when`/`is`. */
class ErrorTest {
    /** The kind of any error, matched exhaustively on the sealed class. */
    private fun kindOf(error: Throwable): String = when (error) {
        is OffsessionException.Card -> "Card"
        is OffsessionException.InvalidRequest -> "InvalidRequest"
        is OffsessionException.Authentication -> "Authentication"
        is OffsessionException.Permission -> "Permission"
        is OffsessionException.RateLimit -> "RateLimit"
        is OffsessionException.Idempotency -> "Idempotency"
        is OffsessionException.Api -> "Api"
        is OffsessionException.Connection -> "Connection"
        is OffsessionException.SignatureVerification -> "SignatureVerification"
        is OffsessionException.InvalidInput -> "InvalidInput"
        is OffsessionException.InvalidState -> "InvalidState"
        else -> "foreign ${error::class.qualifiedName}"
    }

    @Test
    fun aRefusedInputIsInvalidInputAndNothingIsSent() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            try {
                client.chargeOffSession(
                    OffSessionCharge(
                        customer = "cus_123", paymentMethod = "pm_123", amount = 0, currency = "usd",
                        recovery = recovery, idempotencyKey = "kotlin-order-0",
                    ),
                )
                fail<Nothing>("a zero amount was accepted")
            } catch (e: OffsessionException.InvalidInput) {
                assertEquals("invalid_input", e.details.kind)
                assertEquals("amount", e.details.param)
                assertNull(e.details.httpStatus)
            }
            val (_, log) = sim.control("GET", "/_sim/requests")
            assertEquals(0, ((log as JsonObject)["data"] as JsonArray).size, "a request was sent: $log")
        }
    }

    @Test
    fun aWrongKeyIsAuthentication() = Sim().use { sim ->
        runBlocking {
            val error = runCatching { simClient(sim, apiKey = "sk_live_not-a-test-key").customers.retrieve("cus_123") }
                .exceptionOrNull()
            when (error) {
                is OffsessionException.Authentication -> {
                    assertEquals("authentication_error", error.details.kind)
                    assertEquals(401, error.details.httpStatus?.toInt())
                    assertTrue(error.details.requestId?.startsWith("req_") == true, error.details.toString())
                }
                else -> fail<Nothing>("expected Authentication, got $error")
            }
        }
    }

    @Test
    fun aDeclinedDirectChargeIsACardErrorCarryingThePaymentIntent() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val saved = savedCard(client, sim, "pm_card_chargeCustomerFail")
            try {
                client.paymentIntents.create(
                    CreatePaymentIntent(
                        amount = 1099, currency = "usd", customer = saved.customerId,
                        paymentMethod = saved.paymentMethodId, offSession = OffSession.Bool(true), confirm = true,
                    ),
                )
                fail<Nothing>("the declined card was charged")
            } catch (e: OffsessionException) {
                assertEquals("card_error", e.kind())
                assertEquals("Card", kindOf(e))
                val details = (e as OffsessionException.Card).details
                // `code` is Stripe's code, as in the official SDKs; `kind` the stable kind.
                assertEquals("card_declined", details.code)
                assertEquals("card_error", details.kind)
                assertEquals("card_error", details.type)
                assertEquals("generic_decline", details.declineCode)
                assertEquals(402, details.httpStatus?.toInt())
                assertEquals("Your card was declined.", details.userMessage)
                assertEquals(false, details.retryable)
                assertTrue(details.requestId?.startsWith("req_") == true, details.toString())
                assertEquals(details.requestId, details.headers?.get("request-id"))
                val body = Json.parseToJsonElement(details.httpBody ?: "").jsonObject
                assertEquals("card_declined", body["error"]?.jsonObject?.get("code")?.jsonPrimitive?.content)
                assertEquals("requires_payment_method", details.paymentIntent?.status)
                assertEquals(1099L, details.paymentIntent?.amount)
                assertTrue(e.message.contains("card_error"), e.message)
            }
        }
    }

    @Test
    fun aDeclineOffSessionIsAnOutcomeWithARecoverySession() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val saved = savedCard(client, sim, "pm_card_authenticationRequired")
            val outcome = client.chargeOffSession(
                OffSessionCharge(
                    customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 2000,
                    currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-7",
                ),
            )
            when (outcome) {
                is ChargeOutcome.Succeeded, is ChargeOutcome.Processing, is ChargeOutcome.RequiresCapture,
                is ChargeOutcome.RequiresAction, is ChargeOutcome.RecoveryFailed,
                -> fail<Nothing>("expected a recovery, got $outcome")
                is ChargeOutcome.NeedsRecovery -> {
                    assertEquals("card_error", outcome.error.kind)
                    assertEquals("authentication_required", outcome.error.code)
                    assertEquals("requires_payment_method", outcome.paymentIntent?.status)
                    assertEquals("payment", outcome.recoverySession.mode)
                    assertEquals(2000L, outcome.recoverySession.amountTotal)
                    assertTrue(outcome.recoverySession.url?.startsWith("http") == true, outcome.recoverySession.toString())
                }
            }
        }
    }

    @Test
    fun everyKindKeepsItsStableKind() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim, maxRetries = 0u)
            suspend fun codeOf(call: suspend () -> Unit): String = try {
                call()
                "no error"
            } catch (e: OffsessionException) {
                "${kindOf(e)}=${e.details().kind}"
            }
            val codes = listOf(
                codeOf { client.customers.retrieve("cus_missing") },
                codeOf { constructEvent("{}".toByteArray(), "t=1,v1=00", "whsec_x") },
                codeOf { client.customers.retrieve("../etc") },
                codeOf {
                    client.customers.create(CreateCustomer(email = "a@example.com"), RequestOptions(idempotencyKey = "kotlin-same"))
                    client.customers.create(CreateCustomer(email = "b@example.com"), RequestOptions(idempotencyKey = "kotlin-same"))
                },
                codeOf {
                    Client(ClientConfig(apiKey = "sk_test_x", baseUrl = "http://127.0.0.1:9", maxRetries = 0u))
                        .customers.retrieve("cus_123")
                },
                codeOf {
                    // A setup session the customer has not finished.
                    val started = client.startSetup(StartSetup(currency = "usd", successUrl = "https://example.com/saved"))
                    client.completeSetup(started.session.id)
                },
            )
            assertEquals(
                listOf(
                    "InvalidRequest=invalid_request_error",
                    "SignatureVerification=signature_verification_error",
                    "InvalidInput=invalid_input",
                    "Idempotency=idempotency_error",
                    "Connection=api_connection_error",
                    "InvalidState=invalid_state",
                ),
                codes,
            )
        }
    }

    @Test
    fun numbersAreRangeCheckedByTheCoreNeverWrapped() = Sim().use { sim ->
        runBlocking {
            fun refusedParam(build: () -> Unit): String? =
                (runCatching(build).exceptionOrNull() as? OffsessionException.InvalidInput)?.details?.param
            val config = ClientConfig(apiKey = "sk_test_kotlin", baseUrl = sim.url)
            // UInt: -1 cannot be passed; its bit pattern, UInt.MAX_VALUE, is refused, not wrapped.
            assertEquals("max_retries", refusedParam { Client(config.copy(maxRetries = 11u)) })
            assertEquals("max_retries", refusedParam { Client(config.copy(maxRetries = UInt.MAX_VALUE)) })
            // Timeouts are Doubles of seconds.
            assertEquals("timeout", refusedParam { Client(config.copy(timeout = 0.0)) })
            assertEquals("connect_timeout", refusedParam { Client(config.copy(connectTimeout = 0.0)) })
            // A very long timeout is a long timeout, not an overflow; one beyond what a Rust
            // Duration holds (about 1.8e19 s) is refused, not clamped.
            Client(config.copy(timeout = Long.MAX_VALUE.toDouble()))
            assertEquals("timeout", refusedParam { Client(config.copy(timeout = 1e20)) })
            val client = simClient(sim)
            for (amount in listOf(0L, -1L, 100_000_000L, Long.MAX_VALUE, Long.MIN_VALUE)) {
                val error = runCatching {
                    client.chargeOffSession(
                        OffSessionCharge(
                            customer = "cus_123", paymentMethod = "pm_123", amount = amount, currency = "usd",
                            recovery = recovery, idempotencyKey = "kotlin-order-amount",
                        ),
                    )
                }.exceptionOrNull()
                assertEquals("amount", (error as? OffsessionException.InvalidInput)?.details?.param, "$amount: $error")
            }
            val (_, log) = sim.control("GET", "/_sim/requests")
            assertEquals(0, ((log as JsonObject)["data"] as JsonArray).size, "a request was sent: $log")
        }
    }

    /**
     * Negative, NaN and infinite timeouts and a negative webhook tolerance are the core's
     * `InvalidInput` naming the parameter. Before timeouts were Doubles of seconds and the
     * tolerance a Long of whole seconds, they were `java.time.Duration`s that uniffi's generated
     * converter refused with an `IllegalArgumentException` (and NaN or infinity could not even be
     * expressed); the same values stopped the process in Swift. Now nothing but the binding's
     * own error comes back, and the library keeps working afterwards.
     */
    @Test
    fun badDurationsAreInvalidInputAndTheProcessKeepsRunning() = Sim().use { sim ->
        val config = ClientConfig(apiKey = "sk_test_kotlin", baseUrl = sim.url)
        for (bad in listOf(-1.0, -0.001, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)) {
            for ((param, changed) in listOf(
                "timeout" to config.copy(timeout = bad),
                "connect_timeout" to config.copy(connectTimeout = bad),
            )) {
                val error = runCatching { Client(changed) }.exceptionOrNull()
                assertTrue(error is OffsessionException.InvalidInput, "$param = $bad: $error")
                val details = (error as OffsessionException.InvalidInput).details
                assertEquals("invalid_input", details.kind)
                assertEquals(param, details.param, "$param = $bad")
            }
        }
        val payload = "{}".toByteArray()
        for (bad in listOf(-1L, Long.MIN_VALUE)) {
            for (attempt in listOf<() -> Unit>(
                { constructEvent(payload, "t=1,v1=00", "whsec_kotlin", bad) },
                { Webhook("whsec_kotlin", bad) },
            )) {
                val error = runCatching(attempt).exceptionOrNull()
                assertTrue(error is OffsessionException.InvalidInput, "tolerance = $bad: $error")
                assertEquals("tolerance", (error as OffsessionException.InvalidInput).details.param)
            }
        }
        // Still running, and the library still works: a valid client on the simulator.
        val client = Client(config.copy(timeout = 0.5, connectTimeout = 2.5))
        val customer = runBlocking { client.customers.create(CreateCustomer(email = "still@example.com")) }
        assertTrue(customer.id.startsWith("cus_"), customer.id)
    }

    @Test
    fun secretsNeverAppearWhenPrinted() {
        val config = ClientConfig(apiKey = "sk_test_kotlinVerySecret123", baseUrl = "http://127.0.0.1:9")
        val client = Client(config)
        for (text in listOf(config.toString(), client.toString())) {
            assertFalse(text.contains("VerySecret"), text)
            assertTrue(text.contains("sk_test_****"), text)
        }
        assertFalse(Webhook("whsec_kt-VerySecret").toString().contains("VerySecret"))
        val error = runCatching { Client(config.copy(baseUrl = "ftp://x")) }.exceptionOrNull()
        assertTrue(error is OffsessionException.InvalidInput, "$error")
        assertFalse(error.toString().contains("VerySecret"), error.toString())
        assertFalse(error!!.message!!.contains("VerySecret"), error.message)
    }
}
