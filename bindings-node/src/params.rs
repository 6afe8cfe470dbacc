//! Parameter objects as JavaScript passes them (camelCase), and their conversion to the core.

use std::collections::HashMap;

use napi_derive::napi;

/// Options of `new Client(apiKey, options)`.
#[napi(object)]
pub struct ClientOptions {
    /// Where requests go (https, or http on loopback).
    pub base_url: Option<String>,
    /// Retries of a retryable failure (default 2).
    pub max_retries: Option<u32>,
    /// Overrides the pinned Stripe-Version.
    pub stripe_version: Option<String>,
    /// Milliseconds for one whole attempt.
    pub timeout: Option<f64>,
    /// Milliseconds to establish a connection.
    pub connect_timeout: Option<f64>,
    /// Acts for a connected account (Stripe-Account).
    pub stripe_account: Option<String>,
    /// Headers sent with every request (for routing through your own backend).
    pub headers: Option<HashMap<String, String>>,
}

/// `CustomerCreateParams` as JavaScript passes it.
#[napi(object)]
pub struct CustomerCreateParams {
    /// Email address.
    pub email: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Free-form description.
    pub description: Option<String>,
    /// Your key-value pairs.
    pub metadata: Option<HashMap<String, String>>,
    /// Makes a retry or re-run return the first result.
    pub idempotency_key: Option<String>,
}

/// `ProductDataParams` as JavaScript passes it.
#[napi(object)]
pub struct ProductDataParams {
    /// Name.
    pub name: String,
    /// Free-form description.
    pub description: Option<String>,
}

/// `PriceDataParams` as JavaScript passes it.
#[napi(object)]
pub struct PriceDataParams {
    /// Three-letter lowercase currency code.
    pub currency: String,
    /// Amount in the smallest unit.
    pub unit_amount: i64,
    /// The product being sold.
    pub product_data: ProductDataParams,
}

/// `LineItemParams` as JavaScript passes it.
#[napi(object)]
pub struct LineItemParams {
    /// An existing Price id.
    pub price: Option<String>,
    /// An inline price.
    pub price_data: Option<PriceDataParams>,
    /// How many (default 1).
    pub quantity: Option<i64>,
}

/// `CheckoutSessionCreateParams` as JavaScript passes it.
#[napi(object)]
pub struct CheckoutSessionCreateParams {
    /// `setup` or `payment`.
    pub mode: String,
    /// Where the customer lands afterwards.
    pub success_url: String,
    /// Three-letter lowercase currency code.
    pub currency: Option<String>,
    /// A customer id.
    pub customer: Option<String>,
    /// Prefills the email field.
    pub customer_email: Option<String>,
    /// Where the customer lands on cancel.
    pub cancel_url: Option<String>,
    /// What the customer pays for (payment mode).
    pub line_items: Option<Vec<LineItemParams>>,
    /// Your key-value pairs.
    pub metadata: Option<HashMap<String, String>>,
    /// Makes a retry or re-run return the first result.
    pub idempotency_key: Option<String>,
}

/// `PaymentIntentCreateParams` as JavaScript passes it.
#[napi(object)]
pub struct PaymentIntentCreateParams {
    /// Amount in the smallest unit (1099 is 10.99 USD).
    pub amount: i64,
    /// Three-letter lowercase currency code.
    pub currency: String,
    /// A customer id.
    pub customer: Option<String>,
    /// A payment method id.
    pub payment_method: Option<String>,
    /// The customer is not present.
    pub off_session: Option<bool>,
    /// Attempt the charge now.
    pub confirm: Option<bool>,
    /// Free-form description.
    pub description: Option<String>,
    /// Your key-value pairs.
    pub metadata: Option<HashMap<String, String>>,
    /// Makes a retry or re-run return the first result.
    pub idempotency_key: Option<String>,
}

/// `AttachParams` as JavaScript passes it.
#[napi(object)]
pub struct AttachParams {
    /// A customer id.
    pub customer: String,
    /// Makes a retry or re-run return the first result.
    pub idempotency_key: Option<String>,
}

/// `StartSetupParams` as JavaScript passes it.
#[napi(object)]
pub struct StartSetupParams {
    /// Three-letter lowercase currency code.
    pub currency: String,
    /// Where the customer lands afterwards.
    pub success_url: String,
    /// Where the customer lands on cancel.
    pub cancel_url: Option<String>,
    /// A customer id.
    pub customer: Option<String>,
    /// A customer to create first.
    pub new_customer: Option<CustomerCreateParams>,
    /// Your key-value pairs.
    pub metadata: Option<HashMap<String, String>>,
    /// Makes a retry or re-run return the first result.
    pub idempotency_key: Option<String>,
}

