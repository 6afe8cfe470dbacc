package offsession.tests

import kotlinx.serialization.json.JsonPrimitive
import offsession.Client
import offsession.ClientConfig
import offsession.CompletedSetup
import offsession.CreateCustomer
import offsession.Recovery
import offsession.StartSetup
import org.junit.jupiter.api.Assertions.assertEquals

/** A client on `sim` with the conformance defaults. */
fun simClient(sim: Sim, apiKey: String = "sk_test_kotlin", maxRetries: UInt = 2u): Client =
    Client(ClientConfig(apiKey = apiKey, baseUrl = sim.url, maxRetries = maxRetries))

/** Steps 1–5 on the simulator: a customer, a completed setup session, the saved card. */
suspend fun savedCard(client: Client, sim: Sim, paymentMethod: String = "pm_card_visa"): CompletedSetup {
    val customer = client.customers().create(CreateCustomer(email = "jenny.rosen@example.com"))
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
