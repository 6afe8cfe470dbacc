//! One serialisable description of an [`Error`], from which every binding builds its error
//! object generically (Python attributes, a Node error's properties, Swift/Kotlin fields), so the
//! field names and their meaning are written once.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Error, ErrorKind};
use crate::resources::{PaymentIntent, PaymentMethod, SetupIntent};

/// What every binding's error object carries, named as the official Stripe SDKs name it where
/// they have the field (`code` is Stripe's code such as `card_declined`, as `e.code` is in
/// stripe-python and stripe-node; the SDK's own classification is `kind`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorShape {
    /// This SDK's stable classification (`card_error`, `invalid_input`, …): decides the class.
    pub kind: ErrorKind,
    /// The human-readable message (Stripe's, or this SDK's for errors raised before sending).
    pub message: String,
    /// Stripe's error `type` as its body said it (`card_error`, `invalid_request_error`);
    /// `None` when Stripe did not answer. Can differ from `kind`: a 401 whose body says
    /// `invalid_request_error` is an `authentication_error`.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// Stripe's code: `card_declined`, `authentication_required`, `resource_missing`, …
    pub code: Option<String>,
    /// The issuer's reason for a decline: `generic_decline`, `insufficient_funds`, …
    pub decline_code: Option<String>,
    /// The parameter at fault: Stripe's `param`, or the rejected input's name.
    pub param: Option<String>,
    /// A link to Stripe's documentation of `code`.
    pub doc_url: Option<String>,
    /// For issuer declines, how to proceed (`try_again_later`, …).
    pub advice_code: Option<String>,
    /// The card network's decline code.
    pub network_decline_code: Option<String>,
    /// For card errors, the id of the failed charge.
    pub charge: Option<String>,
    /// Stripe's message unchanged, fit to show the customer for a card error (stripe-python's
    /// `user_message`); `None` when Stripe did not answer.
    pub user_message: Option<String>,
    /// The HTTP status, when Stripe answered.
    pub http_status: Option<u16>,
    /// The `Request-Id` header, to quote to Stripe support.
    pub request_id: Option<String>,
    /// The `Idempotency-Key` of the POST (for a flow call, the caller's key): re-running with
    /// it cannot apply the request twice.
    pub idempotency_key: Option<String>,
    /// Whether sending the same request again (with the same key) may succeed.
    pub retryable: bool,
    /// The `Stripe-Should-Retry` header, when Stripe sent it.
    pub should_retry: Option<bool>,
    /// The response body as text (stripe-python's `http_body`).
    pub http_body: Option<String>,
    /// The response body decoded as JSON, when it is JSON (stripe-python's `json_body`,
    /// stripe-node's `raw`).
    pub json_body: Option<serde_json::Value>,
    /// The response headers, names in lower case (stripe-python's `headers`).
    pub headers: Option<BTreeMap<String, String>>,
    /// The PaymentIntent the error happened on (a declined charge carries it).
    pub payment_intent: Option<PaymentIntent>,
    /// The SetupIntent the error happened on.
    pub setup_intent: Option<SetupIntent>,
    /// The PaymentMethod involved.
    pub payment_method: Option<PaymentMethod>,
}

impl Error {
    /// The error's fields in one serialisable value: what every binding exposes.
    pub fn shape(&self) -> ErrorShape {
        let api = self.api_error();
        let details = api.map(|api| &api.details);
        let detail = |field: fn(&super::ErrorDetails) -> &Option<String>| {
            details.and_then(|details| field(details).clone())
        };
        ErrorShape {
            kind: self.kind(),
            message: self.message(),
            type_: detail(|d| &d.type_),
            code: detail(|d| &d.code),
            decline_code: detail(|d| &d.decline_code),
            param: self.param().map(str::to_owned),
            doc_url: detail(|d| &d.doc_url),
            advice_code: detail(|d| &d.advice_code),
            network_decline_code: detail(|d| &d.network_decline_code),
            charge: detail(|d| &d.charge),
            user_message: detail(|d| &d.message),
            http_status: self.http_status(),
            request_id: self.request_id().map(str::to_owned),
            idempotency_key: self.idempotency_key().map(str::to_owned),
            retryable: self.is_retryable(),
            should_retry: api.and_then(|api| api.should_retry),
            http_body: api.map(|api| api.http_body.clone()),
            json_body: api.and_then(|api| api.json_body()),
            headers: api.map(|api| api.headers.clone()),
            payment_intent: details.and_then(|d| d.payment_intent.as_deref().cloned()),
            setup_intent: details.and_then(|d| d.setup_intent.as_deref().cloned()),
            payment_method: details.and_then(|d| d.payment_method.as_deref().cloned()),
        }
    }
}
