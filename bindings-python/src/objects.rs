//! Stripe objects as immutable Python objects: attribute and item access, `to_dict()`, and a
//! short `repr` that never shows a secret. Fields are converted when read, so a response costs
//! one Rust decode, not a Python object per field. An object a call returned also carries its
//! `last_response` (a [`StripeResponse`], built with the object: one small object per result).

use std::sync::Arc;

use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use serde::Serialize;
use serde_json::{Map, Value};

/// What Stripe's response said about itself, kept on the object a call returned, as
/// stripe-python's `obj.last_response`: the `Request-Id` to quote to Stripe support, and
/// whether the answer replayed an earlier request with the same idempotency key (a re-run that
/// created and charged nothing new).
#[pyclass(frozen, module = "offsession", get_all)]
pub struct StripeResponse {
    /// The HTTP status (200 for every object a call returns).
    http_status: u16,
    /// The `Request-Id` header.
    request_id: Option<String>,
    /// `True` when Stripe answered with the stored result of an earlier request with the same
    /// `Idempotency-Key`: nothing was created or charged again.
    idempotent_replayed: bool,
    /// The `Idempotency-Key` the request was sent with (POSTs only; `None` for GETs).
    idempotency_key: Option<String>,
}

impl From<offsession::ResponseMeta> for StripeResponse {
    fn from(meta: offsession::ResponseMeta) -> Self {
        StripeResponse {
            http_status: meta.http_status,
            request_id: meta.request_id,
            idempotent_replayed: meta.idempotent_replayed,
            idempotency_key: meta.idempotency_key,
        }
    }
}

#[pymethods]
impl StripeResponse {
    fn __repr__(&self) -> String {
        let quoted = |value: &Option<String>| match value {
            Some(text) => format!("{text:?}").replace('"', "'"),
            None => "None".to_owned(),
        };
        format!(
            "StripeResponse(http_status={}, request_id={}, idempotent_replayed={}, idempotency_key={})",
            self.http_status,
            quoted(&self.request_id),
            if self.idempotent_replayed { "True" } else { "False" },
            quoted(&self.idempotency_key)
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<StripeResponse>().is_ok_and(|other| {
            let other = other.get();
            other.http_status == self.http_status
                && other.request_id == self.request_id
                && other.idempotent_replayed == self.idempotent_replayed
                && other.idempotency_key == self.idempotency_key
        })
    }

    /// `{"http_status", "request_id", "idempotent_replayed", "idempotency_key"}`.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item("http_status", self.http_status)?;
        dict.set_item("request_id", &self.request_id)?;
        dict.set_item("idempotent_replayed", self.idempotent_replayed)?;
        dict.set_item("idempotency_key", &self.idempotency_key)?;
        Ok(dict.into_any().unbind())
    }
}

/// Any Stripe object. Subclasses name the kinds the SDK models.
#[pyclass(subclass, frozen, module = "offsession", name = "StripeObject")]
pub struct StripeObject {
    fields: Arc<Map<String, Value>>,
    /// The response that brought this object, when a call returned it.
    last_response: Option<Py<StripeResponse>>,
}

macro_rules! kinds {
    ($($class:ident = $object:literal),* $(,)?) => {
        $(
            #[doc = concat!("A Stripe `", $object, "` object.")]
            #[pyclass(extends = StripeObject, frozen, module = "offsession")]
            pub struct $class;
        )*

        /// Wraps `fields` in the class named by its `object` field.
        fn wrap(
            py: Python<'_>,
            fields: Map<String, Value>,
            last_response: Option<Py<StripeResponse>>,
        ) -> PyResult<Py<PyAny>> {
            let fields = Arc::new(fields);
            let base = PyClassInitializer::from(StripeObject {
                fields: Arc::clone(&fields),
                last_response,
            });
            Ok(match fields.get("object").and_then(Value::as_str).unwrap_or("") {
                $($object => Py::new(py, base.add_subclass($class))?.into_any(),)*
                _ => Py::new(py, base)?.into_any(),
            })
        }

        fn register_kinds(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(m.add_class::<$class>()?;)*
            Ok(())
        }
    };
}

kinds! {
    Customer = "customer",
    CheckoutSession = "checkout.session",
    SetupIntent = "setup_intent",
    PaymentMethod = "payment_method",
    PaymentIntent = "payment_intent",
    Charge = "charge",
    Event = "event",
}

