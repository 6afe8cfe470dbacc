//! Stripe objects as records: the fields an app reads typed, and `json`, the whole object as
//! Stripe sent it (every field, expanded objects included), so nothing is lost. An object a call
//! returned also keeps `last_response`, what the response said about itself.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

/// The object as JSON, with Stripe's field names. Serialising a decoded object cannot fail
/// (string keys only); an empty string would show the impossible.
fn json(object: &impl Serialize) -> String {
    serde_json::to_string(object).unwrap_or_default()
}

fn metadata(metadata: &offsession::Metadata) -> HashMap<String, String> {
    metadata
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// What Stripe's response said about itself, kept on every object a call returns (as
/// stripe-python's `last_response` and stripe-node's `lastResponse`): the request id to quote to
/// Stripe support, and whether the answer replayed an earlier request with the same idempotency
/// key — a re-run that created and charged nothing new.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ResponseMeta {
    /// The HTTP status (200 for every object a call returns).
    pub http_status: u16,
    /// The `Request-Id` header.
    pub request_id: Option<String>,
    /// `Idempotent-Replayed: true`: Stripe answered with the stored result of an earlier
    /// request that had the same idempotency key; nothing was created or charged again.
    pub idempotent_replayed: bool,
    /// The `Idempotency-Key` the request was sent with (POSTs only; for a flow call, the key
    /// derived from the caller's, e.g. `order-42:payment_intent`).
    pub idempotency_key: Option<String>,
}

impl From<&offsession::ResponseMeta> for ResponseMeta {
    fn from(meta: &offsession::ResponseMeta) -> Self {
        Self {
            http_status: meta.http_status,
            request_id: meta.request_id.clone(),
            idempotent_replayed: meta.idempotent_replayed,
            idempotency_key: meta.idempotency_key.clone(),
        }
    }
}

fn last_response(meta: Option<&offsession::ResponseMeta>) -> Option<ResponseMeta> {
    meta.map(ResponseMeta::from)
}

/// A Stripe Customer.
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct Customer {
    /// `cus_…`
    pub id: String,
    /// Email address.
    pub email: Option<String>,
    /// Full name or business name.
    pub name: Option<String>,
    /// Free-form description.
    pub description: Option<String>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Whether the object exists in live mode.
    pub livemode: bool,
    /// Your key-value pairs.
    pub metadata: HashMap<String, String>,
    /// The response that brought this object, when a call returned it; `None` when it came
    /// inside another object (an expansion) or from a webhook.
    pub last_response: Option<ResponseMeta>,
    /// The whole object as Stripe sent it (JSON).
    pub json: String,
}

impl From<&offsession::Customer> for Customer {
    fn from(customer: &offsession::Customer) -> Self {
        Self {
            id: customer.id.clone(),
            email: customer.email.clone(),
            name: customer.name.clone(),
            description: customer.description.clone(),
            created: customer.created,
            livemode: customer.livemode,
            metadata: metadata(&customer.metadata),
            last_response: last_response(customer.last_response.as_ref()),
            json: json(customer),
        }
    }
}

/// Short, for logs: never the `json` (a PaymentIntent's holds its `client_secret`).
impl fmt::Debug for Customer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Customer({}", self.id)?;
        if let Some(email) = &self.email {
            write!(f, ", {email}")?;
        }
        f.write_str(")")
    }
}

