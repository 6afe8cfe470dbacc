package offsession.tests

import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import offsession.Client
import offsession.ClientConfig
import offsession.CompletedSetup
import offsession.CreateCustomer
import offsession.Recovery
import offsession.StartSetup
import offsession.create
import offsession.customers
import offsession.startSetup
import org.junit.jupiter.api.Assertions.assertEquals

/** A client on `sim` with the conformance defaults. */
fun simClient(sim: Sim, apiKey: String = "sk_test_kotlin", maxRetries: UInt = 2u): Client =
    Client(ClientConfig(apiKey = apiKey, baseUrl = sim.url, maxRetries = maxRetries))

/** Steps 1–5 on the simulator: a customer, a completed setup session, the saved card. */
suspend fun savedCard(client: Client, sim: Sim, paymentMethod: String = "pm_card_visa"): CompletedSetup {
    val customer = client.customers.create(CreateCustomer(email = "jenny.rosen@example.com"))
    val started = client.startSetup(
        StartSetup(
            currency = "usd",
            successUrl = "https://example.com/saved?session_id={CHECKOUT_SESSION_ID}",
            customer = customer.id,
        ),
    )
    val (status, body) = sim.control(
        "POST",
        "/_sim/checkout/sessions/${started.session.id}/complete",
        obj("payment_method" to JsonPrimitive(paymentMethod)),
    )
    assertEquals(200, status, body.toString())
    return client.completeSetup(started.session.id)
}

val recovery = Recovery(productName = "T-shirt", successUrl = "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}")

/** `GET /_sim/requests`, filtered like the conformance `requests` step. */
fun requests(sim: Sim, method: String, pathPrefix: String): List<JsonObject> {
    val (status, log) = sim.control("GET", "/_sim/requests")
    assertEquals(200, status, log.toString())
    return ((log as JsonObject)["data"] as JsonArray).map { it as JsonObject }.filter {
        it.string("method") == method && it.string("path")?.startsWith(pathPrefix) == true
    }
}

/** `POST /_sim/faults`: the next `count` requests matching `method` and `path` get `kind`. */
fun fault(sim: Sim, method: String, path: String, kind: String, count: Int = 1, delayMs: Int? = null) {
    val fields = mutableMapOf<String, JsonElement>(
        "method" to JsonPrimitive(method), "path" to JsonPrimitive(path),
        "kind" to JsonPrimitive(kind), "count" to JsonPrimitive(count),
    )
    delayMs?.let { fields["delay_ms"] = JsonPrimitive(it) }
    val (status, body) = sim.control("POST", "/_sim/faults", JsonObject(fields))
    assertEquals(200, status, body.toString())
}

/** The simulator plays the customer on a hosted page (setup or recovery) with `paymentMethod`. */
fun customerCompletes(sim: Sim, sessionId: String, paymentMethod: String = "pm_card_visa") {
    val (status, body) = sim.control(
        "POST",
        "/_sim/checkout/sessions/$sessionId/complete",
        obj("payment_method" to JsonPrimitive(paymentMethod)),
    )
    assertEquals(200, status, body.toString())
}
