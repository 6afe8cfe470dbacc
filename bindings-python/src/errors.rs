//! The exception hierarchy: one class per core error kind, all under `StripeError`, each
//! carrying the stable `code` shared by every binding, what Stripe returned, and the
//! `idempotency_key` of a failed POST.

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};

use crate::objects;

create_exception!(
    offsession,
    StripeError,
    PyException,
    "Base of every offsession error."
);
create_exception!(
    offsession,
    CardError,
    StripeError,
    "HTTP 402: the card was declined or needs authentication."
);
create_exception!(
    offsession,
    InvalidRequestError,
    StripeError,
    "Stripe rejected the parameters, or the object does not exist."
);
create_exception!(
    offsession,
    AuthenticationError,
    StripeError,
    "HTTP 401: the API key is wrong."
);
create_exception!(
    offsession,
    PermissionDeniedError,
    StripeError,
    "HTTP 403: the key may not do this."
);
create_exception!(
    offsession,
    RateLimitError,
    StripeError,
    "HTTP 429, including lock_timeout contention."
);
create_exception!(
    offsession,
    IdempotencyError,
    StripeError,
    "An idempotency key was reused with other parameters."
);
create_exception!(
    offsession,
    APIError,
    StripeError,
    "Stripe failed (5xx) or sent something unreadable; also an internal failure of the SDK."
);
create_exception!(
    offsession,
    APIConnectionError,
    StripeError,
    "No response: connection refused or reset, TLS failure, timeout."
);
create_exception!(
    offsession,
    SignatureVerificationError,
    StripeError,
    "A webhook's Stripe-Signature did not verify."
);

/// `InvalidInputError`: a `StripeError`, and also a `TypeError` and a `ValueError`, as Python
/// code expects of a refused argument (`except TypeError` written for pyo3's own conversion
/// errors, or for stripe-python's programming errors, still catches it). `create_exception!`
/// takes one base, so the class is made by calling `type(name, bases, namespace)` once.
static INVALID_INPUT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

const INVALID_INPUT_DOC: &str = "A parameter was refused before anything was sent; `param` \
     names it. Also a TypeError and a ValueError, so `except TypeError` or `except ValueError` \
     catches a refused argument too.";

/// The `InvalidInputError` class, made on first use.
pub fn invalid_input_error(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    INVALID_INPUT_ERROR
        .get_or_try_init(py, || -> PyResult<Py<PyType>> {
            let bases = PyTuple::new(
                py,
                [
                    py.get_type::<StripeError>(),
                    py.get_type::<PyTypeError>(),
                    py.get_type::<PyValueError>(),
                ],
            )?;
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", "offsession")?;
            namespace.set_item("__doc__", INVALID_INPUT_DOC)?;
            let class = py
                .get_type::<PyType>()
                .call1(("InvalidInputError", bases, namespace))?;
            Ok(class.cast_into::<PyType>()?.unbind())
        })
        .map(|class| class.bind(py))
}

create_exception!(
    offsession,
    InvalidStateError,
    StripeError,
    "Stripe's objects are not in the state the call needs (a Checkout Session the customer has \
     not finished, a SetupIntent that has not succeeded). Requests were sent to read that \
     state; nothing was created or changed. Calling again once the state has moved on can \
     succeed."
);

/// The attributes every offsession exception has, in the conformance error shape's order
/// (tests/conformance/README.md).
pub const ATTRIBUTES: [&str; 9] = [
    "code",
    "stripe_code",
    "decline_code",
    "param",
    "http_status",
    "request_id",
    "message",
    "idempotency_key",
    "payment_intent",
];

