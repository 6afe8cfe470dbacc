//! # offsession
//!
//! Save a customer's card with Stripe Checkout (setup mode) and charge it later, off-session —
//! including the recovery when that charge is declined with HTTP 402. This crate is the one
//! core behind the Python, Node.js, Swift and Kotlin packages: HTTP, retries, idempotency,
//! encoding, typed models, errors, webhooks and the flow all live here.
//!
//! ```no_run
//! use offsession::{Client, ChargeOutcome, OffSessionCharge, Recovery, StartSetup, CompleteSetup};
//!
//! # async fn demo() -> offsession::Result<()> {
//! let client = Client::new("sk_test_...")?;
//!
//! // 1–2: a setup-mode Checkout Session; send the customer to its URL.
//! let started = client
//!     .start_setup(&StartSetup {
//!         currency: "usd".into(),
//!         success_url: Some("https://example.com/success?session_id={CHECKOUT_SESSION_ID}".into()),
//!         new_customer: Some(offsession::CreateCustomer {
//!             email: Some("jenny.rosen@example.com".into()),
//!             ..Default::default()
//!         }),
//!         ..Default::default()
//!     })
//!     .await?;
//! println!("redirect to {}", started.url().unwrap_or_default());
//!
//! // 3–5: after the redirect back (or the webhook), the saved card, ready to charge.
//! let saved = client.complete_setup(&started.session.id, &CompleteSetup::default()).await?;
//!
//! // 6–7: charge it later; a decline comes back with a recovery Checkout Session.
//! let outcome = client
//!     .charge_off_session(&OffSessionCharge {
//!         customer: saved.customer_id,
//!         payment_method: saved.payment_method_id,
//!         amount: 1099,
//!         currency: "usd".into(),
//!         idempotency_key: "order-42".into(),
//!         recovery: Recovery {
//!             product_name: "T-shirt".into(),
//!             success_url: "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}".into(),
//!             ..Default::default()
//!         },
//!         ..Default::default()
//!     })
//!     .await?;
//! match outcome {
//!     ChargeOutcome::Succeeded(payment_intent) => println!("paid: {}", payment_intent.id),
//!     ChargeOutcome::Processing(payment_intent) => {
//!         println!("{} is processing: fulfil on payment_intent.succeeded", payment_intent.id)
//!     }
//!     ChargeOutcome::RequiresCapture(payment_intent) => println!("capture {}", payment_intent.id),
//!     ChargeOutcome::RequiresAction(payment_intent) => {
//!         println!("bring the customer back to authenticate {}", payment_intent.id)
//!     }
//!     ChargeOutcome::NeedsRecovery { error, recovery_session, .. } => println!(
//!         "declined ({}); send the customer to {}",
//!         error.details.code.as_deref().unwrap_or("card_error"),
//!         recovery_session.url.as_deref().unwrap_or_default()
//!     ),
//!     ChargeOutcome::RecoveryFailed { recovery_error, .. } => {
//!         println!("declined; no recovery session yet ({recovery_error}): re-run with the same key")
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Behaviour every binding inherits: `Idempotency-Key` on every POST (the same on each retry),
//! retries with backoff for connection errors, 409, 429 `lock_timeout` and 5xx (obeying
//! `Stripe-Should-Retry`), checks of ids, amounts, currencies and the base URL before anything
//! is sent, secrets that never print, and webhook verification in constant time.

#![forbid(unsafe_code)]

pub mod cancel;
mod client;
mod config;
pub mod device;
mod error;
mod expandable;
pub mod flow;
pub mod form;
mod list;
pub mod panic;
pub mod params;
mod raw;
mod request;
pub mod resources;
mod response;
mod retry;
mod secret;
mod transport;
mod types;
pub mod validate;
pub mod webhook;

pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT, MAX_RETRIES_LIMIT, STRIPE_VERSION,
};
pub use error::{ApiError, Error, ErrorDetails, ErrorKind, ErrorShape, Result};
pub use expandable::{Expandable, Object};
pub use flow::{
    ChargeOutcome, CompleteSetup, CompletedRecovery, CompletedSetup, OffSessionCharge, Recovery,
    SetupStarted, StartSetup,
};
pub use list::{List, Paginator};
pub use params::{
    AttachPaymentMethod, CancelPaymentIntent, CancellationReason, CreateCheckoutSession,
    CreateCheckoutSessionLineItem, CreateCustomer, CreatePaymentIntent, ListCustomerPaymentMethods,
    OffSession, UpdateCustomer, UpdateSetupIntent,
};
pub use raw::RawResponse;
pub use request::{ExtraParams, Request, RequestOptions};
pub use resources::*;
pub use response::ResponseMeta;
pub use retry::{
    backoff_delay, INITIAL_DELAY as RETRY_INITIAL_DELAY, MAX_DELAY as RETRY_MAX_DELAY,
};
pub use secret::{ApiKey, WebhookSecret};
pub use types::{Extra, Metadata};
pub use webhook::Webhook;

/// The README's Rust examples, compiled as doc tests so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
