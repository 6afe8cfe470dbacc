//! Payment intents: `POST /v1/payment_intents`, `GET /v1/payment_intents/{id}`,
//! `POST /v1/payment_intents/{id}/cancel`.

use http::Method;
use serde::{Deserialize, Serialize};

use crate::error::ErrorDetails;
use crate::expandable::{Expandable, Object};
use crate::params::{CancelPaymentIntent, CreatePaymentIntent};
use crate::resources::{Charge, Customer, PaymentMethod};
use crate::types::{string_enum, Extra, Metadata};
use crate::{validate, Client, Request};

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

impl<'a> PaymentIntents<'a> {
    /// Creates a PaymentIntent; with `confirm` and `off_session` this charges a saved card.
    ///
    /// A declined charge is [`crate::Error::Card`] carrying the PaymentIntent
    /// ([`crate::Error::payment_intent`]); [`Client::charge_off_session`] turns that into a
    /// recovery Checkout Session for you.
    pub fn create(
        &self,
        params: &'a CreatePaymentIntent,
    ) -> Request<'a, CreatePaymentIntent, PaymentIntent> {
        let path = params.validate().map(|()| "/v1/payment_intents".to_owned());
        Request::new(self.client, Method::POST, path, Some(params))
    }

    /// Cancels a PaymentIntent that has not succeeded: after a decline, closes the declined one
    /// for good once the customer paid the recovery session (or will not). Stripe refuses a
    /// `succeeded` one (`invalid_request_error`, `payment_intent_unexpected_state`).
    pub fn cancel(
        &self,
        id: &str,
        params: &'a CancelPaymentIntent,
    ) -> Request<'a, CancelPaymentIntent, PaymentIntent> {
        let path =
            validate::object_id("id", id).map(|()| format!("/v1/payment_intents/{id}/cancel"));
        Request::new(self.client, Method::POST, path, Some(params))
    }

    /// Retrieves a PaymentIntent (`.expand([…])` for related objects).
    pub fn retrieve(&self, id: &str) -> Request<'a, (), PaymentIntent> {
        let path = validate::object_id("id", id).map(|()| format!("/v1/payment_intents/{id}"));
        Request::new(self.client, Method::GET, path, None)
    }
}

crate::response::from_response!(PaymentIntent);
