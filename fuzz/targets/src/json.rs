//! JSON comparisons shared by the decoding targets.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Number, Value};

/// Whether two JSON values are equal, floats allowed to differ by a couple of ULPs.
///
/// serde_json's default float parser is best-effort (exact parsing is its `float_roundtrip`
/// feature, not enabled here), so a float that is printed and parsed again may move by one ULP.
/// Integers, strings, booleans and the shape must be identical.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => same_number(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn same_number(x: &Number, y: &Number) -> bool {
    if !x.is_f64() && !y.is_f64() {
        return x == y;
    }
    match (x.is_f64() && y.is_f64(), x.as_f64(), y.as_f64()) {
        (true, Some(x), Some(y)) => ulps(x, y) <= 2,
        _ => false,
    }
}

/// The distance between two floats in units in the last place.
fn ulps(a: f64, b: f64) -> u64 {
    // Maps the bit patterns onto a monotonic integer line (negative floats reversed).
    fn line(f: f64) -> i64 {
        let bits = f.to_bits() as i64;
        if bits < 0 {
            i64::MIN - bits
        } else {
            bits
        }
    }
    line(a).abs_diff(line(b))
}

/// Whether the value holds a float anywhere.
pub(crate) fn has_float(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_f64(),
        Value::Array(items) => items.iter().any(has_float),
        Value::Object(map) => map.values().any(has_float),
        _ => false,
    }
}

/// Checks that every non-null leaf of `input` is in `output` at the same path with the same
/// value: decoding into the typed models and serialising again lost or changed nothing.
///
/// Nulls are exempt (an absent optional field is written as `null`, or not at all).
pub(crate) fn kept(input: &Value, output: &Value, path: &str) -> Result<(), String> {
    match input {
        Value::Null => Ok(()),
        Value::Object(fields) => {
            let Value::Object(out) = output else {
                return Err(format!("{path}: an object came back as {output}"));
            };
            for (key, value) in fields {
                if value.is_null() {
                    continue;
                }
                let path = format!("{path}.{key}");
                let Some(found) = out.get(key) else {
                    return Err(format!("{path}: dropped (it was {value})"));
                };
                kept(value, found, &path)?;
            }
            Ok(())
        }
        Value::Array(items) => {
            let Value::Array(out) = output else {
                return Err(format!("{path}: an array came back as {output}"));
            };
            if items.len() != out.len() {
                return Err(format!(
                    "{path}: {} items came back as {}",
                    items.len(),
                    out.len()
                ));
            }
            for (index, (item, found)) in items.iter().zip(out).enumerate() {
                kept(item, found, &format!("{path}[{index}]"))?;
            }
            Ok(())
        }
        _ if same(input, output) => Ok(()),
        _ => Err(format!("{path}: {input} came back as {output}")),
    }
}

/// Decodes `raw` as a `T`; on success checks [`checked`] and returns the object and the raw
/// JSON as a value.
pub(crate) fn round_trip<T>(raw: &[u8]) -> Option<(T, Value)>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let decoded: T = serde_json::from_slice(raw).ok()?;
    let input = checked(&decoded, raw);
    Some((decoded, input))
}

/// For an object decoded from `raw`: `raw` is JSON, no field of it was lost or changed, and
/// serialise → decode gives the same object back (up to float ULPs). Returns `raw` as a value.
pub(crate) fn checked<T>(decoded: &T, raw: &[u8]) -> Value
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let input: Value = serde_json::from_slice(raw)
        .unwrap_or_else(|e| panic!("decoded {decoded:?} from bytes that are not JSON: {e}"));
    let output = serde_json::to_value(decoded)
        .unwrap_or_else(|e| panic!("{decoded:?} does not serialise: {e}"));
    if let Err(loss) = kept(&input, &output, "$") {
        panic!("decoding lost or changed a field: {loss}\n  input:  {input}\n  output: {output}");
    }
    let bytes = serde_json::to_vec(decoded).unwrap_or_else(|e| panic!("{decoded:?}: {e}"));
    let again: T = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "the serialised object no longer decodes: {e}\n  {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    if again != *decoded {
        let output_again = serde_json::to_value(&again).unwrap_or(Value::Null);
        assert!(
            has_float(&output) && same(&output, &output_again),
            "serialise → decode changed the object:\n  first:  {output}\n  second: {output_again}"
        );
    }
    input
}

/// The id an expandable field holds in raw JSON: the string, or the expanded object's `id`.
pub(crate) fn expandable_id(field: Option<&Value>) -> Option<&str> {
    match field? {
        Value::String(id) => Some(id),
        Value::Object(object) => object.get("id")?.as_str(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ulps_of_neighbours() {
        assert_eq!(ulps(1.0, 1.0), 0);
        assert_eq!(ulps(1.0, f64::from_bits(1.0f64.to_bits() + 1)), 1);
        assert_eq!(ulps(-0.0, 0.0), 0);
        assert!(ulps(1.0, 2.0) > 2);
        assert!(ulps(-1.0, 1.0) > 2);
    }

    #[test]
    fn kept_finds_losses() {
        let input = json!({"a": 1, "b": null, "c": {"d": [1, "x"]}});
        assert!(kept(&input, &json!({"a": 1, "c": {"d": [1, "x"]}, "e": 2}), "$").is_ok());
        assert!(kept(&input, &json!({"a": 1}), "$").is_err());
        assert!(kept(&input, &json!({"a": 2, "c": {"d": [1, "x"]}}), "$").is_err());
        assert!(kept(&input, &json!({"a": 1, "c": {"d": [1]}}), "$").is_err());
        assert!(kept(&json!(1.5), &json!(1), "$").is_err());
    }
}
