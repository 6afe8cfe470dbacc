//! The resource namespaces (`client.customers`, …), generated once for the blocking client and
//! once for the asyncio client from the same definitions. Each method is one request: a
//! resource call, which is dropped when its caller stops waiting (core/src/cancel.rs).
//!
//! Every method takes Stripe's parameters as keyword arguments, as stripe-python does, plus the
//! request options `idempotency_key`, `stripe_account`, `timeout` (seconds), `max_retries`,
//! `extra_params` (parameters this version does not type, any nesting) and `expand`. The
//! keyword arguments are converted generically (`convert::call`) into the core's generated
//! parameter type: a wrong type, a missing required parameter or an unknown one is an
//! `InvalidInputError` naming it, and nothing is sent.

use std::sync::Arc;

use offsession::params::{
    AttachPaymentMethod, CancelPaymentIntent, CreateCheckoutSession, CreateCustomer,
    CreatePaymentIntent, ListCustomerPaymentMethods, UpdateCustomer, UpdateSetupIntent,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::client::Handle;
use crate::convert::{self, NoParams};
use crate::list::{Page, Source};
use crate::runtime::{CallKind, Mode};

/// Runs a resource call: `$id` is the path's id (`None` for a create), `$params` the keyword
/// arguments, converted into `$type`; `$request` builds the core's request from `client`, `id`
/// and `params`, and the options and expansions are set on it.
macro_rules! send {
    ($mode:expr, $py:ident, $handle:expr, $id:expr, $params:ident: $type:ty,
     |$client:ident, $idv:ident, $p:ident| $request:expr) => {{
        let args = (|| -> PyResult<(String, convert::Call<$type>)> {
            let id: Option<String> = match $id {
                Some(id) => Some(convert::arg("id", id)?),
                None => None,
            };
            Ok((id.unwrap_or_default(), convert::call($params)?))
        })();
        $mode.run(
            $py,
            $handle,
            CallKind::Resource,
            args,
            |$client, (id, (params, options, expand))| async move {
                #[allow(unused_variables)]
                let ($idv, $p) = (id.as_str(), &params);
                $request.options(options).expand(expand).await
            },
        )
    }};
}

macro_rules! namespace {
    ($(#[$meta:meta])* $name:ident { $($methods:tt)* }) => {
        $(#[$meta])*
        #[pyclass(frozen, module = "offsession")]
        pub struct $name {
            handle: Arc<Handle>,
        }

        impl $name {
            pub fn new(handle: Arc<Handle>) -> Self {
                Self { handle }
            }
        }

        #[pymethods]
        impl $name {
            $($methods)*
        }
    };
}

/// The five namespaces of one client class (`Mode::Blocking` or `Mode::Asyncio`).
macro_rules! namespaces {
    (
        $mode:expr,
        $customers:ident, $sessions:ident, $setup_intents:ident, $payment_methods:ident,
        $payment_intents:ident
    ) => {
        namespace! {
            /// Customers: create, retrieve, update, and list their saved payment methods.
            $customers {
                /// Creates a customer (`POST /v1/customers`): `email`, `name`, `metadata`,
                /// `address`, `shipping`, `payment_method`, `invoice_settings`, … (every
                /// parameter Stripe documents, typed), plus the request options.
                #[pyo3(
                    signature = (**params),
                    text_signature = "($self, /, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, extra_params=None, expand=None, **params)"
                )]
                fn create(&self, py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, None::<Option<&Bound<'_, PyAny>>>, params: CreateCustomer,
                        |client, id, params| client.customers().create(params))
                }

                /// Retrieves a customer by id.
                #[pyo3(
                    signature = (id = None, /, **options),
                    text_signature = "($self, id, /, *, stripe_account=None, timeout=None, max_retries=None, expand=None)"
                )]
                fn retrieve(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), options: NoParams,
                        |client, id, params| client.customers().retrieve(id))
                }

                /// Updates a customer (`POST /v1/customers/{id}`): only the parameters given
                /// change (`metadata` is merged; a key set to `""` is removed). Set
                /// `invoice_settings={"default_payment_method": "pm_..."}` to choose the card
                /// the customer's invoices are charged to (`""` unsets it).
                #[pyo3(
                    signature = (id = None, /, **params),
                    text_signature = "($self, id, /, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, extra_params=None, expand=None, **params)"
                )]
                fn update(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), params: UpdateCustomer,
                        |client, id, params| client.customers().update(id, params))
                }

                /// One page of the customer's saved payment methods, newest first (`type`,
                /// `limit` 1–100, `starting_after`, `ending_before`, `allow_redisplay`): a
                /// `ListObject` with `data`, `has_more` and `url`. `auto_paging_iter()` walks
                /// every page after it.
                #[pyo3(
                    signature = (id = None, /, **params),
                    text_signature = "($self, id, /, *, stripe_account=None, timeout=None, max_retries=None, extra_params=None, expand=None, **params)"
                )]
                fn list_payment_methods(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    let handle = Arc::clone(&self.handle);
                    send!($mode, py, &self.handle, Some(id.as_ref()), params: ListCustomerPaymentMethods,
                        |client, id, params| {
                            let source = Source {
                                handle,
                                customer: id.to_owned(),
                                params: params.clone(),
                                options: offsession::RequestOptions::default(),
                            };
                            Paged(client.customers().list_payment_methods(id, params), source)
                        })
                }
            }
        }

        namespace! {
            /// Checkout Sessions: create (setup, payment or subscription mode), retrieve and
            /// expire.
            $sessions {
                /// Creates a Checkout Session (`POST /v1/checkout/sessions`): `mode`,
                /// `success_url`, `line_items` in Stripe's shape (`[{"price_data":
                /// {"currency": "usd", "unit_amount": 1099, "product_data": {"name":
                /// "T-shirt"}}, "quantity": 1}]`), `customer`, `ui_mode`, … (every parameter
                /// Stripe documents, typed), plus the request options.
                #[pyo3(
                    signature = (**params),
                    text_signature = "($self, /, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, extra_params=None, expand=None, **params)"
                )]
                fn create(&self, py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, None::<Option<&Bound<'_, PyAny>>>, params: CreateCheckoutSession,
                        |client, id, params| client.checkout_sessions().create(params))
                }

                /// Retrieves a session; `expand=["setup_intent"]` brings the SetupIntent inline.
                #[pyo3(
                    signature = (id = None, /, **options),
                    text_signature = "($self, id, /, *, stripe_account=None, timeout=None, max_retries=None, expand=None)"
                )]
                fn retrieve(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), options: NoParams,
                        |client, id, params| client.checkout_sessions().retrieve(id))
                }

                /// Expires an open session: the customer can no longer complete it. Stripe
                /// refuses a session that is not open (`InvalidRequestError`).
                #[pyo3(
                    signature = (id = None, /, **options),
                    text_signature = "($self, id, /, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, expand=None)"
                )]
                fn expire(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), options: NoParams,
                        |client, id, params| client.checkout_sessions().expire(id))
                }
            }
        }

        namespace! {
            /// Setup intents: retrieve and update.
            $setup_intents {
                /// Retrieves a SetupIntent, expanding the given fields.
                #[pyo3(
                    signature = (id = None, /, **options),
                    text_signature = "($self, id, /, *, stripe_account=None, timeout=None, max_retries=None, expand=None)"
                )]
                fn retrieve(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), options: NoParams,
                        |client, id, params| client.setup_intents().retrieve(id))
                }

                /// Updates a SetupIntent (`POST /v1/setup_intents/{id}`): `metadata`,
                /// `description`, `payment_method`, … plus the request options.
                #[pyo3(
                    signature = (id = None, /, **params),
                    text_signature = "($self, id, /, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, extra_params=None, expand=None, **params)"
                )]
                fn update(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), params: UpdateSetupIntent,
                        |client, id, params| client.setup_intents().update(id, params))
                }
            }
        }

        namespace! {
            /// Payment methods: retrieve, attach and detach.
            $payment_methods {
                /// Retrieves a payment method by id.
                #[pyo3(
                    signature = (id = None, /, **options),
                    text_signature = "($self, id, /, *, stripe_account=None, timeout=None, max_retries=None, expand=None)"
                )]
                fn retrieve(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), options: NoParams,
                        |client, id, params| client.payment_methods().retrieve(id))
                }

                /// Attaches a payment method to a customer (`customer="cus_..."`) so it can be
                /// charged later.
                #[pyo3(
                    signature = (id = None, /, **params),
                    text_signature = "($self, id, /, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, extra_params=None, expand=None, **params)"
                )]
                fn attach(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), params: AttachPaymentMethod,
                        |client, id, params| client.payment_methods().attach(id, params))
                }

                /// Detaches a payment method from its customer: it can no longer be charged,
                /// attached again or used in a session (Stripe's rule), and stops being the
                /// customer's default.
                #[pyo3(
                    signature = (id = None, /, **options),
                    text_signature = "($self, id, /, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, expand=None)"
                )]
                fn detach(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), options: NoParams,
                        |client, id, params| client.payment_methods().detach(id))
                }
            }
        }

        namespace! {
            /// Payment intents: create (and confirm), retrieve and cancel.
            $payment_intents {
                /// Creates a PaymentIntent (`POST /v1/payment_intents`); with `confirm=True,
                /// off_session=True` it charges a saved card, and a decline raises `CardError`.
                /// `amount` is an `int` (`True`, `1099.0` and `"1099"` are refused before
                /// anything is sent). Every parameter Stripe documents is typed.
                #[pyo3(
                    signature = (**params),
                    text_signature = "($self, /, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, extra_params=None, expand=None, **params)"
                )]
                fn create(&self, py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, None::<Option<&Bound<'_, PyAny>>>, params: CreatePaymentIntent,
                        |client, id, params| client.payment_intents().create(params))
                }

                /// Retrieves a PaymentIntent, expanding the given fields.
                #[pyo3(
                    signature = (id = None, /, **options),
                    text_signature = "($self, id, /, *, stripe_account=None, timeout=None, max_retries=None, expand=None)"
                )]
                fn retrieve(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), options: NoParams,
                        |client, id, params| client.payment_intents().retrieve(id))
                }

                /// Cancels a PaymentIntent that has not succeeded, such as the declined one a
                /// paid recovery replaced (`CompletedRecovery.declined_payment_intent_id`).
                /// `cancellation_reason` is one of Stripe's: `"abandoned"`, `"duplicate"`,
                /// `"fraudulent"`, `"requested_by_customer"`. Stripe refuses a `succeeded` one
                /// (`InvalidRequestError`, `code == "payment_intent_unexpected_state"`).
                #[pyo3(
                    signature = (id = None, /, **params),
                    text_signature = "($self, id, /, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, extra_params=None, expand=None, **params)"
                )]
                fn cancel(&self, py: Python<'_>, id: Option<Bound<'_, PyAny>>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                    send!($mode, py, &self.handle, Some(id.as_ref()), params: CancelPaymentIntent,
                        |client, id, params| client.payment_intents().cancel(id, params))
                }
            }
        }
    };
}

/// A list request and the call that made it: awaited, the page (`ListObject`).
struct Paged<'a>(
    offsession::Request<
        'a,
        ListCustomerPaymentMethods,
        offsession::List<offsession::PaymentMethod>,
    >,
    Source,
);

impl<'a> Paged<'a> {
    /// Sets the request's options, kept for the next pages too.
    fn options(self, options: offsession::RequestOptions) -> Self {
        let source = Source {
            options: options.clone(),
            ..self.1
        };
        Paged(self.0.options(options), source)
    }

    fn expand(self, expand: Vec<String>) -> Self {
        Paged(self.0.expand(expand), self.1)
    }
}

impl<'a> std::future::IntoFuture for Paged<'a> {
    type Output = offsession::Result<Page>;
    type IntoFuture =
        std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        let Paged(request, source) = self;
        Box::pin(async move { request.await.map(|list| Page(list, source)) })
    }
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

/// Adds this file's classes and functions to the module.
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
