//! Reading the generated parameter types from JSON: [`FromJson`].
//!
//! Every binding hands the core its parameters as a `serde_json::Value`, so the generated types
//! are read from that one shape by code the generator writes for each of them (a loop over the
//! object's keys), instead of serde's derived visitors. The derived code is generic over the
//! deserializer and would be compiled once per type and deserializer, which made each native
//! library megabytes larger; this is compiled once per type. The rules are serde's with the
//! strictness of [`super::strict`]: an integer is an integer (never `true`, `1099.5` or `"5"`),
//! a boolean a boolean, a number finite; a null is `None`; an unknown key is refused; a missing
//! required key is refused. A refusal names the value as Stripe names it
//! (`line_items[1][price_data][unit_amount]`).
//!
//! The generated types still implement serde's `Deserialize` (through this), so the flows'
//! derived types can hold them.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Map, Number, Value};

use super::Clearable;

/// The largest integer an `f64` holds exactly: 2^53.
const F64_EXACT: u64 = 1 << 53;

/// Reads `Self` from a JSON value that sits at `at`.
pub trait FromJson: Sized {
    /// Reads `value`, or refuses it naming where it sits.
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal>;
}

/// Where a value sits: the chain of keys and indexes from the parameters' root, kept on the
/// stack (nothing is allocated unless a value is refused).
#[derive(Clone, Copy, Debug)]
pub struct At<'a> {
    parent: Option<&'a At<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Root(&'a str),
    Key(&'a str),
    Index(usize),
}

impl<'a> At<'a> {
    /// The root, named `prefix` (`""` for a call's parameters).
    pub fn root(prefix: &'a str) -> Self {
        At {
            parent: None,
            segment: Segment::Root(prefix),
        }
    }

    /// The value under `key` of the object here.
    pub fn key(&'a self, key: &'a str) -> At<'a> {
        At {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    /// The item at `index` of the list here.
    pub fn index(&'a self, index: usize) -> At<'a> {
        At {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// The path as Stripe writes it: `line_items[0][price_data]`.
    pub fn path(&self) -> String {
        let mut segments = Vec::new();
        let mut here = Some(self);
        while let Some(at) = here {
            segments.push(at.segment);
            here = at.parent;
        }
        let mut path = String::new();
        for segment in segments.into_iter().rev() {
            let name = match segment {
                Segment::Root(prefix) => prefix.to_owned(),
                Segment::Key(key) => key.to_owned(),
                Segment::Index(index) => index.to_string(),
            };
            if name.is_empty() {
                continue;
            }
            if path.is_empty() {
                path = name;
            } else {
                let _ = write!(path, "[{name}]");
            }
        }
        path
    }

    /// Refuses the value here with `message`.
    pub fn refuse(&self, message: impl Into<String>) -> Refusal {
        Refusal {
            param: self.path(),
            message: message.into(),
        }
    }

    /// Refuses the value here as not `expected`, saying what it was.
    pub fn wrong_type(&self, value: &Value, expected: &str) -> Refusal {
        self.refuse(format!(
            "wrong type: {}, expected {expected}",
            describe(value)
        ))
    }

    /// Refuses the key here as one the type does not have.
    pub fn unknown(&self) -> Refusal {
        self.refuse(super::convert::UNKNOWN)
    }
}

/// A refused value: the parameter as Stripe names it and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// `line_items[1][price_data][unit_amount]`; `params` when the root itself is refused.
    pub param: String,
    /// Why, as the error message says it.
    pub message: String,
}

impl From<Refusal> for crate::Error {
    fn from(refusal: Refusal) -> Self {
        let param = match refusal.param.is_empty() {
            true => "params".to_owned(),
            false => refusal.param,
        };
        crate::Error::invalid_input(param, refusal.message)
    }
}

/// How serde describes a value in its messages (`floating point \`1099.5\``), so that a
/// refusal reads the same whichever reader made it.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_owned(),
        Value::Object(_) => "map".to_owned(),
    }
}

/// The object a struct is read from: its entries, or a refusal.
pub fn object(value: Value, at: &At<'_>) -> Result<Map<String, Value>, Refusal> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(at.wrong_type(&other, "an object")),
    }
}

