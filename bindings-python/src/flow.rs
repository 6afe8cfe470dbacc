//! The flow's parameters and results: `Recovery`, `SetupStarted`, `CompletedSetup`,
//! `CompletedRecovery`, and the six outcomes of a charge: `Succeeded`, `Processing`,
//! `RequiresCapture`, `RequiresAction`, `NeedsRecovery` and `RecoveryFailed`.
//!
//! Each result's `to_dict()` is its shape in the conformance cases (tests/conformance/README.md):
//! the objects the flow's calls returned are Stripe's JSON plus their `last_response`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::objects::{returned_dict, returned_to_python};
use crate::runtime::IntoPython;
use crate::{errors, params};

/// How to build the recovery Checkout Session if an off-session charge is declined.
#[pyclass(frozen, module = "offsession", get_all)]
#[derive(Clone)]
pub struct Recovery {
    /// The line item's name on the hosted page.
    pub product_name: String,
    /// Where the customer lands after paying: an absolute `http` or `https` URL.
    pub success_url: String,
    /// Where the customer lands on cancel: an absolute `http` or `https` URL.
    pub cancel_url: Option<String>,
    /// Saves the payment method the customer pays with for the next off-session charge.
    pub save_payment_method: bool,
    /// When the session stops accepting payment, Unix seconds (30 minutes to 24 hours ahead).
    pub expires_at: Option<i64>,
    /// Your reference for the session (an order or cart id).
    pub client_reference_id: Option<String>,
}

#[pymethods]
impl Recovery {
    /// Each field is named as the charge names it (`recovery.product_name`, …): a wrong type,
    /// or a required field left out or `None`, is an `InvalidInputError` naming it.
    /// `save_payment_method` is a `bool` (`None` is the default, `True`).
    #[new]
    #[pyo3(signature = (
        product_name = None, success_url = None, cancel_url = None, *,
        save_payment_method = None, expires_at = None, client_reference_id = None
    ))]
    #[pyo3(
        text_signature = "(product_name, success_url, cancel_url=None, *, save_payment_method=True, expires_at=None, client_reference_id=None)"
    )]
    fn new(
        product_name: Option<Bound<'_, PyAny>>,
        success_url: Option<Bound<'_, PyAny>>,
        cancel_url: Option<Bound<'_, PyAny>>,
        save_payment_method: Option<Bound<'_, PyAny>>,
        expires_at: Option<Bound<'_, PyAny>>,
        client_reference_id: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let expires_at = match expires_at {
            Some(value) => Some(params::integer("recovery.expires_at", &value)?),
            None => None,
        };
        Ok(Self {
            product_name: params::string("recovery.product_name", product_name.as_ref())?,
            success_url: params::string("recovery.success_url", success_url.as_ref())?,
            cancel_url: params::opt_string("recovery.cancel_url", cancel_url.as_ref())?,
            save_payment_method: params::opt_bool(
                "recovery.save_payment_method",
                save_payment_method.as_ref(),
            )?
            .unwrap_or(true),
            expires_at,
            client_reference_id: params::opt_string(
                "recovery.client_reference_id",
                client_reference_id.as_ref(),
            )?,
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        // Python's own reprs: quoted strings, `None`, `True` / `False`.
        let show = |value: Bound<'_, PyAny>| -> PyResult<String> { Ok(value.repr()?.to_string()) };
        Ok(format!(
            "Recovery(product_name={}, success_url={}, cancel_url={}, save_payment_method={}, expires_at={}, client_reference_id={})",
            show(self.product_name.as_str().into_pyobject(py)?.into_any())?,
            show(self.success_url.as_str().into_pyobject(py)?.into_any())?,
            show(self.cancel_url.as_deref().into_pyobject(py)?.into_any())?,
            show(self.save_payment_method.into_pyobject(py)?.to_owned().into_any())?,
            show(self.expires_at.into_pyobject(py)?.into_any())?,
            show(self.client_reference_id.as_deref().into_pyobject(py)?.into_any())?,
        ))
    }
}

impl From<&Recovery> for offsession::Recovery {
    fn from(recovery: &Recovery) -> Self {
        offsession::Recovery {
            product_name: recovery.product_name.clone(),
            success_url: recovery.success_url.clone(),
            cancel_url: recovery.cancel_url.clone(),
            save_payment_method: recovery.save_payment_method,
            expires_at: recovery.expires_at,
            client_reference_id: recovery.client_reference_id.clone(),
        }
    }
}

/// The result of `start_setup`: the customer and the setup-mode session to redirect to.
#[pyclass(frozen, module = "offsession", get_all)]
pub struct SetupStarted {
    customer_id: Option<String>,
    url: Option<String>,
    session: Py<PyAny>,
}

#[pymethods]
impl SetupStarted {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let show = |value: Option<&str>| -> PyResult<String> {
            Ok(value.into_pyobject(py)?.repr()?.to_string())
        };
        Ok(format!(
            "SetupStarted(customer_id={}, url={}, session={})",
            show(self.customer_id.as_deref())?,
            show(self.url.as_deref())?,
            self.session.bind(py).repr()?
        ))
    }

    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item("customer_id", &self.customer_id)?;
        dict.set_item("url", &self.url)?;
        dict.set_item("session", returned_dict(py, &self.session)?)?;
        Ok(dict.into_any().unbind())
    }
}

