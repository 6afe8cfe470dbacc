package offsession.tests

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import offsession.ChargeOutcome
import offsession.Client
import offsession.ClientConfig
import offsession.CreateCustomer
import offsession.OffSessionCharge
import offsession.OffsessionException
import offsession.RequestOptions
import offsession.chargeOffSession
import offsession.create
import offsession.customers
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test

/** What a merchant does with each outcome: the exhaustive `when` a Kotlin caller writes. */
private fun nextStep(outcome: ChargeOutcome): String = when (outcome) {
    is ChargeOutcome.Succeeded -> "fulfil"
    is ChargeOutcome.Processing -> "wait for payment_intent.succeeded"
    is ChargeOutcome.RequiresCapture -> "capture or cancel"
    is ChargeOutcome.RequiresAction -> "confirm on-session"
    is ChargeOutcome.NeedsRecovery -> "send to ${outcome.recoverySession.url}"
    is ChargeOutcome.RecoveryFailed -> "declined; re-run later"
}

/** Off-session charges: the required key, the outcomes, and the key on errors. */
class ChargeTest {
    @Test
    fun aChargeWithAnEmptyKeyIsInvalidInputNamingTheKeyAndNothingIsSent() = Sim().use { sim ->
        runBlocking {
            // The key is a required `String`: leaving it out does not compile, so "" is the
            // only way to pass no usable key, and the core refuses it before any request.
            val error = runCatching {
                simClient(sim).chargeOffSession(
                    OffSessionCharge(
                        customer = "cus_123", paymentMethod = "pm_123", amount = 1099, currency = "usd",
                        recovery = recovery, idempotencyKey = "",
                    ),
                )
            }.exceptionOrNull()
            when (error) {
                is OffsessionException.InvalidInput -> {
                    assertEquals("invalid_input", error.details.kind)
                    assertEquals("idempotency_key", error.details.param)
                    assertTrue(error.details.message.contains("idempotency_key"), error.details.message)
                    assertNull(error.details.httpStatus)
                    assertNull(error.details.idempotencyKey)
                }
                else -> fail<Nothing>("expected InvalidInput, got $error")
            }
            val (_, log) = sim.control("GET", "/_sim/requests")
            assertEquals(0, ((log as JsonObject)["data"] as JsonArray).size, "a request was sent: $log")
        }
    }