/// Converts a core object that did not come from a call's own response (an event, the
/// PaymentIntent inside an error) into its Python object, without `last_response`.
pub fn to_python(py: Python<'_>, object: &impl Serialize) -> PyResult<Py<PyAny>> {
    value_to_python(py, to_value(object)?)
}

fn to_value(object: &impl Serialize) -> PyResult<Value> {
    serde_json::to_value(object).map_err(|e| {
        crate::errors::APIError::new_err(format!("internal error converting a response: {e}"))
    })
}

/// An object a call returned, which keeps the response that brought it.
pub trait Returned: Serialize {
    fn take_last_response(&mut self) -> Option<offsession::ResponseMeta>;
}

macro_rules! returned {
    ($($kind:ty),+ $(,)?) => {
        $(impl Returned for $kind {
            fn take_last_response(&mut self) -> Option<offsession::ResponseMeta> {
                self.last_response.take()
            }
        })+
    };
}

returned!(
    offsession::Customer,
    offsession::CheckoutSession,
    offsession::SetupIntent,
    offsession::PaymentMethod,
    offsession::PaymentIntent,
);

/// Converts an object a call returned into its Python object, with its `last_response`.
pub fn returned_to_python(py: Python<'_>, mut object: impl Returned) -> PyResult<Py<PyAny>> {
    let meta = object.take_last_response();
    match to_value(&object)? {
        Value::Object(fields) => {
            let meta = meta
                .map(|meta| Py::new(py, StripeResponse::from(meta)))
                .transpose()?;
            wrap(py, fields, meta)
        }
        other => value_to_python(py, other),
    }
}

/// The conformance shape of an object a flow result holds (tests/conformance/README.md):
/// Stripe's JSON plus `last_response` when the object came from a call's response.
pub fn returned_dict(py: Python<'_>, object: &Py<PyAny>) -> PyResult<Py<PyAny>> {
    let bound = object.bind(py);
    let dict = bound.call_method0("to_dict")?;
    if let Ok(stripe_object) = bound.cast::<StripeObject>() {
        if let Some(meta) = &stripe_object.get().last_response {
            dict.set_item("last_response", meta.get().to_dict(py)?)?;
        }
    }
    Ok(dict.unbind())
}

/// A JSON value as Python: objects become `StripeObject`s, arrays tuples (immutable).
fn value_to_python(py: Python<'_>, value: Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Object(fields) => wrap(py, fields, None)?,
        Value::Array(items) => {
            let items = items
                .into_iter()
                .map(|item| value_to_python(py, item))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)?.into_any().unbind()
        }
        scalar => scalar_to_python(py, &scalar)?,
    })
}

fn scalar_to_python(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(_) | Value::Object(_) => plain(py, value)?,
    })
}

/// A JSON value as plain Python data (dicts and lists), for `to_dict()`.
fn plain(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Object(fields) => {
            let dict = PyDict::new(py);
            for (key, item) in fields {
                dict.set_item(key, plain(py, item)?)?;
            }
            dict.into_any().unbind()
        }
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|item| plain(py, item))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any().unbind()
        }
        scalar => scalar_to_python(py, scalar)?,
    })
}

/// Fields never shown by `repr`, whatever the object.
const HIDDEN_IN_REPR: &[&str] = &["client_secret"];
/// Fields `repr` shows, in this order, when present.
const SHOWN_IN_REPR: &[&str] = &[
    "id",
    "type",
    "mode",
    "status",
    "amount",
    "currency",
    "email",
    "customer",
    "payment_method",
    "url",
];

