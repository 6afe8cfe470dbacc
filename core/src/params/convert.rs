//! Parameters from a binding's values: any serde deserializer (pythonize for Python, napi's for
//! JavaScript, `serde_json::Value` for Swift, Kotlin and the conformance runners) into the
//! generated types, with a refusal that names the parameter as Stripe names it
//! (`line_items[0][price_data][unit_amount]`). This is the one conversion every binding uses,
//! so a parameter added to the core is accepted, checked and named the same in every language.

use std::fmt::Write;

use serde::de::{Deserialize, Deserializer};
use serde_path_to_error::{Path, Segment};

use crate::{Error, Result};

/// Deserialises `T` from a binding's value, refusing a wrong type, a missing required
/// parameter or an unknown one with [`Error::InvalidInput`] naming it. `prefix` names where the
/// value sits (`""` for a call's parameters, `"recovery"` for a flow's nested object).
pub fn from_deserializer<'de, T, D>(prefix: &str, deserializer: D) -> Result<T>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = stripe_path(prefix, error.path());
        refusal(path, &error.inner().to_string())
    })
}

/// Deserialises `T` from JSON (what the Swift and Kotlin bindings and the runners pass).
pub fn from_json<T: serde::de::DeserializeOwned>(
    prefix: &str,
    value: serde_json::Value,
) -> Result<T> {
    from_deserializer(prefix, value)
}

/// The message for a name the type does not have.
pub(crate) const UNKNOWN: &str =
    "is not a parameter of this call in this version (pass a Stripe parameter it does not type in extra_params)";

/// Replaces the message of an unknown-name refusal: settings and options are not Stripe
/// parameters, so `extra_params` is no help there.
pub(crate) fn unknown_as(error: Error, message: &str) -> Error {
    match error {
        Error::InvalidInput {
            param,
            message: old,
        } if old == UNKNOWN => Error::invalid_input(param, message),
        other => other,
    }
}

/// `a.b[0].c` → `a[b][0][c]`, after `prefix`.
fn stripe_path(prefix: &str, path: &Path) -> String {
    let mut out = prefix.to_owned();
    for segment in path.iter() {
        let name = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.clone(),
            Segment::Enum { variant } => variant.clone(),
            Segment::Unknown => continue,
        };
        push_segment(&mut out, &name);
    }
    out
}

fn push_segment(path: &mut String, name: &str) {
    if path.is_empty() {
        path.push_str(name);
    } else {
        let _ = write!(path, "[{name}]");
    }
}

/// The error for serde's message at `path`: a missing or unknown field is named itself, as
/// Stripe names it in `parameter_missing` and `parameter_unknown`.
fn refusal(mut path: String, message: &str) -> Error {
    // A generated type's own refusal (`json::from_serde`): its path continues serde's.
    let (start, end) = super::json::NESTED;
    if let Some((inner, message)) = message
        .strip_prefix(start)
        .and_then(|nested| nested.split_once(end))
    {
        match inner.split_once('[') {
            _ if inner.is_empty() => {}
            Some((first, rest)) => {
                push_segment(&mut path, first);
                path.push('[');
                path.push_str(rest);
            }
            None => push_segment(&mut path, inner),
        }
        if path.is_empty() {
            path.push_str("params");
        }
        return Error::invalid_input(path, message);
    }
    if let Some(field) = quoted_after(message, "missing field `") {
        push_segment(&mut path, field);
        return Error::invalid_input(path, "is required");
    }
    if let Some(field) = quoted_after(message, "unknown field `") {
        // The path already ends at the unknown key.
        if !(path == field || path.ends_with(&format!("[{field}]"))) {
            push_segment(&mut path, field);
        }
        return Error::invalid_input(path, UNKNOWN);
    }
    if path.is_empty() {
        path.push_str("params");
    }
    Error::invalid_input(path, message.replace("invalid type: ", "wrong type: "))
}

/// The text between `start` and the next backtick.
fn quoted_after<'a>(message: &'a str, start: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(start)?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::from_json;
    use crate::params::{CreateCheckoutSession, CreatePaymentIntent};

    fn refused<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        value: serde_json::Value,
    ) -> (String, String) {
        match from_json::<T>("", value).expect_err("refused") {
            crate::Error::InvalidInput { param, message } => (param, message),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_wrong_nested_value_is_named_as_stripe_names_it() {
        let (param, message) = refused::<CreateCheckoutSession>(json!({
            "mode": "payment",
            "line_items": [{"quantity": 1}, {"price_data": {"currency": "usd", "unit_amount": 1099.5}}],
        }));
        assert_eq!(param, "line_items[1][price_data][unit_amount]");
        assert!(message.contains("1099.5"), "{message}");
    }

    #[test]
    fn missing_and_unknown_parameters_are_named() {
        let (param, message) = refused::<CreatePaymentIntent>(json!({"currency": "usd"}));
        assert_eq!(
            (param.as_str(), message.as_str()),
            ("amount", "is required")
        );
        let (param, _) = refused::<CreatePaymentIntent>(
            json!({"amount": 5, "currency": "usd", "shipping": {"name": "J", "address": {}, "colour": "red"}}),
        );
        assert_eq!(param, "shipping[colour]");
    }

    #[test]
    fn a_boolean_is_not_an_amount() {
        let (param, _) = refused::<CreatePaymentIntent>(json!({"amount": true, "currency": "usd"}));
        assert_eq!(param, "amount");
    }
}

#[cfg(test)]
mod flow_tests {
    use serde_json::json;

    use crate::OffSessionCharge;

    #[test]
    fn a_null_save_payment_method_is_the_default_and_a_number_is_refused() {
        let charge: OffSessionCharge = super::from_json(
            "",
            json!({"customer": "cus_1", "payment_method": "pm_1", "amount": 5, "currency": "usd",
                   "idempotency_key": "k", "recovery": {"product_name": "T", "success_url": "https://e.x/s",
                   "save_payment_method": null}}),
        )
        .unwrap();
        assert!(charge.recovery.save_payment_method);
        let error = super::from_json::<OffSessionCharge>(
            "",
            json!({"customer": "cus_1", "payment_method": "pm_1", "amount": 5, "currency": "usd",
                   "idempotency_key": "k", "recovery": {"product_name": "T", "success_url": "https://e.x/s",
                   "save_payment_method": 1}}),
        )
        .unwrap_err();
        assert_eq!(error.param(), Some("recovery[save_payment_method]"));
    }
}
