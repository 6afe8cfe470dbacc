//! Python arguments → the core's parameter types.
//!
//! Every argument of every public callable arrives here as the object Python passed
//! (`Bound<PyAny>`, `None` when left out) and is converted by one of these helpers, never by
//! pyo3's own extraction: a value of the wrong type, or a required one left out or `None`, is
//! the core's `invalid_input` (`InvalidInputError`) whose `param` names it as the core does
//! (`email`, `recovery.product_name`, `metadata[order]`, `new_customer.email`,
//! `line_items[0][price_data][currency]`), with a message saying what was expected and what
//! came ("must be a string, got int", "is required: a string"). pyo3's own conversion would
//! raise a bare `TypeError` naming neither. The checks cost what pyo3's did: one type check per
//! value, and the same copy of a `str`.
//!
//! Required parameters default to `None` in the pyo3 signatures, so that leaving one out is
//! the same `InvalidInputError` as passing `None`; each such signature carries a
//! `text_signature` that still shows it as required (and the stubs say so too).

use std::borrow::Cow;
use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PySequence, PyString,
    PyTuple,
};

use offsession::validate::{self, NumberInput};
use offsession::{CreateCustomer, Metadata};

use crate::errors::{self, invalid_input};
use crate::flow::Recovery;

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
    let input = if value.is_none() {
        NumberInput::Missing
    } else if let Ok(flag) = value.cast::<PyBool>() {
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
        type_name = self::type_name(value);
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

/// A required integer argument: left out (or `None`), "is required".
pub fn required_integer(param: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<i64> {
    match value {
        Some(value) => integer(param, value),
        // The core's own "is required", as for a `None` inside a dict.
        None => Python::attach(|py| integer(param, py.None().bind(py))),
    }
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

/// A Python value's type name for messages: `int`, `dict`, `None`.
pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    if value.is_none() {
        return "None".to_owned();
    }
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// The error for a value that is not `expected` ("a string"): "is required: a string" when it
/// was left out (or `None` for a required argument), "must be a string, got int" otherwise.
pub fn wrong(param: &str, expected: &str, value: Option<&Bound<'_, PyAny>>) -> PyErr {
    match value {
        None => invalid_input(param, format!("is required: {expected}")),
        Some(value) => invalid_input(
            param,
            format!("must be {expected}, got {}", type_name(value)),
        ),
    }
}

/// A Python `None` counts as left out.
fn given<'a, 'py>(value: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    value.filter(|value| !value.is_none())
}

/// A `str` (or a subclass) as an owned string (the copy pyo3's own extraction makes); `None`
/// when `value` is not a `str`. The parameter's name is built only for an error: names of
/// dict entries and list items are formatted (`metadata[order]`) only when refused.
fn text<N: AsRef<str>>(
    value: &Bound<'_, PyAny>,
    param: impl FnOnce() -> N,
) -> PyResult<Option<String>> {
    let Ok(text) = value.cast::<PyString>() else {
        return Ok(None);
    };
    match text.to_cow() {
        Ok(text) => Ok(Some(Cow::into_owned(text))),
        Err(_) => Err(invalid_input(
            param().as_ref(),
            "must be text that can be encoded as UTF-8; it contains a lone surrogate",
        )),
    }
}

/// A required string: left out or `None` is "is required: {expected}".
pub fn string_described(
    param: &str,
    value: Option<&Bound<'_, PyAny>>,
    expected: &str,
) -> PyResult<String> {
    let value = given(value);
    match value {
        Some(present) => text(present, || param)?.ok_or_else(|| wrong(param, expected, value)),
        None => Err(wrong(param, expected, None)),
    }
}

/// A required string argument.
pub fn string(param: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    string_described(param, value, "a string")
}

/// An optional string argument: left out or `None` is `None`.
pub fn opt_string(param: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match given(value) {
        None => Ok(None),
        Some(present) => match text(present, || param)? {
            Some(text) => Ok(Some(text)),
            None => Err(wrong(param, "a string", Some(present))),
        },
    }
}

/// A string inside a dict or a list, where `None` is a value of the wrong type; `param` builds
/// its name for an error.
fn entry_string(value: &Bound<'_, PyAny>, param: impl Fn() -> String) -> PyResult<String> {
    text(value, &param)?.ok_or_else(|| wrong(&param(), "a string", Some(value)))
}

/// An optional `bool` (`True` or `False`; an `int` such as 1 is refused): left out or `None`
/// is `None`.
pub fn opt_bool(param: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<bool>> {
    match given(value) {
        None => Ok(None),
        Some(present) => match present.cast::<PyBool>() {
            Ok(flag) => Ok(Some(flag.is_true())),
            Err(_) => Err(wrong(param, "a bool (True or False)", Some(present))),
        },
    }
}

/// A dict's entries, keys as strings, in the dict's order.
type Entries<'py> = Vec<(String, Bound<'py, PyAny>)>;

/// The `(key, value)` pairs of a `dict` (or any other mapping), keys as strings; `None` when
/// `value` is not a mapping. A key that is not a `str` is refused naming `param`.
fn mapping_entries<'py>(param: &str, value: &Bound<'py, PyAny>) -> PyResult<Option<Entries<'py>>> {
    let pairs: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)> =
        if let Ok(dict) = value.cast::<PyDict>() {
            dict.iter().collect()
        } else if let Ok(mapping) = value.cast::<PyMapping>() {
            mapping
                .items()?
                .iter()
                .map(|item| item.extract())
                .collect::<PyResult<_>>()?
        } else {
            return Ok(None);
        };
    pairs
        .into_iter()
        .map(|(key, item)| match text(&key, || param)? {
            Some(key) => Ok((key, item)),
            None => Err(invalid_input(
                param,
                format!("keys must be strings, got {}", type_name(&key)),
            )),
        })
        .collect::<PyResult<_>>()
        .map(Some)
}