impl IntoPython for offsession::SetupStarted {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let started = SetupStarted {
            url: self.url().map(str::to_owned),
            customer_id: self.customer_id,
            session: returned_to_python(py, self.session)?,
        };
        Ok(Py::new(py, started)?.into_any())
    }
}

/// A saved payment method, attached to its customer and ready for off-session charges.
#[pyclass(frozen, module = "offsession", get_all)]
pub struct CompletedSetup {
    customer_id: String,
    payment_method_id: String,
    session: Py<PyAny>,
    setup_intent: Py<PyAny>,
    payment_method: Option<Py<PyAny>>,
}

#[pymethods]
impl CompletedSetup {
    fn __repr__(&self) -> String {
        format!(
            "CompletedSetup(customer_id={:?}, payment_method_id={:?})",
            self.customer_id, self.payment_method_id
        )
    }

    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item("customer_id", &self.customer_id)?;
        dict.set_item("payment_method_id", &self.payment_method_id)?;
        dict.set_item("session", returned_dict(py, &self.session)?)?;
        dict.set_item("setup_intent", returned_dict(py, &self.setup_intent)?)?;
        // Stripe's JSON only, as in the Rust runner's shape.
        let pm = match &self.payment_method {
            Some(pm) => pm.call_method0(py, "to_dict")?,
            None => py.None(),
        };
        dict.set_item("payment_method", pm)?;
        Ok(dict.into_any().unbind())
    }
}

impl IntoPython for offsession::CompletedSetup {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let completed = CompletedSetup {
            customer_id: self.customer_id,
            payment_method_id: self.payment_method_id,
            session: returned_to_python(py, self.session)?,
            setup_intent: returned_to_python(py, self.setup_intent)?,
            payment_method: self
                .payment_method
                .map(|pm| returned_to_python(py, pm))
                .transpose()?,
        };
        Ok(Py::new(py, completed)?.into_any())
    }
}

/// A paid recovery session (`complete_recovery`): the payment that replaced the declined
/// charge, and the payment method to charge next time.
#[pyclass(frozen, module = "offsession", get_all)]
pub struct CompletedRecovery {
    /// The customer who paid.
    customer_id: String,
    /// The payment method the customer paid with; the recovery session saved it for
    /// off-session use (unless `save_payment_method=False`): charge it next time.
    payment_method_id: String,
    /// The PaymentIntent the customer paid (`succeeded`, with the charge's metadata).
    payment_intent: Py<PyAny>,
    /// The declined PaymentIntent this recovery replaced, when the session names it: cancel it
    /// with `client.payment_intents.cancel(...)` to close it for good.
    declined_payment_intent_id: Option<String>,
    /// The completed session.
    session: Py<PyAny>,
}

#[pymethods]
impl CompletedRecovery {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let text = |value: &str| format!("'{value}'");
        Ok(format!(
            "CompletedRecovery(customer_id={}, payment_method_id={}, payment_intent={}, declined_payment_intent_id={})",
            text(&self.customer_id),
            text(&self.payment_method_id),
            self.payment_intent.bind(py).repr()?,
            self.declined_payment_intent_id
                .as_deref()
                .map_or_else(|| "None".to_owned(), text)
        ))
    }

    /// `{"customer_id", "payment_method_id", "payment_intent", "declined_payment_intent_id",
    /// "session"}`.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item("customer_id", &self.customer_id)?;
        dict.set_item("payment_method_id", &self.payment_method_id)?;
        dict.set_item("payment_intent", returned_dict(py, &self.payment_intent)?)?;
        dict.set_item(
            "declined_payment_intent_id",
            &self.declined_payment_intent_id,
        )?;
        dict.set_item("session", returned_dict(py, &self.session)?)?;
        Ok(dict.into_any().unbind())
    }
}

