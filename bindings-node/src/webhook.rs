//! Webhook verification over the raw body bytes. `index.js` checks each argument's type (a
//! string, a Buffer) and hands numbers over as JavaScript has them; the core decides whether a
//! number is an exact integer in range.

use std::time::Duration;

use napi::bindgen_prelude::{BufferSlice, Either};
use napi_derive::napi;
use offsession::validate::{self, NumberInput};

use crate::errors::{to_json, to_napi};

/// The default tolerance, in seconds (Stripe's).
const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

fn bytes<'a>(payload: &'a Either<String, BufferSlice<'_>>) -> &'a [u8] {
    match payload {
        Either::A(text) => text.as_bytes(),
        Either::B(buffer) => buffer,
    }
}

/// Verifies `Stripe-Signature` over the raw payload and returns the event as JSON.
/// `tolerance` is whole seconds (default 300; 0 disables the timestamp check); anything but a
/// non-negative integer is refused, never wrapped or rounded.
#[napi(catch_unwind)]
pub fn construct_event(
    payload: Either<String, BufferSlice<'_>>,
    sig_header: String,
    secret: String,
    tolerance: Option<f64>,
) -> napi::Result<String> {
    let tolerance = match tolerance {
        None => DEFAULT_TOLERANCE,
        Some(seconds) => validate::tolerance_seconds("tolerance", NumberInput::JsNumber(seconds))
            .map_err(to_napi)?,
    };
    let event =
        offsession::webhook::construct_event(bytes(&payload), &sig_header, &secret, tolerance)
            .map_err(to_napi)?;
    to_json(&event)
}

/// A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests).
/// `timestamp` is whole seconds since the epoch (default now).
#[napi(catch_unwind)]
pub fn generate_test_header(
    payload: Either<String, BufferSlice<'_>>,
    secret: String,
    timestamp: Option<f64>,
) -> napi::Result<String> {
    let timestamp = match timestamp {
        None => offsession::webhook::now(),
        Some(seconds) => {
            validate::integer("timestamp", NumberInput::JsNumber(seconds)).map_err(to_napi)?
        }
    };
    Ok(offsession::webhook::sign(
        bytes(&payload),
        &secret,
        timestamp,
    ))
}
