//! Arguments as `index.js` sends them: JSON text made by its `encode`, read into the core's
//! types by the core's one generic conversion (`offsession::params::from_json`), which refuses a
//! wrong type, a missing parameter or an unknown one naming it as Stripe does
//! (`line_items[0][price_data][unit_amount]`, `shipping[colour]`).
//!
//! Why JSON text and not napi's serde `Deserializer`: that one presents every integral double
//! as an `i64` with a saturating cast (`1e21` arrives as 9223372036854775807), a double below
//! 2^-52 as the integer 0 (`1e-17` is 0), and a bigint of more than two 64-bit words truncated
//! (`2n ** 128n + 5n` is 5); it also cannot tell `undefined` from `null`. `JSON.stringify` with
//! `encode`'s replacer carries every number exactly or refuses it by name (NaN, ±Infinity,
//! integers beyond ±(2^53 − 1)), leaves `undefined` out, and V8 makes the text faster than
//! N-API reads an object property by property. From there serde_json is exact, and the core's
//! strict deserializers refuse a float, a boolean or a string where an integer is expected.

use std::time::Duration;

use offsession::params::from_json;
use offsession::{Client, Error, RequestOptions};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::errors::to_napi;

/// JavaScript's unit of time, as stripe-node's `timeout`: milliseconds.
pub const MS: Duration = Duration::from_millis(1);

fn invalid(param: &str, message: &str) -> napi::Error {
    to_napi(Error::InvalidInput {
        param: param.into(),
        message: message.into(),
    })
}

/// The value `index.js` encoded (always valid JSON: `JSON.stringify` made it).
pub fn json(text: &str) -> napi::Result<Value> {
    serde_json::from_str(text).map_err(|e| invalid("params", &e.to_string()))
}

/// A call's parameters as the core's type `T`. `expand` is among the parameters in stripe-node
/// (`retrieve(id, { expand: ['customer'] })`): it is taken out and added to `expand`.
pub fn params<T: DeserializeOwned>(text: &str, expand: &mut Vec<String>) -> napi::Result<T> {
    let mut value = json(text)?;
    if let Some(paths) = value.as_object_mut().and_then(|map| map.remove("expand")) {
        expand.extend(from_json::<Vec<String>>("expand", paths).map_err(to_napi)?);
    }
    from_json("", value).map_err(to_napi)
}

/// Parameters the core's call does not take as a type (a retrieve's `client_secret`), checked
/// as `T` and sent as extra parameters, which a GET carries in its query string.
pub fn query<T: DeserializeOwned + Serialize>(
    text: &str,
    expand: &mut Vec<String>,
    options: &mut RequestOptions,
) -> napi::Result<()> {
    let query: T = params(text, expand)?;
    if let Ok(Value::Object(map)) = serde_json::to_value(&query) {
        options.extra_params.extend(map);
    }
    Ok(())
}

/// An object of parameters as given (a raw request's).
pub fn object(text: &str) -> napi::Result<Map<String, Value>> {
    match json(text)? {
        Value::Object(map) => Ok(map),
        _ => Err(invalid("params", "must be an object")),
    }
}

/// The request options (`index.js` spells them as the core does) and `expand`.
pub fn options(text: &str) -> napi::Result<(RequestOptions, Vec<String>)> {
    RequestOptions::from_deserializer(json(text)?, MS).map_err(to_napi)
}

/// A flow call's parameters (still JSON) and the client to run it with. A flow takes two of
/// the request options: `stripe_account` (it acts for that account) and, when it `takes_key`
/// (`startSetup`, `chargeOffSession`), `idempotency_key`, which is its `idempotency_key`
/// parameter given the stripe-node way; both places may hold it only when they agree. The
/// other options are per request, and a flow is several requests: they are refused.
pub fn flow(
    client: &Client,
    params: &str,
    options: &str,
    takes_key: bool,
) -> napi::Result<(Client, Value)> {
    let (options, expand) = self::options(options)?;
    let per_request = [
        ("timeout", options.timeout.is_some()),
        ("max_retries", options.max_retries.is_some()),
        ("extra_params", !options.extra_params.is_empty()),
        ("expand", !expand.is_empty()),
    ];
    if let Some((name, _)) = per_request.iter().find(|(_, given)| *given) {
        return Err(invalid(
            name,
            "is a per-request option, and a flow call makes several requests: set it on the client (or call the resources yourself)",
        ));
    }
    let mut params = json(params)?;
    if let Some(key) = options.idempotency_key {
        if !takes_key {
            return Err(invalid(
                "idempotency_key",
                "is not taken by this call: its requests are reads, or carry keys derived from the objects it completes, so calling it again is already safe",
            ));
        }
        if let Some(map) = params.as_object_mut() {
            match map.get("idempotency_key") {
                None | Some(Value::Null) => {
                    map.insert("idempotency_key".into(), Value::String(key));
                }
                Some(Value::String(given)) if *given == key => {}
                Some(_) => {
                    return Err(invalid(
                        "idempotency_key",
                        "was given twice with different values, in the parameters and in the request options; pass one key per call",
                    ))
                }
            }
        }
    }
    let client = match &options.stripe_account {
        Some(account) => client.with_stripe_account(account).map_err(to_napi)?,
        None => client.clone(),
    };
    Ok((client, params))
}

/// A flow's parameters, as the core's type `T`.
pub fn flow_params<T: DeserializeOwned>(params: Value) -> napi::Result<T> {
    from_json("", params).map_err(to_napi)
}
