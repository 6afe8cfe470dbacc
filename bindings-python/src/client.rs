//! `Client` (blocking, GIL released while waiting) and `AsyncClient` (asyncio): the same
//! methods, the same core.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pyo3::prelude::*;

use crate::runtime::{CallKind, Mode};
use crate::{errors, params, resources};

/// A core client plus the settings to rebuild it in a forked child, whose copy of the parent's
/// connection pool belongs to a runtime that no longer runs.
pub struct Handle {
    /// Identifies this client in the per-thread client maps of blocking calls.
    id: u64,
    builder: offsession::ClientBuilder,
    /// The key as it may be shown: its kind only (`sk_test_****`).
    key_shown: String,
    current: Mutex<(u32, offsession::Client)>,
}

static NEXT_HANDLE_ID: AtomicU64 = AtomicU64::new(1);

impl Handle {
    pub fn id(&self) -> u64 {
        self.id
    }

    /// A new core client with this handle's settings (its own connection pool).
    pub fn build_client(&self) -> offsession::Result<offsession::Client> {
        self.builder.clone().build()
    }

    /// The client for this process (asyncio calls share it on the shared runtime).
    pub fn client(&self) -> PyResult<offsession::Client> {
        let pid = std::process::id();
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if current.0 != pid {
            let rebuilt = self
                .builder
                .clone()
                .build()
                .map_err(|e| Python::attach(|py| errors::to_py(py, e)))?;
            *current = (pid, rebuilt);
        }
        Ok(current.1.clone())
    }

    fn describe(&self, class: &str) -> String {
        let client = self
            .current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .1
            .clone();
        format!(
            "{class}(api_key='{}', base_url='{}', stripe_version='{}', max_retries={})",
            self.key_shown,
            client.base_url(),
            client.stripe_version(),
            client.max_retries()
        )
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn build_handle(
    py: Python<'_>,
    api_key: String,
    base_url: Option<String>,
    max_retries: u32,
    stripe_version: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    stripe_account: Option<String>,
    headers: Vec<(String, String)>,
    language: &str,
) -> PyResult<Arc<Handle>> {
    let version = py.version_info();
    let key = offsession::ApiKey::new(api_key);
    let key_shown = key.to_string();
    let mut builder = offsession::Client::builder(key)
        .max_retries(max_retries)
        .binding(format!(
            "{language} {}.{}.{}",
            version.major, version.minor, version.patch
        ));
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    if let Some(version) = stripe_version {
        builder = builder.stripe_version(version);
    }
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(timeout) = connect_timeout {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(account) = stripe_account {
        builder = builder.stripe_account(account);
    }
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    let client = builder.clone().build().map_err(|e| errors::to_py(py, e))?;
    Ok(Arc::new(Handle {
        id: NEXT_HANDLE_ID.fetch_add(1, Ordering::Relaxed),
        builder,
        key_shown,
        current: Mutex::new((std::process::id(), client)),
    }))
}

macro_rules! client_class {
    (
        $(#[$meta:meta])*
        $class:ident, $mode:expr, $language:literal,
        $customers:ident, $sessions:ident, $setup_intents:ident, $payment_methods:ident, $payment_intents:ident
    ) => {
        $(#[$meta])*
        #[pyclass(frozen, module = "offsession")]
        pub struct $class {
            handle: Arc<Handle>,
        }

        #[pymethods]
        impl $class {
            /// `max_retries` (default 2, at most 10) is a non-negative `int`; `timeout` and
            /// `connect_timeout` are seconds (`int` or `float`, finite, above zero). Anything
            /// else (`True`, `2.0`, `"2"`, NaN, infinity) is an `InvalidInputError` naming it,
            /// as is an `api_key` that is `None` (an unset environment variable) or not a `str`.
            #[new]
            #[pyo3(signature = (
                api_key = None, *, base_url = None, max_retries = None,
                stripe_version = None, timeout = None, connect_timeout = None, stripe_account = None,
                headers = None
            ))]
            // `None` stands for the default, and for a missing `api_key` (refused by name); the
            // signature Python shows says what each is.
            #[pyo3(text_signature = "(api_key, *, base_url=None, max_retries=2, stripe_version=None, timeout=None, connect_timeout=None, stripe_account=None, headers=None)")]
            #[allow(clippy::too_many_arguments)]
            fn new(
                py: Python<'_>,
                api_key: Option<Bound<'_, PyAny>>,
                base_url: Option<Bound<'_, PyAny>>,
                max_retries: Option<Bound<'_, PyAny>>,
                stripe_version: Option<Bound<'_, PyAny>>,
                timeout: Option<Bound<'_, PyAny>>,
                connect_timeout: Option<Bound<'_, PyAny>>,
                stripe_account: Option<Bound<'_, PyAny>>,
                headers: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Self> {
                let api_key = params::string_described(
                    "api_key",
                    api_key.as_ref(),
                    "a string, your secret key (sk_test_... or sk_live_...)",
                )?;
                let base_url = params::opt_string("base_url", base_url.as_ref())?;
                let stripe_version = params::opt_string("stripe_version", stripe_version.as_ref())?;
                let stripe_account = params::opt_string("stripe_account", stripe_account.as_ref())?;
                let headers = params::string_map("headers", headers.as_ref())?;
                let max_retries = max_retries
                    .map(|value| params::count("max_retries", &value))
                    .transpose()?
                    .unwrap_or(offsession::DEFAULT_MAX_RETRIES);
                let timeout = timeout
                    .map(|value| params::seconds("timeout", &value))
                    .transpose()?;
                let connect_timeout = connect_timeout
                    .map(|value| params::seconds("connect_timeout", &value))
                    .transpose()?;
                let handle = build_handle(
                    py, api_key, base_url, max_retries, stripe_version, timeout,
                    connect_timeout, stripe_account, headers, $language,
                )?;
                Ok(Self { handle })
            }

            /// Customers: create and retrieve.
            #[getter]
            fn customers(&self) -> resources::$customers {
                resources::$customers::new(Arc::clone(&self.handle))
            }

            /// Checkout Sessions: create and retrieve.
            #[getter]
            fn checkout_sessions(&self) -> resources::$sessions {
                resources::$sessions::new(Arc::clone(&self.handle))
            }

            /// Setup intents: retrieve.
            #[getter]
            fn setup_intents(&self) -> resources::$setup_intents {
                resources::$setup_intents::new(Arc::clone(&self.handle))
            }

            /// Payment methods: retrieve and attach.
            #[getter]
            fn payment_methods(&self) -> resources::$payment_methods {
                resources::$payment_methods::new(Arc::clone(&self.handle))
            }

            /// Payment intents: create, retrieve and cancel.
            #[getter]
            fn payment_intents(&self) -> resources::$payment_intents {
                resources::$payment_intents::new(Arc::clone(&self.handle))
            }

            /// Steps 1–2: creates the customer when asked, then a setup-mode Checkout Session.
            #[pyo3(signature = (
                *, currency = None, success_url = None, cancel_url = None, customer = None,
                new_customer = None, metadata = None, idempotency_key = None
            ))]
            #[pyo3(text_signature = "($self, *, currency, success_url, cancel_url=None, customer=None, new_customer=None, metadata=None, idempotency_key=None)")]
            #[allow(clippy::too_many_arguments)]
            fn start_setup(
                &self,
                py: Python<'_>,
                currency: Option<Bound<'_, PyAny>>,
                success_url: Option<Bound<'_, PyAny>>,
                cancel_url: Option<Bound<'_, PyAny>>,
                customer: Option<Bound<'_, PyAny>>,
                new_customer: Option<Bound<'_, PyAny>>,
                metadata: Option<Bound<'_, PyAny>>,
                idempotency_key: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok(offsession::StartSetup {
                        currency: params::string("currency", currency.as_ref())?,
                        success_url: params::string("success_url", success_url.as_ref())?,
                        cancel_url: params::opt_string("cancel_url", cancel_url.as_ref())?,
                        customer: params::opt_string("customer", customer.as_ref())?,
                        new_customer: params::new_customer(new_customer.as_ref())?,
                        metadata: params::metadata("metadata", metadata.as_ref())?,
                        idempotency_key: params::opt_string("idempotency_key", idempotency_key.as_ref())?,
                    })
                })();
                $mode.run(py, &self.handle, CallKind::Flow, args, |client, params| async move {
                    client.start_setup(&params).await
                })
            }

