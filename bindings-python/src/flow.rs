//! The flow's results: `SetupStarted`, `CompletedSetup`, `CompletedRecovery`, and the six
//! outcomes of a charge: `Succeeded`, `Processing`, `RequiresCapture`, `RequiresAction`,
//! `NeedsRecovery` and `RecoveryFailed`.
//!
//! One generic class underneath (`FlowResult`): named fields read as attributes, a `repr` made
//! of the fields' own reprs, equality, pickling, and `to_dict()` in the conformance shape
//! (tests/conformance/README.md): the objects the flow's calls returned are Stripe's JSON plus
//! their `last_response`, errors are the error shape.

use pyo3::exceptions::{PyAttributeError, PyBaseException};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};

use crate::errors;
use crate::objects::{returned_dict, returned_to_python, StripeObject};
use crate::runtime::IntoPython;

/// A flow result: its fields, in order.
#[pyclass(subclass, frozen, module = "offsession")]
pub struct FlowResult {
    fields: Py<PyDict>,
}

#[pymethods]
impl FlowResult {
    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        match self.fields.bind(py).get_item(name)? {
            Some(value) => Ok(value.unbind()),
            None => Err(PyAttributeError::new_err(name.to_owned())),
        }
    }

    fn __dir__(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let mut names: Vec<String> = self.fields.bind(py).keys().extract()?;
        names.push("to_dict".to_owned());
        Ok(names)
    }

    /// Equal when of the same class with equal fields.
    fn __eq__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other) = other.cast::<FlowResult>() else {
            return Ok(false);
        };
        Ok(other.get_type().is(slf.get_type())
            && slf
                .get()
                .fields
                .bind(slf.py())
                .eq(other.get().fields.bind(slf.py()))?)
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let shown = slf
            .get()
            .fields
            .bind(slf.py())
            .iter()
            .filter(|(name, _)| name.to_string() != "outcome")
            .map(|(name, value)| Ok(format!("{name}={}", value.repr()?)))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(format!("{}({})", slf.get_type().name()?, shown.join(", ")))
    }

    /// Pickling: the class and its fields.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let restore = py.get_type::<FlowResult>().getattr("_restore")?;
        (restore, (slf.get_type(), slf.get().fields.bind(py))).into_pyobject(py)
    }

    /// Restores a pickled result of class `class` (see `__reduce__`).
    #[classmethod]
    fn _restore(
        _cls: &Bound<'_, PyType>,
        class: &Bound<'_, PyType>,
        fields: Bound<'_, PyDict>,
    ) -> PyResult<Py<PyAny>> {
        make(class, fields)
    }

    /// The result as plain data, in the shape every binding's conformance runner compares:
    /// objects as Stripe's JSON plus their `last_response`, errors as the error shape.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in self.fields.bind(py).iter() {
            let shown = if value.is_instance_of::<StripeObject>() {
                returned_dict(&value)?
            } else if value.is_instance_of::<PyBaseException>() {
                errors::shape(&value)?.into_any()
            } else {
                value
            };
            dict.set_item(name, shown)?;
        }
        Ok(dict)
    }
}

/// An instance of `cls`, one of the classes below, with these fields.
fn make(cls: &Bound<'_, PyType>, fields: Bound<'_, PyDict>) -> PyResult<Py<PyAny>> {
    let py = cls.py();
    let base = PyClassInitializer::from(FlowResult {
        fields: fields.unbind(),
    });
    let name = cls.name()?;
    macro_rules! by_name {
        ($($class:ident),*) => {
            match name.to_string().as_str() {
                $(stringify!($class) => Py::new(py, base.add_subclass($class))?.into_any(),)*
                _ => return Err(errors::invalid_input("cls", "is not a flow result class")),
            }
        };
    }
    Ok(by_name!(
        SetupStarted,
        CompletedSetup,
        CompletedRecovery,
        Succeeded,
        Processing,
        RequiresCapture,
        RequiresAction,
        NeedsRecovery,
        RecoveryFailed
    ))
}

/// A result of class `class` with the fields `(name, value)`.
fn result<'py, const N: usize>(
    py: Python<'py>,
    class: Bound<'py, PyType>,
    fields: [(&str, Py<PyAny>); N],
) -> PyResult<Py<PyAny>> {
    let dict = PyDict::new(py);
    for (name, value) in fields {
        dict.set_item(name, value)?;
    }
    make(&class, dict)
}

