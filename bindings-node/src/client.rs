//! `NativeClient`: one core client per JavaScript `Client`.

use napi::bindgen_prelude::Unknown;
use napi_derive::napi;

use crate::errors::to_napi;
use crate::input::Arg;

/// The core client behind a JavaScript `Client`. Every method returns a Promise of JSON text.
/// Arguments are typed `unknown` here: `input.rs` checks them (see `index.d.ts` for the types).
#[napi]
pub struct NativeClient {
    pub(crate) client: offsession::Client,
}

#[napi]
impl NativeClient {
    /// Builds the core client; refuses bad settings with an `invalid_input` error.
    #[napi(constructor, catch_unwind)]
    pub fn new(api_key: Unknown<'_>, options: Unknown<'_>) -> napi::Result<Self> {
        let api_key = Arg::new(api_key, "api_key")?
            .string_described("your secret key as a string (sk_test_… or sk_live_…)")?;
        let options = Arg::new(options, "options")?.argument(
            &[
                "baseUrl",
                "maxRetries",
                "stripeVersion",
                "timeout",
                "connectTimeout",
                "stripeAccount",
                "headers",
            ],
            false,
        )?;
        let mut builder = offsession::Client::builder(api_key).binding(
            format!(
                "node {}",
                std::env::var("OFFSESSION_NODE_VERSION").unwrap_or_default()
            )
            .trim()
            .to_owned(),
        );
        if let Some(url) = options.get("baseUrl")?.opt_string()? {
            builder = builder.base_url(url);
        }
        if let Some(retries) = options.get("maxRetries")?.opt_count()? {
            builder = builder.max_retries(retries);
        }
        if let Some(version) = options.get("stripeVersion")?.opt_string()? {
            builder = builder.stripe_version(version);
        }
        if let Some(timeout) = options.get("timeout")?.opt_millis()? {
            builder = builder.timeout(timeout);
        }
        if let Some(timeout) = options.get("connectTimeout")?.opt_millis()? {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(account) = options.get("stripeAccount")?.opt_string()? {
            builder = builder.stripe_account(account);
        }
        for (name, value) in options
            .get("headers")?
            .opt_string_map()?
            .unwrap_or_default()
        {
            builder = builder.header(name, value);
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