impl IntoPython for offsession::CompletedRecovery {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let completed = CompletedRecovery {
            customer_id: self.customer_id,
            payment_method_id: self.payment_method_id,
            payment_intent: returned_to_python(py, self.payment_intent)?,
            declined_payment_intent_id: self.declined_payment_intent_id,
            session: returned_to_python(py, self.session)?,
        };
        Ok(Py::new(py, completed)?.into_any())
    }
}

// ---------------------------------------------------------------- the outcomes of a charge
//
// One class per `offsession::ChargeOutcome` variant, each with `outcome` (the core's
// `ChargeOutcome::name()`), `__repr__` and `to_dict()` in the conformance shape
// (tests/conformance/README.md). Only `Succeeded` means the money was collected.

/// The outcomes that carry just the PaymentIntent: `{"outcome", "payment_intent"}`.
macro_rules! payment_intent_outcome {
    ($(#[$meta:meta])* $class:ident, $name:literal) => {
        $(#[$meta])*
        #[pyclass(frozen, module = "offsession", get_all)]
        pub struct $class {
            payment_intent: Py<PyAny>,
        }

        #[pymethods]
        impl $class {
            #[doc = concat!("Always `\"", $name, "\"`: lets callers branch on a string as in every binding.")]
            #[getter]
            fn outcome(&self) -> &'static str {
                $name
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                Ok(format!(
                    concat!(stringify!($class), "(payment_intent={})"),
                    self.payment_intent.bind(py).repr()?
                ))
            }

            /// `{"outcome": …, "payment_intent": {…}}`.
            fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                let dict = PyDict::new(py);
                dict.set_item("outcome", $name)?;
                dict.set_item("payment_intent", returned_dict(py, &self.payment_intent)?)?;
                Ok(dict.into_any().unbind())
            }
        }

        impl $class {
            fn wrap(py: Python<'_>, payment_intent: offsession::PaymentIntent) -> PyResult<Py<PyAny>> {
                let outcome = $class {
                    payment_intent: returned_to_python(py, payment_intent)?,
                };
                Ok(Py::new(py, outcome)?.into_any())
            }
        }
    };
}

payment_intent_outcome!(
    /// The charge went through: the PaymentIntent is `succeeded` and the money is collected.
    /// Fulfil the order.
    Succeeded,
    "succeeded"
);

payment_intent_outcome!(
    /// Accepted but not paid yet: the PaymentIntent is `processing` (bank debits such as ACH
    /// Direct Debit, SEPA, Bacs settle later). Nothing is collected yet. Wait for the
    /// `payment_intent.succeeded` webhook to fulfil; `payment_intent.payment_failed` means it
    /// was not paid.
    Processing,
    "processing"
);

payment_intent_outcome!(
    /// Authorized, not collected: the PaymentIntent is `requires_capture`. Capture it (or
    /// cancel it) within the authorization window; only a capture collects the money.
    RequiresCapture,
    "requires_capture"
);

payment_intent_outcome!(
    /// The bank wants the customer to authenticate and Stripe answered without an error: the
    /// PaymentIntent is `requires_action`. Nothing was charged. Bring the customer back
    /// on-session and confirm the PaymentIntent with its `client_secret` (Stripe.js).
    RequiresAction,
    "requires_action"
);

/// The bank declined the charge or asked for authentication (HTTP 402). Nothing was charged.
/// Send the customer to `recovery_session.url`, a payment-mode Checkout Session for the same
/// customer, amount and currency, to pay with another card or authenticate. `error` is the
/// `CardError` (with `code`, `decline_code` and the declined `payment_intent`).
#[pyclass(frozen, module = "offsession", get_all)]
pub struct NeedsRecovery {
    error: Py<PyAny>,
    payment_intent: Option<Py<PyAny>>,
    recovery_session: Py<PyAny>,
}

#[pymethods]
impl NeedsRecovery {
    /// Always `"needs_recovery"`.
    #[getter]
    fn outcome(&self) -> &'static str {
        "needs_recovery"
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "NeedsRecovery(error={}, payment_intent={}, recovery_session={})",
            self.error.bind(py).repr()?,
            optional_repr(py, self.payment_intent.as_ref())?,
            self.recovery_session.bind(py).repr()?
        ))
    }

    /// `{"outcome", "error", "payment_intent", "recovery_session"}`, `error` in the error shape.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item("outcome", "needs_recovery")?;
        dict.set_item("error", errors::shape(self.error.bind(py))?)?;
        dict.set_item(
            "payment_intent",
            optional_dict(py, self.payment_intent.as_ref())?,
        )?;
        dict.set_item(
            "recovery_session",
            returned_dict(py, &self.recovery_session)?,
        )?;
        Ok(dict.into_any().unbind())
    }
}

