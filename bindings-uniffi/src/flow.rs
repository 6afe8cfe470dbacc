//! The flow's results: `SetupStarted`, `CompletedSetup`, `ChargeOutcome` (one case per state
//! of the payment), and `CompletedRecovery` once the customer paid a recovery session. Its
//! parameters (`StartSetup`, `OffSessionCharge`) arrive as JSON, read by the core.

use crate::error::ErrorDetails;
use crate::objects::{CheckoutSession, PaymentIntent, PaymentMethod, SetupIntent};

/// The result of `Client.startSetup`: redirect the customer to `url`.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct SetupStarted {
    /// The customer the card will be saved to, if the session has one.
    pub customer_id: Option<String>,
    /// The hosted page to redirect the customer to.
    pub url: Option<String>,
    /// The setup-mode session.
    pub session: CheckoutSession,
}

impl From<offsession::SetupStarted> for SetupStarted {
    fn from(started: offsession::SetupStarted) -> Self {
        Self {
            url: started.url().map(str::to_owned),
            customer_id: started.customer_id,
            session: CheckoutSession::from(&started.session),
        }
    }
}

/// A saved payment method, attached to its customer and ready for off-session charges.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct CompletedSetup {
    /// The customer to charge.
    pub customer_id: String,
    /// The payment method to charge.
    pub payment_method_id: String,
    /// The completed session.
    pub session: CheckoutSession,
    /// The SetupIntent that saved the payment method.
    pub setup_intent: SetupIntent,
    /// The payment method, when the response carried it.
    pub payment_method: Option<PaymentMethod>,
}

impl From<offsession::CompletedSetup> for CompletedSetup {
    fn from(saved: offsession::CompletedSetup) -> Self {
        Self {
            customer_id: saved.customer_id,
            payment_method_id: saved.payment_method_id,
            session: CheckoutSession::from(&saved.session),
            setup_intent: SetupIntent::from(&saved.setup_intent),
            payment_method: saved.payment_method.as_ref().map(PaymentMethod::from),
        }
    }
}

/// The result of `Client.completeRecovery`: the payment that replaced the declined charge, and
/// the payment method to charge the next time.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct CompletedRecovery {
    /// The customer who paid.
    pub customer_id: String,
    /// The payment method the customer paid with: the one to charge next time (the recovery
    /// session saved it for off-session use, unless `Recovery.save_payment_method` was false).
    pub payment_method_id: String,
    /// The PaymentIntent the customer paid (`succeeded`; it carries the charge's description
    /// and metadata).
    pub payment_intent: PaymentIntent,
    /// The declined PaymentIntent this recovery replaced, when the session names it: cancel it
    /// (`PaymentIntents.cancel`, reason `abandoned`) to close it for good.
    pub declined_payment_intent_id: Option<String>,
    /// The completed recovery session.
    pub session: CheckoutSession,
}

impl From<offsession::CompletedRecovery> for CompletedRecovery {
    fn from(recovered: offsession::CompletedRecovery) -> Self {
        Self {
            customer_id: recovered.customer_id,
            payment_method_id: recovered.payment_method_id,
            payment_intent: PaymentIntent::from(&recovered.payment_intent),
            declined_payment_intent_id: recovered.declined_payment_intent_id,
            session: CheckoutSession::from(&recovered.session),
        }
    }
}

/// The outcome of an off-session charge: one case per state the payment can be in. Only
/// `Succeeded` means the money was collected; see the core's `ChargeOutcome` for what to do
/// with each.
#[derive(Clone, Debug, PartialEq, uniffi::Enum)]
pub enum ChargeOutcome {
    /// Paid: the PaymentIntent is `succeeded`. Fulfil the order.
    Succeeded {
        /// The PaymentIntent.
        payment_intent: Box<PaymentIntent>,
    },
    /// Accepted, not paid yet: the PaymentIntent is `processing` (bank debits). Fulfil on
    /// `payment_intent.succeeded`; `payment_intent.payment_failed` means it was not paid.
    Processing {
        /// The PaymentIntent.
        payment_intent: Box<PaymentIntent>,
    },
    /// Authorized, not collected: the PaymentIntent is `requires_capture`. Capture or cancel it.
    RequiresCapture {
        /// The PaymentIntent.
        payment_intent: Box<PaymentIntent>,
    },
    /// The bank wants the customer to authenticate and nothing was charged: the PaymentIntent
    /// is `requires_action`. Bring the customer back on-session to confirm it.
    RequiresAction {
        /// The PaymentIntent.
        payment_intent: Box<PaymentIntent>,
    },
    /// The bank declined or asked for authentication (HTTP 402); nothing was charged. Send the
    /// customer to `recovery_session.url` to pay with another card or authenticate.
    NeedsRecovery {
        /// The card error (`kind` is `card_error`; `code` `card_declined` or
        /// `authentication_required`; `decline_code`; message; request id; the PaymentIntent).
        error: Box<ErrorDetails>,
        /// The PaymentIntent, now `requires_payment_method`, when Stripe returned it.
        payment_intent: Option<Box<PaymentIntent>>,
        /// A new `mode=payment` session for the same customer, amount and currency.
        recovery_session: Box<CheckoutSession>,
    },
    /// Declined (HTTP 402), and the recovery session could not be created; nothing was
    /// charged. Re-run the charge with the same key to replay the decline and try again.
    RecoveryFailed {
        /// The card error.
        error: Box<ErrorDetails>,
        /// The PaymentIntent, when Stripe returned it.
        payment_intent: Option<Box<PaymentIntent>>,
        /// Why the recovery session could not be created.
        recovery_error: Box<ErrorDetails>,
    },
}

impl From<offsession::ChargeOutcome> for ChargeOutcome {
    fn from(outcome: offsession::ChargeOutcome) -> Self {
        let intent = |pi: &offsession::PaymentIntent| Box::new(PaymentIntent::from(pi));
        let optional = |pi: Option<Box<offsession::PaymentIntent>>| pi.as_deref().map(intent);
        match outcome {
            offsession::ChargeOutcome::Succeeded(pi) => ChargeOutcome::Succeeded {
                payment_intent: intent(&pi),
            },
            offsession::ChargeOutcome::Processing(pi) => ChargeOutcome::Processing {
                payment_intent: intent(&pi),
            },
            offsession::ChargeOutcome::RequiresCapture(pi) => ChargeOutcome::RequiresCapture {
                payment_intent: intent(&pi),
            },
            offsession::ChargeOutcome::RequiresAction(pi) => ChargeOutcome::RequiresAction {
                payment_intent: intent(&pi),
            },
            offsession::ChargeOutcome::NeedsRecovery {
                error,
                payment_intent,
                recovery_session,
            } => ChargeOutcome::NeedsRecovery {
                error: Box::new(ErrorDetails::from(error)),
                payment_intent: optional(payment_intent),
                recovery_session: Box::new(CheckoutSession::from(&*recovery_session)),
            },
            offsession::ChargeOutcome::RecoveryFailed {
                error,
                payment_intent,
                recovery_error,
            } => ChargeOutcome::RecoveryFailed {
                error: Box::new(ErrorDetails::from(error)),
                payment_intent: optional(payment_intent),
                recovery_error: Box::new(ErrorDetails::from(&*recovery_error)),
            },
        }
    }
}
