//! `Client` (blocking, GIL released while waiting) and `AsyncClient` (asyncio): the same
//! methods, the same core. Settings are read generically by the core
//! (`offsession::Client::builder_from`, seconds for the timeouts).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{self, SECONDS};
use crate::runtime::{CallKind, Mode};
use crate::{objects, resources};

/// A client's settings and connections, shared by the handles `with_stripe_account` makes.
pub struct Pool {
    /// Identifies these connections in the per-thread client maps of blocking calls.
    id: u64,
    builder: offsession::ClientBuilder,
    /// The key as it may be shown: its kind only (`sk_test_****`).
    key_shown: String,
    /// The client on the shared runtime, and the process it was built in: a forked child
    /// rebuilds it, as its copy of the parent's connections belongs to a runtime that no
    /// longer runs.
    shared: Mutex<(u32, offsession::Client)>,
}

impl Pool {
    /// Identifies these connections (see the field).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// A new core client with these settings (its own connections).
    pub fn build_client(&self) -> offsession::Result<offsession::Client> {
        self.builder.clone().build()
    }
}

/// What a Python client holds: its connections, and the connected account its requests are
/// made for, when `with_stripe_account` made it.
pub struct Handle {
    pub pool: Arc<Pool>,
    account: Option<String>,
}

static NEXT_POOL_ID: AtomicU64 = AtomicU64::new(1);

impl Handle {
    /// A client from `api_key` and keyword settings; `language` names the binding in the
    /// `User-Agent`.
    pub fn new(
        py: Python<'_>,
        api_key: Option<&Bound<'_, PyAny>>,
        settings: Option<&Bound<'_, PyDict>>,
        language: &str,
    ) -> PyResult<Arc<Handle>> {
        let key = offsession::ApiKey::new(convert::arg::<String>("api_key", api_key)?);
        let key_shown = key.to_string();
        let version = py.version_info();
        let settings = serde_json::Value::Object(convert::kwargs(settings)?);
        let builder = offsession::Client::builder_from(key, settings, SECONDS)
            .map_err(convert::raise)?
            .binding(format!(
                "{language} {}.{}.{}",
                version.major, version.minor, version.patch
            ));
        let client = builder.clone().build().map_err(convert::raise)?;
        Ok(Arc::new(Handle {
            pool: Arc::new(Pool {
                id: NEXT_POOL_ID.fetch_add(1, Ordering::Relaxed),
                builder,
                key_shown,
                shared: Mutex::new((std::process::id(), client)),
            }),
            account: None,
        }))
    }

    /// `client` for this handle's connected account, if it has one.
    pub fn for_account(
        &self,
        client: offsession::Client,
    ) -> offsession::Result<offsession::Client> {
        match &self.account {
            Some(account) => client.with_stripe_account(account),
            None => Ok(client),
        }
    }

    /// The client on the shared runtime for this process (asyncio calls, flows and
    /// pagination use it).
    pub fn client(&self) -> PyResult<offsession::Client> {
        let pid = std::process::id();
        let mut shared = self.pool.shared.lock().unwrap_or_else(|p| p.into_inner());
        if shared.0 != pid {
            *shared = (pid, self.pool.build_client().map_err(convert::raise)?);
        }
        self.for_account(shared.1.clone()).map_err(convert::raise)
    }

    /// A handle on the same connections for `account`, checked now.
    fn with_account(&self, account: Option<&Bound<'_, PyAny>>) -> PyResult<Arc<Handle>> {
        let account: String = convert::arg("stripe_account", account)?;
        let handle = Handle {
            pool: Arc::clone(&self.pool),
            account: Some(account),
        };
        handle.client()?;
        Ok(Arc::new(handle))
    }

