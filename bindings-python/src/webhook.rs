//! `Webhook.construct_event`: verify `Stripe-Signature` over the raw body, then decode.

use pyo3::prelude::*;

use crate::convert::{self, Integer};
use crate::errors;
use crate::objects::to_python;

/// Webhook verification. All methods are static.
#[pyclass(frozen, module = "offsession")]
pub struct Webhook;

#[pymethods]
impl Webhook {
    /// The default tolerance in seconds (300).
    #[classattr]
    const DEFAULT_TOLERANCE: u64 = offsession::webhook::DEFAULT_TOLERANCE.as_secs();

    /// Verifies `sig_header` against the raw `payload` with the endpoint `secret`, then
    /// returns the `Event`. Raises `SignatureVerificationError` for a header that does not
    /// verify, and `InvalidInputError` for a payload that is not a Stripe event or a bad
    /// argument: answer both with HTTP 400. `tolerance` is whole seconds (an `int`, default
    /// 300); 0 disables the timestamp check; a negative number, a `bool` or a `float` is an
    /// `InvalidInputError` naming `tolerance`.
    ///
    /// `payload` is the raw request body as `bytes` (or `str`); `sig_header` and `secret` are
    /// `str`s. A wrong type, or one left out or `None` (an unset environment variable), is an
    /// `InvalidInputError` naming it.
    #[staticmethod]
    #[pyo3(
        signature = (payload = None, sig_header = None, secret = None, tolerance = None),
        text_signature = "(payload, sig_header, secret, tolerance=300)"
    )]
    fn construct_event(
        py: Python<'_>,
        payload: Option<Bound<'_, PyAny>>,
        sig_header: Option<Bound<'_, PyAny>>,
        secret: Option<Bound<'_, PyAny>>,
        tolerance: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let payload = convert::payload(payload.as_ref())?;
        let sig_header: String = convert::arg("sig_header", sig_header.as_ref())?;
        let secret: String = convert::arg("secret", secret.as_ref())?;
        let tolerance = match convert::arg::<Option<Integer>>("tolerance", tolerance.as_ref())? {
            Some(Integer(seconds)) => offsession::validate::tolerance_seconds(
                "tolerance",
                offsession::validate::NumberInput::Integer(seconds.into()),
            )
            .map_err(convert::raise)?,
            None => offsession::webhook::DEFAULT_TOLERANCE,
        };
        let event = offsession::webhook::construct_event(&payload, &sig_header, &secret, tolerance)
            .map_err(|e| errors::to_py(py, e))?;
        to_python(py, &event)
    }

    /// A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests).
    /// `timestamp` is Unix seconds (an `int`), now by default.
    #[staticmethod]
    #[pyo3(
        signature = (payload = None, secret = None, timestamp = None),
        text_signature = "(payload, secret, timestamp=None)"
    )]
    fn generate_test_header(
        payload: Option<Bound<'_, PyAny>>,
        secret: Option<Bound<'_, PyAny>>,
        timestamp: Option<Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let payload = convert::payload(payload.as_ref())?;
        let secret: String = convert::arg("secret", secret.as_ref())?;
        let timestamp = match convert::arg::<Option<Integer>>("timestamp", timestamp.as_ref())? {
            Some(Integer(timestamp)) => timestamp,
            None => offsession::webhook::now(),
        };
        Ok(offsession::webhook::sign(&payload, &secret, timestamp))
    }
}

/// Adds this file's classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Webhook>()
}