macro_rules! classes {
    ($($(#[$meta:meta])* $class:ident;)*) => {
        $(
            $(#[$meta])*
            #[pyclass(extends = FlowResult, frozen, module = "offsession")]
            pub struct $class;
        )*

        pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
            m.add_class::<FlowResult>()?;
            $(m.add_class::<$class>()?;)*
            Ok(())
        }
    };
}

classes! {
    /// The result of `start_setup`: `customer_id` (the customer the card will be saved to, if
    /// the session has one), `url` (the hosted page to redirect the customer to) and `session`
    /// (the setup-mode `CheckoutSession`).
    SetupStarted;
    /// A saved payment method, attached to its customer and ready for off-session charges:
    /// `customer_id`, `payment_method_id`, `session`, `setup_intent`, and `payment_method` when
    /// the response carried it.
    CompletedSetup;
    /// A paid recovery session (`complete_recovery`): `customer_id`, `payment_method_id` (the
    /// card the customer paid with, saved for the next off-session charge unless
    /// `save_payment_method` was `False`), `payment_intent` (the one the customer paid),
    /// `declined_payment_intent_id` (the declined one it replaced: cancel it with
    /// `payment_intents.cancel`) and `session`.
    CompletedRecovery;
    /// The charge went through: `payment_intent` is `succeeded` and the money is collected.
    /// Fulfil the order.
    Succeeded;
    /// Accepted but not paid yet: `payment_intent` is `processing` (bank debits such as ACH
    /// Direct Debit, SEPA, Bacs settle later). Wait for the `payment_intent.succeeded` webhook
    /// to fulfil; `payment_intent.payment_failed` means it was not paid.
    Processing;
    /// Authorized, not collected: `payment_intent` is `requires_capture`. Capture it (or
    /// cancel it) within the authorization window; only a capture collects the money.
    RequiresCapture;
    /// The bank wants the customer to authenticate: `payment_intent` is `requires_action`.
    /// Nothing was charged. Bring the customer back on-session and confirm the PaymentIntent
    /// with its `client_secret` (Stripe.js).
    RequiresAction;
    /// The bank declined the charge or asked for authentication (HTTP 402). Nothing was
    /// charged. Send the customer to `recovery_session.url`, a payment-mode Checkout Session
    /// for the same customer, amount and currency. `error` is the `CardError` (`code`,
    /// `decline_code`), `payment_intent` the declined one.
    NeedsRecovery;
    /// The bank declined the charge (HTTP 402), and creating the recovery session failed
    /// afterwards (`recovery_error`). Nothing was charged. Treat it as declined, and re-run the
    /// charge later with the same `idempotency_key`: the decline is replayed (the card is not
    /// tried again) and the recovery session is created then.
    RecoveryFailed;
}

/// An object a flow's call returned, with its `last_response`.
fn object(py: Python<'_>, object: impl crate::objects::Returned) -> PyResult<Py<PyAny>> {
    returned_to_python(py, object)
}

fn text(py: Python<'_>, value: Option<String>) -> PyResult<Py<PyAny>> {
    Ok(value.into_pyobject(py)?.into_any().unbind())
}

fn optional(py: Python<'_>, value: Option<impl crate::objects::Returned>) -> PyResult<Py<PyAny>> {
    value.map_or_else(|| Ok(py.None()), |value| object(py, value))
}

/// A core error as its exception object (for `error` and `recovery_error`).
fn exception(py: Python<'_>, error: offsession::Error) -> Py<PyAny> {
    errors::to_py(py, error).into_value(py).into_any()
}

impl IntoPython for offsession::SetupStarted {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let url = text(py, self.url().map(str::to_owned))?;
        result(
            py,
            py.get_type::<SetupStarted>(),
            [
                ("customer_id", text(py, self.customer_id)?),
                ("url", url),
                ("session", object(py, self.session)?),
            ],
        )
    }
}

impl IntoPython for offsession::CompletedSetup {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        result(
            py,
            py.get_type::<CompletedSetup>(),
            [
                ("customer_id", text(py, Some(self.customer_id))?),
                ("payment_method_id", text(py, Some(self.payment_method_id))?),
                ("session", object(py, self.session)?),
                ("setup_intent", object(py, self.setup_intent)?),
                ("payment_method", optional(py, self.payment_method)?),
            ],
        )
    }
}

impl IntoPython for offsession::CompletedRecovery {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        result(
            py,
            py.get_type::<CompletedRecovery>(),
            [
                ("customer_id", text(py, Some(self.customer_id))?),
                ("payment_method_id", text(py, Some(self.payment_method_id))?),
                ("payment_intent", object(py, self.payment_intent)?),
                (
                    "declined_payment_intent_id",
                    text(py, self.declined_payment_intent_id)?,
                ),
                ("session", object(py, self.session)?),
            ],
        )
    }
}

impl IntoPython for offsession::ChargeOutcome {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        use offsession::ChargeOutcome as Outcome;
        let outcome = text(py, Some(self.name().to_owned()))?;
        let (class, payment_intent) = match self {
            Outcome::Succeeded(pi) => (py.get_type::<Succeeded>(), pi),
            Outcome::Processing(pi) => (py.get_type::<Processing>(), pi),
            Outcome::RequiresCapture(pi) => (py.get_type::<RequiresCapture>(), pi),
            Outcome::RequiresAction(pi) => (py.get_type::<RequiresAction>(), pi),
            Outcome::NeedsRecovery {
                error,
                payment_intent,
                recovery_session,
            } => {
                return result(
                    py,
                    py.get_type::<NeedsRecovery>(),
                    [
                        ("outcome", outcome),
                        ("error", exception(py, offsession::Error::Card(error))),
                        (
                            "payment_intent",
                            optional(py, payment_intent.map(|pi| *pi))?,
                        ),
                        ("recovery_session", object(py, *recovery_session)?),
                    ],
                )
            }
            Outcome::RecoveryFailed {
                error,
                payment_intent,
                recovery_error,
            } => {
                return result(
                    py,
                    py.get_type::<RecoveryFailed>(),
                    [
                        ("outcome", outcome),
                        ("error", exception(py, offsession::Error::Card(error))),
                        (
                            "payment_intent",
                            optional(py, payment_intent.map(|pi| *pi))?,
                        ),
                        ("recovery_error", exception(py, *recovery_error)),
                    ],
                )
            }
        };
        result(
            py,
            class,
            [
                ("outcome", outcome),
                ("payment_intent", object(py, *payment_intent)?),
            ],
        )
    }
}
