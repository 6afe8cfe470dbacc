//! Steps 6–7: charge a saved card off-session; on a decline, a recovery Checkout Session.

use serde::Deserialize;

use crate::error::{ApiError, ErrorDetails};
use crate::flow::{name_caller_key, step_key};
use crate::params::{CreatePaymentIntent, OffSession, OffSessionKind, OffSessionPaymentIntentData};
use crate::resources::{CheckoutSession, PaymentIntent, PaymentIntentStatus};
use crate::types::Metadata;
use crate::{validate, Client, Error, Result};

/// Metadata key naming the declined PaymentIntent, on the recovery session and on the
/// PaymentIntent the customer pays it with.
pub const RECOVERY_METADATA_KEY: &str = "offsession_declined_payment_intent";

/// What [`Client::charge_off_session`] needs. Deserialisable, so every binding reads it from
/// its own values with [`crate::params::from_deserializer`].
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OffSessionCharge {
    /// The customer (`cus_…`).
    pub customer: String,
    /// The saved payment method (`pm_…`), attached to that customer.
    pub payment_method: String,
    /// Amount in the currency's smallest unit (1099 is 10.99 USD), 1 ..= 99,999,999.
    #[serde(deserialize_with = "crate::params::strict::i64")]
    pub amount: i64,
    /// Three-letter ISO currency code (`usd`; sent lower-cased).
    pub currency: String,
    /// Free-form description of the PaymentIntent.
    #[serde(default)]
    pub description: Option<String>,
    /// Your key-value pairs for the PaymentIntent.
    #[serde(default)]
    pub metadata: Metadata,
    /// Required: your key for this logical charge (an order id, say), at most 200 visible ASCII
    /// characters. Running the same charge again with it — after a crash, a timeout or a lost
    /// response — returns the first outcome and creates nothing new: no second charge, no
    /// second recovery session. The requests carry keys derived from it
    /// (`{key}:payment_intent`, `{key}:recovery_session`); errors name this key.
    pub idempotency_key: String,
    /// How to build the recovery session if the charge is declined.
    pub recovery: Recovery,
    /// `one_off` or `recurring`: the kind of off-session payment, which some banks and card
    /// networks take into account. Absent, `off_session=true` is sent.
    #[serde(default)]
    pub off_session: Option<OffSessionKind>,
    /// Every other PaymentIntent parameter: `statement_descriptor_suffix`, `receipt_email`,
    /// `capture_method` (`manual` gives [`ChargeOutcome::RequiresCapture`]),
    /// `error_on_requires_action`, `on_behalf_of`, `transfer_data`, `application_fee_amount`,
    /// `shipping`, `payment_method_options`, `mandate_data`, … After a decline, the recovery
    /// session's payment carries those a Checkout Session takes too (capture, Connect routing,
    /// statement descriptors, receipt email, shipping), checked before the charge.
    #[serde(default)]
    pub payment_intent_data: OffSessionPaymentIntentData,
}

/// The recovery Checkout Session created after a decline: same customer, amount and currency.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// The line item's name on the hosted page (`"T-shirt"`).
    pub product_name: String,
    /// Where the customer lands after paying: an absolute `http` or `https` URL. Add
    /// `{CHECKOUT_SESSION_ID}` to get the session id for [`Client::complete_recovery`].
    pub success_url: String,
    /// Where the customer lands on cancel: an absolute `http` or `https` URL.
    #[serde(default)]
    pub cancel_url: Option<String>,
    /// Saves the payment method the customer pays with for the next off-session charge
    /// (`payment_intent_data[setup_future_usage]=off_session`). On by default.
    #[serde(default = "yes", deserialize_with = "save_by_default")]
    pub save_payment_method: bool,
    /// When the session stops accepting payment, Unix seconds: 30 minutes to 24 hours after it
    /// is created (Stripe's default is 24 hours).
    #[serde(default, deserialize_with = "crate::params::strict::opt_i64")]
    pub expires_at: Option<i64>,
    /// Your reference for the session (an order or cart id), up to 200 characters.
    #[serde(default)]
    pub client_reference_id: Option<String>,
}

fn yes() -> bool {
    true
}

/// `save_payment_method`: a boolean, strictly; `null` (a binding's `None`) is the default, on.
fn save_by_default<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    crate::params::strict::opt_bool(deserializer).map(|value| value.unwrap_or(true))
}

impl Default for Recovery {
    fn default() -> Self {
        Self {
            product_name: String::new(),
            success_url: String::new(),
            cancel_url: None,
            save_payment_method: true,
            expires_at: None,
            client_reference_id: None,
        }
    }
}

