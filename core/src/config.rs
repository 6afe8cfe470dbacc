//! A client's settings as a binding receives them (keyword arguments, an options object, a
//! record), read generically: one definition of the names, the units and the checks.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;

use crate::validate::{self, NumberInput};
use crate::{ApiKey, Client, ClientBuilder, Result, MAX_RETRIES_LIMIT};

/// The settings of [`Client`] other than the API key, in one language's spelling or another's
/// (`base_url` / `baseUrl`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientSettings {
    #[serde(default, alias = "baseUrl")]
    base_url: Option<String>,
    #[serde(default, alias = "stripeVersion", alias = "apiVersion")]
    stripe_version: Option<String>,
    #[serde(
        default,
        alias = "maxRetries",
        alias = "maxNetworkRetries",
        deserialize_with = "crate::params::strict::opt_i64"
    )]
    max_retries: Option<i64>,
    #[serde(default, deserialize_with = "crate::params::strict::opt_f64")]
    timeout: Option<f64>,
    #[serde(
        default,
        alias = "connectTimeout",
        deserialize_with = "crate::params::strict::opt_f64"
    )]
    connect_timeout: Option<f64>,
    #[serde(default, alias = "stripeAccount")]
    stripe_account: Option<String>,
    #[serde(default)]
    headers: Option<BTreeMap<String, String>>,
}

impl Client {
    /// A client builder from a binding's settings: `base_url`, `stripe_version`, `max_retries`
    /// (0–10), `timeout` and `connect_timeout` (numbers of `unit`s: seconds in Python, Swift
    /// and Kotlin, milliseconds in JavaScript), `stripe_account`, `headers`. Each is checked
    /// and a refusal names it; [`ClientBuilder::build`] checks the rest.
    pub fn builder_from<'de, D: serde::Deserializer<'de>>(
        api_key: impl Into<ApiKey>,
        settings: D,
        unit: Duration,
    ) -> Result<ClientBuilder> {
        let settings: ClientSettings =
            crate::params::from_deserializer("", settings).map_err(|error| {
                crate::params::unknown_as(
                    error,
                    "is not a client setting (base_url, stripe_version, max_retries, timeout, connect_timeout, stripe_account, headers)",
                )
            })?;
        let mut builder = Client::builder(api_key);
        if let Some(url) = settings.base_url {
            builder = builder.base_url(url);
        }
        if let Some(version) = settings.stripe_version {
            builder = builder.stripe_version(version);
        }
        if let Some(retries) = settings.max_retries {
            let retries = validate::integer_in(
                "max_retries",
                NumberInput::Integer(retries.into()),
                0,
                i64::from(MAX_RETRIES_LIMIT),
            )?;
            builder = builder.max_retries(retries as u32);
        }
        if let Some(timeout) = settings.timeout {
            builder = builder.timeout(validate::duration(
                "timeout",
                NumberInput::Float(timeout),
                unit,
            )?);
        }
        if let Some(timeout) = settings.connect_timeout {
            builder = builder.connect_timeout(validate::duration(
                "connect_timeout",
                NumberInput::Float(timeout),
                unit,
            )?);
        }
        if let Some(account) = settings.stripe_account {
            builder = builder.stripe_account(account);
        }
        for (name, value) in settings.headers.unwrap_or_default() {
            builder = builder.header(name, value);
        }
        Ok(builder)
    }
}