/// The bank declined the charge (HTTP 402), and creating the recovery session failed
/// afterwards (`recovery_error`). Nothing was charged. Treat it as declined, and re-run the
/// charge later with the same `idempotency_key`: the decline is replayed (the card is not
/// tried again) and the recovery session is created then.
#[pyclass(frozen, module = "offsession", get_all)]
pub struct RecoveryFailed {
    error: Py<PyAny>,
    payment_intent: Option<Py<PyAny>>,
    recovery_error: Py<PyAny>,
}

#[pymethods]
impl RecoveryFailed {
    /// Always `"recovery_failed"`.
    #[getter]
    fn outcome(&self) -> &'static str {
        "recovery_failed"
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "RecoveryFailed(error={}, payment_intent={}, recovery_error={})",
            self.error.bind(py).repr()?,
            optional_repr(py, self.payment_intent.as_ref())?,
            self.recovery_error.bind(py).repr()?
        ))
    }

    /// `{"outcome", "error", "payment_intent", "recovery_error"}`, both errors in the error
    /// shape.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item("outcome", "recovery_failed")?;
        dict.set_item("error", errors::shape(self.error.bind(py))?)?;
        dict.set_item(
            "payment_intent",
            optional_dict(py, self.payment_intent.as_ref())?,
        )?;
        dict.set_item(
            "recovery_error",
            errors::shape(self.recovery_error.bind(py))?,
        )?;
        Ok(dict.into_any().unbind())
    }
}

fn optional_repr(py: Python<'_>, object: Option<&Py<PyAny>>) -> PyResult<String> {
    match object {
        Some(object) => Ok(object.bind(py).repr()?.to_string()),
        None => Ok("None".to_owned()),
    }
}

fn optional_dict(py: Python<'_>, object: Option<&Py<PyAny>>) -> PyResult<Py<PyAny>> {
    match object {
        Some(object) => returned_dict(py, object),
        None => Ok(py.None()),
    }
}

/// A core error as its exception object (for `error` and `recovery_error`).
fn exception(py: Python<'_>, error: offsession::Error) -> Py<PyAny> {
    errors::to_py(py, error).into_value(py).into_any()
}

impl IntoPython for offsession::ChargeOutcome {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        use offsession::ChargeOutcome as Outcome;
        Ok(match self {
            Outcome::Succeeded(payment_intent) => Succeeded::wrap(py, *payment_intent)?,
            Outcome::Processing(payment_intent) => Processing::wrap(py, *payment_intent)?,
            Outcome::RequiresCapture(payment_intent) => RequiresCapture::wrap(py, *payment_intent)?,
            Outcome::RequiresAction(payment_intent) => RequiresAction::wrap(py, *payment_intent)?,
            Outcome::NeedsRecovery {
                error,
                payment_intent,
                recovery_session,
            } => {
                let outcome = NeedsRecovery {
                    error: exception(py, offsession::Error::Card(error)),
                    payment_intent: payment_intent
                        .map(|pi| returned_to_python(py, *pi))
                        .transpose()?,
                    recovery_session: returned_to_python(py, *recovery_session)?,
                };
                Py::new(py, outcome)?.into_any()
            }
            Outcome::RecoveryFailed {
                error,
                payment_intent,
                recovery_error,
            } => {
                let outcome = RecoveryFailed {
                    error: exception(py, offsession::Error::Card(error)),
                    payment_intent: payment_intent
                        .map(|pi| returned_to_python(py, *pi))
                        .transpose()?,
                    recovery_error: exception(py, *recovery_error),
                };
                Py::new(py, outcome)?.into_any()
            }
        })
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Recovery>()?;
    m.add_class::<SetupStarted>()?;
    m.add_class::<CompletedSetup>()?;
    m.add_class::<CompletedRecovery>()?;
    m.add_class::<Succeeded>()?;
    m.add_class::<Processing>()?;
    m.add_class::<RequiresCapture>()?;
    m.add_class::<RequiresAction>()?;
    m.add_class::<NeedsRecovery>()?;
    m.add_class::<RecoveryFailed>()?;
    Ok(())
}
