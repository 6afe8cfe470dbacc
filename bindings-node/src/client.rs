//! `NativeClient`: one core client per JavaScript `Client`.

use std::time::Duration;

use napi_derive::napi;

use crate::errors::to_napi;
use crate::params::ClientOptions;

/// The core client behind a JavaScript `Client`. Every method returns a Promise of JSON text.
#[napi]
pub struct NativeClient {
    pub(crate) client: offsession::Client,
}

fn millis(param: &str, value: f64) -> napi::Result<Duration> {
    Duration::try_from_secs_f64(value / 1000.0).map_err(|_| {
        to_napi(offsession::Error::InvalidInput {
            param: param.into(),
            message: "must be a positive number of milliseconds".into(),
        })
    })
}

#[napi]
impl NativeClient {
    /// Builds the core client; refuses bad settings with an `invalid_input` error.
    #[napi(constructor, catch_unwind)]
    pub fn new(api_key: String, options: Option<ClientOptions>) -> napi::Result<Self> {
        let mut builder = offsession::Client::builder(api_key).binding(
            format!(
                "node {}",
                std::env::var("OFFSESSION_NODE_VERSION").unwrap_or_default()
            )
            .trim()
            .to_owned(),
        );
        if let Some(options) = options {
            if let Some(url) = options.base_url {
                builder = builder.base_url(url);
            }
            if let Some(retries) = options.max_retries {
                builder = builder.max_retries(retries);
            }
            if let Some(version) = options.stripe_version {
                builder = builder.stripe_version(version);
            }
            if let Some(ms) = options.timeout {
                builder = builder.timeout(millis("timeout", ms)?);
            }
            if let Some(ms) = options.connect_timeout {
                builder = builder.connect_timeout(millis("connectTimeout", ms)?);
            }
            if let Some(account) = options.stripe_account {
                builder = builder.stripe_account(account);
            }
            for (name, value) in options.headers.unwrap_or_default() {
                builder = builder.header(name, value);
            }
        }
        Ok(Self {
            client: builder.build().map_err(to_napi)?,
        })
    }

    /// The base URL, for `util.inspect`.
    #[napi(getter, catch_unwind)]
    pub fn base_url(&self) -> String {
        self.client.base_url().to_owned()
    }

    /// The pinned Stripe-Version.
    #[napi(getter, catch_unwind)]
    pub fn stripe_version(&self) -> String {
        self.client.stripe_version().to_owned()
    }

    /// How many times a retryable failure is sent again.
    #[napi(getter, catch_unwind)]
    pub fn max_retries(&self) -> u32 {
        self.client.max_retries()
    }
}