/// Builds the Python exception for a core error, with its attributes set.
pub fn to_py(py: Python<'_>, error: offsession::Error) -> PyErr {
    let message = error.to_string();
    let exception = match error.code() {
        "card_error" => CardError::new_err(message),
        "invalid_request_error" => InvalidRequestError::new_err(message),
        "authentication_error" => AuthenticationError::new_err(message),
        "permission_error" => PermissionDeniedError::new_err(message),
        "rate_limit_error" => RateLimitError::new_err(message),
        "idempotency_error" => IdempotencyError::new_err(message),
        "api_connection_error" => APIConnectionError::new_err(message),
        "signature_verification_error" => SignatureVerificationError::new_err(message),
        "invalid_input" => match invalid_input_error(py) {
            Ok(class) => PyErr::from_type(class.clone(), message),
            Err(err) => return err,
        },
        "invalid_state" => InvalidStateError::new_err(message),
        // "api_error", and any kind a newer core adds before this binding knows it.
        _ => APIError::new_err(message),
    };
    if let Err(err) = set_attributes(py, &exception, &error) {
        return err;
    }
    exception
}

fn set_attributes(py: Python<'_>, exception: &PyErr, error: &offsession::Error) -> PyResult<()> {
    let value = exception.value(py);
    value.setattr("code", error.code())?;
    value.setattr("stripe_code", error.stripe_code())?;
    value.setattr("decline_code", error.decline_code())?;
    value.setattr("param", error.param())?;
    value.setattr("http_status", error.http_status())?;
    value.setattr("request_id", error.request_id())?;
    value.setattr("message", PyString::new(py, &error.message()))?;
    value.setattr("idempotency_key", error.idempotency_key())?;
    let payment_intent = match error.payment_intent() {
        Some(pi) => Some(objects::to_python(py, pi)?),
        None => None,
    };
    value.setattr("payment_intent", payment_intent)?;
    Ok(())
}

/// A caught panic, delivered as an exception instead of a crash.
pub fn panicked(caught: &offsession::panic::Panicked) -> PyErr {
    let exception = APIError::new_err(caught.to_string());
    Python::attach(|py| {
        let value = exception.value(py);
        let _ = value.setattr("code", "api_error");
        for name in [
            "stripe_code",
            "decline_code",
            "param",
            "http_status",
            "request_id",
            "idempotency_key",
            "payment_intent",
        ] {
            let _ = value.setattr(name, py.None());
        }
        let _ = value.setattr("message", caught.to_string());
    });
    exception
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("StripeError", py.get_type::<StripeError>())?;
    m.add("CardError", py.get_type::<CardError>())?;
    m.add("InvalidRequestError", py.get_type::<InvalidRequestError>())?;
    m.add("AuthenticationError", py.get_type::<AuthenticationError>())?;
    m.add(
        "PermissionDeniedError",
        py.get_type::<PermissionDeniedError>(),
    )?;
    m.add("RateLimitError", py.get_type::<RateLimitError>())?;
    m.add("IdempotencyError", py.get_type::<IdempotencyError>())?;
    m.add("APIError", py.get_type::<APIError>())?;
    m.add("APIConnectionError", py.get_type::<APIConnectionError>())?;
    m.add(
        "SignatureVerificationError",
        py.get_type::<SignatureVerificationError>(),
    )?;
    m.add("InvalidInputError", invalid_input_error(py)?)?;
    m.add("InvalidStateError", py.get_type::<InvalidStateError>())?;
    Ok(())
}

/// An exception's attributes as the conformance error shape: a dict of [`ATTRIBUTES`], with
/// the PaymentIntent as a dict.
pub fn shape<'py>(error: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(error.py());
    for name in ATTRIBUTES {
        let value = error.getattr(name)?;
        if name == "payment_intent" && !value.is_none() {
            dict.set_item(name, value.call_method0("to_dict")?)?;
        } else {
            dict.set_item(name, value)?;
        }
    }
    Ok(dict)
}

/// An `InvalidInputError` for an argument refused by the binding's own conversion (a dict of
/// the wrong shape, say), with the same attributes as the core's.
pub fn invalid_input(param: &str, message: impl Into<String>) -> PyErr {
    Python::attach(|py| {
        to_py(
            py,
            offsession::Error::InvalidInput {
                param: param.to_owned(),
                message: message.into(),
            },
        )
    })
}