/// A Checkout Session: the Stripe-hosted page the customer is sent to.
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct CheckoutSession {
    /// `cs_…`
    pub id: String,
    /// `setup`, `payment` or `subscription`, as Stripe spells it.
    pub mode: String,
    /// `open`, `complete` or `expired`.
    pub status: Option<String>,
    /// `paid`, `unpaid` or `no_payment_required`.
    pub payment_status: Option<String>,
    /// The hosted page to redirect the customer to (while `open`).
    pub url: Option<String>,
    /// The customer's id, expanded or not.
    pub customer_id: Option<String>,
    /// Prefilled email when there was no customer.
    pub customer_email: Option<String>,
    /// In setup mode, the SetupIntent's id, expanded or not.
    pub setup_intent_id: Option<String>,
    /// In payment mode, the PaymentIntent's id once the customer paid.
    pub payment_intent_id: Option<String>,
    /// Three-letter lowercase currency code.
    pub currency: Option<String>,
    /// Total in the currency's smallest unit (payment mode).
    pub amount_total: Option<i64>,
    /// Where the customer lands after finishing.
    pub success_url: Option<String>,
    /// Where the customer lands on cancel.
    pub cancel_url: Option<String>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// When the session expires, Unix seconds.
    pub expires_at: Option<i64>,
    /// Whether the object exists in live mode.
    pub livemode: bool,
    /// Your key-value pairs.
    pub metadata: HashMap<String, String>,
    /// The response that brought this object, when a call returned it; `None` when it came
    /// inside another object (an expansion) or from a webhook.
    pub last_response: Option<ResponseMeta>,
    /// The whole object as Stripe sent it (JSON), with expanded fields inline.
    pub json: String,
}

impl From<&offsession::CheckoutSession> for CheckoutSession {
    fn from(session: &offsession::CheckoutSession) -> Self {
        Self {
            id: session.id.clone(),
            mode: session.mode.as_str().to_owned(),
            status: session.status.as_ref().map(|s| s.as_str().to_owned()),
            payment_status: session.payment_status.clone(),
            url: session.url.clone(),
            customer_id: session.customer_id().map(str::to_owned),
            customer_email: session.customer_email.clone(),
            setup_intent_id: session.setup_intent_id().map(str::to_owned),
            payment_intent_id: session.payment_intent_id().map(str::to_owned),
            currency: session.currency.clone(),
            amount_total: session.amount_total,
            success_url: session.success_url.clone(),
            cancel_url: session.cancel_url.clone(),
            created: session.created,
            expires_at: session.expires_at,
            livemode: session.livemode,
            metadata: metadata(&session.metadata),
            last_response: last_response(session.last_response.as_ref()),
            json: json(session),
        }
    }
}

/// Short, for logs: never the `json` (a PaymentIntent's holds its `client_secret`).
impl fmt::Debug for CheckoutSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CheckoutSession({}, {}", self.id, self.mode)?;
        if let Some(status) = &self.status {
            write!(f, ", {status}")?;
        }
        f.write_str(")")
    }
}

/// Stripe's error object as kept on an intent (`last_payment_error`, `last_setup_error`).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct LastError {
    /// `card_error`, `invalid_request_error`, …
    pub error_type: Option<String>,
    /// Stripe's code: `card_declined`, `authentication_required`, …
    pub code: Option<String>,
    /// The issuer's reason for a decline.
    pub decline_code: Option<String>,
    /// The parameter at fault.
    pub param: Option<String>,
    /// A human-readable message.
    pub message: Option<String>,
    /// A link to Stripe's documentation of `code`.
    pub doc_url: Option<String>,
}

impl From<&offsession::ErrorDetails> for LastError {
    fn from(error: &offsession::ErrorDetails) -> Self {
        Self {
            error_type: error.type_.clone(),
            code: error.code.clone(),
            decline_code: error.decline_code.clone(),
            param: error.param.clone(),
            message: error.message.clone(),
            doc_url: error.doc_url.clone(),
        }
    }
}

/// A SetupIntent: how Checkout's setup mode saves a payment method for later.
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct SetupIntent {
    /// `seti_…`
    pub id: String,
    /// `succeeded`, `requires_payment_method`, …, as Stripe spells it.
    pub status: String,
    /// The customer's id, expanded or not.
    pub customer_id: Option<String>,
    /// The saved payment method's id, expanded or not.
    pub payment_method_id: Option<String>,
    /// `off_session` or `on_session`.
    pub usage: Option<String>,
    /// Why the last setup attempt failed.
    pub last_setup_error: Option<LastError>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Whether the object exists in live mode.
    pub livemode: bool,
    /// Your key-value pairs.
    pub metadata: HashMap<String, String>,
    /// The response that brought this object, when a call returned it; `None` when it came
    /// inside another object (an expansion) or from a webhook.
    pub last_response: Option<ResponseMeta>,
    /// The whole object as Stripe sent it (JSON).
    pub json: String,
}

