//! The one error enum: a variant per core error kind, each carrying [`ErrorDetails`] with the
//! stable `code` shared by every binding and what Stripe returned.

use std::fmt;

use crate::objects::PaymentIntent;

/// What went wrong, in the same shape for every kind (and for the decline inside
/// `ChargeOutcome.NeedsRecovery`).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
#[uniffi::export(Display)]
pub struct ErrorDetails {
    /// The stable kind code, identical in every binding: `card_error`, `invalid_request_error`,
    /// `authentication_error`, `permission_error`, `rate_limit_error`, `idempotency_error`,
    /// `api_error`, `api_connection_error`, `signature_verification_error`, `invalid_input`,
    /// `invalid_state`.
    pub code: String,
    /// Stripe's own finer code: `card_declined`, `authentication_required`,
    /// `resource_missing`, …
    pub stripe_code: Option<String>,
    /// The issuer's reason for a decline: `generic_decline`, `insufficient_funds`, …
    pub decline_code: Option<String>,
    /// The parameter at fault: Stripe's `param`, or the refused input's name.
    pub param: Option<String>,
    /// The HTTP status of Stripe's response, when there was one.
    pub http_status: Option<u16>,
    /// The `Request-Id` of Stripe's response, for Stripe support.
    pub request_id: Option<String>,
    /// The human-readable message (for card errors it can be shown to the customer).
    pub message: String,
    /// A link to Stripe's documentation of `stripe_code`.
    pub doc_url: Option<String>,
    /// The `Idempotency-Key` of the POST that failed (for a flow call, the caller's key).
    /// After an error whose outcome is unknown, re-running with it cannot apply the call twice.
    pub idempotency_key: Option<String>,
    /// The PaymentIntent the error happened on, as Stripe returned it (a declined charge
    /// carries it, in status `requires_payment_method`).
    pub payment_intent: Option<PaymentIntent>,
}

impl fmt::Display for ErrorDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        let mut extras = Vec::new();
        if let Some(status) = self.http_status {
            extras.push(format!("HTTP {status}"));
        }
        for (label, value) in [
            ("code", &self.stripe_code),
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
/// `details.code` is the kind's stable code.
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

    /// The stable kind code (`card_error`, `invalid_input`, …).
    pub fn code(&self) -> String {
        self.details_ref().code.clone()
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
                code: "api_error".into(),
                stripe_code: None,
                decline_code: None,
                param: None,
                http_status: None,
                request_id: None,
                message: format!("internal error in offsession: {message}"),
                doc_url: None,
                idempotency_key: None,
                payment_intent: None,
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
        ErrorDetails {
            code: error.code().to_owned(),
            stripe_code: error.stripe_code().map(str::to_owned),
            decline_code: error.decline_code().map(str::to_owned),
            param: error.param().map(str::to_owned),
            http_status: error.http_status(),
            request_id: error.request_id().map(str::to_owned),
            message: error.message(),
            doc_url: error
                .api_error()
                .and_then(|api| api.details.doc_url.clone()),
            idempotency_key: error.idempotency_key().map(str::to_owned),
            payment_intent: error.payment_intent().map(PaymentIntent::from),
        }
    }
}

impl From<offsession::Error> for OffsessionError {
    fn from(error: offsession::Error) -> Self {
        let details = Box::new(ErrorDetails::from(&error));
        match error.code() {
            "card_error" => OffsessionError::Card { details },
            "invalid_request_error" => OffsessionError::InvalidRequest { details },
            "authentication_error" => OffsessionError::Authentication { details },
            "permission_error" => OffsessionError::Permission { details },
            "rate_limit_error" => OffsessionError::RateLimit { details },
            "idempotency_error" => OffsessionError::Idempotency { details },
            "api_connection_error" => OffsessionError::Connection { details },
            "signature_verification_error" => OffsessionError::SignatureVerification { details },
            "invalid_input" => OffsessionError::InvalidInput { details },
            "invalid_state" => OffsessionError::InvalidState { details },
            _ => OffsessionError::Api { details },
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
    fn every_core_kind_maps_to_its_variant_with_the_same_code() {
        let input = offsession::Error::InvalidInput {
            param: "amount".into(),
            message: "must be positive".into(),
        };
        let error = OffsessionError::from(input);
        assert!(matches!(error, OffsessionError::InvalidInput { .. }));
        assert_eq!(error.code(), "invalid_input");
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
        assert_eq!(connection.code(), "api_connection_error");
    }
}
