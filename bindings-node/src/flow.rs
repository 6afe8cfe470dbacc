//! The flow calls. Results are JSON with snake_case keys; `index.js` renames the wrapper keys
//! to camelCase and turns a decline's error into a `CardError`.

use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;
use serde_json::json;

use crate::client::NativeClient;
use crate::errors::{json_call, shape};
use crate::params::{ChargeParams, CompleteSetupOptions, StartSetupParams};

fn completed(saved: offsession::CompletedSetup) -> serde_json::Value {
    json!({
        "customer_id": saved.customer_id,
        "payment_method_id": saved.payment_method_id,
        "session": saved.session,
        "setup_intent": saved.setup_intent,
        "payment_method": saved.payment_method,
    })
}

#[napi]
impl NativeClient {
    /// Steps 1–2: the customer (when asked) and a setup-mode Checkout Session.
    #[napi(catch_unwind)]
    pub fn start_setup<'env>(
        &self,
        env: &'env Env,
        params: StartSetupParams,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        let params: offsession::StartSetup = params.into();
        json_call(env, async move {
            let started = client.start_setup(&params).await?;
            Ok(json!({
                "customer_id": started.customer_id,
                "url": started.url(),
                "session": started.session,
            }))
        })
    }

    /// Steps 3b–5 from the session id: the saved payment method, attached.
    #[napi(catch_unwind)]
    pub fn complete_setup<'env>(
        &self,
        env: &'env Env,
        session_id: String,
        options: Option<CompleteSetupOptions>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        let options = offsession::CompleteSetup {
            customer: options.and_then(|o| o.customer),
        };
        json_call(env, async move {
            Ok(completed(
                client.complete_setup(&session_id, &options).await?,
            ))
        })
    }

    /// `event_json`: the verified event, as `JSON.stringify(event)`.
    #[napi(catch_unwind)]
    pub fn complete_setup_from_event<'env>(
        &self,
        env: &'env Env,
        event_json: String,
        options: Option<CompleteSetupOptions>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        let options = offsession::CompleteSetup {
            customer: options.and_then(|o| o.customer),
        };
        json_call(env, async move {
            let event = offsession::Event::from_slice(event_json.as_bytes())?;
            Ok(completed(
                client.complete_setup_from_event(&event, &options).await?,
            ))
        })
    }

    /// Steps 6–7: charge off-session; a decline gives a recovery session.
    #[napi(catch_unwind)]
    pub fn charge_off_session<'env>(
        &self,
        env: &'env Env,
        params: ChargeParams,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        let charge: offsession::OffSessionCharge = params.into();
        json_call(env, async move {
            Ok(outcome_json(client.charge_off_session(&charge).await?))
        })
    }
}

/// The charge outcome for `index.js`: the succeeded PaymentIntent, or the decline with its
/// recovery session.
fn outcome_json(outcome: offsession::ChargeOutcome) -> serde_json::Value {
    match outcome {
        offsession::ChargeOutcome::Succeeded(payment_intent) => json!({
            "outcome": "succeeded",
            "payment_intent": payment_intent,
        }),
        offsession::ChargeOutcome::NeedsRecovery {
            error,
            payment_intent,
            recovery_session,
        } => json!({
            "outcome": "needs_recovery",
            "error": shape(&offsession::Error::Card(error)),
            "payment_intent": payment_intent,
            "recovery_session": recovery_session,
        }),
    }
}