    @Test
    fun aDeclinedChargeKeepsItsPaymentIntentOnTheError() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val saved = savedCard(client, sim, "pm_card_chargeCustomerFail")
            val outcome = client.chargeOffSession(
                OffSessionCharge(
                    customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 1500,
                    currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-declined",
                ),
            )
            val needs = outcome as? ChargeOutcome.NeedsRecovery ?: fail<Nothing>("expected NeedsRecovery, got $outcome")
            assertTrue(nextStep(outcome).startsWith("send to http"), nextStep(outcome))
            val declined = needs.error.paymentIntent ?: fail<Nothing>("the decline lost its PaymentIntent: ${needs.error}")
            assertEquals("card_error", needs.error.kind)
            assertEquals("card_declined", needs.error.code)
            assertEquals(402, needs.error.httpStatus?.toInt())
            assertEquals("kotlin-order-declined", needs.error.idempotencyKey)
            assertEquals("requires_payment_method", declined.status)
            assertEquals(1500L, declined.amount)
            assertEquals(needs.paymentIntent?.id, declined.id)
            assertEquals("payment", needs.recoverySession.mode)
        }
    }

    @Test
    fun aRecoverySessionFailingBeyondTheRetriesIsRecoveryFailedAndTheReRunRecovers() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim, maxRetries = 2u)
            val saved = savedCard(client, sim, "pm_card_chargeCustomerFail")
            // Every attempt at the recovery session (the first and two retries) answers 500.
            val (status, body) = sim.control(
                "POST",
                "/_sim/faults",
                obj(
                    "method" to JsonPrimitive("POST"), "path" to JsonPrimitive("/v1/checkout/sessions"),
                    "kind" to JsonPrimitive("status_500"), "count" to JsonPrimitive(3),
                ),
            )
            assertEquals(200, status, body.toString())
            val sessionsBefore = requests(sim, "POST", "/v1/checkout/sessions").size
            val charge = OffSessionCharge(
                customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 2500,
                currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-recovery-failed",
            )

            val first = client.chargeOffSession(charge)
            assertEquals("declined; re-run later", nextStep(first))
            val failed = first as ChargeOutcome.RecoveryFailed
            assertEquals("card_error", failed.error.kind)
            assertEquals("card_declined", failed.error.code)
            assertEquals("requires_payment_method", failed.error.paymentIntent?.status)
            assertEquals("requires_payment_method", failed.paymentIntent?.status)
            assertEquals(failed.paymentIntent?.id, failed.error.paymentIntent?.id)
            assertEquals("api_error", failed.recoveryError.kind)
            assertEquals(500, failed.recoveryError.httpStatus?.toInt())
            // Errors name the caller's key, the one to re-run with.
            assertEquals("kotlin-order-recovery-failed", failed.recoveryError.idempotencyKey)
            assertEquals("kotlin-order-recovery-failed", failed.error.idempotencyKey)
            val attempts = requests(sim, "POST", "/v1/checkout/sessions").drop(sessionsBefore)
            assertEquals(3, attempts.size, attempts.toString())
            assertTrue(attempts.all { it.string("fault") == "status_500" }, attempts.toString())

            // The faults are used up: the re-run replays the decline and creates the session.
            val second = client.chargeOffSession(charge)
            val recovered = second as? ChargeOutcome.NeedsRecovery ?: fail<Nothing>("expected NeedsRecovery, got $second")
            assertEquals(failed.paymentIntent?.id, recovered.paymentIntent?.id)
            assertEquals(2500L, recovered.recoverySession.amountTotal)
            assertEquals(1, sim.objects("payment_intents").size, "the card was charged twice")
            assertEquals(1, sim.objects("checkout_sessions").count { (it as JsonObject).string("mode") == "payment" })
        }
    }

    @Test
    fun aConnectionErrorFromAPostCarriesItsIdempotencyKey() = Sim().use { sim ->
        runBlocking {
            // A resource call: the key it was sent with.
            val nobody = Client(ClientConfig(apiKey = "sk_test_kotlin", baseUrl = "http://127.0.0.1:9", maxRetries = 0u))
            val direct = runCatching {
                nobody.customers.create(CreateCustomer(email = "a@example.com"), RequestOptions(idempotencyKey = "kotlin-customer-1"))
            }.exceptionOrNull()
            val connection = direct as? OffsessionException.Connection ?: fail<Nothing>("expected Connection, got $direct")
            assertEquals("api_connection_error", connection.details.kind)
            assertEquals("kotlin-customer-1", connection.details.idempotencyKey)
            // Without a key of the caller's, the one the SDK generated for the POST.
            val generated = runCatching { nobody.customers.create(CreateCustomer(email = "a@example.com")) }
                .exceptionOrNull() as OffsessionException.Connection
            assertTrue(!generated.details.idempotencyKey.isNullOrEmpty(), generated.details.toString())
            // A GET has no key.
            val read = runCatching { nobody.customers.retrieve("cus_123") }.exceptionOrNull() as OffsessionException.Connection
            assertNull(read.details.idempotencyKey)

            // A flow call: the caller's key, even though the request carried a key derived from it.
            val client = simClient(sim, maxRetries = 1u)
            val saved = savedCard(client, sim)
            val (status, body) = sim.control(
                "POST",
                "/_sim/faults",
                obj(
                    "method" to JsonPrimitive("POST"), "path" to JsonPrimitive("/v1/payment_intents"),
                    "kind" to JsonPrimitive("reset_before"), "count" to JsonPrimitive(2),
                ),
            )
            assertEquals(200, status, body.toString())
            val charge = OffSessionCharge(
                customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 1099,
                currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-reset",
            )
            val lost = runCatching { client.chargeOffSession(charge) }.exceptionOrNull()
            val reset = lost as? OffsessionException.Connection ?: fail<Nothing>("expected Connection, got $lost")
            assertEquals("kotlin-order-reset", reset.details.idempotencyKey)
            val sent = requests(sim, "POST", "/v1/payment_intents")
            assertEquals(2, sent.size, sent.toString())
            assertTrue(sent.all { it.string("idempotency_key")?.startsWith("kotlin-order-reset") == true }, sent.toString())

            // Re-running with that key charges once.
            val again = client.chargeOffSession(charge)
            assertEquals("fulfil", nextStep(again))
            assertEquals(1, sim.objects("payment_intents").size)
        }
    }
}
