//! Webhook verification over the raw body bytes.

use std::time::Duration;

use napi::bindgen_prelude::Unknown;
use napi_derive::napi;
use offsession::validate;

use crate::errors::{to_json, to_napi};
use crate::input::Arg;

/// The default tolerance, in seconds (Stripe's).
const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

const PAYLOAD: &str =
    "the raw request body as a Buffer or a string (a parsed body cannot be verified)";

/// Verifies `Stripe-Signature` over the raw payload and returns the event as JSON.
/// `tolerance` is whole seconds (default 300; 0 disables the timestamp check); anything but a
/// non-negative integer is refused, never wrapped or rounded.
#[napi(catch_unwind)]
pub fn construct_event(
    payload: Unknown<'_>,
    sig_header: Unknown<'_>,
    secret: Unknown<'_>,
    tolerance: Unknown<'_>,
) -> napi::Result<String> {
    let payload = Arg::new(payload, "payload")?.bytes(PAYLOAD)?;
    let sig_header = Arg::new(sig_header, "signature_header")?
        .string_described("the Stripe-Signature header as a string")?;
    let secret = Arg::new(secret, "secret")?
        .string_described("the endpoint's signing secret as a string (whsec_…)")?;
    let tolerance = Arg::new(tolerance, "tolerance")?;
    let tolerance = if tolerance.is_undefined() {
        DEFAULT_TOLERANCE
    } else {
        validate::tolerance_seconds("tolerance", tolerance.number()?).map_err(to_napi)?
    };
    let event = offsession::webhook::construct_event(&payload, &sig_header, &secret, tolerance)
        .map_err(to_napi)?;
    to_json(&event)
}

/// A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests).
/// `timestamp` is whole seconds since the epoch (default now).
#[napi(catch_unwind)]
pub fn generate_test_header(
    payload: Unknown<'_>,
    secret: Unknown<'_>,
    timestamp: Unknown<'_>,
) -> napi::Result<String> {
    let payload = Arg::new(payload, "payload")?.bytes(PAYLOAD)?;
    let secret = Arg::new(secret, "secret")?
        .string_described("the endpoint's signing secret as a string (whsec_…)")?;
    let timestamp = Arg::new(timestamp, "timestamp")?.opt_integer()?;
    Ok(offsession::webhook::sign(
        &payload,
        &secret,
        timestamp.unwrap_or_else(offsession::webhook::now),
    ))
}
