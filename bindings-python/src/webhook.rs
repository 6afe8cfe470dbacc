//! `Webhook.construct_event`: verify `Stripe-Signature` over the raw body, then decode.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::objects::to_python;
use crate::{errors, params};

/// Webhook verification. All methods are static.
#[pyclass(frozen, module = "offsession")]
pub struct Webhook;

/// Raw bytes of a payload given as `bytes` or `str` (a `str` is encoded as UTF-8).
fn payload_bytes(payload: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = payload.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(text) = payload.cast::<PyString>() {
        return Ok(text.to_cow()?.as_bytes().to_vec());
    }
    Err(crate::errors::invalid_input(
        "payload",
        "pass the raw request body as bytes (or str)",
    ))
}

#[pymethods]
impl Webhook {
    /// The default tolerance in seconds (300).
    #[classattr]
    const DEFAULT_TOLERANCE: u64 = offsession::webhook::DEFAULT_TOLERANCE.as_secs();

    /// Verifies `sig_header` against the raw `payload` with the endpoint `secret`, then
    /// returns the `Event`. Raises `SignatureVerificationError`. `tolerance` is whole seconds
    /// (an `int`, default 300); 0 disables the timestamp check; a negative number, a `bool`
    /// or a `float` is an `InvalidInputError` naming `tolerance`.
    #[staticmethod]
    #[pyo3(
        signature = (payload, sig_header, secret, tolerance = None),
        text_signature = "(payload, sig_header, secret, tolerance=300)"
    )]
    fn construct_event(
        py: Python<'_>,
        payload: &Bound<'_, PyAny>,
        sig_header: &str,
        secret: &str,
        tolerance: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let tolerance = match tolerance {
            Some(value) => params::tolerance("tolerance", &value)?,
            None => offsession::webhook::DEFAULT_TOLERANCE,
        };
        let payload = payload_bytes(payload)?;
        let event = offsession::webhook::construct_event(&payload, sig_header, secret, tolerance)
            .map_err(|e| errors::to_py(py, e))?;
        to_python(py, &event)
    }

    /// A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests).
    /// `timestamp` is Unix seconds (an `int`), now by default.
    #[staticmethod]
    #[pyo3(signature = (payload, secret, timestamp = None))]
    fn generate_test_header(
        payload: &Bound<'_, PyAny>,
        secret: &str,
        timestamp: Option<Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let timestamp = match timestamp {
            Some(value) => params::integer("timestamp", &value)?,
            None => offsession::webhook::now(),
        };
        let payload = payload_bytes(payload)?;
        Ok(offsession::webhook::sign(&payload, secret, timestamp))
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Webhook>()
}
