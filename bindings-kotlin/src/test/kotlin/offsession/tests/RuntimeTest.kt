package offsession.tests

import java.time.Duration
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import offsession.ChargeOutcome
import offsession.CreateCustomer
import offsession.DeviceTarget
import offsession.InternalException
import offsession.OffSessionCharge
import offsession.OffsessionException
import offsession.RequestOptions
import offsession.Webhook
import offsession.chargeOffSession
import offsession.checkKeyForTarget
import offsession.constructEvent
import offsession.create
import offsession.currentDeviceTarget
import offsession.customers
import offsession.generateTestHeader
import offsession.panicInCoreForTests
import offsession.panicInSyncCallForTests
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test

class ConcurrencyTest {
    @Test
    fun aHundredConcurrentChargesInCoroutinesEachChargeOnceAndOverlap() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val saved = savedCard(client, sim)
            // Every charge is held back 200 ms by the simulator: one after another they would
            // take 20 s, so finishing in a few seconds shows the waits overlap.
            val (status, body) = sim.control(
                "POST",
                "/_sim/faults",
                obj(
                    "method" to JsonPrimitive("POST"), "path" to JsonPrimitive("/v1/payment_intents"),
                    "kind" to JsonPrimitive("delay"), "delay_ms" to JsonPrimitive(200), "count" to JsonPrimitive(100),
                ),
            )
            assertEquals(200, status, body.toString())
            val started = System.nanoTime()
            val ids = coroutineScope {
                (0 until 100).map { index ->
                    async(Dispatchers.Default) {
                        val outcome = client.chargeOffSession(
                            OffSessionCharge(
                                customer = saved.customerId, paymentMethod = saved.paymentMethodId,
                                amount = 100L + index, currency = "usd", recovery = recovery,
                                idempotencyKey = "kotlin-concurrent-$index",
                            ),
                        )
                        val succeeded = outcome as? ChargeOutcome.Succeeded ?: fail<Nothing>("charge $index: $outcome")
                        assertEquals(100L + index, succeeded.paymentIntent.amount)
                        succeeded.paymentIntent.id
                    }
                }.awaitAll()
            }
            val elapsed = Duration.ofNanos(System.nanoTime() - started)
            assertEquals(100, ids.toSet().size)
            assertEquals(100, sim.objects("payment_intents").size)
            assertTrue(elapsed < Duration.ofSeconds(8), "100 delayed charges took $elapsed: they did not overlap")
        }
    }
}

/**
 * Cancelling a call (spec: core/src/cancel.rs). A resource call is dropped where it stands; a
 * flow call runs to its end, detached. Either way the caller gets its cancellation at once.
 */
