//! What every call takes besides its id: the parameters, as JSON text that the core converts
//! generically ([`params`]), and the per-request options ([`RequestOptions`]).
//!
//! The Swift and Kotlin packages hold the typed parameters (`CreateCustomer(email: …)`,
//! generated from Stripe's spec by `scripts/codegen/params.py`, the same names as the core's)
//! and encode them to JSON; the JSON-taking methods exported here are what their typed methods
//! call, and are public too, for parameters built as JSON.

use std::time::Duration;

use offsession::validate::{self, NumberInput};

use crate::error::OffsessionError;

/// The parameters of a call from their JSON text: `offsession::params::from_json`, which
/// refuses a wrong type, a missing parameter or an unknown one as `InvalidInput` naming it as
/// Stripe does (`line_items[0][price_data][unit_amount]`).
pub(crate) fn params<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, OffsessionError> {
    let value = serde_json::from_str(json).map_err(|e| {
        OffsessionError::invalid_input("params", format!("is not JSON ({e}): {json:.80}"))
    })?;
    Ok(offsession::params::from_json("", value)?)
}

/// A timeout given in seconds, as the caller's `Double` holds it: checked by the core (finite,
/// greater than zero, representable), or refused as `invalid_input` naming `param`. The
/// conversion happens here, in Rust, so no value can stop the host process on the way in.
pub(crate) fn seconds(param: &str, value: f64) -> Result<Duration, OffsessionError> {
    Ok(validate::duration(
        param,
        NumberInput::Float(value),
        Duration::from_secs(1),
    )?)
}

/// Options of one request, as the official SDKs take them per call; every field left null uses
/// the client's setting. Swift and Kotlin also build it with `extraParams` as a map.
#[derive(Clone, Debug, Default, PartialEq, uniffi::Record)]
pub struct RequestOptions {
    /// The `Idempotency-Key` of a POST: a retry with the same key returns the first result
    /// instead of applying the call twice. Generated (a UUID) when absent.
    #[uniffi(default)]
    pub idempotency_key: Option<String>,
    /// Makes this request on behalf of a connected account (`Stripe-Account: acct_…`).
    #[uniffi(default)]
    pub stripe_account: Option<String>,
    /// Limit for each attempt, in seconds (0.25 is 250 ms); zero, negative or not finite is
    /// refused (`InvalidInput`, param `timeout`).
    #[uniffi(default)]
    pub timeout: Option<f64>,
    /// How many times a retryable failure is sent again (at most 10).
    #[uniffi(default)]
    pub max_retries: Option<u32>,
    /// Parameters this version does not type, as a JSON object merged into the request
    /// (`{"payment_method_options": {"card": {"mcc": "5734"}}}`). A key a typed parameter also
    /// sets, or a number that is not an integer, is refused (`InvalidInput`, param
    /// `extra_params[…]`).
    #[uniffi(default)]
    pub extra_params_json: Option<String>,
}

impl RequestOptions {
    /// The core's options (checked by the core when the request is sent).
    pub(crate) fn into_core(self) -> Result<offsession::RequestOptions, OffsessionError> {
        let extra_params = match self.extra_params_json.as_deref() {
            None => offsession::ExtraParams::new(),
            Some(json) => match serde_json::from_str(json) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => {
                    return Err(OffsessionError::invalid_input(
                        "extra_params",
                        format!("must be a JSON object: {json:.80}"),
                    ))
                }
            },
        };
        Ok(offsession::RequestOptions {
            idempotency_key: self.idempotency_key,
            stripe_account: self.stripe_account,
            timeout: self.timeout.map(|t| seconds("timeout", t)).transpose()?,
            max_retries: self.max_retries,
            extra_params,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_the_cores_with_refusals_named_as_stripe_names_them() {
        let typed: offsession::CreatePaymentIntent = params(
            r#"{"amount": 1099, "currency": "usd", "shipping": {"name": "J", "address": {}}}"#,
        )
        .unwrap();
        assert_eq!(typed.amount, 1099);
        for (json, param) in [
            (r#"{"amount": 1099.5, "currency": "usd"}"#, "amount"),
            (r#"{"amount": true, "currency": "usd"}"#, "amount"),
            (r#"{"currency": "usd"}"#, "amount"),
            (
                r#"{"amount": 5, "currency": "usd", "colour": "red"}"#,
                "colour",
            ),
            ("not json", "params"),
        ] {
            let error = params::<offsession::CreatePaymentIntent>(json).unwrap_err();
            assert_eq!(error.kind(), "invalid_input", "{json}");
            assert_eq!(error.details().param.as_deref(), Some(param), "{json}");
        }
    }

    #[test]
    fn options_convert_and_bad_ones_are_refused_by_name() {
        let options = RequestOptions {
            idempotency_key: Some("order-42".into()),
            timeout: Some(1.5),
            max_retries: Some(3),
            extra_params_json: Some(r#"{"level3": {"merchant_reference": "x"}}"#.into()),
            ..RequestOptions::default()
        }
        .into_core()
        .unwrap();
        assert_eq!(options.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(options.extra_params["level3"]["merchant_reference"], "x");
        assert_eq!(options.idempotency_key.as_deref(), Some("order-42"));
        assert_eq!(options.max_retries, Some(3));
        for (options, param) in [
            (
                RequestOptions {
                    timeout: Some(f64::NAN),
                    ..RequestOptions::default()
                },
                "timeout",
            ),
            (
                RequestOptions {
                    extra_params_json: Some("[1]".into()),
                    ..RequestOptions::default()
                },
                "extra_params",
            ),
        ] {
            let error = options.into_core().unwrap_err();
            assert_eq!(error.details().param.as_deref(), Some(param));
        }
    }
}
