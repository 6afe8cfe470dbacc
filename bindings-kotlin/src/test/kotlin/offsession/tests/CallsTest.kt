package offsession.tests

import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import offsession.AttachPaymentMethod
import offsession.CancellationReason
import offsession.CaptureMethod
import offsession.Clearable
import offsession.CreateCustomer
import offsession.CreatePaymentIntent
import offsession.CreatePaymentIntentShipping
import offsession.CreatePaymentIntentShippingAddress
import offsession.ListCustomerPaymentMethods
import offsession.OffSession
import offsession.OffSessionCharge
import offsession.OffSessionKind
import offsession.OffSessionPaymentIntentData
import offsession.OffsessionException
import offsession.RequestOptions
import offsession.SetupSessionData
import offsession.StartSetup
import offsession.TaxExempt
import offsession.UpdateCustomer
import offsession.UpdateCustomerInvoiceSettings
import offsession.attach
import offsession.chargeOffSession
import offsession.create
import offsession.customers
import offsession.listPaymentMethods
import offsession.paymentIntents
import offsession.paymentMethods
import offsession.rawRequest
import offsession.startSetup
import offsession.toJson
import offsession.update
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.fail
import org.junit.jupiter.api.Test

/** The value at a dotted path of a JSON value (`a.b.0`). */
private fun JsonElement.at(path: String): JsonElement? = at(this, path)

private fun json(text: String): JsonElement = Json.parseToJsonElement(text)

/** The error a call throws, as an [OffsessionException]. */
private suspend fun refusal(call: suspend () -> Unit): OffsessionException {
    val error = runCatching { call() }.exceptionOrNull()
    return error as? OffsessionException ?: fail("expected an OffsessionException, got $error")
}

/** The typed parameters (generated from Stripe's spec), the request options and the typed calls. */
class CallsTest {
    @Test
    fun typedParametersEncodeToTheJsonTheCoreReads() {
        val params = CreatePaymentIntent(
            amount = 1099,
            currency = "usd",
            shipping = CreatePaymentIntentShipping(
                address = CreatePaymentIntentShippingAddress(line1 = "510 Townsend St", country = "US"),
                name = "Jenny Rosen",
            ),
            offSession = OffSession.Kind(OffSessionKind.RECURRING),
            captureMethod = CaptureMethod.MANUAL,
            metadata = mapOf("order" to "42"),
        )
        assertEquals(
            json(
                """{"amount": 1099, "currency": "usd", "capture_method": "manual", "metadata": {"order": "42"},
                "off_session": "recurring", "shipping": {"address": {"country": "US", "line1": "510 Townsend St"},
                "name": "Jenny Rosen"}}""",
            ),
            json(params.toJson()),
        )
        // An update's clearable parameter: set, or cleared with Stripe's empty string; an enum
        // value this version does not know is sent as it is.
        val update = UpdateCustomer(metadata = Clearable.Clear, taxExempt = Clearable.Set(TaxExempt("future_value")))
        assertEquals(json("""{"metadata": "", "tax_exempt": "future_value"}"""), json(update.toJson()))
        assertEquals("{}", UpdateCustomer().toJson())
        assertEquals(CancellationReason.ABANDONED, CancellationReason("abandoned"))
        assertTrue(CancellationReason("abandoned") != CaptureMethod("abandoned"), "two enums, one spelling")
        assertEquals("manual", CaptureMethod.MANUAL.toString())
        // Required parameters come first: positional, as Kotlin allows.
        assertEquals(
            json("""{"off_session": true, "amount": 5, "currency": "usd"}"""),
            json(CreatePaymentIntent(5, "usd", offSession = OffSession.Bool(true)).toJson()),
        )
    }