/// An optional dict of strings (`metadata`, `headers`): each value is named `param[key]`
/// (`metadata[order]`), in the dict's order; left out or `None` is empty.
pub fn string_map(
    param: &str,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<(String, String)>> {
    let Some(present) = given(value) else {
        return Ok(Vec::new());
    };
    let Some(entries) = mapping_entries(param, present)? else {
        return Err(wrong(param, "a dict of strings", Some(present)));
    };
    entries
        .into_iter()
        .map(|(key, item)| {
            let item = entry_string(&item, || format!("{param}[{key}]"))?;
            Ok((key, item))
        })
        .collect()
}

/// `metadata={"k": "v"}` → `Metadata`; left out or `None` is empty.
pub fn metadata(param: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Metadata> {
    Ok(string_map(param, value)?.into_iter().collect())
}

/// The items of a list, a tuple or another sequence that is not text (`str`, `bytes`);
/// `None` when `value` is not one.
fn sequence_items<'py>(value: &Bound<'py, PyAny>) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    if let Ok(list) = value.cast::<PyList>() {
        return Ok(Some(list.iter().collect()));
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return Ok(Some(tuple.iter().collect()));
    }
    let is_text = value.is_instance_of::<PyString>()
        || value.is_instance_of::<PyBytes>()
        || value.is_instance_of::<PyByteArray>();
    if is_text || value.cast::<PySequence>().is_err() {
        return Ok(None);
    }
    value.try_iter()?.collect::<PyResult<_>>().map(Some)
}

/// An optional list of strings (`expand`): each item is named `param[i]` (`expand[0]`); a
/// lone `str` is refused rather than read as a list of characters. Left out or `None` is
/// empty.
pub fn string_list(param: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(present) = given(value) else {
        return Ok(Vec::new());
    };
    let Some(items) = sequence_items(present)? else {
        return Err(wrong(param, "a list of strings", Some(present)));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| entry_string(item, || format!("{param}[{index}]")))
        .collect()
}

/// Borrowed view for the core's `&[&str]`.
pub fn as_strs(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

/// The fields of a dict argument whose keys must all be in `known`, each named under `param`:
/// `new_customer.email`, or in brackets as Stripe's form fields are,
/// `line_items[0][price_data][currency]`.
struct Fields<'py> {
    param: String,
    brackets: bool,
    entries: Entries<'py>,
}

impl<'py> Fields<'py> {
    /// `value`'s fields; anything but a dict (or another mapping) is refused as not `expected`.
    fn new(
        param: &str,
        value: &Bound<'py, PyAny>,
        known: &[&str],
        brackets: bool,
    ) -> PyResult<Self> {
        let Some(entries) = mapping_entries(param, value)? else {
            return Err(wrong(
                param,
                &format!("a dict with {}", known.join(", ")),
                Some(value),
            ));
        };
        let fields = Fields {
            param: param.to_owned(),
            brackets,
            entries,
        };
        if let Some((key, _)) = fields
            .entries
            .iter()
            .find(|(key, _)| !known.contains(&key.as_str()))
        {
            return Err(invalid_input(
                &fields.name(key),
                format!("unknown field {key} (expected one of {})", known.join(", ")),
            ));
        }
        Ok(fields)
    }

    /// The name of field `key` in errors.
    fn name(&self, key: &str) -> String {
        if self.brackets {
            format!("{}[{key}]", self.param)
        } else {
            format!("{}.{key}", self.param)
        }
    }

