//! `Client`, built (synchronously) from a [`ClientConfig`]; its async flow methods and raw
//! requests. The resource namespaces (`resources.rs`) are built from it.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::error::OffsessionError;
use crate::flow::{ChargeOutcome, CompletedRecovery, CompletedSetup, SetupStarted};
use crate::objects::{Event, RawResponse};
use crate::options::{params, seconds, RequestOptions};
use crate::runtime::{run, CallKind};

/// How to build a `Client`. Printing it (`toString`, `description`) never shows the key.
///
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Display, Debug)]
pub struct ClientConfig {
    /// The secret key (`sk_test_…`). In an iOS or Android app a live secret key (`sk_live_…`,
    /// `rk_live_…`) is refused: keep it on your server and point `base_url` at your backend.
    pub api_key: String,
    /// Where requests go instead of `https://api.stripe.com` (your backend, the simulator).
    /// Must be `https://`, or `http://` on a loopback host.
    #[uniffi(default)]
    pub base_url: Option<String>,
    /// How many times a retryable failure is sent again (default 2, at most 10).
    #[uniffi(default = 2)]
    pub max_retries: u32,
    /// Limit for one whole attempt, in seconds (a Swift `Double`, e.g. a `TimeInterval`; a
    /// Kotlin `Double`); default 80. A fraction is allowed (0.25 is 250 ms). Checked by the
    /// core's `validate::duration`: zero, a negative number, NaN, ±infinity and a value too
    /// large for a Rust `Duration` (about 1.8e19 s) are refused (`InvalidInput`, param
    /// `timeout`), never rounded, clamped or allowed to stop the process.
    #[uniffi(default)]
    pub timeout: Option<f64>,
    /// Limit for establishing a connection, in seconds (a `Double`, as `timeout`); default 30.
    /// Checked the same way (`InvalidInput`, param `connect_timeout`).
    #[uniffi(default)]
    pub connect_timeout: Option<f64>,
    /// Makes every request on behalf of a connected account (`Stripe-Account: acct_…`).
    #[uniffi(default)]
    pub stripe_account: Option<String>,
    /// Pins another `Stripe-Version` than the library's.
    #[uniffi(default)]
    pub stripe_version: Option<String>,
    /// Headers sent with every request, for an app that routes its calls through its own
    /// backend and authenticates there (one named `Authorization` replaces the default).
    /// Their values are never printed.
    #[uniffi(default)]
    pub headers: HashMap<String, String>,
}

impl fmt::Display for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ClientConfig(api_key={}, base_url={:?}, max_retries={}, timeout={:?}, \
             connect_timeout={:?}, stripe_account={:?}, stripe_version={:?}, headers={:?})",
            offsession::ApiKey::new(self.api_key.as_str()),
            self.base_url,
            self.max_retries,
            self.timeout,
            self.connect_timeout,
            self.stripe_account,
            self.stripe_version,
            self.headers.keys().collect::<Vec<_>>()
        )
    }
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A Stripe client. Safe to share across threads and tasks; keeps one pool of keep-alive
/// connections. Printing it never shows the key.
#[derive(uniffi::Object)]
#[uniffi::export(Display)]
pub struct Client {
    pub(crate) inner: offsession::Client,
}

impl fmt::Display for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The core's Debug shows the key's kind only (`sk_test_****`).
        write!(f, "{:?}", self.inner)
    }
}

/// `User-Agent`: the same library serves Swift and Kotlin, so it names the target OS.
fn binding_name() -> String {
    format!("uniffi {}", std::env::consts::OS)
}

