// How the generated parameters (Params.swift) and the flow's (Flow.swift) become the JSON the
// core reads. The names, types and checks are the core's; Swift's Codable does the writing.
import Foundation

/// A string enum of Stripe's (`TaxExempt.exempt`), open to the values Stripe adds after this
/// version: `TaxExempt(rawValue: "new_value")`, or a string literal.
public protocol StringEnum: RawRepresentable, Encodable, Hashable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible where RawValue == String {
    /// A value as Stripe spells it.
    init(rawValue: String)
}

extension StringEnum {
    /// The value this literal spells.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The value as Stripe spells it.
    public var description: String { rawValue }
}

/// A parameter of an update call (`UpdateCustomer`, `UpdateSetupIntent`) that is set, or
/// cleared: Stripe clears a field posted as the empty string. Leaving the parameter nil leaves
/// the field as it is.
public enum Clearable<Value: Encodable & Equatable & Sendable>: Encodable, Equatable, Sendable {
    /// Sets the field to this value.
    case set(Value)
    /// Clears the field (sent as `""`).
    case clear

    /// The value, or the empty string.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .set(let value): try container.encode(value)
        case .clear: try container.encode("")
        }
    }
}

/// A JSON value, for what the SDK does not type: `RequestOptions(extraParams:)` and a raw
/// request's parameters. It has no floating-point case: Stripe's decimal parameters are strings
/// (`"10.5"`), and an integer parameter never comes from a fraction.
public enum JSONValue: Encodable, Equatable, Sendable, ExpressibleByNilLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `null` (a parameter left out).
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer.
    case int(Int64)
    /// A string.
    case string(String)
    /// A list.
    case array([JSONValue])
    /// An object.
    case object([String: JSONValue])

    /// `nil` is `.null`.
    public init(nilLiteral: ()) { self = .null }
    /// A boolean literal is `.bool`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal is `.int`.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// A string literal is `.string`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal is `.array`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal is `.object`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The value as it is.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The value as JSON text.
    public var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .string(let value): return Self.quoted(value)
        case .array(let items): return "[" + items.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let fields):
            return "{" + fields.map { Self.quoted($0.key) + ":" + $0.value.jsonText }
                .joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Parameters as the JSON text the `paramsJson` calls take. A NaN or infinite `Double` is no
/// JSON number: Swift's encoder refuses it (`EncodingError`, with its path) before anything is
/// sent.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
}
