//! The one error enum: a variant per core error kind, each carrying [`ErrorDetails`]: the
//! core's [`offsession::ErrorShape`], with the stable `kind` shared by every binding and
//! Stripe's `code` (`card_declined`), named as the official SDKs name them.

use std::collections::HashMap;
use std::fmt;

use crate::objects::{PaymentIntent, PaymentMethod, SetupIntent};

/// What went wrong, in the same shape for every kind (and for the decline inside
/// `ChargeOutcome.NeedsRecovery`): the core's `ErrorShape`. Fields that do not apply are null.
#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct ErrorDetails {
    /// This SDK's stable classification, identical in every binding, one per variant:
    /// `card_error`, `invalid_request_error`, `authentication_error`, `permission_error`,
    /// `rate_limit_error`, `idempotency_error`, `api_error`, `api_connection_error`,
    /// `signature_verification_error`, `invalid_input`, `invalid_state`.
    pub kind: String,
    /// Stripe's error code, as `e.code` in the official SDKs: `card_declined`,
    /// `authentication_required`, `resource_missing`, …; null when Stripe sent none or did not
    /// answer.
    pub code: Option<String>,
    /// Stripe's error `type` as its body said it (`card_error`, `invalid_request_error`, …);
    /// null when Stripe did not answer. Can differ from `kind`: a 401 is an
    /// `authentication_error` whatever the body says.
    pub r#type: Option<String>,
    /// The issuer's reason for a decline: `generic_decline`, `insufficient_funds`, …
    pub decline_code: Option<String>,
    /// The parameter at fault: Stripe's `param`, or the refused input's name.
    pub param: Option<String>,
    /// A link to Stripe's documentation of `code`.
    pub doc_url: Option<String>,
    /// For an issuer decline, how to proceed (`try_again_later`, …).
    pub advice_code: Option<String>,
    /// The card network's decline code.
    pub network_decline_code: Option<String>,
    /// For a card error, the id of the failed charge.
    pub charge: Option<String>,
    /// The human-readable message (Stripe's, or this library's for an error raised before
    /// anything was sent).
    pub message: String,
    /// Stripe's message unchanged, fit to show the customer for a card error; null when Stripe
    /// did not answer.
    pub user_message: Option<String>,
    /// The HTTP status of Stripe's response, when there was one.
    pub http_status: Option<u16>,
    /// The `Request-Id` of Stripe's response, for Stripe support.
    pub request_id: Option<String>,
    /// The `Idempotency-Key` of the POST that failed (for a flow call, the caller's key).
    /// After an error whose outcome is unknown, re-running with it cannot apply the call twice.
    pub idempotency_key: Option<String>,
    /// Whether sending the same request again (with the same key) may succeed.
    pub retryable: bool,
    /// Stripe's `Stripe-Should-Retry` header, when it was sent.
    pub should_retry: Option<bool>,
    /// The response body as text (Stripe's JSON error object).
    pub http_body: Option<String>,
    /// The response headers, names in lower case (`headers["request-id"]`).
    pub headers: Option<HashMap<String, String>>,
    /// The PaymentIntent the error happened on, as Stripe returned it (a declined charge
    /// carries it, in status `requires_payment_method`).
    pub payment_intent: Option<PaymentIntent>,
    /// The SetupIntent the error happened on.
    pub setup_intent: Option<SetupIntent>,
    /// The PaymentMethod involved.
    pub payment_method: Option<PaymentMethod>,
}

impl fmt::Display for ErrorDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)?;
        let mut extras = Vec::new();
        if let Some(status) = self.http_status {
            extras.push(format!("HTTP {status}"));
        }
        for (label, value) in [
            ("code", &self.code),
            ("decline code", &self.decline_code),
            ("param", &self.param),
            ("request", &self.request_id),
        ] {
            if let Some(value) = value {
                extras.push(format!("{label} {value}"));
            }
        }
        if !extras.is_empty() {
            write!(f, " ({})", extras.join(", "))?;
        }
        Ok(())
    }
}

