//! Payment methods: `GET /v1/payment_methods/{id}`, `POST /v1/payment_methods/{id}/attach`.

use serde::{Deserialize, Serialize};

use crate::expandable::{Expandable, Object};
use crate::resources::Customer;
use crate::types::{Extra, Metadata};
use crate::{validate, Client, Result};

/// A saved payment method (a card, for the flows this SDK serves).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentMethod {
    /// `pm_…`
    pub id: String,
    /// `card`, `sepa_debit`, …
    #[serde(rename = "type", default)]
    pub type_: Option<String>,
    /// The customer it is attached to, if any.
    #[serde(default)]
    pub customer: Option<Expandable<Customer>>,
    /// Card details when `type` is `card`.
    #[serde(default)]
    pub card: Option<Card>,
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
    /// Every other field Stripe sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PaymentMethod {
    /// The id of the customer it is attached to.
    pub fn customer_id(&self) -> Option<&str> {
        self.customer.as_ref().map(Expandable::id)
    }
}

impl Object for PaymentMethod {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The card of a card payment method: enough to show "Visa •••• 4242, 12/34".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// `visa`, `mastercard`, `amex`, …
    #[serde(default)]
    pub brand: Option<String>,
    /// The last four digits.
    #[serde(default)]
    pub last4: Option<String>,
    /// Expiry month, 1–12.
    #[serde(default)]
    pub exp_month: Option<i64>,
    /// Four-digit expiry year.
    #[serde(default)]
    pub exp_year: Option<i64>,
    /// Two-letter issuing country.
    #[serde(default)]
    pub country: Option<String>,
    /// `credit`, `debit`, `prepaid` or `unknown`.
    #[serde(default)]
    pub funding: Option<String>,
    /// Identifies the card number across payment methods.
    #[serde(default)]
    pub fingerprint: Option<String>,
    /// Every other field Stripe sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Parameters of `POST /v1/payment_methods/{id}/attach`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AttachPaymentMethod {
    /// The customer to attach to (`cus_…`).
    pub customer: String,
    /// Makes a retry return the first result. Generated when absent.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

/// The payment methods API. Obtained from [`Client::payment_methods`].
#[derive(Clone, Copy, Debug)]
pub struct PaymentMethods<'a> {
    client: &'a Client,
}

impl Client {
    /// Payment methods: retrieve and attach.
    pub fn payment_methods(&self) -> PaymentMethods<'_> {
        PaymentMethods { client: self }
    }
}

impl PaymentMethods<'_> {
    /// Retrieves a payment method by id.
    pub async fn retrieve(&self, id: &str) -> Result<PaymentMethod> {
        validate::object_id("id", id)?;
        self.client
            .get(&format!("/v1/payment_methods/{id}"), &[])
            .await
    }

    /// Attaches a payment method to a customer so it can be charged later.
    pub async fn attach(&self, id: &str, params: &AttachPaymentMethod) -> Result<PaymentMethod> {
        validate::object_id("payment_method", id)?;
        validate::object_id("customer", &params.customer)?;
        self.client
            .post(
                &format!("/v1/payment_methods/{id}/attach"),
                params,
                &[],
                params.idempotency_key.as_deref(),
            )
            .await
    }
}

crate::response::from_response!(PaymentMethod);
