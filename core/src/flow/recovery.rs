//! The recovery Checkout Session's request: a payment-mode session for the declined charge whose
//! PaymentIntent carries the charge's description and metadata plus the declined PaymentIntent's
//! id, so the `payment_intent.succeeded` of the recovery can be matched to the order, the
//! charge's capture, Connect routing, statement and receipt parameters, so the recovered payment
//! is taken, routed and described like the declined one, and which saves the card the customer
//! enters for the next off-session charge; and, once the customer has paid it,
//! [`Client::complete_recovery`].

use crate::expandable::Expandable;
use crate::flow::charge::{OffSessionCharge, RECOVERY_METADATA_KEY};
use crate::params::json::{At, FromJson};
use crate::params::{
    CreateCheckoutSession, CreateCheckoutSessionLineItem, CreateCheckoutSessionMode,
    CreateCheckoutSessionPaymentIntentData, SetupFutureUsage,
};
use crate::resources::{
    CheckoutSession, CheckoutSessionMode, CheckoutSessionStatus, PaymentIntent,
};
use crate::types::Metadata;
use crate::{validate, Client, Error, Result};

/// The charge's `payment_intent_data` that a Checkout Session's `payment_intent_data` takes
/// too, carried into the recovery payment. `transfer_data` carries its `amount` and
/// `destination` (a session takes nothing else there), so the money goes where the declined
/// charge would have sent it.
const CARRIED: [&str; 9] = [
    "application_fee_amount",
    "capture_method",
    "on_behalf_of",
    "receipt_email",
    "shipping",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "transfer_data",
    "transfer_group",
];

impl OffSessionCharge {
    /// The recovery session's `payment_intent_data`: the charge's description and metadata (plus
    /// the declined PaymentIntent's id, when there is one), the [`CARRIED`] parameters, and
    /// `setup_future_usage` when the payment method is to be saved. Built before the charge too,
    /// so that a parameter a session refuses is an input error before anything is charged.
    pub(crate) fn recovery_payment_intent_data(
        &self,
        declined: Option<&PaymentIntent>,
    ) -> Result<CreateCheckoutSessionPaymentIntentData> {
        let mut carried = match serde_json::to_value(&self.payment_intent_data) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        carried.retain(|key, _| CARRIED.contains(&key.as_str()));
        if let Some(serde_json::Value::Object(transfer)) = carried.get_mut("transfer_data") {
            transfer.retain(|key, _| key == "amount" || key == "destination");
        }
        let mut data = CreateCheckoutSessionPaymentIntentData::from_json(
            serde_json::Value::Object(carried),
            &At::root("payment_intent_data"),
        )?;
        data.description.clone_from(&self.description);
        data.metadata.clone_from(&self.metadata);
        if let Some(declined) = declined {
            data.metadata
                .insert(RECOVERY_METADATA_KEY.into(), declined.id.clone());
        }
        data.setup_future_usage = self
            .recovery
            .save_payment_method
            .then_some(SetupFutureUsage::OffSession);
        Ok(data)
    }
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
        if let Some(declined) = declined {
            session_metadata.insert(RECOVERY_METADATA_KEY.into(), declined.id.clone());
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
            payment_intent_data: Some(charge.recovery_payment_intent_data(declined)?),
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
