//! The flow calls. Parameters are the core's flow types (`StartSetup`, `OffSessionCharge`,
//! `CompleteSetup`), read as every other parameter is (`convert.rs`). Results are
//! Stripe-shaped JSON with snake_case keys, as the core names them; each object inside crosses
//! with its response (`Returned`, see `response.rs`), and a decline's errors with their shape
//! (`index.js` makes them `StripeError` subclasses). A flow, once started, runs to its end
//! even if the caller's `AbortSignal` aborts (`CallKind::Flow`, `offsession::cancel`).

use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;
use offsession::cancel::CallKind;
use offsession::{ChargeOutcome, CompleteSetup, OffSessionCharge, StartSetup};
use serde_json::json;

use crate::client::NativeClient;
use crate::convert;
use crate::errors::{json_call, shape};
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
        params: String,
        options: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let (client, params) = convert::flow(&self.client, &params, &options, true)?;
        let params: StartSetup = convert::flow_params(params)?;
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
        session_id: String,
        params: String,
        options: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let (client, params) = convert::flow(&self.client, &params, &options, false)?;
        let params: CompleteSetup = convert::flow_params(params)?;
        json_call(env, CallKind::Flow, async move {
            Ok(completed(
                client.complete_setup(&session_id, &params).await?,
            ))
        })
    }

    /// Steps 3a–5 from a verified `checkout.session.completed` event (the object
    /// `Webhook.constructEvent` returned, as JSON).
    #[napi(catch_unwind)]
    pub fn complete_setup_from_event<'env>(
        &self,
        env: &'env Env,
        event: String,
        params: String,
        options: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let (client, params) = convert::flow(&self.client, &params, &options, false)?;
        let params: CompleteSetup = convert::flow_params(params)?;
        json_call(env, CallKind::Flow, async move {
            let event = offsession::Event::from_slice(event.as_bytes())?;
            Ok(completed(
                client.complete_setup_from_event(&event, &params).await?,
            ))
        })
    }

    /// Steps 6–7: charge off-session. `idempotency_key` is required (a parameter, or the
    /// `idempotencyKey` option).
    #[napi(catch_unwind)]
    pub fn charge_off_session<'env>(
        &self,
        env: &'env Env,
        params: String,
        options: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let (client, params) = convert::flow(&self.client, &params, &options, true)?;
        let charge: OffSessionCharge = convert::flow_params(params)?;
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
        session_id: String,
        options: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let (client, _) = convert::flow(&self.client, "{}", &options, false)?;
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
fn outcome_json(outcome: ChargeOutcome) -> serde_json::Value {
    let name = outcome.name();
    match outcome {
        ChargeOutcome::Succeeded(payment_intent)
        | ChargeOutcome::Processing(payment_intent)
        | ChargeOutcome::RequiresCapture(payment_intent)
        | ChargeOutcome::RequiresAction(payment_intent) => json!({
            "outcome": name,
            "payment_intent": Returned(&payment_intent),
        }),
        ChargeOutcome::NeedsRecovery {
            error,
            payment_intent,
            recovery_session,
        } => json!({
            "outcome": name,
            "error": shape(&offsession::Error::Card(error)),
            "payment_intent": payment_intent.as_deref().map(Returned),
            "recovery_session": Returned(&recovery_session),
        }),
        ChargeOutcome::RecoveryFailed {
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