            /// Steps 3b–5 from the session id on the success URL.
            #[pyo3(
                signature = (session_id = None, *, customer = None),
                text_signature = "($self, session_id, *, customer=None)"
            )]
            fn complete_setup(
                &self,
                py: Python<'_>,
                session_id: Option<Bound<'_, PyAny>>,
                customer: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok((
                        params::string("session_id", session_id.as_ref())?,
                        offsession::CompleteSetup {
                            customer: params::opt_string("customer", customer.as_ref())?,
                        },
                    ))
                })();
                $mode.run(py, &self.handle, CallKind::Flow, args, |client, (session_id, options)| async move {
                    client.complete_setup(&session_id, &options).await
                })
            }

            /// Steps 3a–5 from a verified `checkout.session.completed` event.
            #[pyo3(
                signature = (event = None, *, customer = None),
                text_signature = "($self, event, *, customer=None)"
            )]
            fn complete_setup_from_event(
                &self,
                py: Python<'_>,
                event: Option<Bound<'_, PyAny>>,
                customer: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok((
                        params::event(event.as_ref())?,
                        offsession::CompleteSetup {
                            customer: params::opt_string("customer", customer.as_ref())?,
                        },
                    ))
                })();
                $mode.run(py, &self.handle, CallKind::Flow, args, |client, (event, options)| async move {
                    client.complete_setup_from_event(&event, &options).await
                })
            }

            /// After the customer paid a recovery session (its id from the success URL's
            /// `session_id`, or a `checkout.session.completed` event): the paid PaymentIntent,
            /// the payment method to charge next time (saved off-session by the recovery
            /// session) and the declined PaymentIntent it replaced, to cancel with
            /// `payment_intents.cancel`. One request; a session that is not a paid
            /// payment-mode session is `InvalidStateError` (`param == "session_id"`).
            #[pyo3(signature = (session_id = None), text_signature = "($self, session_id)")]
            fn complete_recovery(
                &self,
                py: Python<'_>,
                session_id: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = params::string("session_id", session_id.as_ref());
                $mode.run(py, &self.handle, CallKind::Flow, args, |client, session_id| async move {
                    client.complete_recovery(&session_id).await
                })
            }

            /// Steps 6–7: charges the saved payment method with the customer absent and returns
            /// what happened, one class per state (`outcome` names it):
            ///
            /// - `Succeeded`: paid; fulfil the order.
            /// - `Processing`: accepted, not paid yet (bank debits); fulfil on the
            ///   `payment_intent.succeeded` webhook, not on `payment_intent.payment_failed`.
            /// - `RequiresCapture`: authorized only; capture it (or cancel it).
            /// - `RequiresAction`: the bank wants the customer; nothing was charged. Bring them
            ///   back on-session and confirm with the PaymentIntent's `client_secret`.
            /// - `NeedsRecovery`: declined; nothing was charged. Send the customer to
            ///   `recovery_session.url`.
            /// - `RecoveryFailed`: declined, and the recovery session could not be created;
            ///   re-run later with the same `idempotency_key`.
            ///
            /// `idempotency_key` is required (keyword-only): one key per logical charge, such as
            /// an order id. Re-running with it after a crash or a connection error returns the
            /// first outcome and never charges twice; errors name it (`error.idempotency_key`).
            /// Without it, `InvalidInputError` naming `idempotency_key`. `amount` is an `int`
            /// in the currency's smallest unit (1099 is 10.99 USD); `True`, `1099.0`, `"1099"`
            /// are refused. `recovery` is an `offsession.Recovery` (a dict is refused, naming
            /// `recovery`). Nothing is sent when an argument is refused.
            #[pyo3(signature = (
                *, customer = None, payment_method = None, amount = None, currency = None,
                recovery = None, description = None, metadata = None, idempotency_key = None
            ))]
            // The required arguments' `None` defaults only let a missing one become an
            // `InvalidInputError` naming it instead of Python's `TypeError`.
            #[pyo3(text_signature = "($self, *, customer, payment_method, amount, currency, recovery, idempotency_key, description=None, metadata=None)")]
            #[allow(clippy::too_many_arguments)]
            fn charge_off_session(
                &self,
                py: Python<'_>,
                customer: Option<Bound<'_, PyAny>>,
                payment_method: Option<Bound<'_, PyAny>>,
                amount: Option<Bound<'_, PyAny>>,
                currency: Option<Bound<'_, PyAny>>,
                recovery: Option<Bound<'_, PyAny>>,
                description: Option<Bound<'_, PyAny>>,
                metadata: Option<Bound<'_, PyAny>>,
                idempotency_key: Option<Bound<'_, PyAny>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    Ok(offsession::OffSessionCharge {
                        customer: params::string("customer", customer.as_ref())?,
                        payment_method: params::string("payment_method", payment_method.as_ref())?,
                        amount: params::required_integer("amount", amount.as_ref())?,
                        currency: params::string("currency", currency.as_ref())?,
                        description: params::opt_string("description", description.as_ref())?,
                        metadata: params::metadata("metadata", metadata.as_ref())?,
                        // Required: a missing key is "", which the core refuses naming
                        // `idempotency_key` before anything is sent.
                        idempotency_key: params::opt_string("idempotency_key", idempotency_key.as_ref())?
                            .unwrap_or_default(),
                        recovery: params::recovery(recovery.as_ref())?,
                    })
                })();
                $mode.run(py, &self.handle, CallKind::Flow, args, |client, charge| async move {
                    client.charge_off_session(&charge).await
                })
            }

            fn __repr__(&self) -> String {
                self.handle.describe(stringify!($class))
            }
        }
    };
}

client_class!(
    /// A Stripe client whose calls block the calling thread, with the GIL released while
    /// waiting, so threads overlap. Safe to share across threads; keeps one pool of
    /// keep-alive connections. Ctrl-C interrupts a call within a fraction of a second: a
    /// resource call is dropped, a flow call runs to its end in the background.
    Client, Mode::Blocking, "python",
    Customers, CheckoutSessions, SetupIntents, PaymentMethods, PaymentIntents
);

client_class!(
    /// The asyncio client: the same methods as `Client`, as coroutines. Nothing starts until
    /// one is awaited. Cancelling the awaiting task drops a resource call; a flow call
    /// (`start_setup`, `complete_setup`, `complete_setup_from_event`, `charge_off_session`,
    /// `complete_recovery`) runs to its end in the background.
    AsyncClient, Mode::Asyncio, "python-asyncio",
    AsyncCustomers, AsyncCheckoutSessions, AsyncSetupIntents, AsyncPaymentMethods,
    AsyncPaymentIntents
);

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Client>()?;
    m.add_class::<AsyncClient>()?;
    Ok(())
}