    @Test
    fun typedParametersReachTheSimulator() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val customer = client.customers.create(CreateCustomer(email = "jenny.rosen@example.com", metadata = mapOf("tier" to "gold")))
            val card = client.paymentMethods.attach("pm_card_visa", AttachPaymentMethod(customer = customer.id))
            val intent = client.paymentIntents.create(
                CreatePaymentIntent(
                    amount = 2000,
                    currency = "usd",
                    customer = customer.id,
                    paymentMethod = card.id,
                    confirm = true,
                    offSession = OffSession.Kind(OffSessionKind.RECURRING),
                    captureMethod = CaptureMethod.MANUAL,
                    statementDescriptorSuffix = "ORDER 42",
                    shipping = CreatePaymentIntentShipping(
                        address = CreatePaymentIntentShippingAddress(line1 = "510 Townsend St", city = "San Francisco"),
                        name = "Jenny Rosen",
                    ),
                    metadata = mapOf("order" to "42"),
                ),
            )
            assertEquals("requires_capture", intent.status)
            assertEquals(2000L, intent.amount)
            assertEquals("gold", customer.metadata["tier"])
            val body = requests(sim, "POST", "/v1/payment_intents").single()["body"]!!
            assertEquals(JsonPrimitive("recurring"), body.at("off_session"))
            assertEquals(JsonPrimitive("manual"), body.at("capture_method"))
            assertEquals(JsonPrimitive("ORDER 42"), body.at("statement_descriptor_suffix"))
            assertEquals(JsonPrimitive("510 Townsend St"), body.at("shipping.address.line1"))
            assertEquals(JsonPrimitive("42"), body.at("metadata.order"))
        }
    }

    @Test
    fun aParameterTheCoreRefusesIsNamedAndNothingIsSent() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            // Typed, but out of Stripe's bounds.
            val zero = refusal { client.paymentIntents.create(CreatePaymentIntent(amount = 0, currency = "usd")) }
            assertEquals("invalid_input" to "amount", zero.details().kind to zero.details().param)
            // The JSON form reads as strictly as the typed one is typed.
            for ((params, param) in listOf(
                """{"amount": 1099.5, "currency": "usd"}""" to "amount",
                """{"amount": true, "currency": "usd"}""" to "amount",
                """{"amount": 1099, "currency": "usd", "shipping": {"name": "J", "address": {}, "colour": "red"}}""" to "shipping[colour]",
            )) {
                val error = refusal { client.paymentIntents.create(params) }
                assertEquals("invalid_input" to param, error.details().kind to error.details().param, params)
            }
            // A Kotlin Double stays a number with a fraction, even a whole one: never an integer.
            for (amount in listOf(1.5, 2.0)) {
                val error = refusal {
                    client.paymentIntents.create(
                        CreatePaymentIntent(amount = 1099, currency = "usd"),
                        RequestOptions(extraParams = mapOf("level3" to mapOf("shipping_amount" to amount))),
                    )
                }
                assertEquals("extra_params[level3][shipping_amount]", error.details().param, "$amount")
            }
            // NaN is no JSON number: refused as it is written, naming where it is.
            val notANumber = runCatching {
                RequestOptions(extraParams = mapOf("level3" to mapOf("shipping_amount" to Double.NaN)))
            }.exceptionOrNull()
            assertTrue(notANumber is IllegalArgumentException, notANumber.toString())
            assertEquals("extra_params[level3][shipping_amount]: NaN is not a number JSON can carry", notANumber?.message)
            val nan = refusal { client.customers.create(CreateCustomer(), RequestOptions(timeout = Double.NaN)) }
            assertEquals("timeout", nan.details().param)
            val (_, log) = sim.control("GET", "/_sim/requests")
            assertEquals(0, ((log as JsonObject)["data"] as JsonArray).size, "a refused call sent a request: $log")
        }
    }

    @Test
    fun requestOptionsGoWithOneRequest() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val customer = client.customers.create(
                CreateCustomer(email = "connected@example.com"),
                RequestOptions(
                    idempotencyKey = "kotlin-options-1",
                    stripeAccount = "acct_1Kotlin",
                    extraParams = mapOf("preferred_locales" to listOf("fr", "en")),
                ),
            )
            assertEquals("kotlin-options-1", customer.lastResponse?.idempotencyKey)
            client.customers.create(CreateCustomer(email = "platform@example.com"))
            val (first, second) = requests(sim, "POST", "/v1/customers")
            assertEquals(JsonPrimitive("acct_1Kotlin"), first["stripe_account"])
            assertEquals(JsonPrimitive("kotlin-options-1"), first["idempotency_key"])
            assertEquals(JsonPrimitive("fr"), first["body"]!!.at("preferred_locales.0"))
            assertTrue(second["stripe_account"] == null || second["stripe_account"] is JsonNull, second.toString())

            // max_retries for this request only: one attempt at a 500, where the client retries twice.
            fault(sim, "GET", "/v1/customers/", "status_500")
            val error = refusal { client.customers.retrieve(customer.id, RequestOptions(maxRetries = 0u)) }
            assertEquals("api_error", error.details().kind)
            assertEquals(1, requests(sim, "GET", "/v1/customers/").size)
        }
    }

    @Test
    fun aRawRequestReachesAnyEndpoint() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val created = client.rawRequest(
                "POST",
                "/v1/customers",
                mapOf("email" to "raw@example.com", "metadata" to mapOf("source" to "raw")),
                RequestOptions(idempotencyKey = "kotlin-raw-1"),
            )
            val body = json(created.json)
            val id = (body.at("id") as JsonPrimitive).content
            assertTrue(id.startsWith("cus_"), id)
            assertEquals(JsonPrimitive("raw"), body.at("metadata.source"))
            assertEquals("kotlin-raw-1", created.lastResponse?.idempotencyKey)
            // The JSON form, and a GET whose parameters would go in the query string.
            val read = client.rawRequest("GET", "/v1/customers/$id")
            assertEquals(JsonPrimitive("raw@example.com"), json(read.json).at("email"))
            val fraction = refusal { client.rawRequest("POST", "/v1/customers", mapOf("balance" to 10.5)) }
            assertEquals("params[balance]", fraction.details().param)
            val path = refusal { client.rawRequest("GET", "/v1/customers/$id?expand[]=x") }
            assertEquals("path", path.details().param)
        }
    }

    @Test
    fun everyPaymentMethodIsWalkedOverThreePages() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val customer = client.customers.create(CreateCustomer(email = "jenny.rosen@example.com"))
            // Attaching the test card makes a new payment method each time.
            val attached = (1..7).map { client.paymentMethods.attach("pm_card_visa", AttachPaymentMethod(customer = customer.id)).id }
            val page = client.customers.listPaymentMethods(customer.id, ListCustomerPaymentMethods(limit = 3))
            assertEquals(attached.reversed().take(3), page.data.map { it.id })
            assertTrue(page.hasMore)
            assertEquals(200, page.lastResponse?.httpStatus?.toInt())
            val before = requests(sim, "GET", "/v1/customers/").size

            val all = client.customers.paymentMethods(customer.id, ListCustomerPaymentMethods(limit = 3)).toList()
            assertEquals(attached.reversed(), all.map { it.id })
            assertTrue(all.all { it.customerId == customer.id })
            // Pages of 3, 3 and 1: three requests, each after the last id of the one before.
            val pages = requests(sim, "GET", "/v1/customers/").drop(before)
            assertEquals(3, pages.size, pages.toString())
            assertEquals(JsonPrimitive(attached[1]), pages[2]["body"]!!.at("starting_after"))
        }
    }

    @Test
    fun aDetachedPaymentMethodLeavesTheListAndCannotBeDetachedAgain() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val customer = client.customers.create(CreateCustomer(email = "jenny.rosen@example.com"))
            val card = client.paymentMethods.attach("pm_card_visa", AttachPaymentMethod(customer = customer.id))
            assertEquals(customer.id, card.customerId)
            val detached = client.paymentMethods.detach(card.id)
            assertEquals(card.id, detached.id)
            assertNull(detached.customerId)
            assertEquals(emptyList<String>(), client.customers.paymentMethods(customer.id).toList().map { it.id })
            val again = refusal { client.paymentMethods.detach(card.id) }
            assertTrue(again is OffsessionException.InvalidRequest, again.toString())
            assertEquals(400, again.details().httpStatus?.toInt())
        }
    }

    @Test
    fun aCustomersDefaultPaymentMethodIsSetAndCleared() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val customer = client.customers.create(CreateCustomer(email = "jenny.rosen@example.com"))
            val card = client.paymentMethods.attach("pm_card_visa", AttachPaymentMethod(customer = customer.id))
            val set = client.customers.update(
                customer.id,
                UpdateCustomer(
                    invoiceSettings = UpdateCustomerInvoiceSettings(defaultPaymentMethod = card.id),
                    metadata = Clearable.Set(mapOf("tier" to "gold")),
                ),
            )
            assertEquals(JsonPrimitive(card.id), json(set.json).at("invoice_settings.default_payment_method"))
            assertEquals("gold", set.metadata["tier"])
            // Stripe's empty string unsets it.
            val cleared = client.customers.update(
                customer.id,
                UpdateCustomer(invoiceSettings = UpdateCustomerInvoiceSettings(defaultPaymentMethod = "")),
            )
            val unset = json(cleared.json).at("invoice_settings.default_payment_method")
            assertTrue(unset == null || unset is JsonNull, cleared.json)
            val sent = requests(sim, "POST", "/v1/customers/").map { it["body"]!! }
            assertEquals(JsonPrimitive(card.id), sent[0].at("invoice_settings.default_payment_method"))
            assertEquals(JsonPrimitive(""), sent[1].at("invoice_settings.default_payment_method"))
        }
    }

    @Test
    fun theFlowsPassEveryOtherParameterThrough() = Sim().use { sim ->
        runBlocking {
            val client = simClient(sim)
            val started = client.startSetup(
                StartSetup(
                    currency = "usd",
                    successUrl = "https://example.com/saved?session_id={CHECKOUT_SESSION_ID}",
                    customerEmail = "jenny.rosen@example.com",
                    sessionData = SetupSessionData(clientReferenceId = "kotlin-signup-7"),
                    idempotencyKey = "kotlin-signup-7",
                ),
            )
            val sessionBody = requests(sim, "POST", "/v1/checkout/sessions").single()
            assertEquals(JsonPrimitive("kotlin-signup-7"), sessionBody["body"]!!.at("client_reference_id"))
            assertEquals(JsonPrimitive("jenny.rosen@example.com"), sessionBody["body"]!!.at("customer_email"))
            customerCompletes(sim, started.session.id)
            val saved = client.completeSetup(started.session.id)

            val outcome = client.chargeOffSession(
                OffSessionCharge(
                    customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 1099,
                    currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-typed",
                    offSession = OffSessionKind.RECURRING,
                    paymentIntentData = OffSessionPaymentIntentData(statementDescriptorSuffix = "ORDER 7"),
                ),
            )
            assertTrue(outcome is offsession.ChargeOutcome.Succeeded, outcome.toString())
            val charge = requests(sim, "POST", "/v1/payment_intents").single()["body"]!!
            assertEquals(JsonPrimitive("recurring"), charge.at("off_session"))
            assertEquals(JsonPrimitive("ORDER 7"), charge.at("statement_descriptor_suffix"))
        }
    }
}