    /// Field `key` when the dict has it (`None` inside the dict is returned as given).
    fn get(&self, key: &str) -> Option<&Bound<'py, PyAny>> {
        self.entries
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    fn string(&self, key: &str) -> PyResult<String> {
        match self.get(key) {
            Some(value) => entry_string(value, || self.name(key)),
            None => Err(wrong(&self.name(key), "a string", None)),
        }
    }

    fn opt_string(&self, key: &str) -> PyResult<Option<String>> {
        opt_string(&self.name(key), self.get(key))
    }
}

/// `new_customer={"email": …, "name": …, "description": …, "metadata": {…}}`, its fields named
/// `new_customer.email`; left out or `None` is `None`.
pub fn new_customer(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<CreateCustomer>> {
    let Some(present) = given(value) else {
        return Ok(None);
    };
    let fields = Fields::new(
        "new_customer",
        present,
        &["email", "name", "description", "metadata"],
        false,
    )?;
    Ok(Some(CreateCustomer {
        email: fields.opt_string("email")?,
        name: fields.opt_string("name")?,
        description: fields.opt_string("description")?,
        metadata: metadata(&fields.name("metadata"), fields.get("metadata"))?,
        idempotency_key: None,
    }))
}

/// `line_items=[{"price_data": {...}, "quantity": 1}]` in Stripe's shape → `LineItem`s, each
/// field named as Stripe names it (`line_items[0][quantity]`,
/// `line_items[0][price_data][product_data][name]`). `quantity` and `unit_amount` go through
/// [`integer`]. Left out or `None` is no line items.
pub fn line_items(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<offsession::LineItem>> {
    let Some(present) = given(value) else {
        return Ok(Vec::new());
    };
    let Some(items) = sequence_items(present)? else {
        return Err(wrong("line_items", "a list of dicts", Some(present)));
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| line_item(&format!("line_items[{index}]"), item))
        .collect()
}

fn line_item(param: &str, item: &Bound<'_, PyAny>) -> PyResult<offsession::LineItem> {
    let item = Fields::new(param, item, &["price", "price_data", "quantity"], true)?;
    let price_data = match given(item.get("price_data")) {
        None => None,
        Some(data) => {
            let data = Fields::new(
                &item.name("price_data"),
                data,
                &["currency", "unit_amount", "product_data"],
                true,
            )?;
            let product_param = data.name("product_data");
            let product = match given(data.get("product_data")) {
                Some(product) => {
                    Fields::new(&product_param, product, &["name", "description"], true)?
                }
                None => {
                    return Err(wrong(
                        &product_param,
                        "a dict with name, description",
                        data.get("product_data"),
                    ))
                }
            };
            Some(offsession::PriceData {
                currency: data.string("currency")?,
                unit_amount: required_integer(&data.name("unit_amount"), data.get("unit_amount"))?,
                product_data: offsession::ProductData {
                    name: product.string("name")?,
                    description: product.opt_string("description")?,
                },
            })
        }
    };
    Ok(offsession::LineItem {
        price: item.opt_string("price")?,
        price_data,
        quantity: match item.get("quantity") {
            Some(quantity) => integer(&item.name("quantity"), quantity)?,
            None => 1,
        },
    })
}

/// `recovery=offsession.Recovery(...)`. A dict is refused with a hint: the class checks its
/// fields where it is built, and has defaults a dict would have to spell out.
pub fn recovery(value: Option<&Bound<'_, PyAny>>) -> PyResult<offsession::Recovery> {
    const EXPECTED: &str = "an offsession.Recovery(product_name=..., success_url=...)";
    let value = given(value);
    match value.map(|present| present.cast::<Recovery>()) {
        Some(Ok(recovery)) => Ok(recovery.get().into()),
        _ => Err(wrong("recovery", EXPECTED, value)),
    }
}

/// A verified event (`event` of `complete_setup_from_event`).
pub fn event(value: Option<&Bound<'_, PyAny>>) -> PyResult<offsession::Event> {
    const EXPECTED: &str = "an offsession.Event (from Webhook.construct_event)";
    match given(value) {
        Some(present) => crate::objects::from_python(present, "event", EXPECTED),
        None => Err(wrong("event", EXPECTED, None)),
    }
}

/// A webhook payload: the raw request body as `bytes` (or a `str`, encoded as UTF-8).
pub fn payload(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<u8>> {
    const EXPECTED: &str = "the raw request body as bytes (or str)";
    let value = given(value);
    if let Some(present) = value {
        if let Ok(bytes) = present.cast::<PyBytes>() {
            return Ok(bytes.as_bytes().to_vec());
        }
        if let Some(text) = text(present, || "payload")? {
            return Ok(text.into_bytes());
        }
    }
    Err(wrong("payload", EXPECTED, value))
}
