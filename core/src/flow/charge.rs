//! Steps 6–7: charge a saved card off-session; on a decline, a recovery Checkout Session.

use crate::error::ApiError;
use crate::flow::step_key;
use crate::resources::{
    CheckoutSession, CreateCheckoutSession, CreatePaymentIntent, PaymentIntent,
};
use crate::types::Metadata;
use crate::{validate, Client, Error, Result};

/// Metadata key on the recovery session naming the declined PaymentIntent.
pub const RECOVERY_METADATA_KEY: &str = "offsession_declined_payment_intent";

/// What [`Client::charge_off_session`] needs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OffSessionCharge {
    /// The customer (`cus_…`).
    pub customer: String,
    /// The saved payment method (`pm_…`), attached to that customer.
    pub payment_method: String,
    /// Amount in the currency's smallest unit (1099 is 10.99 USD), 1 ..= 99,999,999.
    pub amount: i64,
    /// Three-letter lowercase currency code.
    pub currency: String,
    /// Free-form description of the PaymentIntent.
    pub description: Option<String>,
    /// Your key-value pairs for the PaymentIntent.
    pub metadata: Metadata,
    /// Your key for this logical charge (an order id, say). With it, running the same charge
    /// again — after a crash, a timeout or a lost response — returns the first outcome and
    /// creates nothing new: no second charge, no second recovery session.
    pub idempotency_key: Option<String>,
    /// How to build the recovery session if the charge is declined.
    pub recovery: Recovery,
}

/// The recovery Checkout Session created after a decline: same customer, amount and currency.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recovery {
    /// The line item's name on the hosted page (`"T-shirt"`).
    pub product_name: String,
    /// Where the customer lands after paying.
    pub success_url: String,
    /// Where the customer lands on cancel.
    pub cancel_url: Option<String>,
}

/// The outcome of an off-session charge: a closed set.
#[derive(Clone, Debug, PartialEq)]
pub enum ChargeOutcome {
    /// The charge went through (the PaymentIntent's status is `succeeded`, or `processing` for
    /// asynchronous payment methods).
    Succeeded(Box<PaymentIntent>),
    /// The bank declined or asked for authentication (HTTP 402). Send the customer to
    /// `recovery_session.url` to pay with another card or authenticate.
    NeedsRecovery {
        /// The card error: `code` (`card_declined`, `authentication_required`),
        /// `decline_code`, message, request id.
        error: Box<ApiError>,
        /// The PaymentIntent, now `requires_payment_method`, when Stripe returned it.
        payment_intent: Option<Box<PaymentIntent>>,
        /// A new `mode=payment` session for the same customer, amount and currency.
        recovery_session: Box<CheckoutSession>,
    },
}

impl ChargeOutcome {
    /// The PaymentIntent, if there is one.
    pub fn payment_intent(&self) -> Option<&PaymentIntent> {
        match self {
            ChargeOutcome::Succeeded(payment_intent) => Some(payment_intent),
            ChargeOutcome::NeedsRecovery { payment_intent, .. } => payment_intent.as_deref(),
        }
    }

    /// Whether the charge went through.
    pub fn is_succeeded(&self) -> bool {
        matches!(self, ChargeOutcome::Succeeded(_))
    }
}

impl OffSessionCharge {
    fn validate(&self) -> Result<()> {
        validate::object_id("customer", &self.customer)?;
        validate::object_id("payment_method", &self.payment_method)?;
        validate::amount("amount", self.amount)?;
        validate::currency("currency", &self.currency)?;
        if let Some(key) = &self.idempotency_key {
            validate::idempotency_key("idempotency_key", key)?;
        }
        validate::non_empty("recovery.product_name", &self.recovery.product_name)?;
        validate::non_empty("recovery.success_url", &self.recovery.success_url)?;
        Ok(())
    }
}

impl Client {
    /// Steps 6–7: charges the saved card with the customer absent (`off_session=true`,
    /// `confirm=true`). A decline (HTTP 402) is not an error but
    /// [`ChargeOutcome::NeedsRecovery`], with a fresh payment-mode Checkout Session whose URL
    /// you send to the customer. Every other failure stays an [`Error`].
    ///
    /// With `idempotency_key`, the PaymentIntent and the recovery session are created with
    /// keys derived from it, so a re-run replays both instead of charging again. If creating
    /// the recovery session fails, the error is returned; re-running with the same key replays
    /// the decline and tries the session again.
    pub async fn charge_off_session(&self, charge: &OffSessionCharge) -> Result<ChargeOutcome> {
        charge.validate()?;
        let key = charge.idempotency_key.as_deref();
        let attempt = self
            .payment_intents()
            .create(&CreatePaymentIntent {
                amount: charge.amount,
                currency: charge.currency.clone(),
                customer: Some(charge.customer.clone()),
                payment_method: Some(charge.payment_method.clone()),
                off_session: Some(true),
                confirm: Some(true),
                description: charge.description.clone(),
                metadata: charge.metadata.clone(),
                idempotency_key: step_key(key, "payment_intent"),
            })
            .await;
        let mut error = match attempt {
            Ok(payment_intent) => return Ok(ChargeOutcome::Succeeded(Box::new(payment_intent))),
            Err(Error::Card(error)) => error,
            Err(other) => return Err(other),
        };
        let payment_intent = error.details.payment_intent.take();

        let mut metadata = Metadata::new();
        if let Some(payment_intent) = &payment_intent {
            metadata.insert(RECOVERY_METADATA_KEY.into(), payment_intent.id.clone());
        }
        let recovery_session = self
            .checkout_sessions()
            .create(&CreateCheckoutSession {
                cancel_url: charge.recovery.cancel_url.clone(),
                customer: Some(charge.customer.clone()),
                metadata,
                idempotency_key: step_key(key, "recovery_session"),
                ..CreateCheckoutSession::payment(
                    &charge.recovery.product_name,
                    charge.amount,
                    &charge.currency,
                    &charge.recovery.success_url,
                )
            })
            .await?;
        Ok(ChargeOutcome::NeedsRecovery {
            error,
            payment_intent,
            recovery_session: Box::new(recovery_session),
        })
    }
}
