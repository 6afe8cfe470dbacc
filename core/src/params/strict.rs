//! Strict deserializers for the parameters' integers, numbers and booleans.
//!
//! The bindings feed the parameter types from Python and JavaScript values through generic serde
//! deserializers (pythonize, napi's serde support). Asked for an `i64`, those convert what they
//! are given: Python's `True` is an `int` (so it would become `1`), a JavaScript number is a
//! float (so `1099.5` could become `1099`). An amount must never come from a flag or a fraction,
//! so these ask the deserializer what the value *is* (`deserialize_any`) and accept only the
//! right kind:
//!
//! - [`i64()`] / [`opt_i64`]: an integer within `i64`; never a boolean, a float (even a whole one
//!   such as `1099.0`) or a string.
//! - [`bool()`] / [`opt_bool`]: a boolean; never `1`, `0` or `"true"`.
//! - [`f64()`] / [`opt_f64`]: a finite number (an integer is taken exactly, up to 2^53); never a
//!   boolean or a string.
//!
//! The `opt_` forms take a null (Python's `None`, JavaScript's `null`) as `None`, and are used
//! with `#[serde(default)]` so that a missing parameter is `None` too.

use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};

/// The largest integer an `f64` holds exactly: 2^53.
const F64_EXACT: u64 = 1 << 53;

#[derive(Clone, Copy)]
struct I64Visitor;

impl<'de> Visitor<'de> for I64Visitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &"an integer within i64"))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom(format!("{v} is out of range for an i64")))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom(format!("{v} is out of range for an i64")))
    }
}

#[derive(Clone, Copy)]
struct BoolVisitor;

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
}

#[derive(Clone, Copy)]
struct F64Visitor;

impl<'de> Visitor<'de> for F64Visitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a finite number")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        if v.is_finite() {
            Ok(v)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        if v.unsigned_abs() <= F64_EXACT {
            #[allow(clippy::cast_precision_loss)] // within 2^53: exact
            Ok(v as f64)
        } else {
            Err(E::invalid_value(
                Unexpected::Signed(v),
                &"a number within ±2^53",
            ))
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        if v <= F64_EXACT {
            #[allow(clippy::cast_precision_loss)] // within 2^53: exact
            Ok(v as f64)
        } else {
            Err(E::invalid_value(
                Unexpected::Unsigned(v),
                &"a number within ±2^53",
            ))
        }
    }
}

/// Turns a strict visitor into one that also takes a null (or an explicit `Some`).
struct OptionVisitor<V>(V);

impl<'de, V: Visitor<'de> + Copy> Visitor<'de> for OptionVisitor<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self.0).map(Some)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Some)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Some)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        self.0.visit_i128(v).map(Some)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        self.0.visit_u128(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Some)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.visit_str(v).map(Some)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
        self.0.visit_bytes(v).map(Some)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq).map(Some)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map).map(Some)
    }
}

/// An integer, and nothing else (`#[serde(deserialize_with = "crate::params::strict::i64")]`).
pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(I64Visitor)
}

/// An integer or null (`None`); with `#[serde(default)]`, a missing field is `None` too.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(OptionVisitor(I64Visitor))
}

/// A boolean, and nothing else.
pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(BoolVisitor)
}

/// A boolean or null (`None`).
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(OptionVisitor(BoolVisitor))
}

/// A finite number (an integer is taken exactly, up to 2^53), never a boolean or a string.
pub fn f64<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    d.deserialize_any(F64Visitor)
}

