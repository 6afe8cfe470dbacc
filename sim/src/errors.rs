//! Stripe's error body, `{"error": {...}}`, with the HTTP status it travels with.

use serde_json::{Map, Value};

/// An error response: the status and the fields of the inner `error` object.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status (400, 401, 402, 404, 409, 429, 500, …).
    pub status: u16,
    /// The fields of `error` (`type`, `message`, `code`, `param`, …).
    pub fields: Map<String, Value>,
}

impl ApiError {
    /// An error of `kind` (Stripe's `type`) with a message.
    pub fn new(status: u16, kind: &str, message: impl Into<String>) -> Self {
        let mut fields = Map::new();
        fields.insert("type".into(), Value::from(kind));
        fields.insert("message".into(), Value::from(message.into()));
        ApiError { status, fields }
    }

    /// 400 `invalid_request_error`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, "invalid_request_error", message)
    }

    /// 400 `parameter_missing`, as Stripe reports a missing required parameter.
    pub fn missing_param(name: &str) -> Self {
        Self::invalid(format!("Missing required param: {name}."))
            .param(name)
            .code("parameter_missing")
    }

    /// 400 `parameter_unknown`: Stripe rejects every parameter it does not know.
    pub fn unknown_param(name: &str) -> Self {
        Self::invalid(format!("Received unknown parameter: {name}"))
            .param(name)
            .code("parameter_unknown")
    }

    /// `resource_missing`: 404 for the object in the path, 400 for an id passed as a parameter.
    pub fn no_such(label: &str, id: &str, param: &str, status: u16) -> Self {
        Self::invalid(format!("No such {label}: '{id}'"))
            .param(param)
            .code("resource_missing")
            .status(status)
    }

    /// 402 `card_error`.
    pub fn card(code: &str, decline_code: &str, message: &str) -> Self {
        Self::new(402, "card_error", message)
            .code(code)
            .with("decline_code", Value::from(decline_code))
    }

    /// 400 (or 409) `idempotency_error`.
    pub fn idempotency(status: u16, message: impl Into<String>) -> Self {
        Self::new(status, "idempotency_error", message)
    }

    /// Sets `param`.
    pub fn param(self, param: &str) -> Self {
        self.with("param", Value::from(param))
    }

    /// Sets `code` and the matching `doc_url`, as Stripe does.
    pub fn code(self, code: &str) -> Self {
        let doc_url = format!(
            "https://stripe.com/docs/error-codes/{}",
            code.replace('_', "-")
        );
        self.with("code", Value::from(code))
            .with("doc_url", Value::from(doc_url))
    }

    /// Sets the HTTP status.
    pub fn status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Sets any other field (`charge`, `payment_intent`, `payment_method`, …).
    pub fn with(mut self, key: &str, value: Value) -> Self {
        self.fields.insert(key.into(), value);
        self
    }

    /// The body Stripe sends: `{"error": {...}}`.
    pub fn body(&self) -> Value {
        let mut outer = Map::new();
        outer.insert("error".into(), Value::Object(self.fields.clone()));
        Value::Object(outer)
    }
}
