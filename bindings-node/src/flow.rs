//! The flow calls. Results are JSON with snake_case keys; `index.js` renames the wrapper keys
//! to camelCase and turns each error shape into a `StripeError` subclass. Each object inside
//! crosses with its response (`Returned`, see `response.rs`). A flow, once started, runs to its
//! end even if the caller's `AbortSignal` aborts (`CallKind::Flow`, `offsession::cancel`).

use napi::bindgen_prelude::{PromiseRaw, Unknown};
use napi::Env;
use napi_derive::napi;
use offsession::cancel::CallKind;
use serde_json::json;

use crate::client::NativeClient;
use crate::errors::{json_call, shape};
use crate::input::{with_options, Arg};
use crate::params;
use crate::response::Returned;

fn completed(saved: offsession::CompletedSetup) -> serde_json::Value {
    json!({
        "customer_id": saved.customer_id,
        "payment_method_id": saved.payment_method_id,
        "session": Returned(&saved.session),
        "setup_intent": Returned(&saved.setup_intent),
        "payment_method": saved.payment_method.as_ref().map(Returned),
    })
}

#[napi]
impl NativeClient {
    /// Steps 1–2: the customer (when asked) and a setup-mode Checkout Session.
    #[napi(catch_unwind)]
    pub fn start_setup<'env>(
        &self,
        env: &'env Env,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let mut params = params::start_setup(params)?;
        let (mut options, client) = with_options(&self.client, options, true)?;
        params.idempotency_key = options.key(params.idempotency_key)?;
        json_call(env, CallKind::Flow, async move {
            let started = client.start_setup(&params).await?;
            Ok(json!({
                "customer_id": started.customer_id,
                "url": started.url(),
                "session": Returned(&started.session),
            }))
        })
    }

    /// Steps 3b–5 from the session id: the saved payment method, attached.
    #[napi(catch_unwind)]
    pub fn complete_setup<'env>(
        &self,
        env: &'env Env,
        session_id: Unknown<'env>,
        setup: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let session_id = Arg::new(session_id, "session_id")?.string()?;
        let setup = params::complete_setup(setup)?;
        let (_, client) = with_options(&self.client, options, false)?;
        json_call(env, CallKind::Flow, async move {
            Ok(completed(client.complete_setup(&session_id, &setup).await?))
        })
    }

    /// Steps 3a–5 from a verified `checkout.session.completed` event (the object
    /// `Webhook.constructEvent` returned).
    #[napi(catch_unwind)]
    pub fn complete_setup_from_event<'env>(
        &self,
        env: &'env Env,
        event: Unknown<'env>,
        setup: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let event_json = Arg::new(event, "event")?
            .json(env, "the verified event object from Webhook.constructEvent")?;
        let setup = params::complete_setup(setup)?;
        let (_, client) = with_options(&self.client, options, false)?;
        json_call(env, CallKind::Flow, async move {
            let event = offsession::Event::from_slice(event_json.as_bytes())?;
            Ok(completed(
                client.complete_setup_from_event(&event, &setup).await?,
            ))
        })
    }

    /// Steps 6–7: charge off-session. The key is required, in the parameters or the options.
    #[napi(catch_unwind)]
    pub fn charge_off_session<'env>(
        &self,
        env: &'env Env,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let (mut charge, key) = params::charge(params)?;
        let (mut options, client) = with_options(&self.client, options, true)?;
        // No key is "": the core refuses it, naming `idempotency_key`, before any request.
        charge.idempotency_key = options.key(key)?.unwrap_or_default();
        json_call(env, CallKind::Flow, async move {
            Ok(outcome_json(client.charge_off_session(&charge).await?))
        })
    }

    /// After the customer paid a recovery session: the paid PaymentIntent, the payment method to
    /// charge next time and the declined PaymentIntent it replaced.
    #[napi(catch_unwind)]
    pub fn complete_recovery<'env>(
        &self,
        env: &'env Env,
        session_id: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let session_id = Arg::new(session_id, "session_id")?.string()?;
        let (_, client) = with_options(&self.client, options, false)?;
        json_call(env, CallKind::Flow, async move {
            let recovered = client.complete_recovery(&session_id).await?;
            Ok(json!({
                "customer_id": recovered.customer_id,
                "payment_method_id": recovered.payment_method_id,
                "payment_intent": Returned(&recovered.payment_intent),
                "declined_payment_intent_id": recovered.declined_payment_intent_id,
                "session": Returned(&recovered.session),
            }))
        })
    }
}

/// The charge outcome for `index.js`, named by `outcome.name()`: the PaymentIntent, and for a
/// decline its card error with the recovery session or the recovery's own error.
fn outcome_json(outcome: offsession::ChargeOutcome) -> serde_json::Value {
    let name = outcome.name();
    match outcome {
        offsession::ChargeOutcome::Succeeded(payment_intent)
        | offsession::ChargeOutcome::Processing(payment_intent)
        | offsession::ChargeOutcome::RequiresCapture(payment_intent)
        | offsession::ChargeOutcome::RequiresAction(payment_intent) => json!({
            "outcome": name,
            "payment_intent": Returned(&payment_intent),
        }),
        offsession::ChargeOutcome::NeedsRecovery {
            error,
            payment_intent,
            recovery_session,
        } => json!({
            "outcome": name,
            "error": shape(&offsession::Error::Card(error)),
            "payment_intent": payment_intent.as_deref().map(Returned),
            "recovery_session": Returned(&recovery_session),
        }),
        offsession::ChargeOutcome::RecoveryFailed {
            error,
            payment_intent,
            recovery_error,
        } => json!({
            "outcome": name,
            "error": shape(&offsession::Error::Card(error)),
            "payment_intent": payment_intent.as_deref().map(Returned),
            "recovery_error": shape(&recovery_error),
        }),
    }
}
