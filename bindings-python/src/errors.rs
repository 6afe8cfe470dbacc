//! The exception hierarchy: one class per core error kind, all under `StripeError`. The class
//! comes from an exhaustive `match` on the core's [`ErrorKind`]; the attributes are the fields
//! of the core's [`ErrorShape`], converted generically (serde → Python), named as
//! stripe-python names them (`code` is Stripe's code, `card_declined`; the SDK's classification
//! is `kind`).

use offsession::{ErrorKind, ErrorShape};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use serde_json::Value;

use crate::objects;

create_exception!(
    offsession,
    StripeError,
    PyException,
    // Real newlines, so that `help()` shows the attribute list as written.
    "Base of every offsession error. The class says the kind; the attributes are named as in
stripe-python (``e.code == \"card_declined\"``), each ``None`` when it does not apply.

Attributes:
    kind (str): this SDK's stable classification, the same string in every language, one
        per class: card_error, invalid_request_error, authentication_error,
        permission_error, rate_limit_error, idempotency_error, api_error,
        api_connection_error, signature_verification_error, invalid_input, invalid_state.
    code (str | None): Stripe's error code (card_declined, authentication_required,
        resource_missing, lock_timeout, ...), as stripe-python's ``e.code``; None when
        Stripe sent none or did not answer.
    message (str): the human-readable message (Stripe's, or this SDK's for an error
        raised before anything was sent).
    user_message (str | None): Stripe's message unchanged, fit to show the customer for
        a card error.
    decline_code (str | None): the issuer's reason for a decline (generic_decline,
        insufficient_funds, ...).
    param (str | None): the parameter at fault: Stripe's ``param``, or the refused
        input's name.
    doc_url (str | None): Stripe's documentation of ``code``.
    advice_code (str | None): for an issuer decline, how to proceed (try_again_later, ...).
    network_decline_code (str | None): the card network's decline code.
    charge (str | None): for a card error, the id of the failed charge.
    http_status (int | None): the HTTP status of Stripe's response.
    http_body (str | None): the response body as text.
    json_body (dict | None): the response body decoded as JSON (``{\"error\": {...}}``).
    headers (dict[str, str] | None): the response headers, names in lower case
        (``headers[\"request-id\"]``).
    request_id (str | None): the Request-Id header, to quote to Stripe support.
    error (StripeObject | None): the body's error object (``json_body[\"error\"]``), as
        stripe-python's ``e.error``; Stripe's error ``type`` is ``e.error.type``.
    idempotency_key (str | None): the Idempotency-Key of the POST that failed (for a flow
        call, the caller's key). Re-running the call with it after an error whose outcome
        is unknown (a connection error, a timeout, a 5xx) cannot apply it twice. None for
        GETs and for errors raised before anything was sent.
    retryable (bool): whether sending the same request again (with the same key) may
        succeed.
    should_retry (bool | None): Stripe's Stripe-Should-Retry header, when it was sent.
    payment_intent (PaymentIntent | None): the PaymentIntent the error happened on (a
        declined charge carries it, in status requires_payment_method).
    setup_intent (SetupIntent | None): the SetupIntent the error happened on.
    payment_method (PaymentMethod | None): the PaymentMethod involved.

``str(e)`` is ``kind: message (HTTP status, code, decline code, param, request,
idempotency key)``; neither it nor ``repr(e)`` ever contains the API key."
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

/// The attributes every offsession exception has: the fields of the core's [`ErrorShape`]
/// but `type` (stripe-python has no `e.type`; Stripe's is `e.error.type`), and `error`. Set
/// from the shape generically; listed here for the class defaults (`None`) and documented in
/// `StripeError`'s docstring and the stubs (a test holds the three equal).
pub const ATTRIBUTES: [&str; 22] = [
    "kind",
    "code",
    "message",
    "user_message",
    "decline_code",
    "param",
    "doc_url",
    "advice_code",
    "network_decline_code",
    "charge",
    "http_status",
    "http_body",
    "json_body",
    "headers",
    "request_id",
    "error",
    "idempotency_key",
    "retryable",
    "should_retry",
    "payment_intent",
    "setup_intent",
    "payment_method",
];

/// The fields of the conformance error shape (tests/conformance/README.md), in its order: what
/// an outcome's `to_dict()` gives as `error`.
pub const SHAPE: [&str; 9] = [
    "kind",
    "code",
    "decline_code",
    "param",
    "http_status",
    "request_id",
    "message",
    "idempotency_key",
    "payment_intent",
];

/// The exception class of a kind. Exhaustive, with no fallback: a kind the core adds fails to
/// compile here until it has a class.
fn class(py: Python<'_>, kind: ErrorKind) -> PyResult<Bound<'_, PyType>> {
    Ok(match kind {
        ErrorKind::Card => py.get_type::<CardError>(),
        ErrorKind::InvalidRequest => py.get_type::<InvalidRequestError>(),
        ErrorKind::Authentication => py.get_type::<AuthenticationError>(),
        ErrorKind::Permission => py.get_type::<PermissionDeniedError>(),
        ErrorKind::RateLimit => py.get_type::<RateLimitError>(),
        ErrorKind::Idempotency => py.get_type::<IdempotencyError>(),
        ErrorKind::Api => py.get_type::<APIError>(),
        ErrorKind::Connection => py.get_type::<APIConnectionError>(),
        ErrorKind::SignatureVerification => py.get_type::<SignatureVerificationError>(),
        ErrorKind::InvalidInput => invalid_input_error(py)?.clone(),
        ErrorKind::InvalidState => py.get_type::<InvalidStateError>(),
    })
}

/// Builds the Python exception for a core error, with its attributes set from its shape.
pub fn to_py(py: Python<'_>, error: offsession::Error) -> PyErr {
    let shape = error.shape();
    let exception = match class(py, shape.kind) {
        Ok(class) => PyErr::from_type(class, error.to_string()),
        Err(err) => return err,
    };
    if let Err(err) = set_attributes(py, &exception, &shape) {
        return err;
    }
    exception
}

/// Sets an attribute per field of the shape, converted generically: a Stripe object (a JSON
/// object naming its `object`) becomes the SDK's object class (`PaymentIntent`, …), anything
/// else plain Python (`json_body` and `headers` are dicts). Adds `error`, the body's error
/// object as a `StripeObject`.
fn set_attributes(py: Python<'_>, exception: &PyErr, shape: &ErrorShape) -> PyResult<()> {
    let value = exception.value(py);
    let Value::Object(fields) = serde_json::to_value(shape)
        .map_err(|e| APIError::new_err(format!("internal error converting an error: {e}")))?
    else {
        return Err(APIError::new_err(
            "internal error converting an error: not an object",
        ));
    };
    let error_object = shape
        .json_body
        .as_ref()
        .and_then(|body| body.get("error"))
        .filter(|error| error.is_object());
    value.setattr(
        "error",
        error_object
            .map(|error| objects::to_python(py, error))
            .transpose()?,
    )?;
    for (name, field) in fields {
        // Stripe's `type` is `e.error.type`, as in stripe-python.
        if name != "type" {
            value.setattr(name.as_str(), attribute(py, &field)?)?;
        }
    }
    Ok(())
}

fn attribute(py: Python<'_>, field: &Value) -> PyResult<Py<PyAny>> {
    if field.get("object").is_some_and(Value::is_string) {
        objects::to_python(py, field)
    } else {
        Ok(pythonize::pythonize(py, field)?.unbind())
    }
}

/// A caught panic, delivered as an exception instead of a crash: an `APIError` whose other
/// attributes keep their class defaults (`None`).
pub fn panicked(caught: &offsession::panic::Panicked) -> PyErr {
    let exception = APIError::new_err(caught.to_string());
    Python::attach(|py| {
        let value = exception.value(py);
        let _ = value.setattr("kind", ErrorKind::Api.as_str());
        let _ = value.setattr("message", caught.to_string());
        let _ = value.setattr("retryable", false);
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
    // stripe-python's name for it (`stripe.PermissionError`), the same class.
    m.add("PermissionError", py.get_type::<PermissionDeniedError>())?;
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
    // Every attribute exists on every instance, `None` until set (an error made with
    // `StripeError("...")`, a caught panic).
    let base = py.get_type::<StripeError>();
    for name in ATTRIBUTES {
        base.setattr(name, py.None())?;
    }
    Ok(())
}

/// An exception's attributes as the conformance error shape: a dict of [`SHAPE`], with the
/// PaymentIntent as a dict.
pub fn shape<'py>(error: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(error.py());
    for name in SHAPE {
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
