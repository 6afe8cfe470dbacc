//! Parameters of the resource calls, as records with defaults, and their conversion into the
//! core's types. Checks (ids, amounts, currencies, keys) are the core's, made when called.

use std::collections::HashMap;

/// Your key-value pairs, in key order as the core sends them.
pub(crate) fn metadata(metadata: HashMap<String, String>) -> offsession::Metadata {
    metadata.into_iter().collect()
}

/// Parameters of `POST /v1/customers`.
#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]
pub struct CreateCustomer {
    /// Email address.
    #[uniffi(default)]
    pub email: Option<String>,
    /// Full name or business name.
    #[uniffi(default)]
    pub name: Option<String>,
    /// Free-form description.
    #[uniffi(default)]
    pub description: Option<String>,
    /// Your key-value pairs.
    #[uniffi(default)]
    pub metadata: HashMap<String, String>,
    /// Makes a retry return the first customer instead of creating a second. Generated when
    /// absent; sent as `Idempotency-Key`.
    #[uniffi(default)]
    pub idempotency_key: Option<String>,
}

impl From<CreateCustomer> for offsession::CreateCustomer {
    fn from(params: CreateCustomer) -> Self {
        Self {
            email: params.email,
            name: params.name,
            description: params.description,
            metadata: metadata(params.metadata),
            idempotency_key: params.idempotency_key,
        }
    }
}

/// Parameters of `POST /v1/checkout/sessions`.
#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]
pub struct CreateCheckoutSession {
    /// `setup` (save a card) or `payment`. Required.
    #[uniffi(default)]
    pub mode: Option<String>,
    /// Where the customer lands after finishing; may contain `{CHECKOUT_SESSION_ID}`.
    pub success_url: String,
    /// Where the customer lands on cancel.
    #[uniffi(default)]
    pub cancel_url: Option<String>,
    /// Required in setup mode (Checkout picks payment methods by currency).
    #[uniffi(default)]
    pub currency: Option<String>,
    /// An existing customer (`cus_…`): the saved payment method is attached to it.
    #[uniffi(default)]
    pub customer: Option<String>,
    /// Prefills the email field when there is no customer.
    #[uniffi(default)]
    pub customer_email: Option<String>,
    /// What the customer pays for (payment mode).
    #[uniffi(default)]
    pub line_items: Vec<LineItem>,
    /// Your key-value pairs.
    #[uniffi(default)]
    pub metadata: HashMap<String, String>,
    /// Makes a retry return the first session. Generated when absent.
    #[uniffi(default)]
    pub idempotency_key: Option<String>,
}

impl From<CreateCheckoutSession> for offsession::CreateCheckoutSession {
    fn from(params: CreateCheckoutSession) -> Self {
        Self {
            mode: params
                .mode
                .as_deref()
                .map(offsession::CheckoutSessionMode::from),
            success_url: params.success_url,
            cancel_url: params.cancel_url,
            currency: params.currency,
            customer: params.customer,
            customer_email: params.customer_email,
            line_items: params.line_items.into_iter().map(Into::into).collect(),
            metadata: metadata(params.metadata),
            idempotency_key: params.idempotency_key,
        }
    }
}

/// One line of a payment-mode session: an existing `price`, or inline `price_data`.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct LineItem {
    /// An existing Price (`price_…`) instead of `price_data`.
    #[uniffi(default)]
    pub price: Option<String>,
    /// An inline price.
    #[uniffi(default)]
    pub price_data: Option<PriceData>,
    /// How many.
    #[uniffi(default = 1)]
    pub quantity: i64,
}

impl From<LineItem> for offsession::LineItem {
    fn from(item: LineItem) -> Self {
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
            quantity: item.quantity,
        }
    }
}

/// An inline price for a line item.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct PriceData {
    /// Three-letter lowercase currency code.
    pub currency: String,
    /// Amount in the currency's smallest unit.
    pub unit_amount: i64,
    /// The product being sold.
    pub product_data: ProductData,
}

