//! Checkout Sessions: `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`.

use serde::{Deserialize, Serialize};

use crate::expandable::{Expandable, Object};
use crate::resources::{Customer, PaymentIntent, SetupIntent};
use crate::types::{string_enum, Extra, Metadata};
use crate::{validate, Client, Error, Result};

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

/// Parameters of `POST /v1/checkout/sessions`. Fields are in Stripe's (alphabetical) order, so
/// the encoded body reads like Stripe's own examples.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CreateCheckoutSession {
    /// Where the customer goes on cancel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<String>,
    /// Required in setup mode (Checkout picks payment methods by currency). Sent lower-cased.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "validate::serialize_optional_currency"
    )]
    pub currency: Option<String>,
    /// An existing customer: the saved payment method is attached to it automatically.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Prefills the email field when there is no customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_email: Option<String>,
    /// What the customer pays for (payment mode).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub line_items: Vec<LineItem>,
    /// Your key-value pairs.
    #[serde(skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// `setup` to save a card, `payment` to take a payment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<CheckoutSessionMode>,
    /// Where the customer goes after finishing; may contain `{CHECKOUT_SESSION_ID}`.
    pub success_url: String,
    /// Makes a retry return the first session instead of creating another. Generated when
    /// absent.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl CreateCheckoutSession {
    /// A setup-mode session that saves a payment method in `currency` for later charges.
    pub fn setup(currency: impl Into<String>, success_url: impl Into<String>) -> Self {
        Self {
            mode: Some(CheckoutSessionMode::Setup),
            currency: Some(currency.into()),
            success_url: success_url.into(),
            ..Self::default()
        }
    }

    /// A payment-mode session for one item of `unit_amount` in `currency`, named `name`.
    pub fn payment(
        name: impl Into<String>,
        unit_amount: i64,
        currency: impl Into<String>,
        success_url: impl Into<String>,
    ) -> Self {
        Self {
            mode: Some(CheckoutSessionMode::Payment),
            line_items: vec![LineItem::new(name, unit_amount, currency)],
            success_url: success_url.into(),
            ..Self::default()
        }
    }

    fn validate(&self) -> Result<()> {
        if self.mode.is_none() {
            return Err(Error::invalid_input(
                "mode",
                "is required: setup (save a card) or payment",
            ));
        }
        validate::non_empty("success_url", &self.success_url)?;
        if let Some(currency) = &self.currency {
            validate::currency("currency", currency)?;
        }
        if let Some(customer) = &self.customer {
            validate::object_id("customer", customer)?;
        }
        for (index, item) in self.line_items.iter().enumerate() {
            item.validate(index)?;
        }
        Ok(())
    }
}

/// One line of a payment-mode session.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LineItem {
    /// An existing Price (`price_…`) instead of `price_data`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    /// An inline price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_data: Option<PriceData>,
    /// How many.
    pub quantity: i64,
}

impl LineItem {
    /// One item named `name` at `unit_amount` in `currency`.
    pub fn new(name: impl Into<String>, unit_amount: i64, currency: impl Into<String>) -> Self {
        Self {
            price: None,
            price_data: Some(PriceData {
                currency: currency.into(),
                product_data: ProductData {
                    name: name.into(),
                    description: None,
                },
                unit_amount,
            }),
            quantity: 1,
        }
    }

    fn validate(&self, index: usize) -> Result<()> {
        let param = |field: &str| format!("line_items[{index}][{field}]");
        if self.quantity < 1 {
            return Err(Error::invalid_input(
                param("quantity"),
                "must be at least 1",
            ));
        }
        match (&self.price, &self.price_data) {
            (Some(price), None) => validate::object_id(&param("price"), price),
            (None, Some(data)) => {
                validate::currency(
                    &format!("line_items[{index}][price_data][currency]"),
                    &data.currency,
                )?;
                validate::amount(
                    &format!("line_items[{index}][price_data][unit_amount]"),
                    data.unit_amount,
                )?;
                validate::non_empty(
                    &format!("line_items[{index}][price_data][product_data][name]"),
                    &data.product_data.name,
                )
            }
            _ => Err(Error::invalid_input(
                param("price_data"),
                "give exactly one of price or price_data",
            )),
        }
    }
}

/// An inline price for a line item.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PriceData {
    /// Three-letter ISO currency code, sent lower-cased.
    #[serde(serialize_with = "validate::serialize_currency")]
    pub currency: String,
    /// The product being sold.
    pub product_data: ProductData,
    /// Amount in the currency's smallest unit.
    pub unit_amount: i64,
}

/// An inline product for a price.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProductData {
    /// Shown to the customer on the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The product's name, shown to the customer.
    pub name: String,
}

/// The Checkout Sessions API. Obtained from [`Client::checkout_sessions`].
#[derive(Clone, Copy, Debug)]
pub struct CheckoutSessions<'a> {
    client: &'a Client,
}

impl Client {
    /// Checkout Sessions: create (setup or payment mode) and retrieve.
    pub fn checkout_sessions(&self) -> CheckoutSessions<'_> {
        CheckoutSessions { client: self }
    }
}

impl CheckoutSessions<'_> {
    /// Creates a Checkout Session; redirect the customer to its `url`.
    pub async fn create(&self, params: &CreateCheckoutSession) -> Result<CheckoutSession> {
        params.validate()?;
        self.client
            .post(
                "/v1/checkout/sessions",
                params,
                &[],
                params.idempotency_key.as_deref(),
            )
            .await
    }

    /// Retrieves a session, expanding the given fields: `["setup_intent"]` brings the
    /// SetupIntent inline, saving a request.
    pub async fn retrieve(&self, id: &str, expand: &[&str]) -> Result<CheckoutSession> {
        validate::object_id("id", id)?;
        self.client
            .get(&format!("/v1/checkout/sessions/{id}"), expand)
            .await
    }
}

crate::response::from_response!(CheckoutSession);
