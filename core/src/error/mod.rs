//! The one error type of the crate, with a stable kind shared by every binding.

mod kind;
mod shape;

pub use kind::ErrorKind;
pub use shape::ErrorShape;

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::resources::{PaymentIntent, PaymentMethod, SetupIntent};

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, one variant per kind.
///
/// Every variant has a stable [`kind`](Error::kind) that the Python, Node, Swift and Kotlin
/// bindings expose unchanged, so one error table serves every language:
///
/// | variant | kind | when |
/// |---|---|---|
/// | [`Card`](Error::Card) | `card_error` | HTTP 402: the card was declined or needs authentication |
/// | [`InvalidRequest`](Error::InvalidRequest) | `invalid_request_error` | HTTP 400/404 (and 409 of that type): Stripe rejected the parameters |
/// | [`Authentication`](Error::Authentication) | `authentication_error` | HTTP 401: the API key is wrong |
/// | [`Permission`](Error::Permission) | `permission_error` | HTTP 403: the key may not do this |
/// | [`RateLimit`](Error::RateLimit) | `rate_limit_error` | HTTP 429 |
/// | [`Idempotency`](Error::Idempotency) | `idempotency_error` | an idempotency key was reused with other parameters |
/// | [`Api`](Error::Api) | `api_error` | HTTP 5xx or a response that could not be understood |
/// | [`Connection`](Error::Connection) | `api_connection_error` | no response: connect failure, reset, timeout |
/// | [`SignatureVerification`](Error::SignatureVerification) | `signature_verification_error` | a webhook failed verification |
/// | [`InvalidInput`](Error::InvalidInput) | `invalid_input` | a parameter was rejected before anything was sent |
/// | [`InvalidState`](Error::InvalidState) | `invalid_state` | Stripe's objects are not in the state the call needs (a session the customer has not finished); requests were sent, nothing was changed |
///
/// Stripe's own finer-grained `code` (`card_declined`, `resource_missing`, …) is
/// [`Error::code`], as `e.code` is in the official SDKs. [`Error::shape`] gives every field at
/// once, serialisable.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// HTTP 402: the card was declined, or the bank asked for authentication.
    #[error("card_error: {}", .0.summary())]
    Card(Box<ApiError>),
    /// Stripe rejected the request's parameters or the object does not exist.
    #[error("invalid_request_error: {}", .0.summary())]
    InvalidRequest(Box<ApiError>),
    /// The API key was missing, wrong or revoked.
    #[error("authentication_error: {}", .0.summary())]
    Authentication(Box<ApiError>),
    /// The API key is not allowed to do this.
    #[error("permission_error: {}", .0.summary())]
    Permission(Box<ApiError>),
    /// Too many requests (HTTP 429), including `lock_timeout` contention.
    #[error("rate_limit_error: {}", .0.summary())]
    RateLimit(Box<ApiError>),
    /// An idempotency key was reused with different parameters, or while in flight.
    #[error("idempotency_error: {}", .0.summary())]
    Idempotency(Box<ApiError>),
    /// Stripe failed (HTTP 5xx) or answered with something this SDK could not understand.
    #[error("api_error: {}", .0.summary())]
    Api(Box<ApiError>),
    /// No HTTP response arrived: connection refused or reset, TLS failure, or timeout.
    ///
    /// The request may have been applied. Re-run a POST with
    /// [`idempotency_key`](Error::idempotency_key) and Stripe replays it instead of applying it
    /// twice.
    #[error("api_connection_error: {message}{}", idempotency_key.as_ref().map(|key| format!(" (re-run with idempotency key {key})")).unwrap_or_default())]
    Connection {
        /// What went wrong, without secrets.
        message: String,
        /// The `Idempotency-Key` the POST was sent with (for a flow call, the caller's key).
        idempotency_key: Option<String>,
        /// Whether sending again may help: false for a TLS certificate the client refused.
        retryable: bool,
    },
    /// A webhook payload's `Stripe-Signature` did not verify.
    #[error("signature_verification_error: {message}")]
    SignatureVerification {
        /// Why verification failed.
        message: String,
    },
    /// A parameter was rejected before any request was sent.
    #[error("invalid_input: {param}: {message}")]
    InvalidInput {
        /// The parameter at fault, as named in the API (`amount`, `customer`, `base_url`, …).
        param: String,
        /// Why it was rejected.
        message: String,
    },
    /// The objects a call reads are not in the state it needs: a Checkout Session the customer
    /// has not completed, a SetupIntent that has not succeeded. Requests were sent (to read that
    /// state); nothing was created or changed. Calling again later, once the state has moved
    /// on, can succeed.
    #[error("invalid_state: {param}: {message}")]
    InvalidState {
        /// The parameter whose object is in the wrong state (`session_id`, `event`).
        param: String,
        /// What state it is in, and what the call needs.
        message: String,
    },
}

