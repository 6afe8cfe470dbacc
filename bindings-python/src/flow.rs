//! The flow's parameters and results: `Recovery`, `SetupStarted`, `CompletedSetup`, and the
//! two outcomes of a charge, `Succeeded` and `NeedsRecovery`.

use pyo3::prelude::*;

use crate::errors;
use crate::objects::to_python;
use crate::runtime::IntoPython;

/// How to build the recovery Checkout Session if an off-session charge is declined.
#[pyclass(frozen, module = "offsession", get_all)]
#[derive(Clone)]
pub struct Recovery {
    /// The line item's name on the hosted page.
    pub product_name: String,
    /// Where the customer lands after paying.
    pub success_url: String,
    /// Where the customer lands on cancel.
    pub cancel_url: Option<String>,
}

#[pymethods]
impl Recovery {
    #[new]
    #[pyo3(signature = (product_name, success_url, cancel_url = None))]
    fn new(product_name: String, success_url: String, cancel_url: Option<String>) -> Self {
        Self {
            product_name,
            success_url,
            cancel_url,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Recovery(product_name={:?}, success_url={:?}, cancel_url={:?})",
            self.product_name, self.success_url, self.cancel_url
        )
    }
}

impl From<&Recovery> for offsession::Recovery {
    fn from(recovery: &Recovery) -> Self {
        offsession::Recovery {
            product_name: recovery.product_name.clone(),
            success_url: recovery.success_url.clone(),
            cancel_url: recovery.cancel_url.clone(),
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
        Ok(format!(
            "SetupStarted(customer_id={:?}, url={:?}, session={})",
            self.customer_id,
            self.url,
            self.session.bind(py).repr()?
        ))
    }

    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = pyo3::types::PyDict::new(py);
        dict.set_item("customer_id", &self.customer_id)?;
        dict.set_item("url", &self.url)?;
        dict.set_item("session", self.session.call_method0(py, "to_dict")?)?;
        Ok(dict.into_any().unbind())
    }
}

impl IntoPython for offsession::SetupStarted {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let started = SetupStarted {
            url: self.url().map(str::to_owned),
            customer_id: self.customer_id,
            session: to_python(py, &self.session)?,
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
        let dict = pyo3::types::PyDict::new(py);
        dict.set_item("customer_id", &self.customer_id)?;
        dict.set_item("payment_method_id", &self.payment_method_id)?;
        dict.set_item("session", self.session.call_method0(py, "to_dict")?)?;
        dict.set_item(
            "setup_intent",
            self.setup_intent.call_method0(py, "to_dict")?,
        )?;
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
            session: to_python(py, &self.session)?,
            setup_intent: to_python(py, &self.setup_intent)?,
            payment_method: self
                .payment_method
                .map(|pm| to_python(py, &pm))
                .transpose()?,
        };
        Ok(Py::new(py, completed)?.into_any())
    }
}

/// The charge went through.
#[pyclass(frozen, module = "offsession", get_all)]
pub struct Succeeded {
    payment_intent: Py<PyAny>,
}

#[pymethods]
impl Succeeded {
    /// Always `"succeeded"`: lets callers branch on a string as in every binding.
    #[getter]
    fn outcome(&self) -> &'static str {
        "succeeded"
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Succeeded(payment_intent={})",
            self.payment_intent.bind(py).repr()?
        ))
    }

    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = pyo3::types::PyDict::new(py);
        dict.set_item("outcome", "succeeded")?;
        dict.set_item(
            "payment_intent",
            self.payment_intent.call_method0(py, "to_dict")?,
        )?;
        Ok(dict.into_any().unbind())
    }
}

/// The bank declined or asked for authentication: send the customer to
/// `recovery_session.url`.
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
            "NeedsRecovery(error={}, recovery_session={})",
            self.error.bind(py).repr()?,
            self.recovery_session.bind(py).repr()?
        ))
    }

    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let dict = pyo3::types::PyDict::new(py);
        dict.set_item("outcome", "needs_recovery")?;
        let error = self.error.bind(py);
        let error_dict = pyo3::types::PyDict::new(py);
        for name in [
            "code",
            "stripe_code",
            "decline_code",
            "param",
            "http_status",
            "request_id",
            "message",
        ] {
            error_dict.set_item(name, error.getattr(name)?)?;
        }
        dict.set_item("error", error_dict)?;
        let pi = match &self.payment_intent {
            Some(pi) => pi.call_method0(py, "to_dict")?,
            None => py.None(),
        };
        dict.set_item("payment_intent", pi)?;
        dict.set_item(
            "recovery_session",
            self.recovery_session.call_method0(py, "to_dict")?,
        )?;
        Ok(dict.into_any().unbind())
    }
}

impl IntoPython for offsession::ChargeOutcome {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(match self {
            offsession::ChargeOutcome::Succeeded(payment_intent) => Py::new(
                py,
                Succeeded {
                    payment_intent: to_python(py, &payment_intent)?,
                },
            )?
            .into_any(),
            offsession::ChargeOutcome::NeedsRecovery {
                error,
                payment_intent,
                recovery_session,
            } => {
                let error = errors::to_py(py, offsession::Error::Card(error));
                Py::new(
                    py,
                    NeedsRecovery {
                        error: error.into_value(py).into_any(),
                        payment_intent: payment_intent.map(|pi| to_python(py, &pi)).transpose()?,
                        recovery_session: to_python(py, &recovery_session)?,
                    },
                )?
                .into_any()
            }
        })
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Recovery>()?;
    m.add_class::<SetupStarted>()?;
    m.add_class::<CompletedSetup>()?;
    m.add_class::<Succeeded>()?;
    m.add_class::<NeedsRecovery>()?;
    Ok(())
}
