//! The `decode` target: decoding API responses into the typed resources.

use std::collections::BTreeMap;

use offsession::{
    ApiError, CheckoutSession, Customer, Error, ErrorDetails, Event, PaymentIntent, PaymentMethod,
    SetupIntent,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::{self, expandable_id};

/// How many resource kinds the selector byte chooses from.
pub(crate) const KINDS: u8 = 7;

/// Statuses the error bodies are paired with (the selector byte's upper part picks one).
const STATUSES: [u16; 10] = [400, 401, 402, 403, 404, 409, 429, 500, 502, 503];

/// Decodes the input as one of the response types, chosen by the first byte modulo 7:
/// 0 `Customer`, 1 `CheckoutSession`, 2 `SetupIntent`, 3 `PaymentMethod`, 4 `PaymentIntent`,
/// 5 `Event`, 6 a Stripe error body `{"error": {...}}` (decoded as `ErrorDetails`, the public
/// model of the error object). The rest is the JSON.
///
/// Invariants:
/// - nothing panics;
/// - a decoded object keeps every non-null field of the JSON at every depth (modelled fields
///   with their values, unknown ones in `extra`), and serialise → decode gives it back;
/// - the id accessors (`customer_id()`, `setup_intent_id()`, `payment_method_id()`, …) give
///   the JSON's id whether the field is an id or an expanded object;
/// - for an error body: an `ApiError` built from it displays its type, message, HTTP status and
///   codes, and an `Error` carrying it reports the same status, codes, param, message and
///   embedded PaymentIntent, and is retryable exactly when `Stripe-Should-Retry` says so.
pub fn decode(data: &[u8]) {
    let Some((&selector, raw)) = data.split_first() else {
        return;
    };
    match selector % KINDS {
        0 => {
            json::round_trip::<Customer>(raw);
        }
        1 => {
            if let Some((session, input)) = json::round_trip::<CheckoutSession>(raw) {
                assert_eq!(session.customer_id(), expandable_id(input.get("customer")));
                assert_eq!(
                    session.setup_intent_id(),
                    expandable_id(input.get("setup_intent"))
                );
                assert_eq!(
                    session.payment_intent_id(),
                    expandable_id(input.get("payment_intent"))
                );
            }
        }
        2 => {
            if let Some((intent, input)) = json::round_trip::<SetupIntent>(raw) {
                assert_eq!(intent.customer_id(), expandable_id(input.get("customer")));
                assert_eq!(
                    intent.payment_method_id(),
                    expandable_id(input.get("payment_method"))
                );
            }
        }
        3 => {
            if let Some((method, input)) = json::round_trip::<PaymentMethod>(raw) {
                assert_eq!(method.customer_id(), expandable_id(input.get("customer")));
            }
        }
        4 => {
            if let Some((intent, input)) = json::round_trip::<PaymentIntent>(raw) {
                assert_eq!(intent.customer_id(), expandable_id(input.get("customer")));
                assert_eq!(
                    intent.payment_method_id(),
                    expandable_id(input.get("payment_method"))
                );
            }
        }
        5 => {
            if let Some((event, input)) = json::round_trip::<Event>(raw) {
                crate::event::check_event(&event, &input);
            }
        }
        _ => {
            if let Some((body, _)) = json::round_trip::<ErrorBody>(raw) {
                let status = STATUSES[usize::from(selector / KINDS) % STATUSES.len()];
                check_error(body.error, status);
            }
        }
    }
}

/// A Stripe error response body; other top-level fields are kept so none can go unnoticed.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct ErrorBody {
    error: ErrorDetails,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

fn check_error(details: ErrorDetails, status: u16) {
    for should_retry in [None, Some(false), Some(true)] {
        let api = ApiError {
            http_status: status,
            request_id: Some("req_fuzz".into()),
            should_retry,
            details: details.clone(),
            idempotency_key: None,
            headers: BTreeMap::new(),
            http_body: String::new(),
        };
        let shown = api.to_string();
        let kind = details.type_.as_deref().unwrap_or("api_error");
        assert!(shown.starts_with(&format!("{kind}: ")), "{shown}");
        assert!(shown.contains(&format!("(HTTP {status}")), "{shown}");
        assert!(shown.ends_with(", request req_fuzz)"), "{shown}");
        if let Some(message) = &details.message {
            assert!(shown.contains(message.as_str()), "{shown}");
        }
        if let Some(code) = &details.code {
            assert!(shown.contains(&format!(", code {code}")), "{shown}");
        }
        if let Some(decline_code) = &details.decline_code {
            assert!(
                shown.contains(&format!(", decline code {decline_code}")),
                "{shown}"
            );
        }

        let error = if status == 402 {
            Error::Card(Box::new(api.clone()))
        } else {
            Error::Api(Box::new(api.clone()))
        };
        // An error shows its own kind, then the response's particulars.
        assert_eq!(
            error.to_string(),
            format!("{}: {}", error.kind(), api.summary())
        );
        assert!(shown.ends_with(&api.summary()), "{shown}");
        assert_eq!(error.api_error(), Some(&api));
        assert_eq!(error.http_status(), Some(status));
        assert_eq!(error.request_id(), Some("req_fuzz"));
        assert_eq!(error.code(), details.code.as_deref());
        assert_eq!(error.decline_code(), details.decline_code.as_deref());
        assert_eq!(error.param(), details.param.as_deref());
        assert_eq!(error.message(), details.message.clone().unwrap_or_default());
        assert_eq!(error.payment_intent(), details.payment_intent.as_deref());
        if let Some(should_retry) = should_retry {
            assert_eq!(error.is_retryable(), should_retry);
        }
    }
}
