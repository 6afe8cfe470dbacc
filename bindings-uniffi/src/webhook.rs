//! Webhook verification: `Stripe-Signature` checked over the raw body, then the event decoded.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::OffsessionError;
use crate::objects::Event;

/// The tolerance to verify with, from whole seconds (a Swift `Int64`, a Kotlin `Long`): the
/// default (300 s) when absent; otherwise checked by the core's `validate::tolerance_seconds`,
/// as every binding's is: 0 disables the time check, a negative number or more than
/// 2^32 − 1 is refused (`invalid_input`, param `tolerance`), never wrapped, clamped or taken
/// as "no limit".
fn tolerance(tolerance: Option<i64>) -> Result<Duration, OffsessionError> {
    let Some(seconds) = tolerance else {
        return Ok(offsession::webhook::DEFAULT_TOLERANCE);
    };
    Ok(offsession::validate::tolerance_seconds(
        "tolerance",
        offsession::validate::NumberInput::Integer(i128::from(seconds)),
    )?)
}

/// Verifies `signature_header` (the `Stripe-Signature` header) against `payload` (the raw
/// request body, byte for byte) with the endpoint's signing `secret`, then returns the event.
/// Throws `SignatureVerification`. `tolerance` is in whole seconds: 300 by default; 0 disables
/// the time check; a negative number or more than 2^32 − 1 is refused (`InvalidInput`, param
/// `tolerance`).
#[uniffi::export(default(tolerance = None))]
pub fn construct_event(
    payload: Vec<u8>,
    signature_header: String,
    secret: String,
    tolerance: Option<i64>,
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
    /// Verifies with this signing secret (`whsec_…`). `tolerance` is in whole seconds: 300 by
    /// default; 0 disables the time check; a negative number or more than 2^32 − 1 is refused
    /// (`InvalidInput`, param `tolerance`).
    #[uniffi::constructor(default(tolerance = None))]
    pub fn new(secret: String, tolerance: Option<i64>) -> Result<Arc<Self>, OffsessionError> {
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
        assert_eq!(
            offsession::webhook::DEFAULT_TOLERANCE,
            Duration::from_secs(300)
        );
        assert_eq!(tolerance(Some(0)).unwrap(), Duration::ZERO);
        let most = i64::from(u32::MAX);
        assert_eq!(
            tolerance(Some(most)).unwrap(),
            Duration::from_secs(u64::from(u32::MAX))
        );
        for bad in [-1, i64::MIN, most + 1, i64::MAX] {
            let error = tolerance(Some(bad)).unwrap_err();
            assert_eq!(error.kind(), "invalid_input", "{bad}");
            assert_eq!(error.details().param.as_deref(), Some("tolerance"));
            let error = Webhook::new("whsec_x".into(), Some(bad))
                .err()
                .expect("refused");
            assert_eq!(error.details().param.as_deref(), Some("tolerance"));
            let error = construct_event(
                b"{}".to_vec(),
                "t=1,v1=00".into(),
                "whsec_x".into(),
                Some(bad),
            )
            .unwrap_err();
            assert_eq!(error.kind(), "invalid_input");
            assert_eq!(error.details().param.as_deref(), Some("tolerance"));
        }
    }
}
