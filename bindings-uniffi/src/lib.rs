//! The Swift and Kotlin door onto the offsession core, through uniffi (proc-macro style).
//!
//! Thin by design: every file converts types and names; the behaviour (HTTP, retries,
//! idempotency, validation, webhooks, the flow, the device rule) is the core's. One file per
//! area: `client.rs` (`Client`, its config, flows and raw requests), `resources.rs` (the
//! resource namespaces and pagination), `options.rs` (parameters as JSON, converted by the
//! core; request options), `flow.rs` (flow results), `objects.rs` (Stripe objects as
//! records), `error.rs` (the one error enum), `webhook.rs`,
//! `device.rs` (the mobile key rule), `runtime.rs` (the Tokio runtime, panics, and what
//! cancelling a call does: a resource call is dropped, a flow runs to its end).
//!
//! The Swift and Kotlin sources are generated from the built library by
//! `scripts/generate-uniffi` (the `uniffi-bindgen` binary of this crate, `--library` mode). The
//! typed parameters beside them (`CreateCustomer`, …) are generated from Stripe's spec by
//! `scripts/codegen/params.py`, as the core's are, and reach this crate as JSON.

uniffi::setup_scaffolding!("offsession");

mod client;
mod device;
mod error;
mod flow;
mod objects;
mod options;
mod resources;
mod runtime;
mod webhook;

pub use client::{Client, ClientConfig};
pub use device::{check_key_for_target, current_device_target, DeviceTarget};
pub use error::{ErrorDetails, OffsessionError};
pub use flow::{ChargeOutcome, CompletedRecovery, CompletedSetup, SetupStarted};
pub use objects::{
    Card, CheckoutSession, Customer, Event, LastError, PaymentIntent, PaymentMethod,
    PaymentMethodList, RawResponse, ResponseMeta, SetupIntent,
};
pub use options::RequestOptions;
pub use resources::{
    CheckoutSessions, Customers, PaymentIntents, PaymentMethodPaginator, PaymentMethods,
    SetupIntents,
};
pub use runtime::{panic_in_core_for_tests, panic_in_sync_call_for_tests};
pub use webhook::{construct_event, generate_test_header, Webhook};

/// The version of this library (the crate's version).
#[uniffi::export]
pub fn offsession_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The `Stripe-Version` every request is pinned to unless the config overrides it.
#[uniffi::export]
pub fn stripe_version() -> String {
    offsession::STRIPE_VERSION.to_owned()
}
