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

/// The oldest a signature's timestamp may be (5 minutes), as in Stripe's libraries.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Longest `Stripe-Signature` header accepted; real ones are about 200 bytes. A deliberate
/// difference from Stripe's libraries, which read a header of any length.
const MAX_HEADER_LEN: usize = 8 * 1024;

const NANOS_PER_SEC: i128 = 1_000_000_000;

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

    /// Sets how old the signature's timestamp may be. Zero disables the check.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Verifies `payload` (the raw request body, byte for byte) against `signature_header`,
    /// then decodes the event.
    pub fn construct_event(&self, payload: &[u8], signature_header: &str) -> Result<Event> {
        verify(
            payload,
            signature_header,
            self.secret.expose(),
            self.tolerance,
            clock_nanos(),
        )?;
        decode(payload)
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
            i128::from(now) * NANOS_PER_SEC,
        )?;
        decode(payload)
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
        clock_nanos(),
    )?;
    decode(payload)
}

/// Checks `signature_header` (`t=…,v1=…[,v1=…]`) against `payload` at time `now` (Unix
/// seconds).
///
/// Accepts what both `stripe.Webhook.construct_event` (stripe-python) and
/// `stripe.webhooks.constructEvent` (stripe-node) accept and refuses the rest, as well as any
/// header over 8 KiB (`tests/webhook-oracle` compares them case by case):
///
/// - The payload must be UTF-8 without a leading byte-order mark.
/// - The header is split on `,`, each item on `=`; an item's key is the text before the first
///   `=` and its value the text up to the second. Keys are compared exactly (`" v1"` is not
///   `v1`); items with other keys (`v0`, …) are ignored. Hex signatures are lower case.
/// - The timestamp is the first `t` as Python reads an integer and the last `t` as JavaScript's
///   `parseInt` reads one; both must give the same number. A `t` or `v1` item without a value,
///   or an empty `v1`, refuses the header.
/// - Any `v1` may match the HMAC-SHA256 of `"{t}.{payload}"`, so several are accepted while a
///   secret is being rotated. Each comparison takes the same time wherever the bytes differ.
/// - Only the age is bounded: a timestamp more than `tolerance` in the past is refused, one in
///   the future is accepted. A zero `tolerance` disables the check.
pub fn verify_signature(
    payload: &[u8],
    signature_header: &str,
    secret: &str,
    tolerance: Duration,
    now: i64,
) -> Result<()> {
    verify(
        payload,
        signature_header,
        secret.as_bytes(),
        tolerance,
        i128::from(now) * NANOS_PER_SEC,
    )
}

/// `now` is Unix time in nanoseconds: Python measures the age with the clock's fraction of a
/// second and Node in whole seconds; keeping the fraction refuses whatever either refuses.
fn verify(
    payload: &[u8],
    header: &str,
    secret: &[u8],
    tolerance: Duration,
    now: i128,
) -> Result<()> {
    // The official libraries refuse a secret of only these characters (their `strip` set).
    if secret.iter().all(|b| b" \t\r\n\x0b\x0c".contains(b)) {
        return Err(Error::invalid_input(
            "secret",
            "must not be empty or only whitespace",
        ));
    }
    if header.is_empty() {
        return Err(Error::signature("the Stripe-Signature header is empty"));
    }
    if header.len() > MAX_HEADER_LEN {
        return Err(Error::signature("the Stripe-Signature header is too long"));
    }
    // Python signs the decoded text and Node the text its TextDecoder gives, which drops a
    // leading byte-order mark: only UTF-8 without one is signed alike by both.
    if std::str::from_utf8(payload).is_err() {
        return Err(Error::signature(
            "the payload is not UTF-8 text, as every body Stripe signs is",
        ));
    }
    if payload.starts_with(b"\xEF\xBB\xBF") {
        return Err(Error::signature(
            "the payload starts with a byte-order mark, which Stripe does not send",
        ));
    }
    let Header {
        timestamp,
        signatures,
    } = Header::parse(header)?;

    let expected = hex(&compute(secret, &timestamp.to_string(), payload));
    let mut matched = false;
    for candidate in signatures {
        if constant_time_eq(candidate.as_bytes(), expected.as_bytes()) {
            matched = true;
        } else if !candidate.is_ascii()
            && (!matched || candidate.encode_utf16().count() == expected.len())
        {
            // Python's compare_digest raises on non-ASCII text, which ends its search unless a
            // signature matched earlier; Node's timingSafeEqual throws when the UTF-16 lengths
            // agree but the byte lengths do not.
            return Err(Error::signature(
                "a v1 signature in the Stripe-Signature header is not ASCII",
            ));
        }
    }
    if !matched {
        return Err(Error::signature(
            "no signature matches the expected signature for the payload (was the body re-serialised, or the wrong endpoint secret used?)",
        ));
    }

    // Python refuses `t < now - tolerance` with the clock's fraction; Node compares whole
    // seconds, which refuses a subset of those. Future timestamps pass both.
    let age = now - timestamp * NANOS_PER_SEC;
    let limit = i128::try_from(tolerance.as_nanos()).unwrap_or(i128::MAX);
    if !tolerance.is_zero() && age > limit {
        return Err(Error::signature(format!(
            "the timestamp is {} s old, more than the tolerance of {} s",
            age / NANOS_PER_SEC,
            tolerance.as_secs_f64()
        )));
    }
    Ok(())
}