class CancellationTest {
    @Test
    fun aCancelledCoroutineStopsWaitingAndTheClientKeepsWorking() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim, maxRetries = 0u)
            val customer = client.customers.create(CreateCustomer(email = "slow@example.com"))
            fault(sim, "GET", "/v1/customers/", "delay", delayMs = 2000)
            val started = System.nanoTime()
            assertThrows(TimeoutCancellationException::class.java) {
                runBlocking { withTimeout(200) { client.customers.retrieve(customer.id) } }
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - started) < Duration.ofMillis(1500), "the cancel did not return early")
            assertEquals(customer.id, client.customers.retrieve(customer.id).id)
        }
    }

    @Test
    fun aCancelledResourceCallReturnsAtOnceBeforeTheSimulatorCompletesIt() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            fault(sim, "POST", "/v1/customers", "delay", delayMs = 2000)
            val started = System.nanoTime()
            val result = withTimeoutOrNull(200) {
                client.customers.create(CreateCustomer(email = "gone@example.com"), RequestOptions(idempotencyKey = "kotlin-cancelled-customer"))
            }
            val waited = Duration.ofNanos(System.nanoTime() - started)
            assertNull(result)
            assertTrue(waited < Duration.ofMillis(1000), "the cancel took $waited")
            // The simulator is still holding the request: it has not completed it.
            val sent = requests(sim, "POST", "/v1/customers")
            assertEquals(1, sent.size, sent.toString())
            assertEquals(JsonNull, sent[0]["status"], sent.toString())
            assertEquals(0, sim.objects("customers").size)
        }
    }

    @Test
    fun aCancelledResourceCallIsDroppedAndNeverSendsItsRetry() = Sim().use { sim ->
        runBlocking {
            // The first attempt fails at once (500); the retry would go out 0.5 s later. The
            // caller gives up after 200 ms, while the call waits to retry: dropped there, the
            // call never sends it. (A detached call would, and create the customer.)
            val client = simClient(sim, maxRetries = 2u)
            fault(sim, "POST", "/v1/customers", "status_500")
            val job = launch(Dispatchers.Default) {
                client.customers.create(CreateCustomer(email = "gone@example.com"))
                fail<Nothing>("the call was not cancelled")
            }
            delay(200)
            val started = System.nanoTime()
            job.cancelAndJoin()
            assertTrue(Duration.ofNanos(System.nanoTime() - started) < Duration.ofMillis(500), "the cancel did not return at once")
            delay(1500)
            val sent = requests(sim, "POST", "/v1/customers")
            assertEquals(1, sent.size, "the cancelled call sent its retry: $sent")
            assertEquals(0, sim.objects("customers").size)
        }
    }

    @Test
    fun aCancelledChargeRunsToItsEndAndTheReRunReturnsItsOutcomeWithNoSecondPaymentIntent() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val saved = savedCard(client, sim, "pm_card_chargeCustomerFail")
            // The charge's PaymentIntent is held back 1 s; the caller gives up after 200 ms, before
            // the decline and long before the recovery session.
            fault(sim, "POST", "/v1/payment_intents", "delay", delayMs = 1000)
            val charge = OffSessionCharge(
                customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 1099,
                currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-cancelled",
            )
            val job = launch(Dispatchers.Default) {
                client.chargeOffSession(charge)
                fail<Nothing>("the charge was not cancelled")
            }
            delay(200)
            val started = System.nanoTime()
            job.cancelAndJoin()
            assertTrue(Duration.ofNanos(System.nanoTime() - started) < Duration.ofMillis(500), "the cancel did not return at once")
            assertTrue(job.isCancelled)

            // The flow went on, detached: its PaymentIntent, then its recovery session.
            val deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos()
            fun paymentSessions() = sim.objects("checkout_sessions").filter { (it as JsonObject).string("mode") == "payment" }
            while (sim.objects("payment_intents").size < 1 || paymentSessions().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the cancelled charge did not run to its end")
                delay(50)
            }
            val intent = sim.objects("payment_intents").single() as JsonObject
            val session = paymentSessions().single() as JsonObject

            // Re-run with the same key: the same outcome, replayed; nothing new is created.
            val again = client.chargeOffSession(charge)
            val needs = again as? ChargeOutcome.NeedsRecovery ?: fail<Nothing>("expected NeedsRecovery, got $again")
            assertEquals(intent.string("id"), needs.paymentIntent?.id)
            assertEquals(session.string("id"), needs.recoverySession.id)
            assertEquals(true, needs.recoverySession.lastResponse?.idempotentReplayed, needs.recoverySession.lastResponse.toString())
            assertEquals(1, sim.objects("payment_intents").size)
            assertEquals(1, paymentSessions().size)
        }
    }
}

class PanicTest {
    @Test
    fun aPanicInsideTheRuntimeIsAnApiErrorAndTheJvmLivesOn() = Sim().use { sim ->
        runBlocking {
            repeat(3) {
                try {
                    panicInCoreForTests()
                    fail<Nothing>("no error")
                } catch (e: OffsessionException.Api) {
                    assertEquals("api_error", e.details.kind)
                    assertTrue(e.details.message.startsWith("internal error"), e.details.message)
                    assertTrue(e.details.message.contains("forced by panic_in_core_for_tests"), e.details.message)
                }
            }
            // The runtime still serves calls.
            val customer = simClient(sim).customers.create(CreateCustomer(email = "after@example.com"))
            assertTrue(customer.id.startsWith("cus_"))
        }
    }

    @Test
    fun aPanicInASyncCallIsUniffisInternalException() {
        val error = assertThrows(InternalException::class.java) { panicInSyncCallForTests() }
        assertTrue(error.message!!.contains("forced by panic_in_sync_call_for_tests"), error.message)
        assertTrue(generateTestHeader("{}".toByteArray(), "whsec_x", 1L).startsWith("t=1,"))
    }
}