/// A finite number or null (`None`).
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(OptionVisitor(F64Visitor))
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::{json, Value};

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Params {
        #[serde(deserialize_with = "super::i64")]
        amount: i64,
        #[serde(default, deserialize_with = "super::opt_i64")]
        limit: Option<i64>,
        #[serde(default, deserialize_with = "super::opt_bool")]
        confirm: Option<bool>,
        #[serde(default, deserialize_with = "super::opt_f64")]
        percent: Option<f64>,
    }

    fn i64_of(value: Value) -> Result<i64, serde_json::Error> {
        super::i64(value)
    }

    fn bool_of(value: Value) -> Result<bool, serde_json::Error> {
        super::bool(value)
    }

    fn f64_of(value: Value) -> Result<f64, serde_json::Error> {
        super::f64(value)
    }

    #[test]
    fn i64_takes_integers_in_range() {
        assert_eq!(i64_of(json!(1099)).unwrap(), 1099);
        assert_eq!(i64_of(json!(-5)).unwrap(), -5);
        assert_eq!(i64_of(json!(0)).unwrap(), 0);
        assert_eq!(i64_of(json!(i64::MAX)).unwrap(), i64::MAX);
        assert_eq!(i64_of(json!(i64::MIN)).unwrap(), i64::MIN);
    }

    #[test]
    fn i64_refuses_booleans_floats_and_strings() {
        for value in [
            json!(true),
            json!(false),
            json!(1099.0),
            json!(1099.5),
            json!("1099"),
            json!(null),
            json!([1099]),
            json!({"amount": 1099}),
        ] {
            let error = i64_of(value.clone()).unwrap_err().to_string();
            assert!(error.contains("expected an integer"), "{value}: {error}");
        }
        let error = i64_of(json!(u64::MAX)).unwrap_err().to_string();
        assert!(error.contains("within i64"), "{error}");
    }

    #[test]
    fn bool_takes_only_booleans() {
        assert!(bool_of(json!(true)).unwrap());
        assert!(!bool_of(json!(false)).unwrap());
        for value in [json!(1), json!(0), json!(1.0), json!("true"), json!(null)] {
            let error = bool_of(value.clone()).unwrap_err().to_string();
            assert!(error.contains("expected a boolean"), "{value}: {error}");
        }
    }

    #[test]
    fn f64_takes_finite_numbers_and_exact_integers() {
        assert_eq!(f64_of(json!(12.5)).unwrap(), 12.5);
        assert_eq!(f64_of(json!(10)).unwrap(), 10.0);
        assert_eq!(f64_of(json!(-3)).unwrap(), -3.0);
        assert_eq!(f64_of(json!(1u64 << 53)).unwrap(), 9_007_199_254_740_992.0);
        assert!(f64_of(json!((1u64 << 53) + 1)).is_err());
        for value in [json!(true), json!("12.5"), json!(null)] {
            assert!(f64_of(value.clone()).is_err(), "{value}");
        }
    }

    #[test]
    fn optional_forms_take_null_and_missing_as_none() {
        let params: Params = serde_json::from_str(r#"{"amount": 1, "limit": null}"#).unwrap();
        assert_eq!(params.amount, 1);
        assert_eq!(params.limit, None);
        assert_eq!(params.confirm, None);
        assert_eq!(params.percent, None);
        let params: Params =
            serde_json::from_str(r#"{"amount": 2, "limit": 10, "confirm": true, "percent": 2.5}"#)
                .unwrap();
        assert_eq!(params.limit, Some(10));
        assert_eq!(params.confirm, Some(true));
        assert_eq!(params.percent, Some(2.5));
        let params = Params::deserialize(json!({"amount": 3, "limit": 4, "confirm": false}));
        let params = params.unwrap();
        assert_eq!(
            (params.amount, params.limit, params.confirm),
            (3, Some(4), Some(false))
        );
    }

    #[test]
    fn a_struct_refuses_coerced_values_with_the_field_in_the_message() {
        for (input, expected) in [
            (
                r#"{"amount": true}"#,
                "invalid type: boolean `true`, expected an integer",
            ),
            (
                r#"{"amount": 1099.5}"#,
                "invalid type: floating point `1099.5`, expected an integer",
            ),
            (
                r#"{"amount": 1099.0}"#,
                "invalid type: floating point `1099.0`, expected an integer",
            ),
            (
                r#"{"amount": "1099"}"#,
                "invalid type: string \"1099\", expected an integer",
            ),
            (r#"{"amount": 1, "limit": false}"#, "expected an integer"),
            (r#"{"amount": 1, "limit": 2.0}"#, "expected an integer"),
            (r#"{"amount": 1, "confirm": 1}"#, "expected a boolean"),
            (r#"{"amount": 1, "confirm": "true"}"#, "expected a boolean"),
            (
                r#"{"amount": 1, "percent": true}"#,
                "expected a finite number",
            ),
            (r#"{"amount": 1, "other": 2}"#, "unknown field `other`"),
        ] {
            let error = serde_json::from_str::<Params>(input)
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{input}: {error}");
        }
        let error = Params::deserialize(json!({"amount": true}))
            .unwrap_err()
            .to_string();
        assert!(error.contains("expected an integer"), "{error}");
    }
}