/// Every error of the library, one variant per kind. Each carries the same `ErrorDetails`;
/// `details.kind` is the kind's stable name, `details.code` Stripe's code.
///
/// Swift: `catch OffsessionError.Card(let details)`; Kotlin:
/// `catch (e: OffsessionException.Card) { e.details.declineCode }`.
#[derive(Clone, Debug, PartialEq, uniffi::Error)]
#[uniffi::export(Display)]
pub enum OffsessionError {
    /// `card_error` — HTTP 402: the card was declined or needs authentication.
    Card {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `invalid_request_error` — Stripe rejected the parameters, or the object does not exist.
    InvalidRequest {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `authentication_error` — HTTP 401: the API key is wrong.
    Authentication {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `permission_error` — HTTP 403: the key may not do this.
    Permission {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `rate_limit_error` — HTTP 429, including `lock_timeout` contention.
    RateLimit {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `idempotency_error` — an idempotency key was reused with other parameters.
    Idempotency {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `api_error` — Stripe failed (5xx) or sent something unreadable; also an internal failure
    /// of this library (a panic), with a message starting `internal error`.
    Api {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `api_connection_error` — no response: connection refused or reset, TLS failure, timeout.
    Connection {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `signature_verification_error` — a webhook's `Stripe-Signature` did not verify.
    SignatureVerification {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `invalid_input` — a parameter was refused before anything was sent.
    InvalidInput {
        /// What happened.
        details: Box<ErrorDetails>,
    },
    /// `invalid_state` — Stripe's objects are not in the state the call needs (a session the
    /// customer has not finished); nothing was changed.
    InvalidState {
        /// What happened.
        details: Box<ErrorDetails>,
    },
}

impl std::error::Error for OffsessionError {}

impl fmt::Display for OffsessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.details_ref().fmt(f)
    }
}

#[uniffi::export]
impl OffsessionError {
    /// The details, whatever the kind.
    pub fn details(&self) -> ErrorDetails {
        self.details_ref().clone()
    }

    /// The stable kind (`card_error`, `invalid_input`, …), as `details.kind`.
    pub fn kind(&self) -> String {
        self.details_ref().kind.clone()
    }
}

impl OffsessionError {
    fn details_ref(&self) -> &ErrorDetails {
        match self {
            OffsessionError::Card { details }
            | OffsessionError::InvalidRequest { details }
            | OffsessionError::Authentication { details }
            | OffsessionError::Permission { details }
            | OffsessionError::RateLimit { details }
            | OffsessionError::Idempotency { details }
            | OffsessionError::Api { details }
            | OffsessionError::Connection { details }
            | OffsessionError::SignatureVerification { details }
            | OffsessionError::InvalidInput { details }
            | OffsessionError::InvalidState { details } => details,
        }
    }

    /// A failure inside this library (a panic, a runtime that would not start): `api_error`.
    pub(crate) fn internal(message: impl fmt::Display) -> Self {
        OffsessionError::Api {
            details: Box::new(ErrorDetails {
                kind: offsession::ErrorKind::Api.as_str().into(),
                message: format!("internal error in offsession: {message}"),
                ..ErrorDetails::default()
            }),
        }
    }

    /// A task that panicked (or was cancelled) inside the runtime.
    pub(crate) fn from_join(join: tokio::task::JoinError) -> Self {
        if !join.is_panic() {
            return Self::internal("the task was cancelled");
        }
        Self::internal(offsession::panic::Panicked::from_payload(join.into_panic()).detail())
    }

    /// An argument the binding's own conversion refused (the core's `invalid_input` shape).
    pub(crate) fn invalid_input(param: &str, message: impl Into<String>) -> Self {
        offsession::Error::InvalidInput {
            param: param.to_owned(),
            message: message.into(),
        }
        .into()
    }
}

impl From<&offsession::Error> for ErrorDetails {
    fn from(error: &offsession::Error) -> Self {
        // Destructured whole: a field the core adds fails to compile here until it is mapped.
        let offsession::ErrorShape {
            kind,
            message,
            type_,
            code,
            decline_code,
            param,
            doc_url,
            advice_code,
            network_decline_code,
            charge,
            user_message,
            http_status,
            request_id,
            idempotency_key,
            retryable,
            should_retry,
            http_body,
            // As text in `http_body`: uniffi has no JSON value type.
            json_body: _,
            headers,
            payment_intent,
            setup_intent,
            payment_method,
        } = error.shape();
        ErrorDetails {
            kind: kind.as_str().to_owned(),
            code,
            r#type: type_,
            decline_code,
            param,
            doc_url,
            advice_code,
            network_decline_code,
            charge,
            message,
            user_message,
            http_status,
            request_id,
            idempotency_key,
            retryable,
            should_retry,
            http_body,
            headers: headers.map(|headers| headers.into_iter().collect()),
            payment_intent: payment_intent.as_ref().map(PaymentIntent::from),
            setup_intent: setup_intent.as_ref().map(SetupIntent::from),
            payment_method: payment_method.as_ref().map(PaymentMethod::from),
        }
    }
}

impl From<offsession::Error> for OffsessionError {
    fn from(error: offsession::Error) -> Self {
        let details = Box::new(ErrorDetails::from(&error));
        use offsession::ErrorKind;
        match error.kind() {
            ErrorKind::Card => OffsessionError::Card { details },
            ErrorKind::InvalidRequest => OffsessionError::InvalidRequest { details },
            ErrorKind::Authentication => OffsessionError::Authentication { details },
            ErrorKind::Permission => OffsessionError::Permission { details },
            ErrorKind::RateLimit => OffsessionError::RateLimit { details },
            ErrorKind::Idempotency => OffsessionError::Idempotency { details },
            ErrorKind::Api => OffsessionError::Api { details },
            ErrorKind::Connection => OffsessionError::Connection { details },
            ErrorKind::SignatureVerification => OffsessionError::SignatureVerification { details },
            ErrorKind::InvalidInput => OffsessionError::InvalidInput { details },
            ErrorKind::InvalidState => OffsessionError::InvalidState { details },
        }
    }
}

/// The decline inside `ChargeOutcome::NeedsRecovery`, in the same shape as a thrown error.
impl From<Box<offsession::ApiError>> for ErrorDetails {
    fn from(error: Box<offsession::ApiError>) -> Self {
        ErrorDetails::from(&offsession::Error::Card(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_kind_maps_to_its_variant_with_the_same_kind() {
        let input = offsession::Error::InvalidInput {
            param: "amount".into(),
            message: "must be positive".into(),
        };
        let error = OffsessionError::from(input);
        assert!(matches!(error, OffsessionError::InvalidInput { .. }));
        assert_eq!(error.kind(), "invalid_input");
        assert_eq!(error.details().code, None);
        assert_eq!(error.details().param.as_deref(), Some("amount"));
        assert_eq!(
            error.to_string(),
            "invalid_input: amount: must be positive (param amount)"
        );
        let connection = OffsessionError::from(offsession::Error::Connection {
            message: "refused".into(),
            idempotency_key: Some("order-1".into()),
            retryable: true,
        });
        assert_eq!(
            connection.details().idempotency_key.as_deref(),
            Some("order-1")
        );
        assert!(matches!(connection, OffsessionError::Connection { .. }));
        assert_eq!(connection.kind(), "api_connection_error");
        assert!(connection.details().retryable);
        assert_eq!(connection.details().headers, None);
    }
}
