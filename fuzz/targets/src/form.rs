//! The `form` target: the `application/x-www-form-urlencoded` encoder.

use offsession::{
    form, CreateCheckoutSession, CreateCheckoutSessionLineItem, CreateCustomer,
    CreatePaymentIntent, OffSession,
};
use serde::Serialize;
use serde_json::{Map, Number, Value};

/// Nesting depth of generated parameters.
const MAX_DEPTH: u32 = 5;

/// Encodes fuzzed nested parameters with `offsession::form`.
///
/// The parameters are the input parsed as JSON when it is JSON, and otherwise a
/// `serde_json::Value` generated from the bytes (objects, arrays, strings of any UTF-8,
/// integers, floats, booleans, nulls). A few typed parameter structs are filled from the same
/// bytes.
///
/// Invariants, checked against an independent model of the encoding:
/// - nothing panics;
/// - the encoder fails exactly when some value would have an empty key (a scalar at the top
///   level, or only empty keys on its path) or some map key holds `[` or `]` (it would change
///   the nesting Stripe reads); otherwise the body is, byte for byte,
///   `key=value` pairs joined by `&` in serialisation order, keys written as
///   `first[second][third]` with array items indexed from 0, nulls omitted, booleans
///   `true`/`false`, and every byte outside RFC 3986's unreserved set percent-encoded in
///   upper-case hex except `[` and `]` in keys;
/// - `form_urlencoded::parse` reads the body back as exactly those keys and values;
/// - `append_pair` adds one pair that parses back, separated by `&` only after a non-empty
///   body;
/// - a typed parameter struct encodes to the same pairs as its JSON form (in the same order
///   for `CreateCheckoutSession`, whose fields are alphabetical like Stripe's), and setting its
///   idempotency key (a header, not a parameter) leaves the body unchanged.
pub fn form(data: &[u8]) {
    let params = match serde_json::from_slice::<Value>(data) {
        Ok(value) => value,
        Err(_) => generate(&mut Bytes(data), 0),
    };
    check_value(&params);
    check_append(&params, data);
    check_typed(&mut Bytes(data));
}

/// Encodes `params` and compares with the model.
fn check_value(params: &Value) -> Option<String> {
    let mut leaves = Vec::new();
    model(params, String::new(), &mut leaves);
    let encoded = form::to_string(params);
    if leaves.iter().any(|(key, _)| key.is_empty()) || has_bracketed_key(params) {
        assert!(
            encoded.is_err(),
            "{params} has a value with an empty or bracketed key, yet encoded as {encoded:?}"
        );
        return None;
    }
    let encoded = encoded.unwrap_or_else(|e| panic!("{params} did not encode: {e}"));
    assert_eq!(encoded, expected_body(&leaves), "the body of {params}");
    assert_eq!(parse(&encoded), leaves, "parsing back the body of {params}");
    Some(encoded)
}

/// `append_pair` after a body.
fn check_append(params: &Value, data: &[u8]) {
    let mut body = form::to_string(params).unwrap_or_default();
    let before = body.clone();
    let key = format!("expand[{}]", data.len());
    let value = String::from_utf8_lossy(data.get(..32).unwrap_or(data));
    form::append_pair(&mut body, &key, &value);
    let added = if before.is_empty() {
        body.as_str()
    } else {
        let Some(rest) = body.strip_prefix(&format!("{before}&")) else {
            panic!("append_pair did not add `&` and a pair to {before:?}: {body:?}");
        };
        rest
    };
    assert_eq!(added, expected_body(&[(key.clone(), value.to_string())]));
    assert_eq!(parse(added), [(key, value.into_owned())]);
}

/// Typed parameter structs encode like their JSON form.
fn check_typed(bytes: &mut Bytes<'_>) {
    let customer = CreateCustomer {
        email: bytes.optional_text(),
        name: bytes.optional_text(),
        description: bytes.optional_text(),
        metadata: bytes.metadata(),
        ..CreateCustomer::default()
    };
    same_pairs(&customer);

    let intent = CreatePaymentIntent {
        amount: bytes.i64(),
        currency: bytes.text(),
        customer: bytes.optional_text(),
        payment_method: bytes.optional_text(),
        off_session: bytes.optional_bool().map(OffSession::Bool),
        confirm: bytes.optional_bool(),
        description: bytes.optional_text(),
        metadata: bytes.metadata(),
        ..CreatePaymentIntent::default()
    };
    same_pairs(&intent);

    let mut session =
        CreateCheckoutSession::payment(bytes.text(), bytes.i64(), bytes.text(), bytes.text());
    session.customer = bytes.optional_text();
    session.cancel_url = bytes.optional_text();
    session.metadata = bytes.metadata();
    if bytes.byte() & 1 == 1 {
        let mut item = CreateCheckoutSessionLineItem::new(bytes.text(), bytes.i64(), bytes.text());
        item.price = bytes.optional_text();
        item.quantity = Some(bytes.i64());
        session.line_items.push(item);
    }
    let encoded = same_pairs(&session);
    // Alphabetical fields: the very body the JSON form gives.
    let value = serde_json::to_value(&session).unwrap_or_else(|e| panic!("{session:?}: {e}"));
    assert_eq!(check_value(&value), encoded);
}

