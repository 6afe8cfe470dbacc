//! The Stripe-shaped `/v1` resources. Each endpoint is a synchronous function run under the
//! state lock: it validates everything first, then changes state, so a 400 changes nothing.

pub mod checkout_sessions;
pub mod customers;
pub mod payment_intents;
pub mod payment_methods;
pub mod setup_intents;

use std::sync::LazyLock;

use serde_json::Value;

use crate::events::Cause;

/// What an endpoint knows about the request beyond its parameters.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// `Request-Id` (none for the control surface's simulated customer actions).
    pub request_id: Option<&'a str>,
    /// `Idempotency-Key` header.
    pub idempotency_key: Option<&'a str>,
    /// `Stripe-Version` header.
    pub api_version: Option<&'a str>,
    /// `http://127.0.0.1:PORT`.
    pub base_url: &'a str,
    /// `payment_method_configuration_details.id`.
    pub pmc_id: &'a str,
    /// Unix time of the request.
    pub now: i64,
}

impl Ctx<'_> {
    /// The event cause for state changes made by this request.
    pub fn cause(&self) -> Cause<'_> {
        Cause {
            request_id: self.request_id,
            idempotency_key: self.idempotency_key,
            api_version: self.api_version,
        }
    }
}

fn parse_template(text: &str) -> Value {
    serde_json::from_str(text).expect("built-in templates are valid JSON objects")
}

/// Full field lists of each object (from `tests/fixtures/stripe/flow/*.json`, values neutralised).
pub static CUSTOMER: LazyLock<Value> =
    LazyLock::new(|| parse_template(include_str!("../templates/customer.json")));
/// `checkout.session` template.
pub static CHECKOUT_SESSION: LazyLock<Value> =
    LazyLock::new(|| parse_template(include_str!("../templates/checkout_session.json")));
/// `setup_intent` template.
pub static SETUP_INTENT: LazyLock<Value> =
    LazyLock::new(|| parse_template(include_str!("../templates/setup_intent.json")));
/// `payment_method` template.
pub static PAYMENT_METHOD: LazyLock<Value> =
    LazyLock::new(|| parse_template(include_str!("../templates/payment_method.json")));
/// `payment_intent` template.
pub static PAYMENT_INTENT: LazyLock<Value> =
    LazyLock::new(|| parse_template(include_str!("../templates/payment_intent.json")));

/// Copies `fields` into a clone of `template`.
pub fn build(template: &Value, fields: Value) -> Value {
    let mut object = template.clone();
    if let (Some(target), Value::Object(fields)) = (object.as_object_mut(), fields) {
        target.extend(fields);
    }
    object
}

#[cfg(test)]
mod tests {
    #[test]
    fn templates_are_objects() {
        for template in [
            &*super::CUSTOMER,
            &*super::CHECKOUT_SESSION,
            &*super::SETUP_INTENT,
            &*super::PAYMENT_METHOD,
            &*super::PAYMENT_INTENT,
        ] {
            assert!(template.is_object());
            assert!(template.get("object").and_then(|o| o.as_str()).is_some());
        }
    }
}