/// What a `Stripe-Signature` header says, read as both official libraries read it.
struct Header<'a> {
    timestamp: i128,
    /// The `v1` values in order, none empty.
    signatures: Vec<&'a str>,
}

impl<'a> Header<'a> {
    fn parse(header: &'a str) -> Result<Self> {
        let mut first_t = None;
        let mut last_t = None;
        let mut t_items = 0;
        let mut signatures = Vec::new();
        for item in header.split(',') {
            let mut parts = item.split('=');
            let key = parts.next().unwrap_or_default();
            let value = parts.next();
            match (key, value) {
                ("t", Some(value)) => {
                    first_t.get_or_insert(value);
                    last_t = Some(value);
                    t_items += 1;
                }
                ("v1", Some(value)) if !value.is_empty() => signatures.push(value),
                // Python fails to read a missing value; Node throws comparing an empty one.
                ("t", None) | ("v1", _) => {
                    return Err(Error::signature(format!(
                        "a `{key}` item in the Stripe-Signature header has no value"
                    )))
                }
                _ => {}
            }
        }
        let (Some(first_t), Some(last_t)) = (first_t, last_t) else {
            return Err(Error::signature(
                "unable to extract a timestamp (t=…) from the Stripe-Signature header",
            ));
        };
        // Python reads the first `t`, Node the last; both must read the same number.
        let Some(timestamp) = python_int(first_t) else {
            return Err(Error::signature(
                "the timestamp (t=…) in the Stripe-Signature header is not an integer",
            ));
        };
        if !node_signs_as(last_t, timestamp) {
            return Err(Error::signature(if t_items > 1 {
                "the Stripe-Signature header has several timestamps (t=…) that differ"
            } else {
                "the timestamp (t=…) in the Stripe-Signature header is out of range or not a plain integer"
            }));
        }
        if signatures.is_empty() {
            return Err(Error::signature(
                "no v1 signature in the Stripe-Signature header",
            ));
        }
        Ok(Self {
            timestamp,
            signatures,
        })
    }
}

/// `text` as Python's `int()` reads it: surrounding whitespace, a sign, digits with single `_`
/// between them. Python also reads other scripts' digits; those are refused here.
fn python_int(text: &str) -> Option<i128> {
    // Rust's `trim` and Python's `int` strip the same characters (Unicode White_Space).
    let text = text.trim();
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut value: i128 = 0;
    for byte in digits.bytes().filter(|&b| b != b'_') {
        if !byte.is_ascii_digit() {
            return None;
        }
        value = value
            .checked_mul(10)?
            .checked_add(i128::from(byte - b'0'))?;
    }
    Some(if negative { -value } else { value })
}

