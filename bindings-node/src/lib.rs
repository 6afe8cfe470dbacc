//! The native half of the `offsession` npm package (napi-rs). Thin by design: it hands the
//! core's types what `index.js` sends and returns each result as Stripe's JSON, which
//! `index.js` parses (V8's JSON.parse is faster than building objects field by field through
//! N-API). Parameters, request options and client settings arrive as JSON text and become the
//! core's generated types through the core's one generic conversion (`convert.rs`, which says
//! why not napi's serde Deserializer), so a parameter added to the core is typed, checked and
//! named here with no edit. Errors travel as a tagged JSON reason that `index.js` turns into
//! `StripeError` subclasses. Calls run on the JavaScript thread, driven by Node's event loop
//! (`event_loop.rs`). Every object a call returns crosses with its response (`response.rs`),
//! which `index.js` sets as the object's non-enumerable `lastResponse`. An `AbortSignal` is
//! honoured by `index.js` through the driver (`cancel.rs`): a resource call is cancelled, a flow
//! runs to its end. One file per area: `client.rs`, `resources.rs`, `flow.rs`, `convert.rs`,
//! `errors.rs`, `response.rs`, `cancel.rs`, `event_loop.rs`, `webhook.rs`.

mod cancel;
mod client;
mod convert;
mod errors;
mod event_loop;
mod flow;
mod resources;
mod response;
mod webhook;

pub use client::NativeClient;
pub use resources::NativePages;

/// The add-on's own allocations (response buffers, decoded objects, JSON text) go to mimalloc:
/// a call makes many small, short-lived allocations, glibc's allocator was about 7% of a
/// sequential request's CPU in the Node benchmark's profile, and mimalloc measured 3% less CPU
/// per request than glibc in an alternated A/B run (7 rounds of 2000 flows).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The Stripe API version every request is pinned to.
#[napi_derive::napi]
pub const STRIPE_VERSION: &str = offsession::STRIPE_VERSION;

pub use cancel::{abort_call, last_call_id};
pub use errors::{error_kinds, panic_in_core_for_tests};
pub use webhook::{construct_event, generate_test_header};