/// Whether any map key, at any depth, holds `[` or `]`: the encoder must refuse those, as they
/// would change the nesting Stripe reads.
fn has_bracketed_key(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(has_bracketed_key),
        Value::Object(fields) => fields
            .iter()
            .any(|(name, item)| name.contains(['[', ']']) || has_bracketed_key(item)),
        _ => false,
    }
}

/// The struct's body holds the pairs of its JSON form. Returns it, or `None` when a bracketed
/// key (say in `metadata`) made the encoder refuse it, as it must.
fn same_pairs<T: Serialize + std::fmt::Debug>(params: &T) -> Option<String> {
    let value = serde_json::to_value(params).unwrap_or_else(|e| panic!("{params:?}: {e}"));
    if has_bracketed_key(&value) {
        let refused = form::to_string(params);
        assert!(refused.is_err(), "{params:?} encoded as {refused:?}");
        return None;
    }
    let encoded = form::to_string(params).unwrap_or_else(|e| panic!("{params:?}: {e}"));
    let mut leaves = Vec::new();
    model(&value, String::new(), &mut leaves);
    let mut got = parse(&encoded);
    got.sort();
    leaves.sort();
    assert_eq!(got, leaves, "{params:?} encoded as {encoded}");
    Some(encoded)
}

/// The model: every non-null leaf with its bracketed key, in serialisation order.
fn model(value: &Value, key: String, out: &mut Vec<(String, String)>) {
    let nested = |segment: &str| {
        if key.is_empty() {
            segment.to_owned()
        } else {
            format!("{key}[{segment}]")
        }
    };
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((key, b.to_string())),
        Value::Number(n) => out.push((key, number_text(n))),
        Value::String(s) => out.push((key, s.clone())),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                model(item, nested(&index.to_string()), out);
            }
        }
        Value::Object(fields) => {
            for (name, item) in fields {
                model(item, nested(name), out);
            }
        }
    }
}

/// How a number is written: integers in decimal, floats as Rust's `Display` writes an `f64`.
fn number_text(n: &Number) -> String {
    if let Some(u) = n.as_u64() {
        u.to_string()
    } else if let Some(i) = n.as_i64() {
        i.to_string()
    } else {
        n.as_f64().map(|f| f.to_string()).unwrap_or_default()
    }
}

/// The body the model expects for `leaves`.
fn expected_body(leaves: &[(String, String)]) -> String {
    leaves
        .iter()
        .map(|(key, value)| format!("{}={}", escape(key, b"[]"), escape(value, b"")))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes every byte outside RFC 3986's unreserved set and `keep`.
fn escape(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The body as a server reads it.
fn parse(body: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Reads fuzz bytes as values; past the end every byte is 0.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn eight(&mut self) -> [u8; 8] {
        std::array::from_fn(|_| self.byte())
    }

    fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.eight())
    }

    /// Up to 23 bytes, as UTF-8 (invalid sequences replaced).
    fn text(&mut self) -> String {
        let len = usize::from(self.byte() % 24).min(self.0.len());
        let (text, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8_lossy(text).into_owned()
    }

    fn optional_text(&mut self) -> Option<String> {
        (self.byte() & 1 == 1).then(|| self.text())
    }

    fn optional_bool(&mut self) -> Option<bool> {
        match self.byte() % 3 {
            0 => None,
            1 => Some(false),
            _ => Some(true),
        }
    }

    fn metadata(&mut self) -> offsession::Metadata {
        (0..self.byte() % 4)
            .map(|_| (self.text(), self.text()))
            .collect()
    }
}

/// A JSON value generated from the bytes.
fn generate(bytes: &mut Bytes<'_>, depth: u32) -> Value {
    let tag = bytes.byte();
    let kinds = if depth >= MAX_DEPTH { 6 } else { 8 };
    match tag % kinds {
        0 => Value::Null,
        1 => Value::Bool(tag & 0x80 != 0),
        2 => Value::from(bytes.i64()),
        3 => Value::from(u64::from_le_bytes(bytes.eight())),
        4 => Number::from_f64(f64::from_le_bytes(bytes.eight())).map_or(Value::Null, Value::Number),
        5 => Value::String(bytes.text()),
        6 => Value::Array(
            (0..bytes.byte() % 5)
                .map(|_| generate(bytes, depth + 1))
                .collect(),
        ),
        _ => {
            let mut fields = Map::new();
            for _ in 0..bytes.byte() % 5 {
                let key = bytes.text();
                fields.insert(key, generate(bytes, depth + 1));
            }
            Value::Object(fields)
        }
    }
}
