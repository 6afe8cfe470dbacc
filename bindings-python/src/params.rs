//! Python arguments → the core's parameter types.

use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt};

use offsession::validate::{self, NumberInput};
use offsession::{CreateCustomer, Metadata};

use crate::errors::{self, invalid_input};

/// A number argument, checked by the core exactly as Python gave it: the binding only says
/// what it is (`bool` before `int`, since `True` is an `int`; a `float` stays a float even when
/// whole; anything else by its type's name) and `check` — one of the core's
/// `offsession::validate` number checks — decides. Nothing is rounded, truncated or coerced
/// here, so `amount=True` is refused instead of being charged as 1. A refusal is an
/// `InvalidInputError` naming `param`.
pub fn number<T>(
    param: &str,
    value: &Bound<'_, PyAny>,
    check: impl FnOnce(&str, NumberInput<'_>) -> offsession::Result<T>,
) -> PyResult<T> {
    let type_name: String;
    // An int beyond 128 bits: out of every range, described by its size in the message.
    let mut beyond_i128: Option<(i128, String)> = None;
    let input = if let Ok(flag) = value.cast::<PyBool>() {
        NumberInput::Bool(flag.is_true())
    } else if let Ok(int) = value.cast::<PyInt>() {
        match int.extract::<i128>() {
            Ok(exact) => NumberInput::Integer(exact),
            Err(_) => {
                let negative = int.lt(0)?;
                let bits: u64 = int.call_method0("bit_length")?.extract()?;
                let clamped = if negative { i128::MIN } else { i128::MAX };
                let sign = if negative { "a negative" } else { "an" };
                beyond_i128 = Some((clamped, format!("{sign} integer of {bits} bits")));
                NumberInput::Integer(clamped)
            }
        }
    } else if let Ok(float) = value.cast::<PyFloat>() {
        NumberInput::Float(float.value())
    } else {
        type_name = value
            .get_type()
            .name()
            .map(|name| name.to_string())
            .unwrap_or_else(|_| "object".to_owned());
        NumberInput::Other(&type_name)
    };
    check(param, input).map_err(|error| {
        let error = match (error, beyond_i128) {
            (offsession::Error::InvalidInput { param, message }, Some((clamped, described))) => {
                offsession::Error::InvalidInput {
                    param,
                    message: message.replace(&clamped.to_string(), &described),
                }
            }
            (error, _) => error,
        };
        errors::to_py(value.py(), error)
    })
}

/// An integer (`amount`, `unit_amount`, `quantity`, a timestamp) in the range of `i64`; the
/// call's own checks (amount 1 ..= 99,999,999, quantity ≥ 1) follow in the core.
pub fn integer(param: &str, value: &Bound<'_, PyAny>) -> PyResult<i64> {
    number(param, value, validate::integer)
}

/// A count such as `max_retries`: a non-negative integer.
pub fn count(param: &str, value: &Bound<'_, PyAny>) -> PyResult<u32> {
    number(param, value, validate::count)
}

/// A length of time in seconds (`timeout`, `connect_timeout`): an `int` or a `float`, finite
/// and greater than zero.
pub fn seconds(param: &str, value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    number(param, value, |param, input| {
        validate::duration(param, input, Duration::from_secs(1))
    })
}

/// A webhook tolerance in whole seconds: a non-negative integer (0 turns the check off).
pub fn tolerance(param: &str, value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    number(param, value, validate::tolerance_seconds)
}

/// `metadata={"k": "v"}` → `Metadata`; `None` is empty.
pub fn metadata(value: Option<&Bound<'_, PyDict>>) -> PyResult<Metadata> {
    let mut metadata = Metadata::new();
    if let Some(dict) = value {
        for (key, item) in dict.iter() {
            let (Ok(key), Ok(item)) = (key.extract::<String>(), item.extract::<String>()) else {
                return Err(invalid_input("metadata", "keys and values must be strings"));
            };
            metadata.insert(key, item);
        }
    }
    Ok(metadata)
}

/// `new_customer={"email": …, "name": …, "description": …, "metadata": {…}}`.
pub fn new_customer(value: Option<&Bound<'_, PyDict>>) -> PyResult<Option<CreateCustomer>> {
    let Some(dict) = value else {
        return Ok(None);
    };
    let mut customer = CreateCustomer::default();
    for (key, item) in dict.iter() {
        let key: String = key.extract()?;
        let text = || -> PyResult<Option<String>> {
            if item.is_none() {
                Ok(None)
            } else {
                item.extract::<String>()
                    .map(Some)
                    .map_err(|_| invalid_input(&format!("new_customer.{key}"), "must be a string"))
            }
        };
        match key.as_str() {
            "email" => customer.email = text()?,
            "name" => customer.name = text()?,
            "description" => customer.description = text()?,
            "metadata" => customer.metadata = metadata(item.cast::<PyDict>().ok())?,
            other => {
                return Err(invalid_input(
                    "new_customer",
                    format!("unknown field {other:?} (email, name, description, metadata)"),
                ))
            }
        }
    }
    Ok(Some(customer))
}

/// `expand=["setup_intent"]` → owned strings (the call outlives the Python list).
pub fn expand(value: Option<Vec<String>>) -> Vec<String> {
    value.unwrap_or_default()
}

/// Borrowed view for the core's `&[&str]`.
pub fn as_strs(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

/// `line_items=[{"price_data": {...}, "quantity": 1}]` in Stripe's shape → `LineItem`s.
/// `quantity` and `unit_amount` go through [`integer`], named as Stripe names them
/// (`line_items[0][quantity]`, `line_items[0][price_data][unit_amount]`).
pub fn line_items(items: Vec<Bound<'_, PyDict>>) -> PyResult<Vec<offsession::LineItem>> {
    let invalid = |index: usize, what: &str| invalid_input(&format!("line_items[{index}]"), what);
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let mut line = offsession::LineItem {
                quantity: 1,
                ..Default::default()
            };
            for (key, value) in item.iter() {
                match key.extract::<String>()?.as_str() {
                    "quantity" => {
                        line.quantity = integer(&format!("line_items[{index}][quantity]"), &value)?
                    }
                    "price" => {
                        line.price = value
                            .extract()
                            .map_err(|_| invalid(index, "price must be a string"))?
                    }
                    "price_data" => {
                        let data = value
                            .cast::<PyDict>()
                            .map_err(|_| invalid(index, "price_data must be a dict"))?;
                        let get = |name: &str| data.get_item(name).ok().flatten();
                        let product = get("product_data")
                            .and_then(|p| p.cast_into::<PyDict>().ok())
                            .ok_or_else(|| {
                                invalid(index, "price_data.product_data must be a dict with a name")
                            })?;
                        let name = product
                            .get_item("name")?
                            .map(|n| n.extract::<String>())
                            .transpose()
                            .map_err(|_| invalid(index, "product_data.name must be a string"))?
                            .unwrap_or_default();
                        line.price_data = Some(offsession::PriceData {
                            currency: get("currency")
                                .map(|c| c.extract())
                                .transpose()
                                .map_err(|_| invalid(index, "currency must be a string"))?
                                .unwrap_or_default(),
                            unit_amount: get("unit_amount")
                                .map(|amount| {
                                    integer(
                                        &format!("line_items[{index}][price_data][unit_amount]"),
                                        &amount,
                                    )
                                })
                                .transpose()?
                                .unwrap_or_default(),
                            product_data: offsession::ProductData {
                                name,
                                description: None,
                            },
                        });
                    }
                    other => {
                        return Err(invalid(
                            index,
                            &format!("unknown field {other:?} (price, price_data, quantity)"),
                        ))
                    }
                }
            }
            Ok(line)
        })
        .collect()
}