    fn describe(&self, py: Python<'_>, class: &str) -> PyResult<String> {
        let client = self.client()?;
        let account = match &self.account {
            Some(account) => format!(", stripe_account={}", account.into_pyobject(py)?.repr()?),
            None => String::new(),
        };
        Ok(format!(
            "{class}(api_key='{}', base_url='{}', stripe_version='{}', max_retries={}{account})",
            self.pool.key_shown,
            client.base_url(),
            client.stripe_version(),
            client.max_retries()
        ))
    }
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
            /// `api_key` is your secret key (`sk_test_...`); `None` (an unset environment
            /// variable) is refused by name. Settings: `base_url`, `stripe_version`,
            /// `max_retries` (0 to 10), `timeout` and `connect_timeout` (seconds, `int` or
            /// `float`, above zero), `stripe_account` (every request on behalf of that
            /// connected account), `headers` (a dict of strings). A value of the wrong type
            /// (`max_retries=True`, `timeout="5"`, NaN) is an `InvalidInputError` naming it.
            #[new]
            #[pyo3(
                signature = (api_key = None, **settings),
                text_signature = "(api_key, *, base_url='https://api.stripe.com', stripe_version=None, max_retries=2, timeout=80, connect_timeout=30, stripe_account=None, headers=None)"
            )]
            fn new(
                py: Python<'_>,
                api_key: Option<Bound<'_, PyAny>>,
                settings: Option<&Bound<'_, PyDict>>,
            ) -> PyResult<Self> {
                let handle = Handle::new(py, api_key.as_ref(), settings, $language)?;
                Ok(Self { handle })
            }

            /// Customers: create, retrieve, update, and list their payment methods.
            #[getter]
            fn customers(&self) -> resources::$customers {
                resources::$customers::new(Arc::clone(&self.handle))
            }

            /// Checkout Sessions: create, retrieve and expire.
            #[getter]
            fn checkout_sessions(&self) -> resources::$sessions {
                resources::$sessions::new(Arc::clone(&self.handle))
            }

            /// Setup intents: retrieve and update.
            #[getter]
            fn setup_intents(&self) -> resources::$setup_intents {
                resources::$setup_intents::new(Arc::clone(&self.handle))
            }

            /// Payment methods: retrieve, attach and detach.
            #[getter]
            fn payment_methods(&self) -> resources::$payment_methods {
                resources::$payment_methods::new(Arc::clone(&self.handle))
            }

            /// Payment intents: create, retrieve and cancel.
            #[getter]
            fn payment_intents(&self) -> resources::$payment_intents {
                resources::$payment_intents::new(Arc::clone(&self.handle))
            }

            /// A client whose every request is made on behalf of the connected account
            /// `stripe_account` (`Stripe-Account: acct_...`), sharing this client's
            /// connections and settings. The id is checked now; nothing is sent.
            #[pyo3(signature = (stripe_account = None, /), text_signature = "($self, stripe_account, /)")]
            fn with_stripe_account(&self, stripe_account: Option<Bound<'_, PyAny>>) -> PyResult<Self> {
                Ok(Self {
                    handle: self.handle.with_account(stripe_account.as_ref())?,
                })
            }

            /// A request to any endpoint of Stripe's API, for what the typed calls do not cover:
            /// `method` is `"GET"`, `"POST"` or `"DELETE"`; `path` starts with `/v1/` (ids
            /// included, no query string); `params` (a dict, any nesting) go in the form body
            /// of a POST and the query string otherwise. Takes the request options
            /// (`idempotency_key`, `stripe_account`, `timeout`, `max_retries`, `expand`), with
            /// the client's retries, keys and errors. Returns the decoded JSON: a
            /// `StripeObject` (with `last_response`) for an object.
            #[pyo3(
                signature = (method = None, path = None, params = None, **options),
                text_signature = "($self, method, path, params=None, *, idempotency_key=None, stripe_account=None, timeout=None, max_retries=None, expand=None)"
            )]
            fn raw_request(
                &self,
                py: Python<'_>,
                method: Option<Bound<'_, PyAny>>,
                path: Option<Bound<'_, PyAny>>,
                params: Option<Bound<'_, PyAny>>,
                options: Option<&Bound<'_, PyDict>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<_> {
                    let method: String = convert::arg("method", method.as_ref())?;
                    let path: String = convert::arg("path", path.as_ref())?;
                    let params: Option<offsession::ExtraParams> = convert::arg("params", params.as_ref())?;
                    let (convert::NoParams {}, options, expand) = convert::call(options)?;
                    Ok((method, path, params.unwrap_or_default(), options, expand))
                })();
                $mode.run(py, &self.handle, CallKind::Resource, args, |client, (method, path, params, options, expand)| async move {
                    client.raw_request(&method, &path, params).options(options).expand(expand).await
                })
            }

            /// Steps 1–2: creates the customer when asked (`new_customer`, the parameters of
            /// `customers.create`), then a setup-mode Checkout Session. Keyword arguments:
            /// `currency`, `success_url`, `cancel_url`, `customer`, `new_customer`,
            /// `customer_email`, `metadata`, `session_data` (every other Checkout Session
            /// parameter: `locale`, `ui_mode`, `return_url`, …), `idempotency_key` (a re-run
            /// with it returns the same customer and session).
            #[pyo3(
                signature = (**params),
                text_signature = "($self, *, currency, success_url=None, cancel_url=None, customer=None, new_customer=None, customer_email=None, metadata=None, session_data=None, idempotency_key=None)"
            )]
            fn start_setup(&self, py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                let args = convert::flow::<offsession::StartSetup>(params);
                $mode.run(py, &self.handle, CallKind::Flow, args, |client, params| async move {
                    client.start_setup(&params).await
                })
            }

            /// Steps 3b–5 from the session id on the success URL: the saved payment method,
            /// attached to its customer (`customer` when the session had none).
            #[pyo3(
                signature = (session_id = None, /, **params),
                text_signature = "($self, session_id, /, *, customer=None)"
            )]
            fn complete_setup(
                &self,
                py: Python<'_>,
                session_id: Option<Bound<'_, PyAny>>,
                params: Option<&Bound<'_, PyDict>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<(String, offsession::CompleteSetup)> {
                    Ok((convert::arg("session_id", session_id.as_ref())?, convert::flow(params)?))
                })();
                $mode.run(py, &self.handle, CallKind::Flow, args, |client, (session_id, params)| async move {
                    client.complete_setup(&session_id, &params).await
                })
            }

            /// Steps 3a–5 from a verified `checkout.session.completed` event (from
            /// `Webhook.construct_event`).
            #[pyo3(
                signature = (event = None, /, **params),
                text_signature = "($self, event, /, *, customer=None)"
            )]
            fn complete_setup_from_event(
                &self,
                py: Python<'_>,
                event: Option<Bound<'_, PyAny>>,
                params: Option<&Bound<'_, PyDict>>,
            ) -> PyResult<Py<PyAny>> {
                let args = (|| -> PyResult<(offsession::Event, offsession::CompleteSetup)> {
                    let expected = "an offsession.Event (from Webhook.construct_event)";
                    Ok((objects::from_python(event.as_ref(), "event", expected)?, convert::flow(params)?))
                })();
                $mode.run(py, &self.handle, CallKind::Flow, args, |client, (event, params)| async move {
                    client.complete_setup_from_event(&event, &params).await
                })
            }

            /// After the customer paid a recovery session (its id from the success URL's
            /// `session_id`, or a `checkout.session.completed` event): the paid PaymentIntent,
            /// the payment method to charge next time (saved off-session by the recovery
            /// session) and the declined PaymentIntent it replaced, to cancel with
            /// `payment_intents.cancel`. One request; a session that is not a paid
            /// payment-mode session is `InvalidStateError` (`param == "session_id"`).
            #[pyo3(signature = (session_id = None, /), text_signature = "($self, session_id, /)")]
            fn complete_recovery(&self, py: Python<'_>, session_id: Option<Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
                let args = convert::arg::<String>("session_id", session_id.as_ref());
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
            /// `idempotency_key` is required: one key per logical charge, such as an order id.
            /// Re-running with it after a crash or a connection error returns the first outcome
            /// and never charges twice. `amount` is an `int` in the currency's smallest unit
            /// (1099 is 10.99 USD); `True`, `1099.0`, `"1099"` are refused. `recovery` is a dict
            /// (`offsession.Recovery`): `product_name`, `success_url`, `cancel_url`,
            /// `save_payment_method` (default `True`), `expires_at`, `client_reference_id`.
            /// `off_session` is `"one_off"` or `"recurring"`; `payment_intent_data` takes every
            /// other PaymentIntent parameter. Nothing is sent when an argument is refused.
            #[pyo3(
                signature = (**params),
                text_signature = "($self, *, customer, payment_method, amount, currency, recovery, idempotency_key, description=None, metadata=None, off_session=None, payment_intent_data=None)"
            )]
            fn charge_off_session(&self, py: Python<'_>, params: Option<&Bound<'_, PyDict>>) -> PyResult<Py<PyAny>> {
                let args = convert::flow::<offsession::OffSessionCharge>(params);
                $mode.run(py, &self.handle, CallKind::Flow, args, |client, charge| async move {
                    client.charge_off_session(&charge).await
                })
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                self.handle.describe(py, stringify!($class))
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

/// Adds this file's classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Client>()?;
    m.add_class::<AsyncClient>()?;
    Ok(())
}