/// Whether Node reads `text` with `parseInt(text, 10)` as a number that it prints as `timestamp`
/// (it signs the printed number) and that is not -1, its "no timestamp" marker.
fn node_signs_as(text: &str, timestamp: i128) -> bool {
    // parseInt skips JavaScript's white space, which is Unicode White_Space without U+0085,
    // plus U+FEFF; it then reads a sign and as many ASCII digits as follow.
    let text =
        text.trim_start_matches(|c: char| (c.is_whitespace() && c != '\u{85}') || c == '\u{feff}');
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let end = rest
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(rest.len());
    // Rust parses decimal text to the nearest double, as V8's parseInt does.
    let Ok(magnitude) = rest[..end].parse::<f64>() else {
        return false; // no digits: NaN
    };
    let number = if negative { -magnitude } else { magnitude };
    // JavaScript prints integers below 1e21 as Rust does (shortest round-trip digits, no
    // exponent); from 1e21 on it uses an exponent, which Python never prints. `+ 0.0` turns -0
    // into 0, which JavaScript prints as "0".
    number != -1.0 && number.abs() < 1e21 && (number + 0.0).to_string() == timestamp.to_string()
}

/// Decodes a verified payload, refusing what the official libraries refuse after verifying.
fn decode(payload: &[u8]) -> Result<Event> {
    let event = Event::from_slice(payload)?;
    if event.extra.get("object").and_then(|object| object.as_str()) == Some("v2.core.event") {
        return Err(Error::invalid_input(
            "payload",
            "is a thin event notification (v2.core.event), not a webhook event",
        ));
    }
    Ok(event)
}

/// Builds a `Stripe-Signature` header for `payload`, as Stripe would: for tests and for
/// simulating deliveries.
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let signature = compute(secret.as_bytes(), &timestamp.to_string(), payload);
    format!("t={timestamp},v1={}", hex(&signature))
}

/// The current Unix time in seconds.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The current Unix time in nanoseconds.
fn clock_nanos() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i128::try_from(d.as_nanos()).unwrap_or(i128::MAX))
        .unwrap_or(0)
}

fn compute(secret: &[u8], timestamp: &str, payload: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac.finalize().into_bytes().to_vec()
}

/// Lower-case hex, as Stripe writes signatures.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Equal-length comparison whose time does not depend on where the bytes differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::{node_signs_as, python_int};

    #[test]
    fn python_int_reads_what_python_reads() {
        for (text, value) in [
            ("123", 123),
            (" +0123\t", 123),
            ("-5", -5),
            ("-0", 0),
            ("1_000", 1000),
            ("\u{85}7\u{3000}", 7),
            ("99999999999999999999", 99_999_999_999_999_999_999),
        ] {
            assert_eq!(python_int(text), Some(value), "{text:?}");
        }
        for text in [
            "",
            " ",
            "+",
            "-",
            "_1",
            "1_",
            "1__0",
            "1a",
            "0x10",
            "1e3",
            "1.0",
            "\u{feff}1",
        ] {
            assert_eq!(python_int(text), None, "{text:?}");
        }
        assert_eq!(python_int(&"9".repeat(40)), None, "beyond i128");
    }

    #[test]
    fn node_signs_what_parse_int_reads_and_prints() {
        for (text, value) in [
            ("123", 123),
            (" \u{a0}\u{feff}+0123abc", 123),
            ("-0", 0),
            ("-5", -5),
            ("9007199254740993", 9_007_199_254_740_992),
            ("100000000000000000000", 100_000_000_000_000_000_000),
        ] {
            assert!(node_signs_as(text, value), "{text:?} as {value}");
        }
        for (text, value) in [
            ("", 0),
            ("abc", 0),
            ("\u{85}1", 1),
            ("-1", -1),
            ("9007199254740993", 9_007_199_254_740_993),
            ("1000000000000000000000", 1_000_000_000_000_000_000_000),
            ("1_000", 1000),
        ] {
            assert!(!node_signs_as(text, value), "{text:?} as {value}");
        }
    }
}