/// An error response from Stripe: the HTTP status, the `Request-Id`, and the error body.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status code of the response.
    pub http_status: u16,
    /// The `Request-Id` response header, when present.
    pub request_id: Option<String>,
    /// The `Stripe-Should-Retry` response header, when present.
    pub should_retry: Option<bool>,
    /// The decoded `error` object of the body.
    pub details: ErrorDetails,
    /// The `Idempotency-Key` of the request, for a POST (for a flow call, the caller's key).
    /// Re-running with it is safe: Stripe replays the first result instead of applying twice.
    pub idempotency_key: Option<String>,
    /// The response headers, names in lower case (several values of one name joined by `, `).
    pub headers: BTreeMap<String, String>,
    /// The response body as text (invalid UTF-8 replaced).
    pub http_body: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.details.type_.as_deref().unwrap_or("api_error");
        write!(f, "{kind}: {}", self.summary())
    }
}

impl ApiError {
    /// Replaces `secret` wherever the response repeated it (a proxy that echoes the request,
    /// say) with `shown`, so the body and headers an error keeps never hold the API key.
    pub(crate) fn redact(&mut self, secret: &str, shown: &str) {
        if secret.is_empty() {
            return;
        }
        if self.http_body.contains(secret) {
            self.http_body = self.http_body.replace(secret, shown);
        }
        for value in self.headers.values_mut() {
            if value.contains(secret) {
                *value = value.replace(secret, shown);
            }
        }
        if let Some(message) = &mut self.details.message {
            if message.contains(secret) {
                *message = message.replace(secret, shown);
            }
        }
    }

    /// The response body decoded as JSON, when it is JSON.
    pub fn json_body(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.http_body).ok()
    }

    /// The message and the response's particulars, without a kind prefix: what an [`Error`]
    /// shows after its own code (which can differ from the body's `type`: a 401 whose body says
    /// `invalid_request_error` is an `authentication_error`).
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let _ = self.write_summary(&mut out);
        out
    }

    fn write_summary(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let message = self.details.message.as_deref().unwrap_or("(no message)");
        write!(f, "{message} (HTTP {}", self.http_status)?;
        if let Some(code) = &self.details.code {
            write!(f, ", code {code}")?;
        }
        if let Some(decline_code) = &self.details.decline_code {
            write!(f, ", decline code {decline_code}")?;
        }
        if let Some(param) = &self.details.param {
            write!(f, ", param {param}")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, ", request {request_id}")?;
        }
        if let Some(key) = &self.idempotency_key {
            write!(f, ", idempotency key {key}")?;
        }
        f.write_str(")")
    }
}

/// Stripe's error object (`{"error": {...}}`), also used for `last_payment_error` and
/// `last_setup_error`. Every field but `type` is optional; unknown fields are kept in `extra`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ErrorDetails {
    /// `card_error`, `invalid_request_error`, `api_error`, `idempotency_error`, …
    #[serde(rename = "type", default)]
    pub type_: Option<String>,
    /// Stripe's code: `card_declined`, `authentication_required`, `resource_missing`, …
    #[serde(default)]
    pub code: Option<String>,
    /// The issuer's reason for a decline: `generic_decline`, `insufficient_funds`, …
    #[serde(default)]
    pub decline_code: Option<String>,
    /// The parameter at fault.
    #[serde(default)]
    pub param: Option<String>,
    /// A human-readable message; for card errors it can be shown to the customer.
    #[serde(default)]
    pub message: Option<String>,
    /// A link to Stripe's documentation of `code`.
    #[serde(default)]
    pub doc_url: Option<String>,
    /// A link to the request in the Dashboard.
    #[serde(default)]
    pub request_log_url: Option<String>,
    /// For card errors, the id of the failed charge.
    #[serde(default)]
    pub charge: Option<String>,
    /// For issuer declines, how to proceed (`try_again_later`, …).
    #[serde(default)]
    pub advice_code: Option<String>,
    /// The card network's decline code.
    #[serde(default)]
    pub network_decline_code: Option<String>,
    /// The PaymentIntent the error happened on, in its state after the failure.
    #[serde(default)]
    pub payment_intent: Option<Box<PaymentIntent>>,
    /// The SetupIntent the error happened on.
    #[serde(default)]
    pub setup_intent: Option<Box<SetupIntent>>,
    /// The PaymentMethod involved.
    #[serde(default)]
    pub payment_method: Option<Box<PaymentMethod>>,
    /// Fields this SDK version does not model.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The body of a Stripe error response.