#[pymethods]
impl StripeObject {
    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        match self.fields.get(name) {
            Some(value) => value_to_python(py, value.clone()),
            None => Err(PyAttributeError::new_err(format!(
                "{} has no field {name:?}",
                self.kind()
            ))),
        }
    }

    fn __getitem__(&self, py: Python<'_>, key: &str) -> PyResult<Py<PyAny>> {
        match self.fields.get(key) {
            Some(value) => value_to_python(py, value.clone()),
            None => Err(PyKeyError::new_err(key.to_owned())),
        }
    }

    fn __contains__(&self, key: &str) -> bool {
        self.fields.contains_key(key)
    }

    fn __len__(&self) -> usize {
        self.fields.len()
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let keys = PyList::new(py, self.fields.keys())?;
        Ok(keys.call_method0("__iter__")?.unbind())
    }

    fn __dir__(&self) -> Vec<String> {
        let mut names: Vec<String> = self.fields.keys().cloned().collect();
        names.extend(["get", "keys", "last_response", "to_dict", "to_json"].map(String::from));
        names
    }

    /// The response that brought this object (`request_id`, `idempotent_replayed`, …) when a
    /// call returned it, as stripe-python's `last_response`; `None` for an object that came
    /// inside another (an expansion, a nested field), a webhook event or an error. Not one of
    /// Stripe's fields: `to_dict()` and `to_json()` leave it out.
    #[getter]
    fn last_response(&self, py: Python<'_>) -> Option<Py<StripeResponse>> {
        self.last_response.as_ref().map(|meta| meta.clone_ref(py))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<StripeObject>()
            .is_ok_and(|other| other.get().fields == self.fields)
    }

    /// `obj.get("field", default)`, as on a dict.
    #[pyo3(signature = (key, default = None))]
    fn get(&self, py: Python<'_>, key: &str, default: Option<Py<PyAny>>) -> PyResult<Py<PyAny>> {
        match self.fields.get(key) {
            Some(value) => value_to_python(py, value.clone()),
            None => Ok(default.unwrap_or_else(|| py.None())),
        }
    }

    /// The field names.
    fn keys(&self) -> Vec<String> {
        self.fields.keys().cloned().collect()
    }

    /// The whole object as plain dicts and lists, every field Stripe sent included.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        plain(py, &Value::Object((*self.fields).clone()))
    }

    /// The whole object as a JSON string.
    fn to_json(&self) -> String {
        serde_json::to_string(&*self.fields).unwrap_or_default()
    }

    fn __repr__(&self) -> String {
        let class = match self.kind() {
            "customer" => "Customer",
            "checkout.session" => "CheckoutSession",
            "setup_intent" => "SetupIntent",
            "payment_method" => "PaymentMethod",
            "payment_intent" => "PaymentIntent",
            "charge" => "Charge",
            "event" => "Event",
            _ => "StripeObject",
        };
        let shown: Vec<String> = SHOWN_IN_REPR
            .iter()
            .filter(|name| !HIDDEN_IN_REPR.contains(name))
            .filter_map(|name| {
                let value = self.fields.get(*name)?;
                let text = match value {
                    Value::Null => return None,
                    Value::String(s) => format!("{s:?}").replace('"', "'"),
                    Value::Object(object) => object
                        .get("id")
                        .and_then(Value::as_str)
                        .map(|id| format!("'{id}'"))?,
                    other => other.to_string(),
                };
                Some(format!("{name}={text}"))
            })
            .collect();
        format!("{class}({})", shown.join(", "))
    }
}

impl StripeObject {
    fn kind(&self) -> &str {
        self.fields
            .get("object")
            .and_then(Value::as_str)
            .unwrap_or("object")
    }
}

macro_rules! into_python_returned {
    ($($ty:ty),*) => {
        $(impl crate::runtime::IntoPython for $ty {
            fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                returned_to_python(py, self)
            }
        })*
    };
}

into_python_returned!(
    offsession::Customer,
    offsession::CheckoutSession,
    offsession::SetupIntent,
    offsession::PaymentMethod,
    offsession::PaymentIntent
);

impl crate::runtime::IntoPython for offsession::Event {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_python(py, &self)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<StripeObject>()?;
    m.add_class::<StripeResponse>()?;
    register_kinds(m)
}

/// A Python Stripe object back into a core type (e.g. a verified `Event` for
/// `complete_setup_from_event`); anything else is refused as not `expected`.
pub fn from_python<T: serde::de::DeserializeOwned>(
    object: &Bound<'_, PyAny>,
    param: &str,
    expected: &str,
) -> PyResult<T> {
    let object = object
        .cast::<StripeObject>()
        .map_err(|_| crate::params::wrong(param, expected, Some(object)))?;
    serde_json::from_value(Value::Object((*object.get().fields).clone()))
        .map_err(|e| crate::errors::invalid_input(param, e.to_string()))
}