/// `CompleteSetupOptions` as JavaScript passes it.
#[napi(object)]
pub struct CompleteSetupOptions {
    /// A customer id.
    pub customer: Option<String>,
}

/// `RecoveryParams` as JavaScript passes it.
#[napi(object)]
pub struct RecoveryParams {
    /// The line item name on the recovery page.
    pub product_name: String,
    /// Where the customer lands afterwards.
    pub success_url: String,
    /// Where the customer lands on cancel.
    pub cancel_url: Option<String>,
}

/// `ChargeParams` as JavaScript passes it.
#[napi(object)]
pub struct ChargeParams {
    /// A customer id.
    pub customer: String,
    /// A payment method id.
    pub payment_method: String,
    /// Amount in the smallest unit (1099 is 10.99 USD).
    pub amount: i64,
    /// Three-letter lowercase currency code.
    pub currency: String,
    /// How to build the recovery session after a decline.
    pub recovery: RecoveryParams,
    /// Free-form description.
    pub description: Option<String>,
    /// Your key-value pairs.
    pub metadata: Option<HashMap<String, String>>,
    /// Makes a retry or re-run return the first result.
    pub idempotency_key: Option<String>,
}

/// `metadata` → the core's ordered map.
pub fn metadata(map: Option<HashMap<String, String>>) -> offsession::Metadata {
    map.unwrap_or_default().into_iter().collect()
}

impl From<CustomerCreateParams> for offsession::CreateCustomer {
    fn from(p: CustomerCreateParams) -> Self {
        Self {
            email: p.email,
            name: p.name,
            description: p.description,
            metadata: metadata(p.metadata),
            idempotency_key: p.idempotency_key,
        }
    }
}

impl From<LineItemParams> for offsession::LineItem {
    fn from(item: LineItemParams) -> Self {
        Self {
            price: item.price,
            price_data: item.price_data.map(|data| offsession::PriceData {
                currency: data.currency,
                unit_amount: data.unit_amount,
                product_data: offsession::ProductData {
                    name: data.product_data.name,
                    description: data.product_data.description,
                },
            }),
            quantity: item.quantity.unwrap_or(1),
        }
    }
}

impl From<CheckoutSessionCreateParams> for offsession::CreateCheckoutSession {
    fn from(p: CheckoutSessionCreateParams) -> Self {
        Self {
            mode: Some(p.mode.as_str().into()),
            success_url: p.success_url,
            currency: p.currency,
            customer: p.customer,
            customer_email: p.customer_email,
            cancel_url: p.cancel_url,
            line_items: p
                .line_items
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            metadata: metadata(p.metadata),
            idempotency_key: p.idempotency_key,
        }
    }
}

impl From<PaymentIntentCreateParams> for offsession::CreatePaymentIntent {
    fn from(p: PaymentIntentCreateParams) -> Self {
        Self {
            amount: p.amount,
            currency: p.currency,
            customer: p.customer,
            payment_method: p.payment_method,
            off_session: p.off_session,
            confirm: p.confirm,
            description: p.description,
            metadata: metadata(p.metadata),
            idempotency_key: p.idempotency_key,
        }
    }
}

impl From<StartSetupParams> for offsession::StartSetup {
    fn from(p: StartSetupParams) -> Self {
        Self {
            currency: p.currency,
            success_url: p.success_url,
            cancel_url: p.cancel_url,
            customer: p.customer,
            new_customer: p.new_customer.map(Into::into),
            metadata: metadata(p.metadata),
            idempotency_key: p.idempotency_key,
        }
    }
}

impl From<ChargeParams> for offsession::OffSessionCharge {
    fn from(p: ChargeParams) -> Self {
        Self {
            customer: p.customer,
            payment_method: p.payment_method,
            amount: p.amount,
            currency: p.currency,
            description: p.description,
            metadata: metadata(p.metadata),
            idempotency_key: p.idempotency_key,
            recovery: offsession::Recovery {
                product_name: p.recovery.product_name,
                success_url: p.recovery.success_url,
                cancel_url: p.recovery.cancel_url,
            },
        }
    }
}
