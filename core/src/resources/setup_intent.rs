//! Setup intents: `GET /v1/setup_intents/{id}`, `POST /v1/setup_intents/{id}`.

use http::Method;
use serde::{Deserialize, Serialize};

use crate::error::ErrorDetails;
use crate::expandable::{Expandable, Object};
use crate::params::UpdateSetupIntent;
use crate::resources::{Customer, PaymentMethod};
use crate::types::{string_enum, Extra, Metadata};
use crate::{validate, Client, Request};

string_enum! {
    /// Where a SetupIntent is in its life.
    pub enum SetupIntentStatus {
        /// Waiting for a payment method.
        RequiresPaymentMethod = "requires_payment_method",
        /// Waiting for confirmation.
        RequiresConfirmation = "requires_confirmation",
        /// The customer must authenticate.
        RequiresAction = "requires_action",
        /// Being processed.
        Processing = "processing",
        /// Canceled.
        Canceled = "canceled",
        /// The payment method is set up for future use.
        Succeeded = "succeeded",
    }
}

/// A SetupIntent: how Checkout's setup mode saves a payment method for later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetupIntent {
    /// `seti_…`
    pub id: String,
    /// Life-cycle status.
    pub status: SetupIntentStatus,
    /// The customer, when known.
    #[serde(default)]
    pub customer: Option<Expandable<Customer>>,
    /// The payment method that was set up.
    #[serde(default)]
    pub payment_method: Option<Expandable<PaymentMethod>>,
    /// `off_session` or `on_session`.
    #[serde(default)]
    pub usage: Option<String>,
    /// The error of the last failed setup attempt.
    #[serde(default)]
    pub last_setup_error: Option<ErrorDetails>,
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

impl SetupIntent {
    /// The id of the payment method that was set up.
    pub fn payment_method_id(&self) -> Option<&str> {
        self.payment_method.as_ref().map(Expandable::id)
    }

    /// The id of the customer.
    pub fn customer_id(&self) -> Option<&str> {
        self.customer.as_ref().map(Expandable::id)
    }
}

impl Object for SetupIntent {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The setup intents API. Obtained from [`Client::setup_intents`].
#[derive(Clone, Copy, Debug)]
pub struct SetupIntents<'a> {
    client: &'a Client,
}

impl Client {
    /// Setup intents: retrieve and update.
    pub fn setup_intents(&self) -> SetupIntents<'_> {
        SetupIntents { client: self }
    }
}

impl<'a> SetupIntents<'a> {
    /// Retrieves a SetupIntent (`.expand(["payment_method"])` brings the payment method).
    pub fn retrieve(&self, id: &str) -> Request<'a, (), SetupIntent> {
        let path = validate::object_id("id", id).map(|()| format!("/v1/setup_intents/{id}"));
        Request::new(self.client, Method::GET, path, None)
    }

    /// Updates a SetupIntent (its metadata is merged; a key set to `""` is removed).
    pub fn update(
        &self,
        id: &str,
        params: &'a UpdateSetupIntent,
    ) -> Request<'a, UpdateSetupIntent, SetupIntent> {
        let path = validate::object_id("id", id).map(|()| format!("/v1/setup_intents/{id}"));
        Request::new(self.client, Method::POST, path, Some(params))
    }
}

crate::response::from_response!(SetupIntent);
