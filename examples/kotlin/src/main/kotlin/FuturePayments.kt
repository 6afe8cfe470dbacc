// The seed guide's whole flow in Kotlin: save a card with Checkout, charge it off-session,
// recover a decline (the customer pays the recovery page, the declined PaymentIntent is
// canceled, and the card saved there is charged next). One line per step.
//
// It runs on the project's simulator (the `offsession-sim` binary, from the system property
// offsession.sim.bin or OFFSESSION_SIM_BIN), which also plays the customer on the hosted page.
// In an Android app, `baseUrl` would be your backend, never Stripe with a secret key.
package offsession.examples

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking
import offsession.AttachPaymentMethod
import offsession.CancelPaymentIntent
import offsession.CancellationReason
import offsession.ChargeOutcome
import offsession.Client
import offsession.ClientConfig
import offsession.CreateCustomer
import offsession.OffSessionCharge
import offsession.Recovery
import offsession.StartSetup
import offsession.attach
import offsession.cancel
import offsession.chargeOffSession
import offsession.create
import offsession.customers
import offsession.paymentIntents
import offsession.paymentMethods
import offsession.startSetup

private const val SUCCESS_URL = "https://example.com/success?session_id={CHECKOUT_SESSION_ID}"
private const val PAID_URL = "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}"

/** Prints each step with how long it took. */
private class Steps {
    val started = System.nanoTime()
    private var last = started

    fun done(text: String) {
        val now = System.nanoTime()
        println("[%7.1f ms] %s".format((now - last) / 1e6, text))
        last = now
    }

    fun note(text: String) = println("             $text")
}

