//! `NativeClient`: one core client per JavaScript `Client`.

use napi_derive::napi;

use crate::convert;
use crate::errors::to_napi;

/// The core client behind a JavaScript `Client`. Every call returns a Promise of JSON text;
/// parameters, options and settings arrive as JSON text from `index.js` (`convert.rs`).
#[napi]
pub struct NativeClient {
    pub(crate) client: offsession::Client,
}

#[napi]
impl NativeClient {
    /// Builds the core client from the API key and its settings (`base_url`, `max_retries`,
    /// `timeout` and `connect_timeout` in milliseconds, …); refuses bad ones with an
    /// `invalid_input` error naming the setting.
    #[napi(constructor, catch_unwind)]
    pub fn new(api_key: String, settings: String) -> napi::Result<Self> {
        let binding = format!(
            "node {}",
            std::env::var("OFFSESSION_NODE_VERSION").unwrap_or_default()
        );
        let client =
            offsession::Client::builder_from(api_key, convert::json(&settings)?, convert::MS)
                .and_then(|builder| builder.binding(binding.trim()).build())
                .map_err(to_napi)?;
        Ok(Self { client })
    }

    /// A client acting for connected account `account` (`Stripe-Account`), sharing this one's
    /// connections and settings.
    #[napi(catch_unwind)]
    pub fn with_stripe_account(&self, account: String) -> napi::Result<NativeClient> {
        let client = self.client.with_stripe_account(&account).map_err(to_napi)?;
        Ok(Self { client })
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