#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorDetails,
}

impl ApiError {
    /// Builds the error for a non-2xx response from its status, headers and raw body.
    pub(crate) fn from_response(
        http_status: u16,
        request_id: Option<String>,
        should_retry: Option<bool>,
        headers: BTreeMap<String, String>,
        body: &[u8],
    ) -> Self {
        let details = match serde_json::from_slice::<ErrorEnvelope>(body) {
            Ok(envelope) => envelope.error,
            Err(_) => ErrorDetails {
                message: Some(format!(
                    "unexpected error response from the API (HTTP {http_status}, {} bytes, not a Stripe error object)",
                    body.len()
                )),
                ..ErrorDetails::default()
            },
        };
        Self {
            http_status,
            request_id,
            should_retry,
            details,
            idempotency_key: None,
            headers,
            http_body: String::from_utf8_lossy(body).into_owned(),
        }
    }
}

impl Error {
    /// Classifies an error response, as Stripe's official SDKs do: by status, then by `type`.
    pub(crate) fn from_api(api: ApiError) -> Self {
        let type_ = api.details.type_.as_deref().unwrap_or("");
        let kind: fn(Box<ApiError>) -> Error = match (api.http_status, type_) {
            (_, "idempotency_error") => Error::Idempotency,
            (401, _) => Error::Authentication,
            (402, _) | (_, "card_error") => Error::Card,
            (403, _) => Error::Permission,
            (429, _) => Error::RateLimit,
            (400 | 404, _) | (409, "invalid_request_error") => Error::InvalidRequest,
            _ => Error::Api,
        };
        kind(Box::new(api))
    }

    /// A response that arrived but could not be decoded into the expected object.
    pub(crate) fn undecodable(
        http_status: u16,
        request_id: Option<String>,
        what: &str,
        err: &serde_json::Error,
    ) -> Self {
        Error::Api(Box::new(ApiError {
            http_status,
            request_id,
            should_retry: Some(false),
            details: ErrorDetails {
                type_: Some("api_error".into()),
                message: Some(format!(
                    "could not decode the {what} in the response: {err}"
                )),
                ..ErrorDetails::default()
            },
            idempotency_key: None,
            headers: BTreeMap::new(),
            http_body: String::new(),
        }))
    }

    /// A connection failure that sending again may fix.
    pub(crate) fn connection(message: impl Into<String>) -> Self {
        Error::Connection {
            message: message.into(),
            idempotency_key: None,
            retryable: true,
        }
    }

    /// Records the `Idempotency-Key` a POST was sent with, so the caller can re-run it safely.
    pub(crate) fn with_idempotency_key(self, key: &str) -> Self {
        self.set_idempotency_key(Some(key.to_owned()))
    }

    /// Says how many attempts a connection failure came after, when there was more than one.
    pub(crate) fn after_attempts(mut self, attempts: u32) -> Self {
        if let Error::Connection { message, .. } = &mut self {
            if attempts > 1 {
                message.push_str(&format!(" (after {attempts} attempts)"));
            }
        }
        self
    }

    /// Removes the request's key: for a flow call made without a caller key, no key re-runs
    /// the whole flow.
    pub(crate) fn without_idempotency_key(self) -> Self {
        self.set_idempotency_key(None)
    }

    fn set_idempotency_key(mut self, key: Option<String>) -> Self {
        match &mut self {
            Error::Connection {
                idempotency_key, ..
            } => *idempotency_key = key,
            Error::Card(api)
            | Error::InvalidRequest(api)
            | Error::Authentication(api)
            | Error::Permission(api)
            | Error::RateLimit(api)
            | Error::Idempotency(api)
            | Error::Api(api) => api.idempotency_key = key,
            Error::SignatureVerification { .. }
            | Error::InvalidInput { .. }
            | Error::InvalidState { .. } => {}
        }
        self
    }

