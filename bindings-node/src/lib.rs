//! The native half of the `offsession` npm package (napi-rs). Thin by design: it converts
//! JavaScript values to the core's types and returns each result as Stripe's JSON, which
//! `index.js` parses (V8's JSON.parse is faster than building objects field by field through
//! N-API). Errors travel as a tagged JSON reason that `index.js` turns into `StripeError`
//! subclasses. One file per area: `client.rs`, `resources.rs`, `flow.rs`, `params.rs`,
//! `errors.rs`, `webhook.rs`.

mod client;
mod errors;
mod flow;
mod params;
mod resources;
mod webhook;

pub use client::NativeClient;

/// One I/O thread for every call: a request costs microseconds of CPU, so one thread keeps up
/// with many in flight, and keeping the request and its connection on the same thread saves
/// cross-thread wake-ups.
#[napi_derive::module_init]
fn init() {
    if let Ok(runtime) = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("offsession-io")
        .enable_all()
        .build()
    {
        napi::bindgen_prelude::create_custom_tokio_runtime(runtime);
    }
}

/// The Stripe API version every request is pinned to.
#[napi_derive::napi]
pub const STRIPE_VERSION: &str = offsession::STRIPE_VERSION;

pub use errors::panic_in_core_for_tests;
pub use webhook::{construct_event, generate_test_header};