impl From<&offsession::SetupIntent> for SetupIntent {
    fn from(intent: &offsession::SetupIntent) -> Self {
        Self {
            id: intent.id.clone(),
            status: intent.status.as_str().to_owned(),
            customer_id: intent.customer_id().map(str::to_owned),
            payment_method_id: intent.payment_method_id().map(str::to_owned),
            usage: intent.usage.clone(),
            last_setup_error: intent.last_setup_error.as_ref().map(LastError::from),
            created: intent.created,
            livemode: intent.livemode,
            metadata: metadata(&intent.metadata),
            last_response: last_response(intent.last_response.as_ref()),
            json: json(intent),
        }
    }
}

/// Short, for logs: never the `json` (a PaymentIntent's holds its `client_secret`).
impl fmt::Debug for SetupIntent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SetupIntent({}, {})", self.id, self.status)
    }
}

/// The card of a card payment method: enough to show "Visa •••• 4242, 12/34".
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Card {
    /// `visa`, `mastercard`, `amex`, …
    pub brand: Option<String>,
    /// The last four digits.
    pub last4: Option<String>,
    /// Expiry month, 1–12.
    pub exp_month: Option<i64>,
    /// Four-digit expiry year.
    pub exp_year: Option<i64>,
    /// Two-letter issuing country.
    pub country: Option<String>,
    /// `credit`, `debit`, `prepaid` or `unknown`.
    pub funding: Option<String>,
    /// Identifies the card number across payment methods.
    pub fingerprint: Option<String>,
}

impl From<&offsession::Card> for Card {
    fn from(card: &offsession::Card) -> Self {
        Self {
            brand: card.brand.clone(),
            last4: card.last4.clone(),
            exp_month: card.exp_month,
            exp_year: card.exp_year,
            country: card.country.clone(),
            funding: card.funding.clone(),
            fingerprint: card.fingerprint.clone(),
        }
    }
}

/// A saved payment method (a card, for the flows this library serves).
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct PaymentMethod {
    /// `pm_…`
    pub id: String,
    /// Stripe's `type`: `card`, `sepa_debit`, …
    pub payment_method_type: Option<String>,
    /// The id of the customer it is attached to, if any.
    pub customer_id: Option<String>,
    /// Card details when the type is `card`.
    pub card: Option<Card>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Whether the object exists in live mode.
    pub livemode: bool,
    /// Your key-value pairs.
    pub metadata: HashMap<String, String>,
    /// The response that brought this object, when a call returned it; `None` when it came
    /// inside another object (an expansion) or from a webhook.
    pub last_response: Option<ResponseMeta>,
    /// The whole object as Stripe sent it (JSON).
    pub json: String,
}

impl From<&offsession::PaymentMethod> for PaymentMethod {
    fn from(method: &offsession::PaymentMethod) -> Self {
        Self {
            id: method.id.clone(),
            payment_method_type: method.type_.clone(),
            customer_id: method.customer_id().map(str::to_owned),
            card: method.card.as_ref().map(Card::from),
            created: method.created,
            livemode: method.livemode,
            metadata: metadata(&method.metadata),
            last_response: last_response(method.last_response.as_ref()),
            json: json(method),
        }
    }
}

/// Short, for logs: never the `json` (a PaymentIntent's holds its `client_secret`).
impl fmt::Debug for PaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PaymentMethod({}", self.id)?;
        if let Some(card) = &self.card {
            let brand = card.brand.as_deref().unwrap_or("card");
            let last4 = card.last4.as_deref().unwrap_or("????");
            write!(f, ", {brand} {last4}")?;
        }
        f.write_str(")")
    }
}

/// One page of a list of payment methods (`Customers.listPaymentMethods`).
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct PaymentMethodList {
    /// The payment methods of this page, newest first.
    pub data: Vec<PaymentMethod>,
    /// Whether more follow: pass the last one's id as `starting_after` for the next page.
    pub has_more: bool,
    /// The list's URL (`/v1/customers/cus_…/payment_methods`).
    pub url: Option<String>,
    /// The response that brought this page.
    pub last_response: Option<ResponseMeta>,
    /// The whole list as Stripe sent it (JSON).
    pub json: String,
}

