//! `offsession-sim`: a stateful local stand-in for Stripe test mode, for examples, conformance
//! cases and fault tests of the `offsession` SDKs.
//!
//! It serves the Stripe calls of the "save a card with Checkout, charge it later off-session"
//! flow under `/v1/…` with Stripe's JSON shapes, error bodies, `Request-Id`, `sk_test_` key
//! checking and Idempotency-Key semantics, and a control surface under `/_sim/…` that plays the
//! customer, signs webhooks, injects faults and exposes its own records. It does not depend on
//! the `offsession` crate: it is an independent reading of Stripe.
//!
//! ```no_run
//! let sim = offsession_sim::start()?;
//! println!("Stripe stand-in at {}", sim.url());
//! // … point a client at sim.url() with an `sk_test_…` key …
//! drop(sim); // stops the server
//! # Ok::<(), std::io::Error>(())
//! ```

#![forbid(unsafe_code)]

mod api;
mod auth;
mod conn;
mod control;
mod errors;
mod events;
mod expand;
mod faults;
mod form;
mod idempotency;
mod ids;
mod money;
mod params;
mod reply;
mod request_log;
mod resources;
mod server;
mod state;
mod testcards;
mod webhooks;

pub use server::{start, start_with, SimConfig, SimHandle};

/// Builds a `Stripe-Signature` header value for `payload`: `t=<timestamp>` followed by one
/// `v1=<hex HMAC-SHA256(secret, "{timestamp}.{payload}")>` per secret.
pub fn signature_header<S: AsRef<str>>(timestamp: i64, payload: &str, secrets: &[S]) -> String {
    webhooks::signature_header(timestamp, payload, secrets)
}
