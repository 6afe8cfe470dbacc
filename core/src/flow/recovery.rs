//! The recovery Checkout Session's request: a payment-mode session for the declined charge whose
//! PaymentIntent carries the charge's description and metadata plus the declined PaymentIntent's
//! id, so the `payment_intent.succeeded` of the recovery can be matched to the order, and which
//! saves the card the customer enters for the next off-session charge; and, once the customer
//! has paid it, [`Client::complete_recovery`].

use crate::expandable::Expandable;
use crate::flow::charge::{OffSessionCharge, RECOVERY_METADATA_KEY};
use crate::params::{
    CreateCheckoutSession, CreateCheckoutSessionLineItem, CreateCheckoutSessionMode,
    CreateCheckoutSessionPaymentIntentData, SetupFutureUsage,
};
use crate::resources::{
    CheckoutSession, CheckoutSessionMode, CheckoutSessionStatus, PaymentIntent,
};
use crate::types::Metadata;
use crate::{validate, Client, Error, Result};

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
        let params = CreateCheckoutSession {
            cancel_url: charge.recovery.cancel_url.clone(),
            client_reference_id: charge.recovery.client_reference_id.clone(),
            customer: Some(charge.customer.clone()),
            expires_at: charge.recovery.expires_at,
            line_items: vec![CreateCheckoutSessionLineItem::new(
                &charge.recovery.product_name,
                charge.amount,
                &charge.currency,
            )],
            metadata: session_metadata,
            mode: Some(CreateCheckoutSessionMode::Payment),
            payment_intent_data: Some(CreateCheckoutSessionPaymentIntentData {
                description: charge.description.clone(),
                metadata: intent_metadata,
                setup_future_usage: charge
                    .recovery
                    .save_payment_method
                    .then_some(SetupFutureUsage::OffSession),
                ..Default::default()
            }),
            success_url: Some(charge.recovery.success_url.clone()),
            ..CreateCheckoutSession::default()
        };
        self.checkout_sessions()
            .create(&params)
            .maybe_idempotency_key(key.map(str::to_owned))
            .await
    }
}

/// A paid recovery session: the payment that replaced the declined charge, and the payment
/// method to charge the next time.
#[derive(Clone, Debug, PartialEq)]
pub struct CompletedRecovery {
    /// The customer who paid.
    pub customer_id: String,
    /// The payment method the customer paid with. The recovery session saved it for
    /// off-session use, so it is the one to charge next time.
    pub payment_method_id: String,
    /// The PaymentIntent the customer paid (`succeeded`; it carries the charge's metadata).
    pub payment_intent: PaymentIntent,
    /// The declined PaymentIntent this recovery replaced, when the session names it: cancel it
    /// with [`PaymentIntents::cancel`](crate::PaymentIntents::cancel) to close it for good.
    pub declined_payment_intent_id: Option<String>,
    /// The completed session.
    pub session: CheckoutSession,
}

impl Client {
    /// After the customer paid a recovery session (from the success URL's `session_id`, or a
    /// `checkout.session.completed` event's session): the paid PaymentIntent and the payment
    /// method to charge next time. One request. A session that is not a paid payment-mode
    /// session is `invalid_state`.
    pub async fn complete_recovery(&self, session_id: &str) -> Result<CompletedRecovery> {
        validate::object_id("session_id", session_id)?;
        let mut session = self
            .checkout_sessions()
            .retrieve(session_id)
            .expand(["payment_intent"])
            .await?;
        let not_paid = |why: String| Err(Error::invalid_state("session_id", why));
        if session.mode != CheckoutSessionMode::Payment {
            return not_paid(format!(
                "Checkout Session {} is in {} mode; a recovery session is in payment mode",
                session.id, session.mode
            ));
        }
        if session.status != Some(CheckoutSessionStatus::Complete)
            || session.payment_status.as_deref() != Some("paid")
        {
            return not_paid(format!(
                "Checkout Session {} is not paid yet (status {}, payment_status {})",
                session.id,
                session.status.as_ref().map_or("unknown", |s| s.as_str()),
                session.payment_status.as_deref().unwrap_or("unknown")
            ));
        }
        let payment_intent = match session.payment_intent.take() {
            Some(Expandable::Object(payment_intent)) => *payment_intent,
            _ => {
                return not_paid(format!(
                    "Checkout Session {} has no PaymentIntent",
                    session.id
                ))
            }
        };
        let payment_method_id = payment_intent
            .payment_method_id()
            .map(str::to_owned)
            .ok_or_else(|| {
                Error::invalid_state(
                    "session_id",
                    format!("PaymentIntent {} has no payment method", payment_intent.id),
                )
            })?;
        let customer_id = session
            .customer_id()
            .or_else(|| payment_intent.customer_id())
            .map(str::to_owned)
            .ok_or_else(|| {
                Error::invalid_state(
                    "session_id",
                    format!("Checkout Session {} has no customer", session.id),
                )
            })?;
        session.payment_intent = Some(Expandable::Id(payment_intent.id.clone()));
        Ok(CompletedRecovery {
            customer_id,
            payment_method_id,
            declined_payment_intent_id: session.metadata.get(RECOVERY_METADATA_KEY).cloned(),
            payment_intent,
            session,
        })
    }
}
