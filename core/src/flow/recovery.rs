//! The recovery Checkout Session's request: a payment-mode session for the declined charge whose
//! PaymentIntent carries the charge's description and metadata plus the declined PaymentIntent's
//! id, so the `payment_intent.succeeded` of the recovery can be matched to the order, and which
//! saves the card the customer enters for the next off-session charge.

use serde::Serialize;

use crate::flow::charge::{OffSessionCharge, RECOVERY_METADATA_KEY};
use crate::resources::{CheckoutSession, CheckoutSessionMode, LineItem, PaymentIntent};
use crate::types::Metadata;
use crate::{Client, Result};

/// `POST /v1/checkout/sessions` for a recovery, fields in Stripe's (alphabetical) order.
#[derive(Serialize)]
struct RecoverySessionParams<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    cancel_url: Option<&'a str>,
    customer: &'a str,
    line_items: [LineItem; 1],
    #[serde(skip_serializing_if = "Metadata::is_empty")]
    metadata: Metadata,
    mode: CheckoutSessionMode,
    payment_intent_data: PaymentIntentData<'a>,
    success_url: &'a str,
}

/// `payment_intent_data` of the recovery session.
#[derive(Serialize)]
struct PaymentIntentData<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Metadata::is_empty")]
    metadata: Metadata,
    /// `off_session`: the card the customer pays with is saved for the next off-session charge.
    setup_future_usage: &'static str,
}

impl Client {
    /// Creates the recovery session for `charge`, declined on `declined` (when Stripe returned
    /// the PaymentIntent), with the request key `key`. The inputs were checked by the charge.
    pub(crate) async fn create_recovery_session(
        &self,
        charge: &OffSessionCharge,
        declined: Option<&PaymentIntent>,
        key: Option<&str>,
    ) -> Result<CheckoutSession> {
        let mut session_metadata = Metadata::new();
        let mut intent_metadata = charge.metadata.clone();
        if let Some(declined) = declined {
            session_metadata.insert(RECOVERY_METADATA_KEY.into(), declined.id.clone());
            intent_metadata.insert(RECOVERY_METADATA_KEY.into(), declined.id.clone());
        }
        let params = RecoverySessionParams {
            cancel_url: charge.recovery.cancel_url.as_deref(),
            customer: &charge.customer,
            line_items: [LineItem::new(
                &charge.recovery.product_name,
                charge.amount,
                &charge.currency,
            )],
            metadata: session_metadata,
            mode: CheckoutSessionMode::Payment,
            payment_intent_data: PaymentIntentData {
                description: charge.description.as_deref(),
                metadata: intent_metadata,
                setup_future_usage: "off_session",
            },
            success_url: &charge.recovery.success_url,
        };
        self.post("/v1/checkout/sessions", &params, &[], key).await
    }
}
