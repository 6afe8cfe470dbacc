//! The resource namespaces (`client.customers`, …), generated once for the blocking client and
//! once for the asyncio client from the same definitions. Each method is one request: a
//! resource call, which is dropped when its caller stops waiting (core/src/cancel.rs).

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::client::Handle;
use crate::params;
use crate::runtime::{CallKind, Mode};

macro_rules! namespaces {
    (
        $mode:expr,
        $customers:ident, $sessions:ident, $setup_intents:ident, $payment_methods:ident,
        $payment_intents:ident
    ) => {
        /// Customers: create and retrieve.
        #[pyclass(frozen, module = "offsession")]
        pub struct $customers {
            handle: Arc<Handle>,
        }

        impl $customers {
            pub fn new(handle: Arc<Handle>) -> Self {
                Self { handle }
            }
        }

        #[pymethods]
        impl $customers {
            /// Creates a customer.
            #[pyo3(signature = (*, email = None, name = None, description = None, metadata = None, idempotency_key = None))]
            fn create(
                &self,
                py: Python<'_>,
                email: Option<String>,
                name: Option<String>,
                description: Option<String>,
                metadata: Option<Bound<'_, PyDict>>,
                idempotency_key: Option<String>,
            ) -> PyResult<Py<PyAny>> {
                let args = params::metadata(metadata.as_ref()).map(|metadata| offsession::CreateCustomer {
                    email,
                    name,
                    description,
                    metadata,
                    idempotency_key,
                });
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, params| async move {
                    client.customers().create(&params).await
                })
            }

            /// Retrieves a customer by id.
            fn retrieve(&self, py: Python<'_>, id: String) -> PyResult<Py<PyAny>> {
                $mode.run(py, &self.handle, CallKind::Resource, Ok(id), |client, id| async move {
                    client.customers().retrieve(&id).await
                })
            }
        }

        /// Checkout Sessions: create (setup or payment mode) and retrieve.
        #[pyclass(frozen, module = "offsession")]
        pub struct $sessions {
            handle: Arc<Handle>,
        }

        impl $sessions {
            pub fn new(handle: Arc<Handle>) -> Self {
                Self { handle }
            }
        }

        #[pymethods]
        impl $sessions {
            /// Creates a Checkout Session. `line_items` takes Stripe's shape:
            /// `[{"price_data": {"currency": "usd", "unit_amount": 1099,
            /// "product_data": {"name": "T-shirt"}}, "quantity": 1}]`.
            #[pyo3(signature = (
                *, mode, success_url, currency = None, customer = None, customer_email = None,
                cancel_url = None, line_items = None, metadata = None, idempotency_key = None
            ))]
            #[allow(clippy::too_many_arguments)]
            fn create(
                &self,
                py: Python<'_>,
                mode: String,
                success_url: String,
                currency: Option<String>,
                customer: Option<String>,
                customer_email: Option<String>,
                cancel_url: Option<String>,
                line_items: Option<Vec<Bound<'_, PyDict>>>,
                metadata: Option<Bound<'_, PyDict>>,
                idempotency_key: Option<String>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok(offsession::CreateCheckoutSession {
                        mode: Some(mode.as_str().into()),
                        success_url,
                        currency,
                        customer,
                        customer_email,
                        cancel_url,
                        line_items: params::line_items(line_items.unwrap_or_default())?,
                        metadata: params::metadata(metadata.as_ref())?,
                        idempotency_key,
                    })
                })();
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, params| async move {
                    client.checkout_sessions().create(&params).await
                })
            }

            /// Retrieves a session; `expand=["setup_intent"]` brings the SetupIntent inline.
            #[pyo3(signature = (id, *, expand = None))]
            fn retrieve(&self, py: Python<'_>, id: String, expand: Option<Vec<String>>) -> PyResult<Py<PyAny>> {
                let args = Ok((id, params::expand(expand)));
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, (id, expand)| async move {
                    client.checkout_sessions().retrieve(&id, &params::as_strs(&expand)).await
                })
            }
        }

        /// Setup intents: retrieve.
        #[pyclass(frozen, module = "offsession")]
        pub struct $setup_intents {
            handle: Arc<Handle>,
        }

        impl $setup_intents {
            pub fn new(handle: Arc<Handle>) -> Self {
                Self { handle }
            }
        }

        #[pymethods]
        impl $setup_intents {
            /// Retrieves a SetupIntent, expanding the given fields.
            #[pyo3(signature = (id, *, expand = None))]
            fn retrieve(&self, py: Python<'_>, id: String, expand: Option<Vec<String>>) -> PyResult<Py<PyAny>> {
                let args = Ok((id, params::expand(expand)));
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, (id, expand)| async move {
                    client.setup_intents().retrieve(&id, &params::as_strs(&expand)).await
                })
            }
        }

        /// Payment methods: retrieve and attach.
        #[pyclass(frozen, module = "offsession")]
        pub struct $payment_methods {
            handle: Arc<Handle>,
        }

        impl $payment_methods {
            pub fn new(handle: Arc<Handle>) -> Self {
                Self { handle }
            }
        }

        #[pymethods]
        impl $payment_methods {
            /// Retrieves a payment method by id.
            fn retrieve(&self, py: Python<'_>, id: String) -> PyResult<Py<PyAny>> {
                $mode.run(py, &self.handle, CallKind::Resource, Ok(id), |client, id| async move {
                    client.payment_methods().retrieve(&id).await
                })
            }

            /// Attaches a payment method to a customer.
            #[pyo3(signature = (id, *, customer, idempotency_key = None))]
            fn attach(
                &self,
                py: Python<'_>,
                id: String,
                customer: String,
                idempotency_key: Option<String>,
            ) -> PyResult<Py<PyAny>> {
                let args = Ok((id, offsession::AttachPaymentMethod { customer, idempotency_key }));
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, (id, params)| async move {
                    client.payment_methods().attach(&id, &params).await
                })
            }
        }

        /// Payment intents: create (and confirm), retrieve and cancel.
        #[pyclass(frozen, module = "offsession")]
        pub struct $payment_intents {
            handle: Arc<Handle>,
        }

        impl $payment_intents {
            pub fn new(handle: Arc<Handle>) -> Self {
                Self { handle }
            }
        }

        #[pymethods]
        impl $payment_intents {
            /// Creates a PaymentIntent; with `confirm=True, off_session=True` it charges a
            /// saved card, and a decline raises `CardError`. `amount` is an `int` (`True`,
            /// `1099.0` and `"1099"` are refused before anything is sent).
            #[pyo3(signature = (
                *, amount, currency, customer = None, payment_method = None, off_session = None,
                confirm = None, description = None, metadata = None, idempotency_key = None
            ))]
            #[allow(clippy::too_many_arguments)]
            fn create(
                &self,
                py: Python<'_>,
                amount: Bound<'_, PyAny>,
                currency: String,
                customer: Option<String>,
                payment_method: Option<String>,
                off_session: Option<bool>,
                confirm: Option<bool>,
                description: Option<String>,
                metadata: Option<Bound<'_, PyDict>>,
                idempotency_key: Option<String>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok(offsession::CreatePaymentIntent {
                        amount: params::integer("amount", &amount)?,
                        currency,
                        customer,
                        payment_method,
                        off_session,
                        confirm,
                        description,
                        metadata: params::metadata(metadata.as_ref())?,
                        idempotency_key,
                    })
                })();
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, params| async move {
                    client.payment_intents().create(&params).await
                })
            }

            /// Retrieves a PaymentIntent, expanding the given fields.
            #[pyo3(signature = (id, *, expand = None))]
            fn retrieve(&self, py: Python<'_>, id: String, expand: Option<Vec<String>>) -> PyResult<Py<PyAny>> {
                let args = Ok((id, params::expand(expand)));
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, (id, expand)| async move {
                    client.payment_intents().retrieve(&id, &params::as_strs(&expand)).await
                })
            }

            /// Cancels a PaymentIntent that has not succeeded, such as the declined one a paid
            /// recovery replaced (`CompletedRecovery.declined_payment_intent_id`).
            /// `cancellation_reason` is one of Stripe's: `"abandoned"`, `"duplicate"`,
            /// `"fraudulent"`, `"requested_by_customer"`. Stripe refuses a `succeeded` one
            /// (`InvalidRequestError`, `stripe_code == "payment_intent_unexpected_state"`).
            #[pyo3(signature = (id, *, cancellation_reason = None, idempotency_key = None))]
            fn cancel(
                &self,
                py: Python<'_>,
                id: String,
                cancellation_reason: Option<String>,
                idempotency_key: Option<String>,
            ) -> PyResult<Py<PyAny>> {
                let params = offsession::CancelPaymentIntent {
                    cancellation_reason: cancellation_reason
                        .map(|reason| offsession::CancellationReason::from(reason.as_str())),
                    idempotency_key,
                };
                $mode.run(py, &self.handle, CallKind::Resource, Ok((id, params)), |client, (id, params)| async move {
                    client.payment_intents().cancel(&id, &params).await
                })
            }
        }
    };
}

namespaces!(
    Mode::Blocking,
    Customers,
    CheckoutSessions,
    SetupIntents,
    PaymentMethods,
    PaymentIntents
);
namespaces!(
    Mode::Asyncio,
    AsyncCustomers,
    AsyncCheckoutSessions,
    AsyncSetupIntents,
    AsyncPaymentMethods,
    AsyncPaymentIntents
);

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Customers>()?;
    m.add_class::<CheckoutSessions>()?;
    m.add_class::<SetupIntents>()?;
    m.add_class::<PaymentMethods>()?;
    m.add_class::<PaymentIntents>()?;
    m.add_class::<AsyncCustomers>()?;
    m.add_class::<AsyncCheckoutSessions>()?;
    m.add_class::<AsyncSetupIntents>()?;
    m.add_class::<AsyncPaymentMethods>()?;
    m.add_class::<AsyncPaymentIntents>()?;
    Ok(())
}
