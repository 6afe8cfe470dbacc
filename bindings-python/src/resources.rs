//! The resource namespaces (`client.customers`, …), generated once for the blocking client and
//! once for the asyncio client from the same definitions. Each method is one request: a
//! resource call, which is dropped when its caller stops waiting (core/src/cancel.rs).
//!
//! Every argument is taken as Python passed it and converted by `params` (a wrong type is an
//! `InvalidInputError` naming it); required ones default to `None` so that leaving one out is
//! that error too, and their `text_signature` shows them as required.

use std::sync::Arc;

use pyo3::prelude::*;

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
                email: Option<Bound<'_, PyAny>>,
                name: Option<Bound<'_, PyAny>>,
                description: Option<Bound<'_, PyAny>>,
                metadata: Option<Bound<'_, PyAny>>,
                idempotency_key: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok(offsession::CreateCustomer {
                        email: params::opt_string("email", email.as_ref())?,
                        name: params::opt_string("name", name.as_ref())?,
                        description: params::opt_string("description", description.as_ref())?,
                        metadata: params::metadata("metadata", metadata.as_ref())?,
                        idempotency_key: params::opt_string("idempotency_key", idempotency_key.as_ref())?,
                    })
                })();
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, params| async move {
                    client.customers().create(&params).await
                })
            }

            /// Retrieves a customer by id.
            #[pyo3(signature = (id = None), text_signature = "($self, id)")]
            fn retrieve(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                let args = params::string("id", id.as_ref());
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, id| async move {
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
                *, mode = None, success_url = None, currency = None, customer = None,
                customer_email = None, cancel_url = None, line_items = None, metadata = None,
                idempotency_key = None
            ))]
            #[pyo3(text_signature = "($self, *, mode, success_url, currency=None, customer=None, customer_email=None, cancel_url=None, line_items=None, metadata=None, idempotency_key=None)")]
            #[allow(clippy::too_many_arguments)]
            fn create(
                &self,
                py: Python<'_>,
                mode: Option<Bound<'_, PyAny>>,
                success_url: Option<Bound<'_, PyAny>>,
                currency: Option<Bound<'_, PyAny>>,
                customer: Option<Bound<'_, PyAny>>,
                customer_email: Option<Bound<'_, PyAny>>,
                cancel_url: Option<Bound<'_, PyAny>>,
                line_items: Option<Bound<'_, PyAny>>,
                metadata: Option<Bound<'_, PyAny>>,
                idempotency_key: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    let mode = params::string_described(
                        "mode",
                        mode.as_ref(),
                        "a string: setup (save a card) or payment",
                    )?;
                    Ok(offsession::CreateCheckoutSession {
                        mode: Some(mode.as_str().into()),
                        success_url: params::string("success_url", success_url.as_ref())?,
                        currency: params::opt_string("currency", currency.as_ref())?,
                        customer: params::opt_string("customer", customer.as_ref())?,
                        customer_email: params::opt_string("customer_email", customer_email.as_ref())?,
                        cancel_url: params::opt_string("cancel_url", cancel_url.as_ref())?,
                        line_items: params::line_items(line_items.as_ref())?,
                        metadata: params::metadata("metadata", metadata.as_ref())?,
                        idempotency_key: params::opt_string("idempotency_key", idempotency_key.as_ref())?,
                    })
                })();
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, params| async move {
                    client.checkout_sessions().create(&params).await
                })
            }

            /// Retrieves a session; `expand=["setup_intent"]` brings the SetupIntent inline.
            #[pyo3(signature = (id = None, *, expand = None), text_signature = "($self, id, *, expand=None)")]
            fn retrieve(
                &self,
                py: Python<'_>,
                id: Option<Bound<'_, PyAny>>,
                expand: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok((
                        params::string("id", id.as_ref())?,
                        params::string_list("expand", expand.as_ref())?,
                    ))
                })();
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
            #[pyo3(signature = (id = None, *, expand = None), text_signature = "($self, id, *, expand=None)")]
            fn retrieve(
                &self,
                py: Python<'_>,
                id: Option<Bound<'_, PyAny>>,
                expand: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok((
                        params::string("id", id.as_ref())?,
                        params::string_list("expand", expand.as_ref())?,
                    ))
                })();
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
            #[pyo3(signature = (id = None), text_signature = "($self, id)")]
            fn retrieve(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                let args = params::string("id", id.as_ref());
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, id| async move {
                    client.payment_methods().retrieve(&id).await
                })
            }

            /// Attaches a payment method to a customer.
            #[pyo3(
                signature = (id = None, *, customer = None, idempotency_key = None),
                text_signature = "($self, id, *, customer, idempotency_key=None)"
            )]
            fn attach(
                &self,
                py: Python<'_>,
                id: Option<Bound<'_, PyAny>>,
                customer: Option<Bound<'_, PyAny>>,
                idempotency_key: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok((
                        params::string("id", id.as_ref())?,
                        offsession::AttachPaymentMethod {
                            customer: params::string("customer", customer.as_ref())?,
                            idempotency_key: params::opt_string("idempotency_key", idempotency_key.as_ref())?,
                        },
                    ))
                })();
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
                *, amount = None, currency = None, customer = None, payment_method = None,
                off_session = None, confirm = None, description = None, metadata = None,
                idempotency_key = None
            ))]
            #[pyo3(text_signature = "($self, *, amount, currency, customer=None, payment_method=None, off_session=None, confirm=None, description=None, metadata=None, idempotency_key=None)")]
            #[allow(clippy::too_many_arguments)]
            fn create(
                &self,
                py: Python<'_>,
                amount: Option<Bound<'_, PyAny>>,
                currency: Option<Bound<'_, PyAny>>,
                customer: Option<Bound<'_, PyAny>>,
                payment_method: Option<Bound<'_, PyAny>>,
                off_session: Option<Bound<'_, PyAny>>,
                confirm: Option<Bound<'_, PyAny>>,
                description: Option<Bound<'_, PyAny>>,
                metadata: Option<Bound<'_, PyAny>>,
                idempotency_key: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok(offsession::CreatePaymentIntent {
                        amount: params::required_integer("amount", amount.as_ref())?,
                        currency: params::string("currency", currency.as_ref())?,
                        customer: params::opt_string("customer", customer.as_ref())?,
                        payment_method: params::opt_string("payment_method", payment_method.as_ref())?,
                        off_session: params::opt_bool("off_session", off_session.as_ref())?,
                        confirm: params::opt_bool("confirm", confirm.as_ref())?,
                        description: params::opt_string("description", description.as_ref())?,
                        metadata: params::metadata("metadata", metadata.as_ref())?,
                        idempotency_key: params::opt_string("idempotency_key", idempotency_key.as_ref())?,
                    })
                })();
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, params| async move {
                    client.payment_intents().create(&params).await
                })
            }

            /// Retrieves a PaymentIntent, expanding the given fields.
            #[pyo3(signature = (id = None, *, expand = None), text_signature = "($self, id, *, expand=None)")]
            fn retrieve(
                &self,
                py: Python<'_>,
                id: Option<Bound<'_, PyAny>>,
                expand: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok((
                        params::string("id", id.as_ref())?,
                        params::string_list("expand", expand.as_ref())?,
                    ))
                })();
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, (id, expand)| async move {
                    client.payment_intents().retrieve(&id, &params::as_strs(&expand)).await
                })
            }

            /// Cancels a PaymentIntent that has not succeeded, such as the declined one a paid
            /// recovery replaced (`CompletedRecovery.declined_payment_intent_id`).
            /// `cancellation_reason` is one of Stripe's: `"abandoned"`, `"duplicate"`,
            /// `"fraudulent"`, `"requested_by_customer"`. Stripe refuses a `succeeded` one
            /// (`InvalidRequestError`, `code == "payment_intent_unexpected_state"`).
            #[pyo3(
                signature = (id = None, *, cancellation_reason = None, idempotency_key = None),
                text_signature = "($self, id, *, cancellation_reason=None, idempotency_key=None)"
            )]
            fn cancel(
                &self,
                py: Python<'_>,
                id: Option<Bound<'_, PyAny>>,
                cancellation_reason: Option<Bound<'_, PyAny>>,
                idempotency_key: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok((
                        params::string("id", id.as_ref())?,
                        offsession::CancelPaymentIntent {
                            cancellation_reason: params::opt_string("cancellation_reason", cancellation_reason.as_ref())?
                                .map(|reason| offsession::CancellationReason::from(reason.as_str())),
                            idempotency_key: params::opt_string("idempotency_key", idempotency_key.as_ref())?,
                        },
                    ))
                })();
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, (id, params)| async move {
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
