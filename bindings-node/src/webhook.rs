//! Webhook verification over the raw body bytes.

use std::time::Duration;

use napi::bindgen_prelude::Buffer;
use napi::Either;
use napi_derive::napi;

use crate::errors::{to_json, to_napi};

fn bytes(payload: &Either<Buffer, String>) -> &[u8] {
    match payload {
        Either::A(buffer) => buffer,
        Either::B(text) => text.as_bytes(),
    }
}

/// Verifies `Stripe-Signature` over the raw payload and returns the event as JSON.
/// `tolerance` is in seconds (default 300; 0 disables the timestamp check).
#[napi(catch_unwind)]
pub fn construct_event(
    payload: Either<Buffer, String>,
    sig_header: String,
    secret: String,
    tolerance: Option<u32>,
) -> napi::Result<String> {
    let tolerance = Duration::from_secs(u64::from(tolerance.unwrap_or(300)));
    let event =
        offsession::webhook::construct_event(bytes(&payload), &sig_header, &secret, tolerance)
            .map_err(to_napi)?;
    to_json(&event)
}

/// A `Stripe-Signature` header for `payload`, as Stripe would send it (for tests).
#[napi(catch_unwind)]
pub fn generate_test_header(
    payload: Either<Buffer, String>,
    secret: String,
    timestamp: Option<i64>,
) -> String {
    offsession::webhook::sign(
        bytes(&payload),
        &secret,
        timestamp.unwrap_or_else(offsession::webhook::now),
    )
}