/// Reads an object's entries into a struct: each key is looked up in `names` (refused when it
/// is none of them) and its value handed to `read` with the key's index. What the generated
/// `FromJson` of every struct calls.
pub fn read_fields(
    value: Value,
    at: &At<'_>,
    names: &[&str],
    read: &mut dyn FnMut(usize, Value, &At<'_>) -> Result<(), Refusal>,
) -> Result<(), Refusal> {
    for (key, value) in object(value, at)? {
        let here = at.key(&key);
        let Some(index) = names.iter().position(|name| *name == key) else {
            return Err(here.unknown());
        };
        read(index, value, &here)?;
    }
    Ok(())
}

/// A required field's value, or "is required" naming it.
pub fn required<T>(value: Option<T>, at: &At<'_>, key: &str) -> Result<T, Refusal> {
    value.ok_or_else(|| at.key(key).refuse("is required"))
}

impl FromJson for String {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(at.wrong_type(&other, "a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(at.wrong_type(&other, "a boolean")),
        }
    }
}

impl FromJson for i64 {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal> {
        match &value {
            Value::Number(n) if !n.is_f64() => n.as_i64().ok_or_else(|| {
                at.refuse(format!(
                    "invalid value: integer `{n}`, expected an integer within i64"
                ))
            }),
            _ => Err(at.wrong_type(&value, "an integer")),
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal> {
        let Value::Number(n) = &value else {
            return Err(at.wrong_type(&value, "a finite number"));
        };
        exact_f64(n).ok_or_else(|| {
            at.refuse(format!(
                "invalid value: {}, expected a finite number within ±2^53",
                describe(&value)
            ))
        })
    }
}

/// A JSON number as an `f64` when it is one exactly: a finite float, or an integer within 2^53.
fn exact_f64(n: &Number) -> Option<f64> {
    if n.is_f64() {
        return n.as_f64().filter(|f| f.is_finite());
    }
    match (n.as_i64(), n.as_u64()) {
        #[allow(clippy::cast_precision_loss)] // within 2^53: exact
        (Some(i), _) if i.unsigned_abs() <= F64_EXACT => Some(i as f64),
        #[allow(clippy::cast_precision_loss)] // within 2^53: exact
        (_, Some(u)) if u <= F64_EXACT => Some(u as f64),
        _ => None,
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other, at).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal> {
        let Value::Array(items) = value else {
            return Err(at.wrong_type(&value, "a list"));
        };
        items
            .into_iter()
            .enumerate()
            .map(|(index, item)| T::from_json(item, &at.index(index)))
            .collect()
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal> {
        let Value::Object(entries) = value else {
            return Err(at.wrong_type(&value, "a map"));
        };
        entries
            .into_iter()
            .map(|(key, item)| {
                let item = T::from_json(item, &at.key(&key))?;
                Ok((key, item))
            })
            .collect()
    }
}

impl FromJson for Map<String, Value> {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal> {
        object(value, at)
    }
}

impl<T: FromJson> FromJson for Clearable<T> {
    fn from_json(value: Value, at: &At<'_>) -> Result<Self, Refusal> {
        if value.as_str() == Some("") {
            return Ok(Clearable::Clear);
        }
        T::from_json(value, at).map(Clearable::Set)
    }
}

/// One alternative of an untagged union: reads the value as that alternative.
pub type Alternative<T> = fn(Value, &At<'_>) -> Result<T, Refusal>;

/// The first alternative of an untagged union that reads `value`, or `expecting` as the
/// refusal (as serde's untagged enums do).
pub fn first_of<T>(
    value: Value,
    at: &At<'_>,
    alternatives: &[Alternative<T>],
    expecting: &str,
) -> Result<T, Refusal> {
    for alternative in alternatives {
        if let Ok(read) = alternative(value.clone(), at) {
            return Ok(read);
        }
    }
    Err(at.refuse(format!(
        "wrong type: {}, expected {expecting}",
        describe(&value)
    )))
}

/// How a [`Refusal`] is carried through serde's error type (a flow's derived `Deserialize`
/// holding a generated type): ``invalid parameter `shipping[name]`: is required``, which
/// [`super::convert`] reads back to join it with the path serde saw.
pub(crate) const NESTED: (&str, &str) = ("invalid parameter `", "`: ");

/// serde's `Deserialize` for a generated type, through [`FromJson`].
macro_rules! deserialize_from_json {
    ($($name:ident),+ $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::params::json::from_serde(d)
            }
        }
    )+};
}
pub(crate) use deserialize_from_json;

/// Reads `T` from any serde deserializer, by way of a JSON value.
pub fn from_serde<'de, T: FromJson, D: serde::Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    use serde::de::Error as _;
    let value = <Value as serde::Deserialize>::deserialize(d)?;
    T::from_json(value, &At::root("")).map_err(|refusal| {
        D::Error::custom(format!(
            "{}{}{}{}",
            NESTED.0, refusal.param, NESTED.1, refusal.message
        ))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{At, FromJson, Refusal};
    use crate::params::{Clearable, CreatePaymentIntent, OffSession, UpdateCustomer};

    fn read<T: FromJson>(value: serde_json::Value) -> Result<T, Refusal> {
        T::from_json(value, &At::root(""))
    }

    fn refused<T: FromJson + std::fmt::Debug>(value: serde_json::Value) -> (String, String) {
        let refusal = read::<T>(value).expect_err("refused");
        (refusal.param, refusal.message)
    }

    #[test]
    fn paths_are_written_as_stripe_writes_them() {
        let root = At::root("recovery");
        let items = root.key("line_items");
        let first = items.index(0);
        assert_eq!(
            first.key("price_data").path(),
            "recovery[line_items][0][price_data]"
        );
        assert_eq!(At::root("").key("amount").path(), "amount");
    }

    #[test]
    fn numbers_booleans_and_strings_are_read_strictly() {
        for (value, message) in [
            (
                json!({"amount": 1099.5, "currency": "usd"}),
                "wrong type: floating point `1099.5`, expected an integer",
            ),
            (
                json!({"amount": 1099.0, "currency": "usd"}),
                "wrong type: floating point `1099.0`, expected an integer",
            ),
            (
                json!({"amount": true, "currency": "usd"}),
                "wrong type: boolean `true`, expected an integer",
            ),
            (
                json!({"amount": "5", "currency": "usd"}),
                "wrong type: string \"5\", expected an integer",
            ),
            (
                json!({"amount": u64::MAX, "currency": "usd"}),
                "invalid value: integer `18446744073709551615`, expected an integer within i64",
            ),
        ] {
            assert_eq!(
                refused::<CreatePaymentIntent>(value),
                ("amount".to_owned(), message.to_owned())
            );
        }
        let (param, message) =
            refused::<CreatePaymentIntent>(json!({"amount": 5, "currency": "usd", "confirm": 1}));
        assert_eq!(
            (param.as_str(), message.as_str()),
            ("confirm", "wrong type: integer `1`, expected a boolean")
        );
    }

    #[test]
    fn required_unknown_and_null() {
        assert_eq!(
            refused::<CreatePaymentIntent>(json!({"amount": 5})),
            ("currency".to_owned(), "is required".to_owned())
        );
        let (param, _) = refused::<CreatePaymentIntent>(
            json!({"amount": 5, "currency": "usd", "shipping": {"name": "J", "address": {"cty": "x"}}}),
        );
        assert_eq!(param, "shipping[address][cty]");
        let intent: CreatePaymentIntent =
            read(json!({"amount": 5, "currency": "usd", "description": null})).unwrap();
        assert_eq!((intent.amount, intent.description), (5, None));
        assert_eq!(refused::<CreatePaymentIntent>(json!([1])).0, "");
    }

    #[test]
    fn unions_and_clearables() {
        let intent: CreatePaymentIntent =
            read(json!({"amount": 5, "currency": "usd", "off_session": "one_off"})).unwrap();
        assert!(matches!(intent.off_session, Some(OffSession::Kind(_))));
        let intent: CreatePaymentIntent =
            read(json!({"amount": 5, "currency": "usd", "off_session": true})).unwrap();
        assert_eq!(intent.off_session, Some(OffSession::Bool(true)));
        let (param, message) = refused::<CreatePaymentIntent>(
            json!({"amount": 5, "currency": "usd", "off_session": 1}),
        );
        assert_eq!(param, "off_session");
        assert!(
            message.ends_with("expected a boolean or one of `one_off`, `recurring`"),
            "{message}"
        );
        let update: UpdateCustomer = read(json!({"address": "", "balance": 3})).unwrap();
        assert_eq!(update.address, Some(Clearable::Clear));
        assert_eq!(
            refused::<UpdateCustomer>(json!({"address": 5})).0,
            "address"
        );
    }
}
