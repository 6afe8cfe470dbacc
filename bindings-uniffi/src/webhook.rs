//! Webhook verification: `Stripe-Signature` checked over the raw body, then the event decoded.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::OffsessionError;
use crate::objects::Event;

/// The tolerance to verify with: the default when absent; otherwise checked by the core's
/// `validate::tolerance_seconds`, as every binding's is, so a Swift `TimeInterval` or a Kotlin
/// `Duration` beyond 2^32 − 1 seconds is refused (`invalid_input`, param `tolerance`) instead
/// of being taken as "no limit". Sub-second parts are kept: the core compares durations, so
/// 0.5 s is strict, not truncated to zero ("no check"); they count as a whole second for the
/// range check.
fn tolerance(tolerance: Option<Duration>) -> Result<Duration, OffsessionError> {
    let Some(tolerance) = tolerance else {
        return Ok(offsession::webhook::DEFAULT_TOLERANCE);
    };
    let whole_seconds = i128::from(tolerance.as_secs()) + i128::from(tolerance.subsec_nanos() > 0);
    offsession::validate::tolerance_seconds(
        "tolerance",
        offsession::validate::NumberInput::Integer(whole_seconds),
    )?;
    Ok(tolerance)
}

/// Verifies `signature_header` (the `Stripe-Signature` header) against `payload` (the raw
/// request body, byte for byte) with the endpoint's signing `secret`, then returns the event.
/// Throws `SignatureVerification`. `tolerance` defaults to 300 s; zero disables the time check;
/// more than 2^32 − 1 seconds is refused (`InvalidInput`, param `tolerance`).
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
        self::tolerance(tolerance)?,
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
    /// Verifies with this signing secret (`whsec_…`); `tolerance` defaults to 300 s, zero
    /// disables the time check, more than 2^32 − 1 seconds is refused (`invalid_input`).
    #[uniffi::constructor(default(tolerance = None))]
    pub fn new(secret: String, tolerance: Option<Duration>) -> Result<Arc<Self>, OffsessionError> {
        Ok(Arc::new(Self {
            inner: offsession::Webhook::new(secret).tolerance(self::tolerance(tolerance)?),
        }))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerances_are_range_checked_never_taken_as_no_limit() {
        assert_eq!(
            tolerance(None).unwrap(),
            offsession::webhook::DEFAULT_TOLERANCE
        );
        assert_eq!(tolerance(Some(Duration::ZERO)).unwrap(), Duration::ZERO);
        let half = Duration::from_millis(500);
        assert_eq!(tolerance(Some(half)).unwrap(), half);
        let most = Duration::from_secs(u64::from(u32::MAX));
        assert_eq!(tolerance(Some(most)).unwrap(), most);
        for too_long in [
            most + Duration::from_nanos(1),
            Duration::from_secs(u64::from(u32::MAX) + 1),
            Duration::from_secs(u64::MAX),
            Duration::MAX,
        ] {
            let error = tolerance(Some(too_long)).unwrap_err();
            assert_eq!(error.code(), "invalid_input", "{too_long:?}");
            assert_eq!(error.details().param.as_deref(), Some("tolerance"));
        }
        let error = Webhook::new("whsec_x".into(), Some(Duration::from_secs(u64::MAX)))
            .err()
            .expect("refused");
        assert_eq!(error.details().param.as_deref(), Some("tolerance"));
        let error = construct_event(
            b"{}".to_vec(),
            "t=1,v1=00".into(),
            "whsec_x".into(),
            Some(Duration::MAX),
        )
        .unwrap_err();
        assert_eq!(error.code(), "invalid_input");
    }
}