class DeviceTest {
    @Test
    fun liveSecretKeysAreRefusedOnIosAndAndroid() {
        for (key in listOf("sk_live_kt-Secret42", "rk_live_kt-Secret42")) {
            for (target in listOf(DeviceTarget.IOS, DeviceTarget.ANDROID)) {
                val error = assertThrows(OffsessionException.InvalidInput::class.java) { checkKeyForTarget(key, target) }
                assertEquals("api_key", error.details.param)
                assertTrue(error.details.message.contains("backend"), error.details.message)
                val device = if (target == DeviceTarget.IOS) "iOS" else "Android"
                assertTrue(error.details.message.contains(device), error.details.message)
                assertFalse(error.details.message.contains("kt-Secret42"), "the key leaked")
            }
            checkKeyForTarget(key, DeviceTarget.SERVER)
        }
    }

    @Test
    fun testAndPublishableKeysAreAllowedEverywhere() {
        for (key in listOf("sk_test_abc", "rk_test_abc", "pk_live_abc")) {
            for (target in DeviceTarget.entries) {
                checkKeyForTarget(key, target)
            }
        }
    }

    @Test
    fun thisJvmBuildIsAServerSoTheClientAcceptsALiveKey() {
        assertEquals(DeviceTarget.SERVER, currentDeviceTarget())
        val client = offsession.Client(offsession.ClientConfig(apiKey = "sk_live_server-side-only"))
        assertTrue(client.hasLiveSecretKey())
        assertEquals("https://api.stripe.com", client.baseUrl())
    }
}

class WebhookTest {
    private val payload =
        """{"id":"evt_kotlin","object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_123","object":"checkout.session"}}}"""
            .toByteArray()

    @Test
    fun aSignedPayloadVerifiesAndGivesTheEvent() {
        val header = generateTestHeader(payload, "whsec_kotlin")
        val event = constructEvent(payload, header, "whsec_kotlin")
        assertEquals("evt_kotlin", event.id)
        assertEquals("checkout.session.completed", event.eventType)
        assertEquals("checkout.session", event.objectType)
        assertEquals("cs_123", event.objectId)
        assertEquals(event, Webhook("whsec_kotlin").constructEvent(payload, header))
    }

    @Test
    fun aTamperedOrExpiredPayloadIsASignatureVerificationError() {
        val header = generateTestHeader(payload, "whsec_kotlin")
        val tampered = payload.copyOf().also { it[10] = 'X'.code.toByte() }
        val error = assertThrows(OffsessionException.SignatureVerification::class.java) {
            constructEvent(tampered, header, "whsec_kotlin")
        }
        assertEquals("signature_verification_error", error.details.kind)
        val old = generateTestHeader(payload, "whsec_kotlin", System.currentTimeMillis() / 1000 - 3600)
        assertThrows(OffsessionException.SignatureVerification::class.java) { constructEvent(payload, old, "whsec_kotlin") }
        // Whole seconds; 0 disables the time check.
        constructEvent(payload, old, "whsec_kotlin", 0)
    }

    @Test
    fun aToleranceIsRangeCheckedNeverTakenAsNoLimit() {
        val header = generateTestHeader(payload, "whsec_kotlin", System.currentTimeMillis() / 1000 - 10)
        // Whole seconds (a Long), from 0 to 2^32 - 1, as in every binding.
        val most = 4_294_967_295L
        assertEquals("evt_kotlin", constructEvent(payload, header, "whsec_kotlin", most).id)
        assertEquals("evt_kotlin", Webhook("whsec_kotlin", most).constructEvent(payload, header).id)
        assertThrows(OffsessionException.SignatureVerification::class.java) {
            constructEvent(payload, header, "whsec_kotlin", 5)
        }
        // Too long or negative: the core's InvalidInput, never wrapped, clamped or "no limit".
        for (bad in listOf(most + 1, Long.MAX_VALUE, -1L, Long.MIN_VALUE)) {
            val error = assertThrows(OffsessionException.InvalidInput::class.java) {
                constructEvent(payload, header, "whsec_kotlin", bad)
            }
            assertEquals("tolerance", error.details.param)
            val refused = assertThrows(OffsessionException.InvalidInput::class.java) { Webhook("whsec_kotlin", bad) }
            assertEquals("tolerance", refused.details.param)
        }
    }
}
