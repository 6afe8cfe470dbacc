//! Events: what a webhook delivers. Verify them with [`crate::webhook`].

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::expandable::Object;
use crate::resources::{CheckoutSession, PaymentIntent};
use crate::types::{string_enum, Extra};
use crate::{Error, Result};

string_enum! {
    /// The kinds of event this SDK's flow reacts to; every other kind is `Unknown`.
    pub enum EventType {
        /// The customer finished a Checkout Session.
        CheckoutSessionCompleted = "checkout.session.completed",
        /// A Checkout Session expired unused.
        CheckoutSessionExpired = "checkout.session.expired",
        /// A payment went through.
        PaymentIntentSucceeded = "payment_intent.succeeded",
        /// A payment attempt failed (for example a declined off-session charge).
        PaymentIntentPaymentFailed = "payment_intent.payment_failed",
        /// A SetupIntent saved a payment method.
        SetupIntentSucceeded = "setup_intent.succeeded",
    }
}

/// A Stripe event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `evt_…`
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub type_: EventType,
    /// The object the event is about.
    pub data: EventData,
    /// The API version the object was rendered with.
    #[serde(default)]
    pub api_version: Option<String>,
    /// Creation time, Unix seconds.
    #[serde(default)]
    pub created: Option<i64>,
    /// Whether the event happened in live mode.
    #[serde(default)]
    pub livemode: bool,
    /// Webhooks still to be delivered.
    #[serde(default)]
    pub pending_webhooks: Option<i64>,
    /// The API request that caused it, if any.
    #[serde(default)]
    pub request: Option<EventRequest>,
    /// Every other field Stripe sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The object of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventData {
    /// The object as it was when the event happened (decode it with [`EventData::object_as`]).
    pub object: serde_json::Value,
    /// For `*.updated` events, the fields that changed and their old values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_attributes: Option<serde_json::Value>,
    /// Every other field Stripe sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The request that caused an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRequest {
    /// `req_…`, when an API request caused the event.
    #[serde(default)]
    pub id: Option<String>,
    /// The idempotency key of that request.
    #[serde(default)]
    pub idempotency_key: Option<String>,
    /// Every other field Stripe sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Object for Event {
    fn id(&self) -> &str {
        &self.id
    }
}

impl EventData {
    /// Decodes the event's object into a typed resource.
    pub fn object_as<T: DeserializeOwned>(&self) -> Result<T> {
        T::deserialize(&self.object).map_err(|e| {
            Error::invalid_input(
                "event",
                format!("data.object is not the expected object: {e}"),
            )
        })
    }

    /// The object's `object` field (`checkout.session`, `payment_intent`, …).
    pub fn object_kind(&self) -> Option<&str> {
        self.object.get("object")?.as_str()
    }
}

impl Event {
    /// Decodes an event from JSON **without verifying it**. For requests that claim to come
    /// from Stripe, use [`crate::webhook::construct_event`], which verifies the signature first.
    pub fn from_slice(json: &[u8]) -> Result<Self> {
        serde_json::from_slice(json)
            .map_err(|e| Error::invalid_input("payload", format!("is not a Stripe event: {e}")))
    }

    /// The Checkout Session of a `checkout.session.*` event.
    pub fn checkout_session(&self) -> Result<CheckoutSession> {
        self.expect_object("checkout.session")?;
        self.data.object_as()
    }

    /// The PaymentIntent of a `payment_intent.*` event.
    pub fn payment_intent(&self) -> Result<PaymentIntent> {
        self.expect_object("payment_intent")?;
        self.data.object_as()
    }

    fn expect_object(&self, kind: &str) -> Result<()> {
        match self.data.object_kind() {
            Some(found) if found == kind => Ok(()),
            found => Err(Error::invalid_input(
                "event",
                format!(
                    "event {} ({}) carries {}, not a {kind}",
                    self.id,
                    self.type_,
                    found.unwrap_or("an unknown object")
                ),
            )),
        }
    }
}