/// An inline product for a price.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ProductData {
    /// The product's name, shown to the customer.
    pub name: String,
    /// Shown to the customer on the page.
    #[uniffi(default)]
    pub description: Option<String>,
}

/// Parameters of `POST /v1/payment_methods/{id}/attach`.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct AttachPaymentMethod {
    /// The customer to attach to (`cus_…`).
    pub customer: String,
    /// Makes a retry return the first result. Generated when absent.
    #[uniffi(default)]
    pub idempotency_key: Option<String>,
}

impl From<AttachPaymentMethod> for offsession::AttachPaymentMethod {
    fn from(params: AttachPaymentMethod) -> Self {
        Self {
            customer: params.customer,
            idempotency_key: params.idempotency_key,
        }
    }
}

/// Parameters of `POST /v1/payment_intents`.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct CreatePaymentIntent {
    /// Amount in the currency's smallest unit (1099 is 10.99 USD).
    pub amount: i64,
    /// Three-letter lowercase currency code.
    pub currency: String,
    /// The customer to charge.
    #[uniffi(default)]
    pub customer: Option<String>,
    /// The saved payment method to charge.
    #[uniffi(default)]
    pub payment_method: Option<String>,
    /// `true`: the customer is not present.
    #[uniffi(default)]
    pub off_session: Option<bool>,
    /// `true`: attempt the charge now.
    #[uniffi(default)]
    pub confirm: Option<bool>,
    /// Free-form description.
    #[uniffi(default)]
    pub description: Option<String>,
    /// Your key-value pairs.
    #[uniffi(default)]
    pub metadata: HashMap<String, String>,
    /// Makes a retry return the first result instead of charging twice. Generated when absent.
    #[uniffi(default)]
    pub idempotency_key: Option<String>,
}

impl From<CreatePaymentIntent> for offsession::CreatePaymentIntent {
    fn from(params: CreatePaymentIntent) -> Self {
        Self {
            amount: params.amount,
            currency: params.currency,
            customer: params.customer,
            payment_method: params.payment_method,
            off_session: params.off_session,
            confirm: params.confirm,
            description: params.description,
            metadata: metadata(params.metadata),
            idempotency_key: params.idempotency_key,
        }
    }
}

/// Parameters of `POST /v1/payment_intents/{id}/cancel`.
#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]
pub struct CancelPaymentIntent {
    /// Why it is canceled, as Stripe spells it: `abandoned` (the customer did not come back, or
    /// paid the recovery session instead), `duplicate`, `fraudulent` or
    /// `requested_by_customer`. Any other value is sent as it is, and Stripe refuses it
    /// (`InvalidRequest`, param `cancellation_reason`).
    #[uniffi(default)]
    pub cancellation_reason: Option<String>,
    /// Makes a retry return the first result. Generated when absent.
    #[uniffi(default)]
    pub idempotency_key: Option<String>,
}

impl From<CancelPaymentIntent> for offsession::CancelPaymentIntent {
    fn from(params: CancelPaymentIntent) -> Self {
        Self {
            cancellation_reason: params
                .cancellation_reason
                .as_deref()
                .map(offsession::CancellationReason::from),
            idempotency_key: params.idempotency_key,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancellation_reason_is_stripes_word_and_an_unknown_one_is_kept_as_it_is() {
        let known = offsession::CancelPaymentIntent::from(CancelPaymentIntent {
            cancellation_reason: Some("abandoned".into()),
            idempotency_key: Some("cancel-1".into()),
        });
        assert_eq!(
            known.cancellation_reason,
            Some(offsession::CancellationReason::Abandoned)
        );
        assert_eq!(known.idempotency_key.as_deref(), Some("cancel-1"));
        let unknown = offsession::CancelPaymentIntent::from(CancelPaymentIntent {
            cancellation_reason: Some("bored".into()),
            idempotency_key: None,
        });
        assert_eq!(
            unknown.cancellation_reason.map(|r| r.as_str().to_owned()),
            Some("bored".into())
        );
        assert_eq!(
            offsession::CancelPaymentIntent::from(CancelPaymentIntent::default()),
            offsession::CancelPaymentIntent::default()
        );
    }
}
