// How the generated parameters (Params.kt) and the flow's (Flow.kt) become the JSON the core
// reads: a tiny writer, no JSON library. The names, types and checks are the core's.

package offsession

/** A value the typed calls send as JSON: every generated parameter class, string enum and union. */
interface JsonEncodable {
    /** This value as JSON data: maps, lists, strings, numbers, booleans, or other [JsonEncodable]s. */
    fun jsonValue(): Any
}

/** This value as JSON text, as the typed calls send it (and the `paramsJson` calls take it). */
fun JsonEncodable.toJson(): String = jsonText(this)

/**
 * A string enum of Stripe's (`TaxExempt.EXEMPT`), open to the values Stripe adds after this
 * version: `TaxExempt("new_value")`. Two are equal when they are of one enum and spell the same
 * value.
 */
abstract class StringEnum(
    /** The value as Stripe spells it. */
    val value: String,
) : JsonEncodable {
    override fun jsonValue(): Any = value

    override fun equals(other: Any?): Boolean = other is StringEnum && other.javaClass == javaClass && other.value == value

    override fun hashCode(): Int = value.hashCode()

    override fun toString(): String = value
}

/**
 * A parameter of an update call (`UpdateCustomer`, `UpdateSetupIntent`) that is set, or
 * cleared: Stripe clears a field posted as the empty string. Leaving the parameter `null`
 * leaves the field as it is.
 */
sealed interface Clearable<out T : Any> : JsonEncodable {
    /** Sets the field to [value]. */
    data class Set<out T : Any>(val value: T) : Clearable<T> {
        override fun jsonValue(): Any = value
    }

    /** Clears the field (sent as `""`). */
    data object Clear : Clearable<Nothing> {
        override fun jsonValue(): Any = ""
    }
}

/** A parameter object: its fields that are not null, in order. */
internal fun jsonObject(vararg fields: Pair<String, Any?>): Map<String, Any?> =
    fields.filter { it.second != null }.toMap(LinkedHashMap())

/**
 * [value] as JSON text: `null`, strings, booleans, integers, floating-point numbers (written
 * as such, even a whole one, so the core refuses one where an integer belongs), maps with
 * string keys, lists, arrays and [JsonEncodable]s. A NaN or infinite number, or anything else,
 * is an [IllegalArgumentException] naming where it is, thrown before anything is sent.
 */
internal fun jsonText(value: Any?, name: String = "params"): String =
    StringBuilder().also { it.writeJson(value, name) }.toString()

private fun StringBuilder.writeJson(value: Any?, path: String) {
    when (value) {
        null -> append("null")
        is JsonEncodable -> writeJson(value.jsonValue(), path)
        is String -> writeString(value)
        is Boolean, is Long, is Int, is Short, is Byte, is UInt, is ULong, is UShort, is UByte -> append(value)
        is Double, is Float -> {
            require((value as Number).toDouble().isFinite()) { "$path: $value is not a number JSON can carry" }
            append(value)
        }
        is Map<*, *> -> {
            append('{')
            value.entries.forEachIndexed { index, (key, item) ->
                require(key is String) { "$path: a JSON object's keys are strings, not $key" }
                if (index > 0) append(',')
                writeString(key)
                append(':')
                writeJson(item, "$path[$key]")
            }
            append('}')
        }
        is Iterable<*> -> writeArray(value.toList(), path)
        is Array<*> -> writeArray(value.toList(), path)
        else -> throw IllegalArgumentException("$path: ${value::class.qualifiedName} cannot be sent as JSON")
    }
}

private fun StringBuilder.writeArray(items: List<Any?>, path: String) {
    append('[')
    items.forEachIndexed { index, item ->
        if (index > 0) append(',')
        writeJson(item, "$path[$index]")
    }
    append(']')
}

private fun StringBuilder.writeString(text: String) {
    append('"')
    for (char in text) {
        when {
            char == '"' -> append("\\\"")
            char == '\\' -> append("\\\\")
            char < ' ' -> append("\\u%04x".format(char.code))
            else -> append(char)
        }
    }
    append('"')
}
