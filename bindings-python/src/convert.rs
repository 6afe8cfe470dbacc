//! Python arguments → the core's types, generically: one conversion for every parameter of
//! every call, so a parameter added to the core is accepted, checked and named here without
//! an edit.
//!
//! A call's keyword arguments are read by pythonize's `Depythonizer` into JSON, then
//! deserialised into the core's generated type by `offsession::params::from_json`, which
//! refuses a wrong type, a missing required parameter or an unknown one with an
//! `InvalidInputError` naming it as Stripe does (`line_items[0][price_data][unit_amount]`).
//! Integers, numbers and booleans are read strictly there (`offsession::params::strict`).
//!
//! Why JSON in between, instead of deserialising the type from the `Depythonizer` directly:
//! pythonize reads a `str` wherever a sequence is asked for (a `str` is a Python sequence), so
//! `expand="customer"` would become `expand[0]=c&expand[1]=u…`. JSON keeps a string a string,
//! so the typed step refuses it. The step into JSON keeps every kind Python has apart (pythonize
//! presents `True` as a boolean before it is an `int`, a `float` as a float even when whole, and
//! `None` as null), refuses what JSON cannot carry (NaN, ±Infinity, an `int` beyond 128 bits or
//! outside `i64`/`u64`, `bytes`, a `set`, any other object), and names the value where it sits.

use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use pythonize::Depythonizer;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

use offsession::RequestOptions;

use crate::errors;

/// Seconds: the unit of `timeout` and `connect_timeout` in Python, as in stripe-python.
pub const SECONDS: Duration = Duration::from_secs(1);

/// A core error as the Python exception.
pub fn raise(error: offsession::Error) -> PyErr {
    Python::attach(|py| errors::to_py(py, error))
}

/// A Python value as JSON, named `prefix` (and below it, `prefix[key][0]`) when refused.
pub fn to_json(prefix: &str, value: &Bound<'_, PyAny>) -> PyResult<Value> {
    let mut source = Depythonizer::from_object(value);
    offsession::params::from_deserializer::<Json, _>(prefix, &mut source)
        .map(|json| json.0)
        .map_err(raise)
}

/// A call's argument as `T`, named `name` when refused; left out, it is `None` (null), and
/// refused as "is required" when `T` needs a value.
pub fn arg<T: DeserializeOwned>(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<T> {
    let json = match value {
        Some(value) => to_json(name, value)?,
        None => Value::Null,
    };
    let missing = json.is_null();
    offsession::params::from_json(name, json).map_err(|error| match missing {
        true => errors::invalid_input(name, "is required"),
        false => raise(error),
    })
}

/// Keyword arguments as a JSON object (none given: empty). A keyword argument that is `None`
/// is left out, as in stripe-python: the parameter's default applies, and a required one is
/// refused as "is required". (`None` inside a dict or a list stays: a value of the wrong type
/// where one is required.)
pub fn kwargs(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Map<String, Value>> {
    let Some(kwargs) = kwargs else {
        return Ok(Map::new());
    };
    match to_json("", kwargs.as_any())? {
        Value::Object(mut map) => {
            map.retain(|_, value| !value.is_null());
            Ok(map)
        }
        _ => Err(errors::invalid_input("params", "must be keyword arguments")),
    }
}

/// A flow's keyword arguments as its core type (`StartSetup`, `OffSessionCharge`, …).
pub fn flow<T: DeserializeOwned>(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<T> {
    offsession::params::from_json("", Value::Object(self::kwargs(kwargs)?)).map_err(raise)
}

/// What a resource call sends: its parameters, its options and the fields to expand.
pub type Call<T> = (T, RequestOptions, Vec<String>);

/// A resource call's keyword arguments: the option names (`RequestOptions::NAMES`:
/// `idempotency_key`, `stripe_account`, `timeout` in seconds, `max_retries`, `extra_params`,
/// `expand`) are taken out as options, the rest are the parameters, as `T`.
pub fn call<T: DeserializeOwned>(kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Call<T>> {
    let mut params = self::kwargs(kwargs)?;
    let options: Map<String, Value> = RequestOptions::NAMES
        .iter()
        .filter_map(|name| Some(((*name).to_owned(), params.remove(*name)?)))
        .collect();
    let (options, expand) =
        RequestOptions::from_deserializer(Value::Object(options), SECONDS).map_err(raise)?;
    let params = offsession::params::from_json("", Value::Object(params)).map_err(raise)?;
    Ok((params, options, expand))
}

/// The parameters of a call that takes none besides its id: any keyword argument that is not
/// an option is refused by name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

/// An integer and nothing else (never `True` or `1.0`), for the webhook's numbers.
#[derive(Deserialize)]
pub struct Integer(#[serde(deserialize_with = "offsession::params::strict::i64")] pub i64);

/// A webhook payload: the raw request body as `bytes` (or a `str`, encoded as UTF-8).
pub fn payload(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<u8>> {
    match value {
        Some(value) if value.is_instance_of::<PyBytes>() => {
            Ok(value.cast::<PyBytes>()?.as_bytes().to_vec())
        }
        Some(value) if !value.is_none() => match arg::<Value>("payload", Some(value))? {
            Value::String(text) => Ok(text.into_bytes()),
            _ => Err(errors::invalid_input(
                "payload",
                "must be the raw request body as bytes (or str)",
            )),
        },
        _ => Err(errors::invalid_input(
            "payload",
            "is required: the raw request body as bytes (or str)",
        )),
    }
}

/// A Python value as JSON (see the module's documentation).
struct Json(Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a str, int, float, bool, None, list, tuple or dict")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(Value::from(v)),
            Err(_) => Err(E::custom(format!(
                "{v} is out of range: integers go up to 64 bits"
            ))),
        }
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        match u64::try_from(v) {
            Ok(v) => Ok(Value::from(v)),
            Err(_) => Err(E::custom(format!(
                "{v} is out of range: integers go up to 64 bits"
            ))),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            E::custom(format!(
                "{v} is not a finite number (NaN and infinities are refused)"
            ))
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Json(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(Json(key)) = map.next_key()? {
            let Value::String(key) = key else {
                return Err(de::Error::custom(format!(
                    "keys must be strings, got {key}"
                )));
            };
            let Json(value) = map.next_value()?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}
