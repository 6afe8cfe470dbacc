//! Secrets that must never be shown: the API key and webhook signing secrets.
//!
//! Both types redact themselves in `Debug` and `Display` and zero their memory when dropped.

use std::fmt;
use zeroize::Zeroizing;

/// A Stripe API key (`sk_test_…`, `sk_live_…`, `rk_…`).
///
/// Printing it, in any form, shows only the key's kind (`sk_test_****`), never the key.
#[derive(Clone)]
pub struct ApiKey(Zeroizing<String>);

impl ApiKey {
    /// Wraps a key. Call [`crate::ClientBuilder::build`] to have it checked.
    pub fn new(key: impl Into<String>) -> Self {
        Self(Zeroizing::new(key.into()))
    }

    /// The key itself, for building the `Authorization` header. Crate-internal on purpose.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// Whether this is a live-mode secret or restricted key (`sk_live_`, `rk_live_`).
    pub fn is_live_secret(&self) -> bool {
        self.0.starts_with("sk_live_") || self.0.starts_with("rk_live_")
    }

    /// The key's visible prefix (`sk_test_`, `rk_live_`, …), safe to show.
    pub fn kind(&self) -> &'static str {
        const KINDS: [&str; 6] = [
            "sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_",
        ];
        KINDS
            .iter()
            .copied()
            .find(|kind| self.0.starts_with(kind))
            .unwrap_or("")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({}****)", self.kind())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}****", self.kind())
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        Self::new(key)
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        Self::new(key)
    }
}

/// A webhook endpoint's signing secret (`whsec_…`).
///
/// Printing it shows `whsec_****`, never the secret.
#[derive(Clone)]
pub struct WebhookSecret(Zeroizing<String>);

impl WebhookSecret {
    /// Wraps a signing secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(Zeroizing::new(secret.into()))
    }

    pub(crate) fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(whsec_****)")
    }
}

impl fmt::Display for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("whsec_****")
    }
}

impl From<&str> for WebhookSecret {
    fn from(secret: &str) -> Self {
        Self::new(secret)
    }
}

impl From<String> for WebhookSecret {
    fn from(secret: String) -> Self {
        Self::new(secret)
    }
}
