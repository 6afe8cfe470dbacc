//! Checkout Sessions: `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`,
//! `POST /v1/checkout/sessions/{id}/expire`.

use http::Method;
use serde::{Deserialize, Serialize};

use crate::expandable::{Expandable, Object};
use crate::params::CreateCheckoutSession;
use crate::resources::{Customer, PaymentIntent, SetupIntent};
use crate::types::{string_enum, Extra, Metadata};
use crate::{validate, Client, Request};

string_enum! {
    /// What a Checkout Session collects.
    pub enum CheckoutSessionMode {
        /// A one-time payment (the recovery session after a decline).
        Payment = "payment",
        /// Save payment details for later, charging nothing now.
        Setup = "setup",
        /// Start a subscription.
        Subscription = "subscription",
    }
}

string_enum! {
    /// Whether the customer has finished the hosted page.
    pub enum CheckoutSessionStatus {
        /// Waiting for the customer.
        Open = "open",
        /// The customer finished; the payment method is saved or the payment made.
        Complete = "complete",
        /// The session expired unused.
        Expired = "expired",
    }
}

/// A Checkout Session: the Stripe-hosted page the customer is sent to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckoutSession {
    /// `cs_…`
    pub id: String,
    /// `payment`, `setup` or `subscription`.
    pub mode: CheckoutSessionMode,
    /// `open`, `complete` or `expired`.
    #[serde(default)]
    pub status: Option<CheckoutSessionStatus>,
    /// `paid`, `unpaid` or `no_payment_required`.
    #[serde(default)]
    pub payment_status: Option<String>,
    /// The URL of the hosted page to redirect the customer to (while `open`).
    #[serde(default)]
    pub url: Option<String>,
    /// The customer, when the session has one.
    #[serde(default)]
    pub customer: Option<Expandable<Customer>>,
    /// What the customer entered on the page (email, name).
    #[serde(default)]
    pub customer_details: Option<CustomerDetails>,
    /// Prefilled email when there was no customer.
    #[serde(default)]
    pub customer_email: Option<String>,
    /// In setup mode, the SetupIntent (expand `setup_intent` to get the object).
    #[serde(default)]
    pub setup_intent: Option<Expandable<SetupIntent>>,
    /// In payment mode, the PaymentIntent once the customer paid.
    #[serde(default)]
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    /// Three-letter lowercase currency code.
    #[serde(default)]
    pub currency: Option<String>,
    /// Total in the currency's smallest unit (payment mode).
    #[serde(default)]
    pub amount_total: Option<i64>,
    /// Subtotal before discounts and taxes (payment mode).
    #[serde(default)]
    pub amount_subtotal: Option<i64>,
    /// Where the customer is sent after finishing.
    #[serde(default)]
    pub success_url: Option<String>,
    /// Where the customer is sent on cancel.
    #[serde(default)]
    pub cancel_url: Option<String>,
    /// Creation time, Unix seconds.
    #[serde(default)]
    pub created: Option<i64>,
    /// When the session expires, Unix seconds.
    #[serde(default)]
    pub expires_at: Option<i64>,
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
    /// Every other field Stripe sent (`line_items` when expanded, …).
    #[serde(flatten)]
    pub extra: Extra,
}

impl CheckoutSession {
    /// The customer's id, whether or not `customer` was expanded.
    pub fn customer_id(&self) -> Option<&str> {
        self.customer.as_ref().map(Expandable::id)
    }

    /// The SetupIntent's id, whether or not `setup_intent` was expanded.
    pub fn setup_intent_id(&self) -> Option<&str> {
        self.setup_intent.as_ref().map(Expandable::id)
    }

    /// The PaymentIntent's id, whether or not `payment_intent` was expanded.
    pub fn payment_intent_id(&self) -> Option<&str> {
        self.payment_intent.as_ref().map(Expandable::id)
    }
}

impl Object for CheckoutSession {
    fn id(&self) -> &str {
        &self.id
    }
}

/// The customer's details as entered on the hosted page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerDetails {
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Every other field Stripe sent (address, tax ids, …).
    #[serde(flatten)]
    pub extra: Extra,
}

/// The Checkout Sessions API. Obtained from [`Client::checkout_sessions`].
#[derive(Clone, Copy, Debug)]
pub struct CheckoutSessions<'a> {
    client: &'a Client,
}

impl Client {
    /// Checkout Sessions: create (setup or payment mode), retrieve and expire.
    pub fn checkout_sessions(&self) -> CheckoutSessions<'_> {
        CheckoutSessions { client: self }
    }
}

impl<'a> CheckoutSessions<'a> {
    /// Creates a Checkout Session; redirect the customer to its `url` (or, with
    /// `ui_mode: embedded_page`, mount it with its `client_secret`).
    pub fn create(
        &self,
        params: &'a CreateCheckoutSession,
    ) -> Request<'a, CreateCheckoutSession, CheckoutSession> {
        let path = params
            .validate()
            .map(|()| "/v1/checkout/sessions".to_owned());
        Request::new(self.client, Method::POST, path, Some(params))
    }

    /// Retrieves a session. `.expand(["setup_intent"])` brings the SetupIntent inline, saving
    /// a request.
    pub fn retrieve(&self, id: &str) -> Request<'a, (), CheckoutSession> {
        let path = validate::object_id("id", id).map(|()| format!("/v1/checkout/sessions/{id}"));
        Request::new(self.client, Method::GET, path, None)
    }

    /// Expires an open session: its page stops accepting the customer (a recovery session
    /// that is no longer needed, say). Stripe refuses a session that is not `open`.
    pub fn expire(&self, id: &str) -> Request<'a, (), CheckoutSession> {
        let path =
            validate::object_id("id", id).map(|()| format!("/v1/checkout/sessions/{id}/expire"));
        Request::new(self.client, Method::POST, path, None)
    }
}

crate::response::from_response!(CheckoutSession);
