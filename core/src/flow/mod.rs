//! The flow the SDK exists for: save a card with Checkout, charge it later off-session, and
//! recover when the charge is declined.
//!
//! | step | call |
//! |---|---|
//! | 1–2 | [`Client::start_setup`](crate::Client::start_setup): customer, setup-mode session |
//! | 3–5 | [`Client::complete_setup`](crate::Client::complete_setup) or [`Client::complete_setup_from_event`](crate::Client::complete_setup_from_event) |
//! | 6–7 | [`Client::charge_off_session`](crate::Client::charge_off_session): an outcome per payment state; after a decline, a recovery session |
//! | after recovery | [`Client::complete_recovery`](crate::Client::complete_recovery): the paid PaymentIntent and the card to charge next time |

mod charge;
mod recovery;
mod setup;

pub use charge::{ChargeOutcome, OffSessionCharge, Recovery};
pub use recovery::CompletedRecovery;
pub use setup::{CompleteSetup, CompletedSetup, SetupStarted, StartSetup};

/// Derives the idempotency key of one step of a flow from the caller's key, so that every
/// request of a re-run carries the same key as the first run and Stripe replays it.
///
/// The derivation is `{key}:{step}`: `order-77:payment_intent` and
/// `order-77:recovery_session` for a charge keyed `order-77`; `{key}:customer` and
/// `{key}:setup_session` for `start_setup`. Errors name the caller's key, never a derived one,
/// because the caller re-runs the flow with their own key.
pub(crate) fn step_key(caller_key: Option<&str>, step: &str) -> Option<String> {
    caller_key.map(|key| format!("{key}:{step}"))
}

/// Puts the caller's key, instead of the derived step key, on a flow step's error; without a
/// caller key, none. A step's own key (derived, or generated for this run) re-runs that one
/// request, not the flow: passed to the flow as its key, it would derive new step keys and
/// create everything again.
pub(crate) fn name_caller_key<T>(
    result: crate::Result<T>,
    caller_key: Option<&str>,
) -> crate::Result<T> {
    match caller_key {
        Some(key) => result.map_err(|error| error.with_idempotency_key(key)),
        None => result.map_err(crate::Error::without_idempotency_key),
    }
}
