//! Setup intents: `GET /v1/setup_intents/{id}`.

use serde::{Deserialize, Serialize};

use crate::error::ErrorDetails;
use crate::expandable::{Expandable, Object};
use crate::resources::{Customer, PaymentMethod};
use crate::types::{string_enum, Extra, Metadata};
use crate::{validate, Client, Result};

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

/// Parameters of `POST /v1/setup_intents/{id}` (the fields this SDK changes).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UpdateSetupIntent {
    /// Key-value pairs to set; a key set to `""` is removed.
    #[serde(skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// Makes a retry return the first result. Generated when absent.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
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

impl SetupIntents<'_> {
    /// Retrieves a SetupIntent, expanding the given fields (e.g. `["payment_method"]`).
    pub async fn retrieve(&self, id: &str, expand: &[&str]) -> Result<SetupIntent> {
        validate::object_id("id", id)?;
        self.client
            .get(&format!("/v1/setup_intents/{id}"), expand)
            .await
    }
    /// Sets metadata on a SetupIntent.
    pub async fn update(&self, id: &str, params: &UpdateSetupIntent) -> Result<SetupIntent> {
        validate::object_id("id", id)?;
        self.client
            .post(
                &format!("/v1/setup_intents/{id}"),
                params,
                &[],
                params.idempotency_key.as_deref(),
            )
            .await
    }
}

crate::response::from_response!(SetupIntent);