/** The simulator plays the customer on a hosted page (setup or recovery) with `pm_card_visa`. */
private fun customerCompletes(simUrl: String, sessionId: String) {
    val request = HttpRequest.newBuilder(URI.create("$simUrl/_sim/checkout/sessions/$sessionId/complete"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""{"payment_method": "pm_card_visa", "name": "Jenny Rosen"}"""))
        .build()
    val response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString())
    check(response.statusCode() == 200) { "the simulator answered ${response.statusCode()}: ${response.body()}" }
}

private suspend fun run(simUrl: String) {
    val client = Client(ClientConfig(apiKey = "sk_test_future_payments", baseUrl = simUrl))
    val steps = Steps()

    val jenny = client.customers.create(CreateCustomer(email = "jenny.rosen@example.com", name = "Jenny Rosen"))
    steps.done("customer created                ${jenny.id}  ${jenny.email}")

    val started = client.startSetup(StartSetup(currency = "usd", successUrl = SUCCESS_URL, customer = jenny.id))
    steps.done("setup session created           ${started.session.id}  mode=${started.session.mode} status=${started.session.status}")
    steps.note("redirect the customer to ${started.url}")

    customerCompletes(simUrl, started.session.id)
    steps.done("customer saved a card")

    val saved = client.completeSetup(started.session.id)
    steps.done("session retrieved, expanded     ${saved.setupIntent.id}  status=${saved.setupIntent.status} payment_method=${saved.paymentMethodId}")

    val recovery = Recovery(productName = "T-shirt", successUrl = PAID_URL)
    // The idempotency key is required: one per logical charge (an order id). Re-running the
    // same charge with it after a crash or a lost response never charges twice.
    val first = client.chargeOffSession(
        OffSessionCharge(
            customer = saved.customerId, paymentMethod = saved.paymentMethodId, amount = 1099,
            currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-1001",
        ),
    )
    check(first is ChargeOutcome.Succeeded) { "the first charge should succeed: $first" }
    handle(first, steps)

    val richard = client.customers.create(CreateCustomer(email = "richard.roe@example.com", name = "Richard Roe"))
    val card = client.paymentMethods.attach("pm_card_chargeCustomerFail", AttachPaymentMethod(customer = richard.id))
    steps.done("second customer with a card     ${richard.id}  ${card.id} (${card.card?.brand ?: "card"} •••• ${card.card?.last4 ?: "????"})")

    val second = client.chargeOffSession(
        OffSessionCharge(
            customer = richard.id, paymentMethod = card.id, amount = 1099, currency = "usd",
            recovery = recovery, idempotencyKey = "kotlin-order-1002",
        ),
    )
    check(second is ChargeOutcome.NeedsRecovery) { "the second charge should be declined: $second" }
    handle(second, steps)

    // The customer pays on the recovery page with another card, which is saved for next time.
    customerCompletes(simUrl, second.recoverySession.id)
    steps.done("customer paid the recovery page")
    val recovered = client.completeRecovery(second.recoverySession.id)
    steps.done(
        "recovery completed              ${recovered.paymentIntent.id}  status=${recovered.paymentIntent.status} " +
            "new payment_method=${recovered.paymentMethodId}",
    )

    // The declined PaymentIntent is closed for good.
    recovered.declinedPaymentIntentId?.let { declined ->
        val canceled = client.paymentIntents.cancel(declined, CancelPaymentIntent(cancellationReason = CancellationReason.ABANDONED))
        steps.done("declined payment intent closed  ${canceled.id}  status=${canceled.status}")
    }

    // The next charge uses the card saved on the recovery page.
    val next = client.chargeOffSession(
        OffSessionCharge(
            customer = recovered.customerId, paymentMethod = recovered.paymentMethodId, amount = 1099,
            currency = "usd", recovery = recovery, idempotencyKey = "kotlin-order-1003",
        ),
    )
    check(next is ChargeOutcome.Succeeded) { "the charge of the recovered card should succeed: $next" }
    handle(next, steps)
    println(
        "done in %.1f ms: 2 charges succeeded, 1 declined and recovered".format((System.nanoTime() - steps.started) / 1e6),
    )
}

/**
 * What the merchant does with each outcome. The `when` is exhaustive over the sealed class, with
 * no `else`: only `Succeeded` means the money was collected.
 */
private fun handle(outcome: ChargeOutcome, steps: Steps) {
    when (outcome) {
        is ChargeOutcome.Succeeded -> {
            val paid = outcome.paymentIntent
            steps.done("charged off-session             ${paid.id}  amount=${paid.amount} status=${paid.status}")
            steps.note("fulfil the order")
        }
        is ChargeOutcome.Processing -> {
            steps.done("charge processing               ${outcome.paymentIntent.id}")
            steps.note("not paid yet: fulfil on payment_intent.succeeded, not on payment_intent.payment_failed")
        }
        is ChargeOutcome.RequiresCapture -> {
            steps.done("charge authorized               ${outcome.paymentIntent.id}")
            steps.note("capture it (or cancel it) before the authorization expires")
        }
        is ChargeOutcome.RequiresAction -> {
            steps.done("charge needs authentication     ${outcome.paymentIntent.id}")
            steps.note("bring the customer back on-session to confirm it with the client_secret")
        }
        is ChargeOutcome.NeedsRecovery -> {
            val error = outcome.error
            steps.done(
                "charge declined                 HTTP ${error.httpStatus} ${error.kind} " +
                    "code=${error.code} decline_code=${error.declineCode} request=${error.requestId}",
            )
            outcome.paymentIntent?.let { steps.note("payment intent ${it.id} is now ${it.status}") }
            val session = outcome.recoverySession
            steps.note("recovery session created ${session.id}  mode=${session.mode} amount=${session.amountTotal} ${session.currency?.uppercase()}")
            steps.note("send the customer to ${session.url}")
        }
        is ChargeOutcome.RecoveryFailed -> {
            steps.done("charge declined, no recovery    ${outcome.error.code}: ${outcome.recoveryError.message}")
            steps.note("nothing was charged: re-run with the same idempotency key later to create the recovery session")
        }
    }
}

fun main() {
    val binary = System.getProperty("offsession.sim.bin") ?: System.getenv("OFFSESSION_SIM_BIN")
        ?: error("set OFFSESSION_SIM_BIN to the offsession-sim binary")
    val simulator = ProcessBuilder(binary).redirectError(ProcessBuilder.Redirect.INHERIT).start()
    val simUrl = simulator.inputStream.bufferedReader().readLine()?.trim().orEmpty()
    println("offsession future payments (Kotlin) — against the simulator at $simUrl")
    val failure = runCatching { runBlocking { run(simUrl) } }.exceptionOrNull()
    simulator.destroyForcibly().waitFor()
    if (failure != null) {
        System.err.println("error: $failure")
        exitProcess(1)
    }
}
