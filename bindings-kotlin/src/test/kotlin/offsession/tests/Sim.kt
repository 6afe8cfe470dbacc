package offsession.tests

import java.io.File
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject

/** A fresh simulator (the project's `offsession-sim` binary) and its control surface. */
class Sim : AutoCloseable {
    val url: String
    private val process: Process

    init {
        val binary = System.getenv("OFFSESSION_SIM_BIN")
            ?: error("OFFSESSION_SIM_BIN is not set (scripts/test-kotlin sets it)")
        check(File(binary).canExecute()) {
            "the simulator binary is missing at $binary: run `cargo build -p offsession-sim`"
        }
        process = ProcessBuilder(binary)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start()
        val line = process.inputStream.bufferedReader().readLine()?.trim().orEmpty()
        if (!line.startsWith("http://127.0.0.1:")) {
            process.destroyForcibly()
            error("the simulator did not print its URL (got \"$line\")")
        }
        url = line
    }

    override fun close() {
        process.destroyForcibly()
        process.waitFor()
    }

    /** One request to the control surface: the status and the JSON body. */
    fun control(method: String, path: String, body: JsonElement? = null): Pair<Int, JsonElement> {
        val publisher = body?.let { HttpRequest.BodyPublishers.ofString(it.toString()) }
            ?: HttpRequest.BodyPublishers.noBody()
        val request = HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build()
        val response = http.send(request, HttpResponse.BodyHandlers.ofString())
        val parsed = try {
            Json.parseToJsonElement(response.body())
        } catch (e: Exception) {
            error("simulator $method $path answered HTTP ${response.statusCode()} with non-JSON: ${response.body()}")
        }
        return response.statusCode() to parsed
    }

    /** `GET /_sim/objects/{kind}`'s `data`. */
    fun objects(kind: String): JsonArray {
        val (status, body) = control("GET", "/_sim/objects/$kind")
        check(status == 200) { "objects $kind: HTTP $status $body" }
        return body.jsonObject.getValue("data").jsonArray
    }

    private companion object {
        val http: HttpClient = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build()
    }
}