impl From<&offsession::List<offsession::PaymentMethod>> for PaymentMethodList {
    fn from(list: &offsession::List<offsession::PaymentMethod>) -> Self {
        Self {
            data: list.data.iter().map(PaymentMethod::from).collect(),
            has_more: list.has_more,
            url: list.url.clone(),
            last_response: last_response(list.last_response.as_ref()),
            json: json(list),
        }
    }
}

/// Short, for logs: the ids only.
impl fmt::Debug for PaymentMethodList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.data.iter().map(|method| method.id.as_str()).collect();
        write!(f, "PaymentMethodList({ids:?}, has_more: {})", self.has_more)
    }
}

/// The answer to `Client.rawRequest`: Stripe's JSON, not typed.
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct RawResponse {
    /// The response body as Stripe sent it (JSON).
    pub json: String,
    /// The response that brought it.
    pub last_response: Option<ResponseMeta>,
}

impl From<&offsession::RawResponse> for RawResponse {
    fn from(raw: &offsession::RawResponse) -> Self {
        Self {
            json: json(&raw.body),
            last_response: last_response(raw.last_response.as_ref()),
        }
    }
}

/// Short, for logs: never the body (it may hold a secret).
impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = self.last_response.as_ref().map(|meta| meta.http_status);
        write!(f, "RawResponse(HTTP {status:?}, {} bytes)", self.json.len())
    }
}

/// A PaymentIntent: one attempt to collect an amount from a customer.
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct PaymentIntent {
    /// `pi_…`
    pub id: String,
    /// Amount in the currency's smallest unit.
    pub amount: i64,
    /// Three-letter lowercase currency code.
    pub currency: String,
    /// `succeeded`, `requires_payment_method`, `processing`, …, as Stripe spells it.
    pub status: String,
    /// Amount collected so far.
    pub amount_received: Option<i64>,
    /// The customer's id, expanded or not.
    pub customer_id: Option<String>,
    /// The payment method's id, expanded or not.
    pub payment_method_id: Option<String>,
    /// Why the last attempt failed (after a decline: `card_declined`, …).
    pub last_payment_error: Option<LastError>,
    /// The charge of the latest attempt (`ch_…`; its id, even when retrieved with
    /// `expand: ["latest_charge"]`, whose whole Charge is in `json`).
    pub latest_charge: Option<String>,
    /// What Stripe.js or the mobile SDK needs to confirm this PaymentIntent with the customer
    /// present: the on-session route for a `RequiresAction` outcome or an
    /// `authentication_required` decline. Send it to that customer's browser or app only; never
    /// log it (`toString` / `description` never show it).
    pub client_secret: Option<String>,
    /// Free-form description.
    pub description: Option<String>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Whether the object exists in live mode.
    pub livemode: bool,
    /// Your key-value pairs.
    pub metadata: HashMap<String, String>,
    /// The response that brought this object, when a call returned it; `None` when it came
    /// inside another object (an expansion) or from a webhook.
    pub last_response: Option<ResponseMeta>,
    /// The whole object as Stripe sent it (JSON; it includes `client_secret`, which `toString`
    /// and `description` never show).
    pub json: String,
}

impl From<&offsession::PaymentIntent> for PaymentIntent {
    fn from(intent: &offsession::PaymentIntent) -> Self {
        Self {
            id: intent.id.clone(),
            amount: intent.amount,
            currency: intent.currency.clone(),
            status: intent.status.as_str().to_owned(),
            amount_received: intent.amount_received,
            customer_id: intent.customer_id().map(str::to_owned),
            payment_method_id: intent.payment_method_id().map(str::to_owned),
            last_payment_error: intent.last_payment_error.as_ref().map(LastError::from),
            latest_charge: intent.latest_charge_id().map(str::to_owned),
            client_secret: intent.client_secret().map(str::to_owned),
            description: intent.description.clone(),
            created: intent.created,
            livemode: intent.livemode,
            metadata: metadata(&intent.metadata),
            last_response: last_response(intent.last_response.as_ref()),
            json: json(intent),
        }
    }
}

