//! The closed set of error kinds. Every binding decides its exception class from this enum with
//! an exhaustive `match`, so a new kind fails to compile until every language maps it.

use std::fmt;

use serde::Serialize;

/// What kind of failure an [`Error`](crate::Error) is. Its [`as_str`](ErrorKind::as_str) is the
/// stable name every binding exposes as the error's `kind` (the same string in Python, Node,
/// Swift and Kotlin); for the errors Stripe answered, it equals the `type` of Stripe's body
/// except where the HTTP status decides (a 401 is an `authentication_error` whatever the body
/// says), as the official SDKs classify.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// `card_error`: HTTP 402, the card was declined or needs authentication.
    #[serde(rename = "card_error")]
    Card,
    /// `invalid_request_error`: HTTP 400/404 (and 409 of that type): Stripe rejected the
    /// parameters or the object does not exist.
    #[serde(rename = "invalid_request_error")]
    InvalidRequest,
    /// `authentication_error`: HTTP 401, the API key is wrong.
    #[serde(rename = "authentication_error")]
    Authentication,
    /// `permission_error`: HTTP 403, the key may not do this.
    #[serde(rename = "permission_error")]
    Permission,
    /// `rate_limit_error`: HTTP 429.
    #[serde(rename = "rate_limit_error")]
    RateLimit,
    /// `idempotency_error`: an idempotency key was reused with other parameters.
    #[serde(rename = "idempotency_error")]
    Idempotency,
    /// `api_error`: HTTP 5xx, or a response that could not be understood.
    #[serde(rename = "api_error")]
    Api,
    /// `api_connection_error`: no response (connect failure, reset, timeout).
    #[serde(rename = "api_connection_error")]
    Connection,
    /// `signature_verification_error`: a webhook failed verification.
    #[serde(rename = "signature_verification_error")]
    SignatureVerification,
    /// `invalid_input`: a parameter was rejected before anything was sent.
    InvalidInput,
    /// `invalid_state`: Stripe's objects are not in the state the call needs.
    InvalidState,
}

impl ErrorKind {
    /// Every kind, in the order of the README's error table.
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::Card,
        ErrorKind::InvalidRequest,
        ErrorKind::Authentication,
        ErrorKind::Permission,
        ErrorKind::RateLimit,
        ErrorKind::Idempotency,
        ErrorKind::Api,
        ErrorKind::Connection,
        ErrorKind::SignatureVerification,
        ErrorKind::InvalidInput,
        ErrorKind::InvalidState,
    ];

    /// The stable name: `card_error`, `invalid_input`, …
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Card => "card_error",
            ErrorKind::InvalidRequest => "invalid_request_error",
            ErrorKind::Authentication => "authentication_error",
            ErrorKind::Permission => "permission_error",
            ErrorKind::RateLimit => "rate_limit_error",
            ErrorKind::Idempotency => "idempotency_error",
            ErrorKind::Api => "api_error",
            ErrorKind::Connection => "api_connection_error",
            ErrorKind::SignatureVerification => "signature_verification_error",
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::InvalidState => "invalid_state",
        }
    }

    /// Whether Stripe answered (an error of this kind carries an HTTP status, a `Request-Id`
    /// and Stripe's error body).
    pub const fn is_api_response(self) -> bool {
        matches!(
            self,
            ErrorKind::Card
                | ErrorKind::InvalidRequest
                | ErrorKind::Authentication
                | ErrorKind::Permission
                | ErrorKind::RateLimit
                | ErrorKind::Idempotency
                | ErrorKind::Api
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    #[test]
    fn serialises_as_its_stable_name() {
        for kind in ErrorKind::ALL {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.as_str())
            );
        }
    }

    #[test]
    fn names_are_distinct() {
        let mut names: Vec<_> = ErrorKind::ALL.iter().map(|kind| kind.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorKind::ALL.len());
    }
}