    pub(crate) fn invalid_state(param: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidState {
            param: param.into(),
            message: message.into(),
        }
    }

    pub(crate) fn invalid_input(param: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            param: param.into(),
            message: message.into(),
        }
    }

    pub(crate) fn signature(message: impl Into<String>) -> Self {
        Error::SignatureVerification {
            message: message.into(),
        }
    }

    /// This error's kind, identical in every binding (see the table above).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Card(_) => ErrorKind::Card,
            Error::InvalidRequest(_) => ErrorKind::InvalidRequest,
            Error::Authentication(_) => ErrorKind::Authentication,
            Error::Permission(_) => ErrorKind::Permission,
            Error::RateLimit(_) => ErrorKind::RateLimit,
            Error::Idempotency(_) => ErrorKind::Idempotency,
            Error::Api(_) => ErrorKind::Api,
            Error::Connection { .. } => ErrorKind::Connection,
            Error::SignatureVerification { .. } => ErrorKind::SignatureVerification,
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::InvalidState { .. } => ErrorKind::InvalidState,
        }
    }

    /// The Stripe error response behind this error, when there was one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Card(api)
            | Error::InvalidRequest(api)
            | Error::Authentication(api)
            | Error::Permission(api)
            | Error::RateLimit(api)
            | Error::Idempotency(api)
            | Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Whether sending the same request again (with the same idempotency key) may succeed.
    ///
    /// True for connection failures (but a refused TLS certificate), HTTP 409, 429
    /// `lock_timeout` and 5xx, unless Stripe's `Stripe-Should-Retry` header said otherwise (it
    /// wins in both directions).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Connection { retryable, .. } => *retryable,
            Error::SignatureVerification { .. }
            | Error::InvalidInput { .. }
            | Error::InvalidState { .. } => false,
            _ => {
                let Some(api) = self.api_error() else {
                    return false;
                };
                if let Some(should_retry) = api.should_retry {
                    return should_retry;
                }
                match api.http_status {
                    409 => true,
                    429 => api.details.code.as_deref() == Some("lock_timeout"),
                    status => status >= 500,
                }
            }
        }
    }

    /// The `Request-Id` of the response, for Stripe support.
    pub fn request_id(&self) -> Option<&str> {
        self.api_error()?.request_id.as_deref()
    }

    /// The HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        Some(self.api_error()?.http_status)
    }

    /// Stripe's own code (`card_declined`, `authentication_required`, `resource_missing`, …),
    /// as `e.code` in stripe-python and stripe-node; `None` when Stripe sent none or did not
    /// answer. The SDK's classification is [`kind`](Error::kind).
    pub fn code(&self) -> Option<&str> {
        self.api_error()?.details.code.as_deref()
    }

    /// The issuer's reason for a card decline (`generic_decline`, `insufficient_funds`, …).
    pub fn decline_code(&self) -> Option<&str> {
        self.api_error()?.details.decline_code.as_deref()
    }

    /// The `Idempotency-Key` a POST was sent with, when the error came from one. After an
    /// error whose outcome is unknown (a connection error, a timeout, a 5xx after the retries),
    /// sending the same call again with this key cannot apply it twice. For a flow call it is
    /// the key the caller passed.
    pub fn idempotency_key(&self) -> Option<&str> {
        match self {
            Error::Connection {
                idempotency_key, ..
            } => idempotency_key.as_deref(),
            _ => self.api_error()?.idempotency_key.as_deref(),
        }
    }

    /// The parameter at fault: Stripe's `param`, or the rejected input's name.
    pub fn param(&self) -> Option<&str> {
        match self {
            Error::InvalidInput { param, .. } | Error::InvalidState { param, .. } => Some(param),
            _ => self.api_error()?.details.param.as_deref(),
        }
    }

    /// The human-readable message.
    pub fn message(&self) -> String {
        match self {
            Error::Connection { message, .. } | Error::SignatureVerification { message } => {
                message.clone()
            }
            Error::InvalidInput { param, message } | Error::InvalidState { param, message } => {
                format!("{param}: {message}")
            }
            _ => self
                .api_error()
                .and_then(|api| api.details.message.clone())
                .unwrap_or_default(),
        }
    }

    /// The PaymentIntent embedded in the error (a declined off-session charge carries it).
    pub fn payment_intent(&self) -> Option<&PaymentIntent> {
        self.api_error()?.details.payment_intent.as_deref()
    }
}
