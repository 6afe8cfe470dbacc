package offsession.tests

import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import offsession.CancelPaymentIntent
import offsession.CancellationReason
import offsession.ChargeOutcome
import offsession.CreateCustomer
import offsession.CreatePaymentIntent
import offsession.OffSessionCharge
import offsession.OffsessionException
import offsession.Recovery
import offsession.RequestOptions
import offsession.cancel
import offsession.chargeOffSession
import offsession.create
import offsession.customers
import offsession.paymentIntents
import offsession.paymentMethods
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test

private fun field(json: String, name: String): String? = (Json.parseToJsonElement(json) as JsonObject).string(name)

/** The recovery loop closed: the recovery options, completeRecovery, and cancelling the decline. */
class RecoveryTest {
    @Test
    fun recoveryOptionsDefaultToSavingTheCardWithNoExpiryOrReference() {
        val defaults = Recovery(productName = "T-shirt", successUrl = "https://example.com/paid")
        assertTrue(defaults.savePaymentMethod)
        assertNull(defaults.expiresAt)
        assertNull(defaults.clientReferenceId)
        assertNull(defaults.cancelUrl)
    }

    @Test
    fun aPaidRecoveryGivesTheCardToChargeNextAndTheDeclinedIntentIsCanceled() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val saved = savedCard(client, sim, "pm_card_chargeCustomerFail")
            val expiresAt = System.currentTimeMillis() / 1000 + 3600
            val outcome = client.chargeOffSession(
                OffSessionCharge(
                    customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 1099,
                    currency = "usd", description = "Order 7", metadata = mapOf("order_id" to "7"),
                    recovery = recovery.copy(expiresAt = expiresAt, clientReferenceId = "kotlin-order-7"),
                    idempotencyKey = "kotlin-order-7",
                ),
            )
            val needs = outcome as? ChargeOutcome.NeedsRecovery ?: fail<Nothing>("expected NeedsRecovery, got $outcome")
            val declined = needs.paymentIntent ?: fail<Nothing>("the decline lost its PaymentIntent")
            val session = needs.recoverySession
            assertEquals(expiresAt, session.expiresAt)
            assertEquals("kotlin-order-7", field(session.json, "client_reference_id"))

            // Not paid yet: the core says so, naming the session id.
            val early = runCatching { client.completeRecovery(session.id) }.exceptionOrNull()
            val notPaid = early as? OffsessionException.InvalidState ?: fail<Nothing>("expected InvalidState, got $early")
            assertEquals("invalid_state", notPaid.details.kind)
            assertEquals("session_id", notPaid.details.param)

            // The customer pays with another card, which the recovery saves for next time.
            customerCompletes(sim, session.id, "pm_card_visa")
            val recovered = client.completeRecovery(session.id)
            assertEquals(saved.customerId, recovered.customerId)
            assertEquals(declined.id, recovered.declinedPaymentIntentId)
            assertTrue(recovered.paymentMethodId.startsWith("pm_"), recovered.paymentMethodId)
            assertTrue(recovered.paymentMethodId != saved.paymentMethodId)
            assertEquals("succeeded", recovered.paymentIntent.status)
            assertEquals(1099L, recovered.paymentIntent.amount)
            assertEquals("Order 7", recovered.paymentIntent.description)
            assertEquals("7", recovered.paymentIntent.metadata["order_id"])
            assertEquals("complete", recovered.session.status)
            assertEquals(session.id, recovered.session.id)
            assertTrue(recovered.session.lastResponse?.requestId?.startsWith("req_") == true, recovered.toString())
            assertEquals(saved.customerId, client.paymentMethods.retrieve(recovered.paymentMethodId).customerId)

            // The declined PaymentIntent is closed for good.
            val canceled = client.paymentIntents.cancel(declined.id, CancelPaymentIntent(cancellationReason = CancellationReason.ABANDONED))
            assertEquals("canceled", canceled.status)
            assertEquals("abandoned", field(canceled.json, "cancellation_reason"))
            assertFalse(canceled.lastResponse?.idempotentReplayed ?: true)
            // No key of ours: the one the SDK generated, as on every POST.
            assertFalse(canceled.lastResponse?.idempotencyKey.isNullOrEmpty(), canceled.lastResponse.toString())
            // A PaymentIntent that succeeded cannot be canceled.
            val refused = runCatching {
                client.paymentIntents.cancel(recovered.paymentIntent.id, CancelPaymentIntent())
            }.exceptionOrNull()
            val unexpected = refused as? OffsessionException.InvalidRequest ?: fail<Nothing>("expected InvalidRequest, got $refused")
            assertEquals("payment_intent_unexpected_state", unexpected.details.code)

