//! Stripe objects as immutable Python objects: attribute and item access, `to_dict()`, a short
//! `repr` that never shows a secret, equality, and pickling (`copy.deepcopy`, Celery and RQ
//! results) from their JSON. Fields are converted when read, so a response costs one Rust
//! decode, not a Python object per field. An object a call returned also carries its
//! `last_response` (a [`StripeResponse`]).

use std::sync::Arc;

use pyo3::exceptions::{PyAttributeError, PyKeyError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::runtime::IntoPython;

/// What Stripe's response said about itself, kept on the object a call returned, as
/// stripe-python's `obj.last_response`: the `Request-Id` to quote to Stripe support, and
/// whether the answer replayed an earlier request with the same idempotency key (a re-run that
/// created and charged nothing new).
#[pyclass(frozen, eq, module = "offsession", get_all)]
#[derive(PartialEq)]
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
    /// Made by the calls; public so that pickled objects can be restored.
    #[new]
    #[pyo3(signature = (http_status, request_id = None, idempotent_replayed = false, idempotency_key = None))]
    fn new(
        http_status: u16,
        request_id: Option<String>,
        idempotent_replayed: bool,
        idempotency_key: Option<String>,
    ) -> Self {
        StripeResponse {
            http_status,
            request_id,
            idempotent_replayed,
            idempotency_key,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "StripeResponse(http_status={}, request_id={}, idempotent_replayed={}, idempotency_key={})",
            self.http_status,
            self.request_id.as_deref().into_pyobject(py)?.repr()?,
            if self.idempotent_replayed { "True" } else { "False" },
            self.idempotency_key.as_deref().into_pyobject(py)?.repr()?,
        ))
    }

    /// Pickling: the class and its four fields.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let this = slf.get();
        let fields = (
            this.http_status,
            this.request_id.clone(),
            this.idempotent_replayed,
            this.idempotency_key.clone(),
        );
        Ok((slf.get_type(), fields.into_pyobject(slf.py())?))
    }

    /// `{"http_status", "request_id", "idempotent_replayed", "idempotency_key"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("http_status", self.http_status)?;
        dict.set_item("request_id", &self.request_id)?;
        dict.set_item("idempotent_replayed", self.idempotent_replayed)?;
        dict.set_item("idempotency_key", &self.idempotency_key)?;
        Ok(dict)
    }
}

/// Any Stripe object. Subclasses name the kinds the SDK models; every field Stripe sent is
/// there, whatever the kind.
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
        pub fn wrap(
            py: Python<'_>,
            fields: Map<String, Value>,
            last_response: Option<Py<StripeResponse>>,
        ) -> PyResult<Py<PyAny>> {
            let kind = fields.get("object").and_then(Value::as_str).unwrap_or("").to_owned();
            let base = PyClassInitializer::from(StripeObject {
                fields: Arc::new(fields),
                last_response,
            });
            Ok(match kind.as_str() {
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

impl StripeObject {
    /// The base of a subclass instance (a list page), not wrapped in a kind.
    pub fn new(fields: Map<String, Value>, last_response: Option<Py<StripeResponse>>) -> Self {
        StripeObject {
            fields: Arc::new(fields),
            last_response,
        }
    }

    /// Stripe's fields, as sent.
    pub fn fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    fn kind(&self) -> &str {
        self.fields
            .get("object")
            .and_then(Value::as_str)
            .unwrap_or("object")
    }
}

/// A core value (an event, the PaymentIntent inside an error, an item of a list) as its Python
/// object, without `last_response`.
pub fn to_python(py: Python<'_>, object: &impl Serialize) -> PyResult<Py<PyAny>> {
    value_to_python(py, to_value(object)?)
}

fn to_value(object: &impl Serialize) -> PyResult<Value> {
    serde_json::to_value(object).map_err(|e| {
        crate::errors::APIError::new_err(format!("internal error converting a response: {e}"))
    })
}

/// JSON a call returned as its Python object, with its `last_response` when it is an object.
pub fn returned_value(
    py: Python<'_>,
    value: Value,
    meta: Option<offsession::ResponseMeta>,
) -> PyResult<Py<PyAny>> {
    match value {
        Value::Object(fields) => {
            let meta = meta
                .map(|meta| Py::new(py, StripeResponse::from(meta)))
                .transpose()?;
            wrap(py, fields, meta)
        }
        other => value_to_python(py, other),
    }
}

/// An object a call returned, which keeps the response that brought it.
pub trait Returned: Serialize + Send + 'static {
    /// The response that brought the object, taken out of it.
    fn take_last_response(&mut self) -> Option<offsession::ResponseMeta>;
}

macro_rules! returned {
    ($($kind:ty),+ $(,)?) => {
        $(impl Returned for $kind {
            fn take_last_response(&mut self) -> Option<offsession::ResponseMeta> {
                self.last_response.take()
            }
        }

        impl IntoPython for $kind {
            fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                returned_to_python(py, self)
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
    offsession::List<offsession::PaymentMethod>,
);

/// Converts an object a call returned into its Python object, with its `last_response`.
pub fn returned_to_python(py: Python<'_>, mut object: impl Returned) -> PyResult<Py<PyAny>> {
    let meta = object.take_last_response();
    returned_value(py, to_value(&object)?, meta)
}

impl IntoPython for offsession::RawResponse {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        returned_value(py, self.body, self.last_response)
    }
}

impl IntoPython for offsession::Event {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_python(py, &self)
    }
}

/// The conformance shape of an object a result holds (tests/conformance/README.md): Stripe's
/// JSON plus `last_response` when the object came from a call's response.
pub fn returned_dict<'py>(object: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let dict = object.call_method0("to_dict")?;
    if let Ok(stripe_object) = object.cast::<StripeObject>() {
        if let Some(meta) = &stripe_object.get().last_response {
            dict.set_item("last_response", meta.get().to_dict(object.py())?)?;
        }
    }
    Ok(dict)
}

/// A JSON value as Python: objects become `StripeObject`s, arrays tuples (immutable).
pub fn value_to_python(py: Python<'_>, value: Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Object(fields) => wrap(py, fields, None)?,
        Value::Array(items) => {
            let items = items
                .into_iter()
                .map(|item| value_to_python(py, item))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)?.into_any().unbind()
        }
        scalar => plain(py, &scalar)?,
    })
}

