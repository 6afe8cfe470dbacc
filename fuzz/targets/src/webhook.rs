//! The `webhook` target: `Stripe-Signature` parsing and verification.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use offsession::webhook::{self, Webhook, DEFAULT_TOLERANCE};
use offsession::{Error, Event};
use sha2::Sha256;

/// The longest header the core accepts (its `MAX_HEADER_LEN`).
const MAX_HEADER_LEN: usize = 8 * 1024;

const TOLERANCES: [Duration; 4] = [
    Duration::ZERO,
    DEFAULT_TOLERANCE,
    Duration::from_millis(500),
    Duration::MAX,
];

/// Verifies a fuzzed `Stripe-Signature` header over a fuzzed body, secret and time.
///
/// Input layout: byte 0 is flags (bits 0–1 the tolerance: 0, 300 s, 500 ms or `Duration::MAX`;
/// bits 2–3 the base of "now": the header's own `t=`, 0, `i64::MAX` or `i64::MIN`; bit 4 uses
/// the secret as given instead of prefixing `whsec_`; bit 5 also checks headers padded to the
/// length limit), bytes 1–2 a little-endian `i16` added to "now", then
/// `header 0xFF secret 0xFF body` (header and secret decoded lossily as UTF-8).
///
/// Invariants:
/// - nothing panics;
/// - `Ok` only when the header really carries, for its last `t=`, a `v1=` equal to
///   HMAC-SHA256(secret, "{t}.{body}") recomputed here with `hmac`/`sha2`, the timestamp is
///   within the tolerance, and the header is at most 8 KiB;
/// - refusals are `invalid_input` (param `secret`) for an empty secret and
///   `signature_verification_error` otherwise, and no message shows the secret;
/// - `Webhook::construct_event_at` and `construct_event` (zero tolerance) agree with
///   `verify_signature` followed by `Event::from_slice`; `Webhook`'s `Debug` does not depend on
///   the secret;
/// - what `webhook::sign` produces is the documented `t=…,v1=<hex>` and verifies, also among
///   other signatures (secret rotation) and at exactly the length limit, while a tampered body,
///   another secret, an expired timestamp or a header one byte too long is refused.
pub fn webhook(data: &[u8]) {
    let (flags, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let (delta, rest) = match rest {
        [a, b, rest @ ..] => (i16::from_le_bytes([*a, *b]), rest),
        _ => (0, rest),
    };
    let mut parts = rest.splitn(3, |&b| b == 0xFF);
    let header = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let secret = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let body = parts.next().unwrap_or_default();

    let tolerance = TOLERANCES[usize::from(flags & 3)];
    let secret = if flags & 0x10 != 0 {
        secret.into_owned()
    } else {
        format!("whsec_{secret}")
    };
    let base = match (flags >> 2) & 3 {
        0 => last_timestamp(&header).unwrap_or(0),
        1 => 0,
        2 => i64::MAX,
        _ => i64::MIN,
    };
    let now = base.saturating_add(i64::from(delta));
    let padded = flags & 0x20 != 0;

    let parsed = Event::from_slice(body);
    let check = |header: &str| check_header(header, body, &parsed, &secret, tolerance, now);
    let accepted = check(&header);
    if padded && header.len() < MAX_HEADER_LEN {
        // A trailing `,   …` item has no `=` and is skipped: the same outcome at the limit.
        let at_limit = pad(&header, MAX_HEADER_LEN);
        assert_eq!(
            check(&at_limit),
            accepted,
            "padding the header to the length limit changed the outcome"
        );
        let over = pad(&header, MAX_HEADER_LEN + 1);
        assert!(!check(&over), "a header over the length limit was accepted");
    }
    check_signing(body, &secret, tolerance, now, padded);
}

/// Verifies `header` every public way, checks the outcome, and returns whether it was accepted.
fn check_header(
    header: &str,
    body: &[u8],
    parsed: &offsession::Result<Event>,
    secret: &str,
    tolerance: Duration,
    now: i64,
) -> bool {
    let verified = webhook::verify_signature(body, header, secret, tolerance, now);
    match &verified {
        Ok(()) => assert_really_signed(header, body, secret, tolerance, now),
        Err(error) => assert_refusal(error, secret),
    }

    let endpoint = Webhook::new(secret).tolerance(tolerance);
    assert_eq!(
        format!("{endpoint:?}"),
        format!("{:?}", Webhook::new("whsec_other").tolerance(tolerance)),
        "Webhook's Debug output depends on the secret"
    );
    let constructed = endpoint.construct_event_at(body, header, now);
    agree(&verified, &constructed, parsed);

    // With a zero tolerance "now" does not matter, so the clock-reading form is deterministic.
    let untimed = webhook::verify_signature(body, header, secret, Duration::ZERO, now);
    let one_call = webhook::construct_event(body, header, secret, Duration::ZERO);
    agree(&untimed, &one_call, parsed);
    if verified.is_ok() {
        assert!(
            untimed.is_ok(),
            "accepted with a tolerance, refused without"
        );
    }
    verified.is_ok()
}

/// `constructed` is what `verified` followed by `Event::from_slice(body)` (`parsed`) gives.
fn agree(
    verified: &offsession::Result<()>,
    constructed: &offsession::Result<Event>,
    parsed: &offsession::Result<Event>,
) {
    match (verified, constructed) {
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (Err(a), Ok(event)) => panic!("verification failed ({a}) but the event {event:?} came out"),
        (Ok(()), constructed) => match (constructed, parsed) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string());
                assert_eq!(a.kind().as_str(), "invalid_input");
                assert_eq!(a.param(), Some("payload"));
            }
            (a, b) => panic!("construct_event gave {a:?} but from_slice {b:?}"),
        },
    }
}