/// The outcome of an off-session charge: one variant per state the payment can be in, a
/// closed set. Only [`Succeeded`](ChargeOutcome::Succeeded) means the money was collected.
///
/// | variant | what happened | what the merchant does |
/// |---|---|---|
/// | `Succeeded` | paid (`succeeded`) | fulfil the order |
/// | `Processing` | accepted, not paid yet (`processing`: bank debits such as ACH, SEPA, Bacs) | wait for `payment_intent.succeeded` or `payment_intent.payment_failed`; fulfil only on success |
/// | `RequiresCapture` | authorized, not captured (`requires_capture`) | capture it (or cancel it) within the authorization window |
/// | `RequiresAction` | the bank wants the customer to authenticate; nothing was charged | bring the customer back on-session and confirm with the PaymentIntent's `client_secret` (Stripe.js) |
/// | `NeedsRecovery` | declined or authentication required (HTTP 402); nothing was charged | send the customer to `recovery_session.url` |
/// | `RecoveryFailed` | declined (HTTP 402), and the recovery session could not be created | treat as declined; re-run with the same key later to create the session |
#[derive(Debug)]
pub enum ChargeOutcome {
    /// The payment went through: the PaymentIntent is `succeeded`.
    Succeeded(Box<PaymentIntent>),
    /// The payment method was debited asynchronously and the result is not known yet: the
    /// PaymentIntent is `processing`. Nothing is collected until Stripe sends
    /// `payment_intent.succeeded`; `payment_intent.payment_failed` means it was not.
    Processing(Box<PaymentIntent>),
    /// The amount is authorized, not collected: the PaymentIntent is `requires_capture`.
    RequiresCapture(Box<PaymentIntent>),
    /// The bank asked for authentication and Stripe answered without an error: the
    /// PaymentIntent is `requires_action`. Nothing was charged.
    RequiresAction(Box<PaymentIntent>),
    /// The bank declined or asked for authentication (HTTP 402). Nothing was charged. Send the
    /// customer to `recovery_session.url` to pay with another card or authenticate.
    NeedsRecovery {
        /// The card error: `code` (`card_declined`, `authentication_required`),
        /// `decline_code`, message, request id, and the PaymentIntent it happened on.
        error: Box<ApiError>,
        /// The declined PaymentIntent, now `requires_payment_method`, when Stripe returned it.
        payment_intent: Option<Box<PaymentIntent>>,
        /// A new `mode=payment` session for the same customer, amount and currency.
        recovery_session: Box<CheckoutSession>,
    },
    /// The bank declined (HTTP 402), and creating the recovery session failed afterwards.
    /// Nothing was charged. Re-running the charge with the same idempotency key replays the
    /// decline (no second attempt on the card) and tries the session again.
    RecoveryFailed {
        /// The card error, as in [`NeedsRecovery`](ChargeOutcome::NeedsRecovery).
        error: Box<ApiError>,
        /// The declined PaymentIntent, when Stripe returned it.
        payment_intent: Option<Box<PaymentIntent>>,
        /// Why the recovery session could not be created.
        recovery_error: Box<Error>,
    },
}

impl ChargeOutcome {
    /// The PaymentIntent, if there is one.
    pub fn payment_intent(&self) -> Option<&PaymentIntent> {
        match self {
            ChargeOutcome::Succeeded(payment_intent)
            | ChargeOutcome::Processing(payment_intent)
            | ChargeOutcome::RequiresCapture(payment_intent)
            | ChargeOutcome::RequiresAction(payment_intent) => Some(payment_intent),
            ChargeOutcome::NeedsRecovery { payment_intent, .. }
            | ChargeOutcome::RecoveryFailed { payment_intent, .. } => payment_intent.as_deref(),
        }
    }

    /// The outcome's name, identical in every binding: `succeeded`, `processing`,
    /// `requires_capture`, `requires_action`, `needs_recovery` or `recovery_failed`.
    pub fn name(&self) -> &'static str {
        match self {
            ChargeOutcome::Succeeded(_) => "succeeded",
            ChargeOutcome::Processing(_) => "processing",
            ChargeOutcome::RequiresCapture(_) => "requires_capture",
            ChargeOutcome::RequiresAction(_) => "requires_action",
            ChargeOutcome::NeedsRecovery { .. } => "needs_recovery",
            ChargeOutcome::RecoveryFailed { .. } => "recovery_failed",
        }
    }

    /// Whether the money was collected (only [`Succeeded`](ChargeOutcome::Succeeded)).
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
        if self.idempotency_key.is_empty() {
            return Err(Error::invalid_input(
                "idempotency_key",
                "is required: one key per logical charge (an order id, say), so that running the charge again replays it instead of charging twice",
            ));
        }
        validate::idempotency_key("idempotency_key", &self.idempotency_key)?;
        validate::non_empty("recovery[product_name]", &self.recovery.product_name)?;
        validate::redirect_url("recovery[success_url]", &self.recovery.success_url)?;
        if let Some(cancel_url) = &self.recovery.cancel_url {
            validate::redirect_url("recovery[cancel_url]", cancel_url)?;
        }
        if let Some(expires_at) = self.recovery.expires_at {
            validate::session_expiry("recovery[expires_at]", expires_at)?;
        }
        if let Some(reference) = &self.recovery.client_reference_id {
            validate::non_empty("recovery[client_reference_id]", reference)?;
            if reference.chars().count() > 200 {
                return Err(Error::invalid_input(
                    "recovery[client_reference_id]",
                    "must be at most 200 characters",
                ));
            }
        }
        // Whatever the recovery session would be refused for, refused before the charge.
        self.recovery_payment_intent_data(None)
            .map_err(|error| match error {
                Error::InvalidInput { param, message } => Error::invalid_input(
                    param,
                    format!("{message} (in the recovery session, which carries it)"),
                ),
                other => other,
            })?;
        Ok(())
    }
}

