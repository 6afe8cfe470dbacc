//! Payment intents: `POST /v1/payment_intents`, `GET /v1/payment_intents/{id}`.

use serde::{Deserialize, Serialize};

use crate::error::ErrorDetails;
use crate::expandable::{Expandable, Object};
use crate::resources::{Charge, Customer, PaymentMethod};
use crate::types::{string_enum, Extra, Metadata};
use crate::{validate, Client, Result};

string_enum! {
    /// Where a PaymentIntent is in its life.
    pub enum PaymentIntentStatus {
        /// Needs a (new) payment method; also the state after a declined off-session charge.
        RequiresPaymentMethod = "requires_payment_method",
        /// Waiting for confirmation.
        RequiresConfirmation = "requires_confirmation",
        /// The customer must authenticate.
        RequiresAction = "requires_action",
        /// Being processed (asynchronous payment methods).
        Processing = "processing",
        /// Authorized, waiting for capture.
        RequiresCapture = "requires_capture",
        /// Canceled.
        Canceled = "canceled",
        /// The payment went through.
        Succeeded = "succeeded",
    }
}

/// A PaymentIntent: one attempt to collect an amount from a customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentIntent {
    /// `pi_…`
    pub id: String,
    /// Amount in the currency's smallest unit.
    pub amount: i64,
    /// Three-letter lowercase currency code.
    pub currency: String,
    /// Life-cycle status.
    pub status: PaymentIntentStatus,
    /// Amount collected so far.
    #[serde(default)]
    pub amount_received: Option<i64>,
    /// The customer charged.
    #[serde(default)]
    pub customer: Option<Expandable<Customer>>,
    /// The payment method used.
    #[serde(default)]
    pub payment_method: Option<Expandable<PaymentMethod>>,
    /// Why the last attempt failed (after a decline: `card_declined`, …).
    #[serde(default)]
    pub last_payment_error: Option<ErrorDetails>,
    /// The charge of the latest attempt: its id (`ch_…`), or the whole [`Charge`] when
    /// retrieved with `expand: ["latest_charge"]`.
    #[serde(default)]
    pub latest_charge: Option<Expandable<Charge>>,
    /// Free-form description.
    #[serde(default)]
    pub description: Option<String>,
    /// Creation time, Unix seconds.
    #[serde(default)]
    pub created: Option<i64>,
    /// Whether the object exists in live mode.
    #[serde(default)]
    pub livemode: bool,
    /// Your key-value pairs.
    #[serde(default)]
    pub metadata: Metadata,
    /// The response that brought this object (`Request-Id`, `Idempotent-Replayed`), when a
    /// call returned it; `None` when it was decoded from elsewhere (a webhook, an expansion).
    /// Not part of Stripe's JSON.
    #[serde(skip)]
    pub last_response: Option<crate::response::ResponseMeta>,
    /// Every other field Stripe sent (including `client_secret`).
    #[serde(flatten)]
    pub extra: Extra,
}

impl PaymentIntent {
    /// The id of the customer.
    pub fn customer_id(&self) -> Option<&str> {
        self.customer.as_ref().map(Expandable::id)
    }

    /// The id of the latest charge.
    pub fn latest_charge_id(&self) -> Option<&str> {
        self.latest_charge.as_ref().map(Expandable::id)
    }

    /// The id of the payment method.
    pub fn payment_method_id(&self) -> Option<&str> {
        self.payment_method.as_ref().map(Expandable::id)
    }

    /// The `client_secret`: what Stripe.js needs to confirm this PaymentIntent with the
    /// customer present (`stripe.confirmPayment` / `handleNextAction`), the on-session route
    /// for an `authentication_required` decline or a `requires_action` outcome. Send it to
    /// that customer's browser or app only, never log it.
    pub fn client_secret(&self) -> Option<&str> {
        self.extra
            .get("client_secret")
            .and_then(|value| value.as_str())
    }
}

impl Object for PaymentIntent {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Parameters of `POST /v1/payment_intents`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CreatePaymentIntent {
    /// Amount in the currency's smallest unit (1099 is 10.99 USD).
    pub amount: i64,
    /// Three-letter ISO currency code, sent lower-cased.
    #[serde(serialize_with = "validate::serialize_currency")]
    pub currency: String,
    /// The customer to charge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// The saved payment method to charge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<String>,
    /// `true`: the customer is not present, so the bank cannot ask them to authenticate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub off_session: Option<bool>,
    /// `true`: confirm (attempt the charge) now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirm: Option<bool>,
    /// Free-form description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Your key-value pairs.
    #[serde(skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// Makes a retry return the first result instead of charging twice. Generated when absent.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl CreatePaymentIntent {
    pub(crate) fn validate(&self) -> Result<()> {
        validate::amount("amount", self.amount)?;
        validate::currency("currency", &self.currency)?;
        if let Some(customer) = &self.customer {
            validate::object_id("customer", customer)?;
        }
        if let Some(payment_method) = &self.payment_method {
            validate::object_id("payment_method", payment_method)?;
        }
        Ok(())
    }
}

string_enum! {
    /// Why a PaymentIntent was canceled (`cancellation_reason`).
    pub enum CancellationReason {
        /// The customer did not come back (a declined charge whose recovery was not paid).
        Abandoned = "abandoned",
        /// A duplicate of another payment.
        Duplicate = "duplicate",
        /// Suspected fraud.
        Fraudulent = "fraudulent",
        /// The customer asked for it.
        RequestedByCustomer = "requested_by_customer",
    }
}

/// Parameters of `POST /v1/payment_intents/{id}/cancel`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CancelPaymentIntent {
    /// Why it is canceled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancellation_reason: Option<CancellationReason>,
    /// Makes a retry return the first result. Generated when absent.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The payment intents API. Obtained from [`Client::payment_intents`].
#[derive(Clone, Copy, Debug)]
pub struct PaymentIntents<'a> {
    client: &'a Client,
}

impl Client {
    /// Payment intents: create (and confirm), retrieve and cancel.
    pub fn payment_intents(&self) -> PaymentIntents<'_> {
        PaymentIntents { client: self }
    }
}

impl PaymentIntents<'_> {
    /// Creates a PaymentIntent; with `confirm` and `off_session` this charges a saved card.
    ///
    /// A declined charge is [`crate::Error::Card`] carrying the PaymentIntent
    /// ([`crate::Error::payment_intent`]); [`Client::charge_off_session`] turns that into a
    /// recovery Checkout Session for you.
    pub async fn create(&self, params: &CreatePaymentIntent) -> Result<PaymentIntent> {
        params.validate()?;
        self.client
            .post(
                "/v1/payment_intents",
                params,
                &[],
                params.idempotency_key.as_deref(),
            )
            .await
    }

    /// Cancels a PaymentIntent that has not succeeded: after a decline, closes the declined one
    /// for good once the customer paid the recovery session (or will not). Stripe refuses a
    /// `succeeded` one (`invalid_request_error`, `payment_intent_unexpected_state`).
    pub async fn cancel(&self, id: &str, params: &CancelPaymentIntent) -> Result<PaymentIntent> {
        validate::object_id("id", id)?;
        self.client
            .post(
                &format!("/v1/payment_intents/{id}/cancel"),
                params,
                &[],
                params.idempotency_key.as_deref(),
            )
            .await
    }

    /// Retrieves a PaymentIntent, expanding the given fields.
    pub async fn retrieve(&self, id: &str, expand: &[&str]) -> Result<PaymentIntent> {
        validate::object_id("id", id)?;
        self.client
            .get(&format!("/v1/payment_intents/{id}"), expand)
            .await
    }
}

crate::response::from_response!(PaymentIntent);