/// Short, for logs: never the `json` (a PaymentIntent's holds its `client_secret`).
impl fmt::Debug for PaymentIntent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PaymentIntent({}, {}, {} {})",
            self.id, self.status, self.amount, self.currency
        )
    }
}

/// A Stripe event, as a webhook delivers it. Get one from `constructEvent`, which verifies the
/// signature first.
#[derive(Clone, PartialEq, uniffi::Record)]
#[uniffi::export(Debug)]
pub struct Event {
    /// `evt_…`
    pub id: String,
    /// Stripe's `type`: `checkout.session.completed`, `payment_intent.succeeded`, …
    pub event_type: String,
    /// The kind of `data.object` (`checkout.session`, `payment_intent`, …).
    pub object_type: Option<String>,
    /// The id of `data.object`.
    pub object_id: Option<String>,
    /// The API version the object was rendered with.
    pub api_version: Option<String>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Whether the event happened in live mode.
    pub livemode: bool,
    /// The whole event as Stripe sent it (JSON), `data.object` included.
    pub json: String,
}

impl From<&offsession::Event> for Event {
    fn from(event: &offsession::Event) -> Self {
        Self {
            id: event.id.clone(),
            event_type: event.type_.as_str().to_owned(),
            object_type: event.data.object_kind().map(str::to_owned),
            object_id: event
                .data
                .object
                .get("id")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned),
            api_version: event.api_version.clone(),
            created: event.created,
            livemode: event.livemode,
            json: json(event),
        }
    }
}

impl TryFrom<&Event> for offsession::Event {
    type Error = crate::OffsessionError;

    /// Back to the core's event (for `complete_setup_from_event`), from its JSON.
    fn try_from(event: &Event) -> Result<Self, Self::Error> {
        serde_json::from_str(&event.json).map_err(|e| {
            crate::OffsessionError::invalid_input("event", format!("is not a Stripe event: {e}"))
        })
    }
}

/// Short, for logs: never the `json` (a PaymentIntent's holds its `client_secret`).
impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Event({}, {})", self.id, self.event_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn core_intent() -> offsession::PaymentIntent {
        let mut intent: offsession::PaymentIntent = serde_json::from_value(serde_json::json!({
            "id": "pi_123",
            "object": "payment_intent",
            "amount": 1099,
            "currency": "usd",
            "status": "requires_action",
            "client_secret": "pi_123_secret_abc",
            "latest_charge": {"id": "ch_123", "object": "charge", "amount": 1099},
        }))
        .unwrap();
        intent.last_response = Some(offsession::ResponseMeta {
            http_status: 200,
            request_id: Some("req_123".into()),
            idempotent_replayed: true,
            idempotency_key: Some("order-42:payment_intent".into()),
        });
        intent
    }

    #[test]
    fn a_payment_intent_keeps_its_response_and_client_secret_but_never_prints_it() {
        let intent = PaymentIntent::from(&core_intent());
        assert_eq!(intent.client_secret.as_deref(), Some("pi_123_secret_abc"));
        assert_eq!(intent.latest_charge.as_deref(), Some("ch_123"));
        assert_eq!(
            intent.last_response,
            Some(ResponseMeta {
                http_status: 200,
                request_id: Some("req_123".into()),
                idempotent_replayed: true,
                idempotency_key: Some("order-42:payment_intent".into()),
            })
        );
        let printed = format!("{intent:?}");
        assert_eq!(printed, "PaymentIntent(pi_123, requires_action, 1099 usd)");
        assert!(!printed.contains("secret"));
        // `last_response` is the SDK's, not Stripe's: never in the object's JSON.
        assert!(!intent.json.contains("last_response"), "{}", intent.json);
    }

    #[test]
    fn an_object_that_no_call_returned_has_no_response() {
        let mut intent = core_intent();
        intent.last_response = None;
        assert_eq!(PaymentIntent::from(&intent).last_response, None);
        let customer: offsession::Customer =
            serde_json::from_value(serde_json::json!({"id": "cus_123", "object": "customer"}))
                .unwrap();
        assert_eq!(Customer::from(&customer).last_response, None);
    }
}