            // The next charge uses the recovered card.
            val next = client.chargeOffSession(
                OffSessionCharge(
                    customer = recovered.customerId, paymentMethod = recovered.paymentMethodId, amount = 1099,
                    currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-8",
                ),
            )
            assertTrue(next is ChargeOutcome.Succeeded, next.toString())
        }
    }

    @Test
    fun aRecoveryThatMustNotSaveTheCardLeavesItUnattached() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val saved = savedCard(client, sim, "pm_card_chargeCustomerFail")
            val outcome = client.chargeOffSession(
                OffSessionCharge(
                    customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 500,
                    currency = "usd", recovery = recovery.copy(savePaymentMethod = false),
                    idempotencyKey = "kotlin-order-unsaved",
                ),
            )
            val session = (outcome as ChargeOutcome.NeedsRecovery).recoverySession
            customerCompletes(sim, session.id, "pm_card_visa")
            val recovered = client.completeRecovery(session.id)
            assertEquals("succeeded", recovered.paymentIntent.status)
            assertNull(client.paymentMethods.retrieve(recovered.paymentMethodId).customerId)
        }
    }

    @Test
    fun aCancellationReasonIsStripesWordAndAnUnknownOneIsRefusedByStripeNotTheBinding() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val intent = client.paymentIntents.create(CreatePaymentIntent(amount = 700, currency = "usd"))
            val refused = runCatching {
                client.paymentIntents.cancel(intent.id, CancelPaymentIntent(cancellationReason = CancellationReason("bored")))
            }.exceptionOrNull()
            val invalid = refused as? OffsessionException.InvalidRequest ?: fail<Nothing>("expected InvalidRequest, got $refused")
            assertEquals("cancellation_reason", invalid.details.param)
            assertEquals(400, invalid.details.httpStatus?.toInt())

            val canceled = client.paymentIntents.cancel(
                intent.id,
                CancelPaymentIntent(cancellationReason = CancellationReason.REQUESTED_BY_CUSTOMER),
                RequestOptions(idempotencyKey = "kotlin-cancel-1"),
            )
            assertEquals("canceled", canceled.status)
            assertEquals("requested_by_customer", field(canceled.json, "cancellation_reason"))
            assertEquals("kotlin-cancel-1", canceled.lastResponse?.idempotencyKey)
            // The same key again replays the first answer.
            val again = client.paymentIntents.cancel(
                intent.id,
                CancelPaymentIntent(cancellationReason = CancellationReason.REQUESTED_BY_CUSTOMER),
                RequestOptions(idempotencyKey = "kotlin-cancel-1"),
            )
            assertEquals(true, again.lastResponse?.idempotentReplayed)
        }
    }
}

/** `lastResponse` on returned objects, and the PaymentIntent's `clientSecret`. */
class LastResponseTest {
    @Test
    fun everyReturnedObjectKeepsItsResponseAndAReRunChargeSaysItWasReplayed() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val customer = client.customers.create(CreateCustomer(email = "jenny.rosen@example.com"), RequestOptions(idempotencyKey = "kotlin-customer-lr"))
            val created = customer.lastResponse ?: fail<Nothing>("no lastResponse on a created customer")
            assertEquals(200, created.httpStatus.toInt())
            assertTrue(created.requestId?.startsWith("req_") == true, created.toString())
            assertFalse(created.idempotentReplayed)
            assertEquals("kotlin-customer-lr", created.idempotencyKey)
            // A GET has a request id and no key.
            val read = client.customers.retrieve(customer.id).lastResponse ?: fail<Nothing>("no lastResponse on a GET")
            assertNull(read.idempotencyKey)
            assertTrue(read.requestId != created.requestId)

            val saved = savedCard(client, sim)
            val charge = OffSessionCharge(
                customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 1099,
                currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-replayed",
            )
            val first = (client.chargeOffSession(charge) as ChargeOutcome.Succeeded).paymentIntent
            assertEquals(false, first.lastResponse?.idempotentReplayed)
            assertEquals("kotlin-order-replayed:payment_intent", first.lastResponse?.idempotencyKey)
            val second = (client.chargeOffSession(charge) as ChargeOutcome.Succeeded).paymentIntent
            assertEquals(first.id, second.id)
            assertEquals(true, second.lastResponse?.idempotentReplayed)
            assertEquals(1, sim.objects("payment_intents").size)

            // The on-session route: the client secret, which printing never shows.
            val secret = first.clientSecret ?: fail<Nothing>("no clientSecret")
            assertTrue(secret.startsWith("${first.id}_secret_"), secret)
            assertEquals(secret, field(first.json, "client_secret"))
            assertFalse(first.toString().contains(secret), first.toString())
            assertEquals(secret, client.paymentIntents.retrieve(first.id).clientSecret)
        }
    }
}
