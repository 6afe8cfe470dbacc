//! Webhook verification: `Stripe-Signature` checked over the raw body, then the event decoded.
//!
//! ```
//! use std::time::Duration;
//! use offsession::webhook;
//!
//! let secret = "whsec_test_secret";
//! let payload = br#"{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":{}}}"#;
//! let header = webhook::sign(payload, secret, webhook::now());
//! let event = webhook::construct_event(payload, &header, secret, webhook::DEFAULT_TOLERANCE)?;
//! assert_eq!(event.id, "evt_1");
//! # Ok::<(), offsession::Error>(())
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::resources::Event;
use crate::secret::WebhookSecret;
use crate::{Error, Result};

/// How far a signature's timestamp may be from now (5 minutes), as in Stripe's libraries.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Longest `Stripe-Signature` header accepted; real ones are about 200 bytes.
const MAX_HEADER_LEN: usize = 8 * 1024;

/// A webhook endpoint's secret and tolerance, for verifying many events.
#[derive(Clone, Debug)]
pub struct Webhook {
    secret: WebhookSecret,
    tolerance: Duration,
}

impl Webhook {
    /// Verifies with this signing secret and the default 300 s tolerance.
    pub fn new(secret: impl Into<WebhookSecret>) -> Self {
        Self {
            secret: secret.into(),
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    /// Sets how far the signature's timestamp may be from now. Zero disables the check.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Verifies `payload` (the raw request body, byte for byte) against `signature_header`,
    /// then decodes the event.
    pub fn construct_event(&self, payload: &[u8], signature_header: &str) -> Result<Event> {
        self.construct_event_at(payload, signature_header, now())
    }

    /// As [`Webhook::construct_event`], with "now" given (Unix seconds).
    pub fn construct_event_at(
        &self,
        payload: &[u8],
        signature_header: &str,
        now: i64,
    ) -> Result<Event> {
        verify(
            payload,
            signature_header,
            self.secret.expose(),
            self.tolerance,
            now,
        )?;
        Event::from_slice(payload)
    }
}

/// Verifies a webhook and decodes its event: the one-call form of [`Webhook`].
pub fn construct_event(
    payload: &[u8],
    signature_header: &str,
    secret: &str,
    tolerance: Duration,
) -> Result<Event> {
    verify(
        payload,
        signature_header,
        secret.as_bytes(),
        tolerance,
        now(),
    )?;
    Event::from_slice(payload)
}

/// Checks `signature_header` (`t=…,v1=…[,v1=…]`) against `payload` at time `now`.
///
/// Any `v1` signature may match (several are sent while a secret is being rotated). The
/// comparison takes the same time wherever the bytes differ. A zero `tolerance` disables the
/// timestamp check.
pub fn verify_signature(
    payload: &[u8],
    signature_header: &str,
    secret: &str,
    tolerance: Duration,
    now: i64,
) -> Result<()> {
    verify(payload, signature_header, secret.as_bytes(), tolerance, now)
}

fn verify(
    payload: &[u8],
    header: &str,
    secret: &[u8],
    tolerance: Duration,
    now: i64,
) -> Result<()> {
    if secret.is_empty() {
        return Err(Error::invalid_input("secret", "must not be empty"));
    }
    if header.len() > MAX_HEADER_LEN {
        return Err(Error::signature("the Stripe-Signature header is too long"));
    }
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for item in header.split(',') {
        let Some((key, value)) = item.trim().split_once('=') else {
            continue;
        };
        match key {
            "t" => timestamp = value.parse::<i64>().ok(),
            "v1" => signatures.extend(decode_hex(value)),
            _ => {}
        }
    }
    let Some(timestamp) = timestamp else {
        return Err(Error::signature(
            "unable to extract a timestamp (t=…) from the Stripe-Signature header",
        ));
    };
    if signatures.is_empty() {
        return Err(Error::signature(
            "no v1 signature in the Stripe-Signature header",
        ));
    }
    let expected = compute(secret, timestamp, payload);
    if !signatures
        .iter()
        .any(|candidate| constant_time_eq(candidate, &expected))
    {
        return Err(Error::signature(
            "no signature matches the expected signature for the payload (was the body re-serialised, or the wrong endpoint secret used?)",
        ));
    }
    // Compared as durations, so that a sub-second tolerance is strict rather than truncated to
    // zero (which means "no check").
    let distance = now.abs_diff(timestamp);
    if !tolerance.is_zero() && std::time::Duration::from_secs(distance) > tolerance {
        return Err(Error::signature(format!(
            "the timestamp is {distance} s from now, outside the tolerance of {} s",
            tolerance.as_secs_f64()
        )));
    }
    Ok(())
}

/// Builds a `Stripe-Signature` header for `payload`, as Stripe would: for tests and for
/// simulating deliveries.
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let signature = compute(secret.as_bytes(), timestamp, payload);
    let mut header = format!("t={timestamp},v1=");
    for byte in signature {
        header.push_str(&format!("{byte:02x}"));
    }
    header
}

/// The current Unix time in seconds.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn compute(secret: &[u8], timestamp: i64, payload: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac.finalize().into_bytes().to_vec()
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    text.as_bytes()
        .chunks_exact(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

/// Equal-length comparison whose time does not depend on where the bytes differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
