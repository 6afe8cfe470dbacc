//! Payment methods: `GET /v1/payment_methods/{id}`, `POST /v1/payment_methods/{id}/attach`,
//! `POST /v1/payment_methods/{id}/detach`.

use http::Method;
use serde::{Deserialize, Serialize};

use crate::expandable::{Expandable, Object};
use crate::params::AttachPaymentMethod;
use crate::resources::Customer;
use crate::types::{Extra, Metadata};
use crate::{validate, Client, Request};

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

/// The payment methods API. Obtained from [`Client::payment_methods`].
#[derive(Clone, Copy, Debug)]
pub struct PaymentMethods<'a> {
    client: &'a Client,
}

impl Client {
    /// Payment methods: retrieve, attach and detach.
    pub fn payment_methods(&self) -> PaymentMethods<'_> {
        PaymentMethods { client: self }
    }
}

impl<'a> PaymentMethods<'a> {
    /// Retrieves a payment method by id.
    pub fn retrieve(&self, id: &str) -> Request<'a, (), PaymentMethod> {
        let path = validate::object_id("id", id).map(|()| format!("/v1/payment_methods/{id}"));
        Request::new(self.client, Method::GET, path, None)
    }

    /// Attaches a payment method to a customer so it can be charged later.
    pub fn attach(
        &self,
        id: &str,
        params: &'a AttachPaymentMethod,
    ) -> Request<'a, AttachPaymentMethod, PaymentMethod> {
        let path = validate::object_id("payment_method", id)
            .and_then(|()| params.validate())
            .map(|()| format!("/v1/payment_methods/{id}/attach"));
        Request::new(self.client, Method::POST, path, Some(params))
    }

    /// Detaches a payment method from its customer: it can no longer be charged, attached
    /// again or used in a session (Stripe's rule). Also unsets it as the customer's default.
    pub fn detach(&self, id: &str) -> Request<'a, (), PaymentMethod> {
        let path = validate::object_id("payment_method", id)
            .map(|()| format!("/v1/payment_methods/{id}/detach"));
        Request::new(self.client, Method::POST, path, None)
    }
}

crate::response::from_response!(PaymentMethod);