#[uniffi::export]
impl Client {
    /// Checks the configuration and builds the client. Nothing is sent. On iOS and Android a
    /// live secret key is refused here (`invalid_input`, param `api_key`).
    #[uniffi::constructor]
    pub fn new(config: ClientConfig) -> Result<Arc<Self>, OffsessionError> {
        let mut builder = offsession::Client::builder(config.api_key)
            .max_retries(config.max_retries)
            .binding(binding_name());
        if let Some(url) = config.base_url {
            builder = builder.base_url(url);
        }
        if let Some(timeout) = config.timeout {
            builder = builder.timeout(seconds("timeout", timeout)?);
        }
        if let Some(timeout) = config.connect_timeout {
            builder = builder.connect_timeout(seconds("connect_timeout", timeout)?);
        }
        if let Some(account) = config.stripe_account {
            builder = builder.stripe_account(account);
        }
        if let Some(version) = config.stripe_version {
            builder = builder.stripe_version(version);
        }
        for (name, value) in config.headers {
            builder = builder.header(name, value);
        }
        Ok(Arc::new(Self {
            inner: builder.build()?,
        }))
    }

    /// A client that sends `Stripe-Account: account` with every request, sharing this
    /// client's connections.
    pub fn with_stripe_account(&self, account: String) -> Result<Arc<Self>, OffsessionError> {
        Ok(Arc::new(Self {
            inner: self.inner.with_stripe_account(&account)?,
        }))
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// The pinned `Stripe-Version`.
    pub fn stripe_version(&self) -> String {
        self.inner.stripe_version().to_owned()
    }

    /// How many times a retryable failure is sent again.
    pub fn max_retries(&self) -> u32 {
        self.inner.max_retries()
    }

    /// Whether the key is a live-mode secret key (`sk_live_`, `rk_live_`).
    pub fn has_live_secret_key(&self) -> bool {
        self.inner.has_live_secret_key()
    }

    /// A request to any endpoint of Stripe's API, with the client's retries, keys, headers and
    /// errors: `method` is `GET`, `POST` or `DELETE`; `path` starts with `/v1/` (no query
    /// string); `params_json` (a JSON object) goes in the form body of a POST and the query
    /// string otherwise, encoded as every typed call's parameters are (a number that is not an
    /// integer is refused: Stripe's decimals are strings).
    #[uniffi::method(default(params_json = None, options))]
    pub async fn raw_request(
        &self,
        method: String,
        path: String,
        params_json: Option<String>,
        options: RequestOptions,
    ) -> Result<RawResponse, OffsessionError> {
        let params = match params_json.as_deref() {
            None => offsession::ExtraParams::new(),
            Some(json) => params(json)?,
        };
        let options = options.into_core()?;
        let client = self.inner.clone();
        let raw = run(CallKind::Resource, async move {
            let request = client.raw_request(&method, &path, params);
            request.options(options).await
        });
        Ok(RawResponse::from(&raw.await?))
    }

    /// Steps 1–2: creates the customer when asked, then a setup-mode Checkout Session.
    /// Redirect the customer to `url`. A flow call: once started it runs to its end, even if
    /// the caller's task is cancelled.
    ///
    /// `params_json`: a `StartSetup` as JSON (the Swift and Kotlin packages send theirs).
    pub async fn start_setup(&self, params_json: String) -> Result<SetupStarted, OffsessionError> {
        let client = self.inner.clone();
        let params: offsession::StartSetup = params(&params_json)?;
        let started = run(
            CallKind::Flow,
            async move { client.start_setup(&params).await },
        )
        .await?;
        Ok(started.into())
    }

    /// Steps 3b–5 from the session id on the success URL: the SetupIntent comes inline, then,
    /// when the session had no customer, the payment method is attached to `customer` (or to
    /// one created from the details entered on the page). Safe to call more than once. A flow
    /// call: once started it runs to its end, even if the caller's task is cancelled.
    #[uniffi::method(default(customer = None))]
    pub async fn complete_setup(
        &self,
        session_id: String,
        customer: Option<String>,
    ) -> Result<CompletedSetup, OffsessionError> {
        let client = self.inner.clone();
        let options = offsession::CompleteSetup { customer };
        let saved = run(CallKind::Flow, async move {
            client.complete_setup(&session_id, &options).await
        })
        .await?;
        Ok(saved.into())
    }

    /// Steps 3a–5 from a verified `checkout.session.completed` event (see `constructEvent`). A
    /// flow call, as `complete_setup`.
    #[uniffi::method(default(customer = None))]
    pub async fn complete_setup_from_event(
        &self,
        event: Event,
        customer: Option<String>,
    ) -> Result<CompletedSetup, OffsessionError> {
        let client = self.inner.clone();
        let event = offsession::Event::try_from(&event)?;
        let options = offsession::CompleteSetup { customer };
        let saved = run(CallKind::Flow, async move {
            client.complete_setup_from_event(&event, &options).await
        })
        .await?;
        Ok(saved.into())
    }

    /// Steps 6–7: charges the saved card with the customer absent. A decline (HTTP 402) is not
    /// an error but `ChargeOutcome.NeedsRecovery`, with a fresh payment-mode Checkout Session
    /// whose URL you send to the customer. `idempotency_key` is a required `String`,
    /// one per logical charge: a re-run with the same key (after a crash, a timeout, a lost
    /// response) replays the first outcome — no second charge, no second recovery session. An
    /// empty key is refused (`InvalidInput`, param `idempotency_key`) before anything is sent.
    ///
    /// A flow call: cancelling the caller's task (a Swift `Task`, a Kotlin coroutine) gives the
    /// caller its cancellation at once, but the charge runs on to its end, detached, so it is
    /// never cut between its PaymentIntent and its recovery session. Re-run it with the same
    /// key to get its outcome.
    ///
    /// `params_json`: an `OffSessionCharge` as JSON (the Swift and Kotlin packages send theirs).
    pub async fn charge_off_session(
        &self,
        params_json: String,
    ) -> Result<ChargeOutcome, OffsessionError> {
        let client = self.inner.clone();
        let charge: offsession::OffSessionCharge = params(&params_json)?;
        let outcome = run(CallKind::Flow, async move {
            client.charge_off_session(&charge).await
        })
        .await?;
        Ok(outcome.into())
    }

    /// After the customer paid a recovery session (the `session_id` on the recovery's success
    /// URL, or a `checkout.session.completed` event's session): the paid PaymentIntent, the
    /// payment method to charge next time (the recovery session saved it, unless
    /// `Recovery.save_payment_method` was false) and the declined PaymentIntent it replaced
    /// (cancel it with `PaymentIntents.cancel`). One request. A session that is not a paid
    /// payment-mode session is `InvalidState` (param `session_id`). A flow call: once started
    /// it runs to its end, even if the caller's task is cancelled.
    pub async fn complete_recovery(
        &self,
        session_id: String,
    ) -> Result<CompletedRecovery, OffsessionError> {
        let client = self.inner.clone();
        let recovered = run(CallKind::Flow, async move {
            client.complete_recovery(&session_id).await
        })
        .await?;
        Ok(recovered.into())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn config(timeout: Option<f64>, connect_timeout: Option<f64>) -> ClientConfig {
        ClientConfig {
            api_key: "sk_test_uniffi".into(),
            base_url: None,
            max_retries: 2,
            timeout,
            connect_timeout,
            stripe_account: None,
            stripe_version: None,
            headers: HashMap::new(),
        }
    }

    #[test]
    fn timeouts_are_checked_by_the_core_never_converted_blindly() {
        assert!(Client::new(config(None, None)).is_ok());
        assert!(Client::new(config(Some(0.25), Some(30.0))).is_ok());
        // A very long timeout is a long wait, not an overflow.
        assert!(Client::new(config(Some(1e18), None)).is_ok());
        for bad in [
            0.0,
            -0.0,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e-12,
            1e300,
        ] {
            for (param, config) in [
                ("timeout", config(Some(bad), None)),
                ("connect_timeout", config(None, Some(bad))),
            ] {
                let error = Client::new(config).err().expect("refused");
                assert_eq!(error.kind(), "invalid_input", "{param} {bad}");
                assert_eq!(error.details().param.as_deref(), Some(param), "{bad}");
            }
        }
        assert_eq!(
            seconds("timeout", 1.5).unwrap(),
            Duration::from_millis(1500)
        );
    }
}