/// A JSON value as plain Python data (dicts, lists, and scalars), for `to_dict()`.
fn plain(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(pythonize::pythonize(py, value)?.unbind())
}

/// Fields `repr` shows, in this order, when present (never `client_secret`).
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
    "has_more",
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

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        PyList::new(py, self.fields.keys())?.call_method0("__iter__")
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
    pub fn last_response(&self, py: Python<'_>) -> Option<Py<StripeResponse>> {
        self.last_response.as_ref().map(|meta| meta.clone_ref(py))
    }

    /// Equal when Stripe's fields are (`last_response` aside).
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<StripeObject>()
            .is_ok_and(|other| other.get().fields == self.fields)
    }

    /// Pickling (and `copy.deepcopy`): the object's JSON and its `last_response`.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let restore = py.get_type::<StripeObject>().getattr("_restore")?;
        let this = slf.get();
        (restore, (this.to_json(), this.last_response(py))).into_pyobject(py)
    }

    /// Restores a pickled object (see `__reduce__`).
    #[classmethod]
    fn _restore(
        cls: &Bound<'_, PyType>,
        json: &str,
        last_response: Option<Py<StripeResponse>>,
    ) -> PyResult<Py<PyAny>> {
        let fields = serde_json::from_str(json)
            .map_err(|e| crate::errors::invalid_input("json", e.to_string()))?;
        wrap(cls.py(), fields, last_response)
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

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let shown = SHOWN_IN_REPR
            .iter()
            .filter_map(|name| Some((name, slf.get().fields.get(*name)?)))
            .filter(|(_, value)| !value.is_null())
            .map(|(name, value)| {
                let text = match value {
                    // An expanded object shows its id.
                    Value::Object(object) => object
                        .get("id")
                        .map_or_else(|| "{...}".to_owned(), Value::to_string)
                        .replace('"', "'"),
                    other => plain(py, other)?.bind(py).repr()?.to_string(),
                };
                Ok(format!("{name}={text}"))
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(format!("{}({})", slf.get_type().name()?, shown.join(", ")))
    }
}

/// A Python Stripe object back into a core type (a verified `Event` for
/// `complete_setup_from_event`); anything else is refused as not `expected`.
pub fn from_python<T: serde::de::DeserializeOwned>(
    object: Option<&Bound<'_, PyAny>>,
    param: &str,
    expected: &str,
) -> PyResult<T> {
    let Some(object) = object.and_then(|object| object.cast::<StripeObject>().ok()) else {
        return Err(crate::errors::invalid_input(
            param,
            format!("must be {expected}"),
        ));
    };
    serde_json::from_value(Value::Object((*object.get().fields).clone()))
        .map_err(|e| crate::errors::invalid_input(param, e.to_string()))
}

/// Adds this file's classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<StripeObject>()?;
    m.add_class::<StripeResponse>()?;
    register_kinds(m)
}