impl Client {
    /// Steps 6–7: charges the saved card with the customer absent (`off_session=true`,
    /// `confirm=true`) and names what happened in a [`ChargeOutcome`]. A decline (HTTP 402) is
    /// not an error but [`ChargeOutcome::NeedsRecovery`], with a fresh payment-mode Checkout
    /// Session whose URL you send to the customer. Every other failure is an [`Error`]; after
    /// one whose result is unknown (a connection error, a timeout, a 5xx), re-run the charge
    /// with the same `idempotency_key`.
    ///
    /// Everything is checked before the first request, the recovery URLs included, so a bad
    /// input can never fail the flow between the charge and its recovery session. The
    /// PaymentIntent and the recovery session are created with keys derived from
    /// `idempotency_key`, so a re-run replays both instead of charging again.
    pub async fn charge_off_session(&self, charge: &OffSessionCharge) -> Result<ChargeOutcome> {
        charge.validate()?;
        let key = Some(charge.idempotency_key.as_str());
        let attempt = self
            .payment_intents()
            .create(
                &charge
                    .payment_intent_data
                    .clone()
                    .complete(CreatePaymentIntent {
                        amount: charge.amount,
                        currency: charge.currency.clone(),
                        customer: Some(charge.customer.clone()),
                        payment_method: Some(charge.payment_method.clone()),
                        off_session: Some(match &charge.off_session {
                            Some(kind) => OffSession::Kind(kind.clone()),
                            None => OffSession::Bool(true),
                        }),
                        confirm: Some(true),
                        description: charge.description.clone(),
                        metadata: charge.metadata.clone(),
                        ..CreatePaymentIntent::default()
                    }),
            )
            .maybe_idempotency_key(step_key(key, "payment_intent"))
            .await;
        let error = match name_caller_key(attempt, key) {
            Ok(payment_intent) => return answered(payment_intent, &charge.idempotency_key),
            Err(Error::Card(error)) => error,
            Err(other) => return Err(other),
        };
        let payment_intent = error.details.payment_intent.clone();

        let session = self
            .create_recovery_session(
                charge,
                payment_intent.as_deref(),
                step_key(key, "recovery_session").as_deref(),
            )
            .await;
        Ok(match name_caller_key(session, key) {
            Ok(recovery_session) => ChargeOutcome::NeedsRecovery {
                error,
                payment_intent,
                recovery_session: Box::new(recovery_session),
            },
            Err(recovery_error) => ChargeOutcome::RecoveryFailed {
                error,
                payment_intent,
                recovery_error: Box::new(recovery_error),
            },
        })
    }
}

/// The outcome of a charge Stripe answered without an error, named by the PaymentIntent's
/// status. A status an off-session charge cannot end in (or one this version does not know)
/// is an [`Error::Api`] that carries the PaymentIntent, so nothing is assumed about it and
/// nothing is lost.
fn answered(payment_intent: PaymentIntent, key: &str) -> Result<ChargeOutcome> {
    let payment_intent = Box::new(payment_intent);
    Ok(match payment_intent.status {
        PaymentIntentStatus::Succeeded => ChargeOutcome::Succeeded(payment_intent),
        PaymentIntentStatus::Processing => ChargeOutcome::Processing(payment_intent),
        PaymentIntentStatus::RequiresCapture => ChargeOutcome::RequiresCapture(payment_intent),
        PaymentIntentStatus::RequiresAction => ChargeOutcome::RequiresAction(payment_intent),
        _ => {
            let status = payment_intent.status.to_string();
            return Err(Error::Api(Box::new(ApiError {
                http_status: 200,
                request_id: None,
                should_retry: Some(false),
                details: ErrorDetails {
                    type_: Some("api_error".into()),
                    message: Some(format!(
                        "the charge's PaymentIntent {} came back {status}, a state an off-session charge does not end in; nothing is assumed about it (see payment_intent)",
                        payment_intent.id
                    )),
                    payment_intent: Some(payment_intent),
                    ..ErrorDetails::default()
                },
                idempotency_key: Some(key.to_owned()),
                headers: Default::default(),
                http_body: String::new(),
            })));
        }
    })
}
