//! Webhook verification: `Stripe-Signature` checked over the raw body, then the event decoded.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::OffsessionError;
use crate::objects::Event;

fn tolerance(tolerance: Option<Duration>) -> Duration {
    tolerance.unwrap_or(offsession::webhook::DEFAULT_TOLERANCE)
}

/// Verifies `signature_header` (the `Stripe-Signature` header) against `payload` (the raw
/// request body, byte for byte) with the endpoint's signing `secret`, then returns the event.
/// Throws `SignatureVerification`. `tolerance` defaults to 300 s; zero disables the time check.
#[uniffi::export(default(tolerance = None))]
pub fn construct_event(
    payload: Vec<u8>,
    signature_header: String,
    secret: String,
    tolerance: Option<Duration>,
) -> Result<Event, OffsessionError> {
    let event = offsession::webhook::construct_event(
        &payload,
        &signature_header,
        &secret,
        self::tolerance(tolerance),
    )?;
    Ok(Event::from(&event))
}

/// A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests). `timestamp`
/// is Unix seconds, now by default.
#[uniffi::export(default(timestamp = None))]
pub fn generate_test_header(payload: Vec<u8>, secret: String, timestamp: Option<i64>) -> String {
    let timestamp = timestamp.unwrap_or_else(offsession::webhook::now);
    offsession::webhook::sign(&payload, &secret, timestamp)
}

/// A webhook endpoint's signing secret and tolerance, for verifying many events. Printing it
/// never shows the secret.
#[derive(uniffi::Object)]
#[uniffi::export(Display)]
pub struct Webhook {
    inner: offsession::Webhook,
}

impl fmt::Display for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

#[uniffi::export]
impl Webhook {
    /// Verifies with this signing secret (`whsec_…`); `tolerance` defaults to 300 s.
    #[uniffi::constructor(default(tolerance = None))]
    pub fn new(secret: String, tolerance: Option<Duration>) -> Arc<Self> {
        Arc::new(Self {
            inner: offsession::Webhook::new(secret).tolerance(self::tolerance(tolerance)),
        })
    }

    /// Verifies `payload` (the raw body) against `signature_header`, then decodes the event.
    pub fn construct_event(
        &self,
        payload: Vec<u8>,
        signature_header: String,
    ) -> Result<Event, OffsessionError> {
        let event = self.inner.construct_event(&payload, &signature_header)?;
        Ok(Event::from(&event))
    }
}