/// An accepted header must be a genuine signature: recomputed here, independently of the core.
fn assert_really_signed(header: &str, body: &[u8], secret: &str, tolerance: Duration, now: i64) {
    assert!(!secret.is_empty(), "accepted with an empty secret");
    assert!(
        header.len() <= MAX_HEADER_LEN,
        "accepted a {}-byte header",
        header.len()
    );
    let items: Vec<(&str, &str)> = header
        .split(',')
        // As the official verifiers read an item: the key before the first `=`, the value up
        // to the next one.
        .filter_map(|item| {
            let (key, rest) = item.split_once('=')?;
            Some((key, rest.split('=').next().unwrap_or(rest)))
        })
        .collect();
    let Some((_, t)) = items.iter().rev().find(|(key, _)| *key == "t") else {
        panic!("accepted a header without t=: {header:?}");
    };
    let Ok(t) = t.parse::<i64>() else {
        panic!("accepted a header whose last t= is not a number: {header:?}");
    };
    let expected = hmac_hex(secret, t, body);
    assert!(
        items
            .iter()
            .any(|(key, value)| *key == "v1" && *value == expected),
        "accepted a header with no valid v1 signature: {header:?} (expected v1={expected})"
    );
    // Only the age is bounded (a timestamp ahead of the clock verifies, as in the official
    // verifiers).
    if !tolerance.is_zero() && t < now {
        assert!(
            now.abs_diff(t) <= tolerance.as_secs(),
            "accepted a timestamp {} s old with a tolerance of {tolerance:?}",
            now.abs_diff(t)
        );
    }
}

/// A refusal has the right kind and does not show the secret.
fn assert_refusal(error: &Error, secret: &str) {
    if secret.is_empty() {
        assert_eq!(error.kind().as_str(), "invalid_input", "{error:?}");
        assert_eq!(error.param(), Some("secret"), "{error:?}");
    } else {
        assert!(
            matches!(error, Error::SignatureVerification { .. }),
            "expected a signature_verification_error, got {error:?}"
        );
        assert_eq!(error.kind().as_str(), "signature_verification_error");
    }
    // No message template contains `whsec_`, so such a secret in the text is a leak.
    if secret.starts_with("whsec_") {
        assert!(!error.to_string().contains(secret), "secret in {error}");
        assert!(
            !format!("{error:?}").contains(secret),
            "secret in {error:?}"
        );
    }
}

