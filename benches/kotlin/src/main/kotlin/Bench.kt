// Kotlin client of the benchmark: the same six-request flow as benches/rust, python and node,
// through the uniffi Client (the generated Kotlin package over the release library), FLOWS flows
// with CONCURRENCY in flight as coroutines on one runBlocking loop. Every response is decoded
// and the final PaymentIntent must be `succeeded`. A warm-up first (the JIT compiles the hot
// paths), then one JSON line: CPU µs per request (the JVM's process CPU time over the timed
// flows, all threads: JIT, GC, the library's I/O threads), wall ms per flow, peak RSS (VmHWM).
//
// Usage: java -Djna.library.path=DIR -cp 'target/classes:target/lib/*' offsession.bench.BenchKt \
//          offsession URL FLOWS CONCURRENCY [WARMUP_FLOWS]   (warm-up default 2000 flows)
package offsession.bench

import java.io.File
import java.lang.management.ManagementFactory
import java.util.Locale
import kotlin.system.exitProcess
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import offsession.AttachPaymentMethod
import offsession.Client
import offsession.ClientConfig
import offsession.CreateCheckoutSession
import offsession.CreateCustomer
import offsession.CreateCheckoutSessionMode
import offsession.CreatePaymentIntent
import offsession.OffSession
import offsession.attach
import offsession.checkoutSessions
import offsession.create
import offsession.customers
import offsession.paymentIntents
import offsession.paymentMethods
import offsession.setupIntents

private const val KEY = "sk_test_bench"
private const val SUCCESS = "https://example.com/s?session_id={CHECKOUT_SESSION_ID}"

private suspend fun flow(client: Client) {
    val customer = client.customers.create(CreateCustomer(email = "jenny.rosen@example.com"))
    val session = client.checkoutSessions.create(
        CreateCheckoutSession(
            mode = CreateCheckoutSessionMode.SETUP, successUrl = SUCCESS, currency = "usd", customer = customer.id,
        ),
    )
    val expanded = client.checkoutSessions.retrieve(session.id, listOf("setup_intent"))
    val setupIntentId = checkNotNull(expanded.setupIntentId) { "no setup intent" }
    val setupIntent = client.setupIntents.retrieve(setupIntentId, emptyList())
    val paymentMethod = checkNotNull(setupIntent.paymentMethodId) { "no payment method" }
    client.paymentMethods.attach(paymentMethod, AttachPaymentMethod(customer = customer.id))
    val paymentIntent = client.paymentIntents.create(
        CreatePaymentIntent(
            amount = 1099, currency = "usd", customer = customer.id, paymentMethod = paymentMethod,
            offSession = OffSession.Bool(true), confirm = true,
        ),
    )
    check(paymentIntent.status == "succeeded") { "unexpected status ${paymentIntent.status}" }
}

/** `perTask` flows in each of `concurrency` coroutines, all on the caller's loop. */
private suspend fun runFlows(client: Client, perTask: Int, concurrency: Int) = coroutineScope {
    repeat(concurrency) {
        launch {
            repeat(perTask) { flow(client) }
        }
    }
}

/** The whole process's CPU time (user + system, every thread) in nanoseconds. */
private fun processCpuNanos(): Long =
    (ManagementFactory.getOperatingSystemMXBean() as com.sun.management.OperatingSystemMXBean).processCpuTime

private fun peakRssMib(): Double =
    File("/proc/self/status").readLines()
        .firstOrNull { it.startsWith("VmHWM:") }
        ?.removePrefix("VmHWM:")?.trim()?.removeSuffix("kB")?.trim()?.toDoubleOrNull()
        ?.div(1024.0) ?: 0.0

fun main(args: Array<String>) {
    if (args.size !in 4..5 || args[0] != "offsession") {
        System.err.println("usage: BenchKt offsession URL FLOWS CONCURRENCY [WARMUP_FLOWS]")
        exitProcess(2)
    }
    val (name, url) = args[0] to args[1]
    val flows = args[2].toInt()
    val concurrency = args[3].toInt()
    val warmup = args.getOrNull(4)?.toInt() ?: 2000
    val perTask = flows / concurrency
    try {
        // Loads the library (JNA) and checks its API checksums against the generated sources.
        val client = Client(ClientConfig(apiKey = KEY, baseUrl = url))
        runBlocking {
            // Warm-up: connections, class loading, and enough calls for the JIT's C2 tier.
            runFlows(client, maxOf(1, warmup / concurrency), concurrency)
        }
        val cpuStart = processCpuNanos()
        val wallStart = System.nanoTime()
        runBlocking { runFlows(client, perTask, concurrency) }
        val wall = (System.nanoTime() - wallStart) / 1e9
        val cpu = (processCpuNanos() - cpuStart) / 1e3
        val done = perTask * concurrency
        println(
            String.format(
                Locale.ROOT,
                "{\"client\":\"kotlin/%s x%d\",\"flows\":%d,\"requests\":%d,\"cpu_us_per_request\":%.2f,\"wall_ms_per_flow\":%.4f,\"peak_rss_mib\":%.1f}",
                name, concurrency, done, done * 6, cpu / (done * 6), wall * 1000 / done, peakRssMib(),
            ),
        )
    } catch (failure: Throwable) {
        // One line (run.py shows the last one when a smoke run fails), causes included.
        val causes = generateSequence(failure) { it.cause }.take(5).joinToString(" <- ").replace('\n', ' ')
        System.err.println("kotlin/$name x$concurrency failed: $causes")
        exitProcess(1)
    }
    // The library's I/O threads and uniffi's cleaner would keep the JVM waiting.
    exitProcess(0)
}
