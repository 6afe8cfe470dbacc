//! The flow calls. Results are JSON with snake_case keys; `index.js` renames the wrapper keys
//! to camelCase and turns a decline's error into a `CardError`.

use napi_derive::napi;
use serde_json::json;

use crate::client::NativeClient;
use crate::errors::{run, shape, to_json};
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
    pub async fn start_setup(&self, params: StartSetupParams) -> napi::Result<String> {
        let client = self.client.clone();
        let params: offsession::StartSetup = params.into();
        let started = run(async move { client.start_setup(&params).await }).await?;
        to_json(&json!({
            "customer_id": started.customer_id,
            "url": started.url(),
            "session": started.session,
        }))
    }

    /// Steps 3b–5 from the session id: the saved payment method, attached.
    #[napi(catch_unwind)]
    pub async fn complete_setup(
        &self,
        session_id: String,
        options: Option<CompleteSetupOptions>,
    ) -> napi::Result<String> {
        let client = self.client.clone();
        let options = offsession::CompleteSetup {
            customer: options.and_then(|o| o.customer),
        };
        to_json(&completed(
            run(async move { client.complete_setup(&session_id, &options).await }).await?,
        ))
    }

    /// `event_json`: the verified event, as `JSON.stringify(event)`.
    #[napi(catch_unwind)]
    pub async fn complete_setup_from_event(
        &self,
        event_json: String,
        options: Option<CompleteSetupOptions>,
    ) -> napi::Result<String> {
        let client = self.client.clone();
        let options = offsession::CompleteSetup {
            customer: options.and_then(|o| o.customer),
        };
        let saved = run(async move {
            let event = offsession::Event::from_slice(event_json.as_bytes())?;
            client.complete_setup_from_event(&event, &options).await
        })
        .await?;
        to_json(&completed(saved))
    }

    /// Steps 6–7: charge off-session; a decline gives a recovery session.
    #[napi(catch_unwind)]
    pub async fn charge_off_session(&self, params: ChargeParams) -> napi::Result<String> {
        let client = self.client.clone();
        let charge: offsession::OffSessionCharge = params.into();
        let outcome = run(async move { client.charge_off_session(&charge).await }).await?;
        to_json(&match outcome {
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
        })
    }
}