/// Headers made by `webhook::sign` verify; changing anything they cover makes them fail.
fn check_signing(body: &[u8], secret: &str, tolerance: Duration, now: i64, padded: bool) {
    let header = webhook::sign(body, secret, now);
    if secret.is_empty() {
        let refused = webhook::verify_signature(body, &header, secret, tolerance, now);
        assert!(matches!(refused, Err(Error::InvalidInput { .. })));
        return;
    }
    let signature = hmac_hex(secret, now, body);
    assert_eq!(header, format!("t={now},v1={signature}"));
    let verify = |body: &[u8], header: &str, secret: &str, now: i64| {
        webhook::verify_signature(body, header, secret, tolerance, now)
    };
    if !both_official_verifiers_read(now) {
        // stripe-node takes -1 as "no timestamp" and rounds integers beyond 2^53; where the
        // official verifiers could disagree, offsession refuses.
        assert!(
            verify(body, &header, secret, now).is_err(),
            "{header} accepted"
        );
        return;
    }
    verify(body, &header, secret, now).unwrap_or_else(|e| panic!("{header}: {e}"));
    // Secret rotation: the good signature among others and unknown schemes.
    let old = hmac_hex(&format!("{secret}-old"), now, body);
    let rotated = format!("t={now},v1={old},v0=00,v1={signature},x");
    verify(body, &rotated, secret, now).unwrap_or_else(|e| panic!("{rotated}: {e}"));
    // What the official verifiers refuse: a space after a comma, upper-case hex.
    for refused in [
        format!("t={now}, v1={signature}"),
        format!("t={now},v1={}", signature.to_uppercase()),
    ] {
        assert!(
            verify(body, &refused, secret, now).is_err(),
            "{refused} accepted"
        );
    }

    let mut tampered = body.to_vec();
    tampered.push(b' ');
    assert!(
        verify(&tampered, &header, secret, now).is_err(),
        "tampered body accepted"
    );
    let other = format!("{secret}x");
    assert!(
        verify(body, &header, &other, now).is_err(),
        "other secret accepted"
    );
    let truncated = &header[..header.len() - 2];
    assert!(
        verify(body, truncated, secret, now).is_err(),
        "truncated v1 accepted"
    );

    if !tolerance.is_zero() && tolerance != Duration::MAX {
        // Timestamps are whole seconds: the tolerance allows its whole seconds and no more.
        let secs = i64::try_from(tolerance.as_secs()).unwrap_or(i64::MAX);
        if let Some(edge) = now.checked_add(secs) {
            verify(body, &header, secret, edge).unwrap_or_else(|e| panic!("at the edge: {e}"));
        }
        if let Some(late) = now.checked_add(secs + 1) {
            assert!(
                verify(body, &header, secret, late).is_err(),
                "older than the tolerance"
            );
        }
        // Only the age is bounded, as in the official verifiers: a timestamp ahead of the
        // clock verifies.
        if let Some(early) = now.checked_sub(secs + 1) {
            verify(body, &header, secret, early).unwrap_or_else(|e| panic!("ahead: {e}"));
        }
    }
    if padded {
        let at_limit = pad(&header, MAX_HEADER_LEN);
        verify(body, &at_limit, secret, now).unwrap_or_else(|e| panic!("at the limit: {e}"));
        let over = pad(&header, MAX_HEADER_LEN + 1);
        assert!(verify(body, &over, secret, now).is_err(), "over the limit");
    }
}

/// Whether stripe-python and stripe-node read the timestamp `t` as the same number.
fn both_official_verifiers_read(t: i64) -> bool {
    const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;
    t != -1 && t.unsigned_abs() <= MAX_SAFE_INTEGER
}

/// `header` followed by one item of spaces, `len` bytes in all (when it is shorter).
fn pad(header: &str, len: usize) -> String {
    let mut padded = format!("{header},");
    while padded.len() < len {
        padded.push(' ');
    }
    padded
}

/// HMAC-SHA256(secret, "{t}.{body}") in lowercase hex, computed here and not by the core.
fn hmac_hex(secret: &str, t: i64, body: &[u8]) -> String {
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()) else {
        unreachable!("HMAC takes keys of any length");
    };
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The header's last `t=` as a number, read the way the header format defines it.
fn last_timestamp(header: &str) -> Option<i64> {
    header
        .split(',')
        // As the official verifiers read an item: the key before the first `=`, the value up
        // to the next one.
        .filter_map(|item| {
            let (key, rest) = item.split_once('=')?;
            Some((key, rest.split('=').next().unwrap_or(rest)))
        })
        .rfind(|(key, _)| *key == "t")?
        .1
        .parse()
        .ok()
}
