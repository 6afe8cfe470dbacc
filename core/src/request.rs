//! Per-request options and the request builder every resource call returns.
//!
//! Every call (`client.customers().create(&params)`) returns a [`Request`]: awaiting it sends
//! the request; before that, the options the official SDKs take per request can be set on it
//! (`.idempotency_key(…)`, `.stripe_account(…)`, `.timeout(…)`, `.max_retries(…)`), and
//! parameters this SDK version does not type yet can be added (`.extra_params(…)`), so a
//! parameter Stripe adds next year is usable the day it ships.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use http::Method;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::response::FromResponse;
use crate::{form, validate, Client, Error, Result, MAX_RETRIES_LIMIT};

/// Extra parameters merged into a request's form body (or, for a GET, its query string):
/// nested objects become bracketed keys (`{"payment_method_options": {"card": {"mcc":
/// "5734"}}}` → `payment_method_options[card][mcc]=5734`), arrays are indexed, `null` is
/// left out.
pub type ExtraParams = Map<String, Value>;

/// Options of one request, as the official SDKs take them per call. Every field left `None`
/// (or empty) uses the client's setting.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RequestOptions {
    /// The `Idempotency-Key` of a POST: a retry of the call with the same key returns the first
    /// result instead of applying it twice. Generated (a UUID) when absent. Ignored on GETs.
    pub idempotency_key: Option<String>,
    /// Makes this request on behalf of a connected account (`Stripe-Account: acct_…`),
    /// replacing the client's.
    pub stripe_account: Option<String>,
    /// Limit for each attempt of this request, replacing the client's.
    pub timeout: Option<Duration>,
    /// How many times this request is sent again after a retryable failure (at most 10),
    /// replacing the client's.
    pub max_retries: Option<u32>,
    /// Parameters this SDK version does not type, merged into the request (see
    /// [`ExtraParams`]). A key that a typed parameter of the call also sets is refused.
    pub extra_params: ExtraParams,
}

/// The per-request options as a binding receives them, in one language's spelling or
/// another's (`idempotency_key` / `idempotencyKey`): see [`RequestOptions::from_deserializer`].
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestOptionsInput {
    #[serde(default, alias = "idempotencyKey")]
    idempotency_key: Option<String>,
    #[serde(default, alias = "stripeAccount")]
    stripe_account: Option<String>,
    #[serde(default, deserialize_with = "crate::params::strict::opt_f64")]
    timeout: Option<f64>,
    #[serde(
        default,
        alias = "maxRetries",
        alias = "maxNetworkRetries",
        deserialize_with = "crate::params::strict::opt_i64"
    )]
    max_retries: Option<i64>,
    #[serde(default, alias = "extraParams")]
    extra_params: Option<ExtraParams>,
    #[serde(default)]
    expand: Option<Vec<String>>,
}

impl RequestOptions {
    /// The names a binding takes out of a call's keyword arguments (Python) as options rather
    /// than parameters; `expand` is one too. In JavaScript they are spelled in camelCase.
    pub const NAMES: [&'static str; 6] = [
        "idempotency_key",
        "stripe_account",
        "timeout",
        "max_retries",
        "extra_params",
        "expand",
    ];

    /// Reads options (and `expand`) from a binding's value: `timeout` is a number of `unit`s
    /// (seconds in Python, Swift and Kotlin; milliseconds in JavaScript, as stripe-node has
    /// it), `max_retries` (`maxNetworkRetries` in JavaScript) an integer from 0 to 10. Returns
    /// the options, checked, and the fields to expand.
    pub fn from_deserializer<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        unit: Duration,
    ) -> Result<(RequestOptions, Vec<String>)> {
        use crate::validate::{self, NumberInput};
        let input: RequestOptionsInput = crate::params::from_deserializer("", deserializer)
            .map_err(|error| {
                crate::params::unknown_as(
                    error,
                    "is not a request option (idempotency_key, stripe_account, timeout, max_retries, extra_params, expand)",
                )
            })?;
        let timeout = input
            .timeout
            .map(|value| validate::duration("timeout", NumberInput::Float(value), unit))
            .transpose()?;
        let max_retries = input
            .max_retries
            .map(|value| {
                validate::integer_in(
                    "max_retries",
                    NumberInput::Integer(value.into()),
                    0,
                    i64::from(MAX_RETRIES_LIMIT),
                )
                .map(|value| value as u32)
            })
            .transpose()?;
        let options = RequestOptions {
            idempotency_key: input.idempotency_key,
            stripe_account: input.stripe_account,
            timeout,
            max_retries,
            extra_params: input.extra_params.unwrap_or_default(),
        };
        options.validate()?;
        Ok((options, input.expand.unwrap_or_default()))
    }

    /// Checks every option, naming the one at fault. Nothing is sent.
    pub fn validate(&self) -> Result<()> {
        if let Some(key) = &self.idempotency_key {
            validate::request_idempotency_key("idempotency_key", key)?;
        }
        if let Some(account) = &self.stripe_account {
            validate::object_id("stripe_account", account)?;
        }
        if let Some(timeout) = self.timeout {
            if timeout.is_zero() {
                return Err(Error::invalid_input("timeout", "must be greater than zero"));
            }
        }
        if let Some(retries) = self.max_retries {
            if retries > MAX_RETRIES_LIMIT {
                return Err(Error::invalid_input(
                    "max_retries",
                    format!("must be at most {MAX_RETRIES_LIMIT}"),
                ));
            }
        }
        validate_extra("extra_params", &self.extra_params)
    }
}

/// Checks extra parameters: keys that form-encode unambiguously, and values Stripe's form
/// encoding can carry. A number must be an integer: Stripe's decimal parameters are strings
/// (`unit_amount_decimal: "10.5"`), so a float here is a mistake, never silently rounded.
pub(crate) fn validate_extra(param: &str, params: &ExtraParams) -> Result<()> {
    for (key, value) in params {
        let path = format!("{param}[{key}]");
        if key.is_empty() || key.contains(['[', ']']) {
            return Err(Error::invalid_input(
                path,
                "a parameter name must be non-empty and have no brackets: nest objects instead",
            ));
        }
        validate_extra_value(&path, value)?;
    }
    Ok(())
}

fn validate_extra_value(path: &str, value: &Value) -> Result<()> {
    match value {
        Value::Null | Value::Bool(_) | Value::String(_) => Ok(()),
        Value::Number(number) if number.is_i64() || number.is_u64() => Ok(()),
        Value::Number(number) => Err(Error::invalid_input(
            path,
            format!(
                "must be an integer or a string, got {number}: pass a decimal as a string (Stripe's *_decimal parameters are strings)"
            ),
        )),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(index, item)| validate_extra_value(&format!("{path}[{index}]"), item)),
        Value::Object(map) => validate_extra(path, map),
    }
}

/// Merges `extra` into the typed parameters' JSON, refusing a key both set (objects are
/// merged key by key, so `shipping[phone]` can be added beside a typed `shipping[name]`).
fn merge_extra(path: &str, typed: &mut Map<String, Value>, extra: &ExtraParams) -> Result<()> {
    for (key, value) in extra {
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}[{key}]")
        };
        match (typed.get_mut(key), value) {
            (None | Some(Value::Null), _) => {
                typed.insert(key.clone(), value.clone());
            }
            (Some(Value::Object(typed)), Value::Object(extra)) => merge_extra(&here, typed, extra)?,
            (Some(_), _) => {
                let param = match here.split_once('[') {
                    Some((first, rest)) => format!("extra_params[{first}][{rest}"),
                    None => format!("extra_params[{here}]"),
                };
                return Err(Error::invalid_input(
                    param,
                    format!(
                        "{here} is also set by the call's typed parameters: set it in one place"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Encodes typed parameters and extra parameters as one form string.
///
/// Always by way of a JSON value, even without extra parameters: each parameter type then has
/// one serializer compiled in (JSON's), not two, which keeps the native libraries small.
pub(crate) fn encode(params: &(impl Serialize + ?Sized), extra: &ExtraParams) -> Result<String> {
    let mut typed = match serde_json::to_value(params)
        .map_err(|e| Error::invalid_input("params", e.to_string()))?
    {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        _ => return Err(Error::invalid_input("params", "must be an object")),
    };
    merge_extra("", &mut typed, extra)?;
    form::to_string(&typed).map_err(|e| Error::invalid_input("params", e.to_string()))
}

/// A request ready to be sent: await it (it implements [`IntoFuture`]), after setting any
/// per-request options.
///
/// ```no_run
/// # async fn demo(client: offsession::Client) -> offsession::Result<()> {
/// let params = offsession::params::CreateCustomer {
///     email: Some("jenny.rosen@example.com".into()),
///     ..Default::default()
/// };
/// let customer = client
///     .customers()
///     .create(&params)
///     .idempotency_key("signup-42")
///     .extra_param("preferred_locales", serde_json::json!(["fr"]))
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is awaited"]
pub struct Request<'a, P: ?Sized, T> {
    client: &'a Client,
    method: Method,
    path: Result<String>,
    params: Option<&'a P>,
    expand: Vec<String>,
    options: RequestOptions,
    output: PhantomData<fn() -> T>,
}

impl<P: ?Sized, T> std::fmt::Debug for Request<'_, P, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path.as_deref().ok())
            .field("expand", &self.expand)
            .field("options", &self.options)
            .finish()
    }
}

impl<'a, P: ?Sized, T> Request<'a, P, T> {
    /// A request for `path` (already checked, or the error to return when awaited).
    pub(crate) fn new(
        client: &'a Client,
        method: Method,
        path: Result<String>,
        params: Option<&'a P>,
    ) -> Self {
        Request {
            client,
            method,
            path,
            params,
            expand: Vec::new(),
            options: RequestOptions::default(),
            output: PhantomData,
        }
    }

    /// Sets the `Idempotency-Key` (POSTs): a retry with the same key replays the first result.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options.idempotency_key = Some(key.into());
        self
    }

    /// Sets or clears the idempotency key (the flows pass their derived keys).
    pub(crate) fn maybe_idempotency_key(mut self, key: Option<String>) -> Self {
        self.options.idempotency_key = key;
        self
    }

    /// Makes this request on behalf of a connected account (`Stripe-Account`).
    pub fn stripe_account(mut self, account: impl Into<String>) -> Self {
        self.options.stripe_account = Some(account.into());
        self
    }

    /// Limit for each attempt of this request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// How many times this request is sent again after a retryable failure.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// Adds one parameter this SDK version does not type (see [`ExtraParams`]).
    pub fn extra_param(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.options.extra_params.insert(name.into(), value.into());
        self
    }

    /// Adds parameters this SDK version does not type (see [`ExtraParams`]).
    pub fn extra_params(mut self, params: ExtraParams) -> Self {
        self.options.extra_params.extend(params);
        self
    }

    /// Expands these fields of the answer (`"setup_intent"`, `"data.customer"`).
    pub fn expand<S: Into<String>>(mut self, paths: impl IntoIterator<Item = S>) -> Self {
        self.expand.extend(paths.into_iter().map(Into::into));
        self
    }

    /// Sets every option at once (what the bindings pass through); extra parameters are added
    /// to any set before.
    pub fn options(mut self, options: RequestOptions) -> Self {
        let mut extra_params = std::mem::take(&mut self.options.extra_params);
        extra_params.extend(options.extra_params);
        self.options = RequestOptions {
            extra_params,
            ..options
        };
        self
    }
}

impl<'a, P, T> IntoFuture for Request<'a, P, T>
where
    P: Serialize + Sync + ?Sized + 'a,
    T: FromResponse + Send + 'a,
{
    type Output = Result<T>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let path = self.path?;
            let expand: Vec<&str> = self.expand.iter().map(String::as_str).collect();
            self.client
                .send(self.method, &path, self.params, &expand, &self.options)
                .await
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn extra(value: Value) -> ExtraParams {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn extra_params_nest_beside_typed_ones() {
        #[derive(Serialize)]
        struct Typed {
            amount: i64,
            shipping: Map<String, Value>,
        }
        let typed = Typed {
            amount: 1099,
            shipping: extra(json!({"name": "Jenny"})),
        };
        let body = encode(
            &typed,
            &extra(json!({"payment_method_options": {"card": {"mcc": "5734"}}, "shipping": {"phone": "+15555550123"}})),
        )
        .unwrap();
        assert_eq!(
            body,
            "amount=1099&payment_method_options[card][mcc]=5734&shipping[name]=Jenny&shipping[phone]=%2B15555550123"
        );
    }

    #[test]
    fn a_key_set_twice_is_refused_with_its_path() {
        #[derive(Serialize)]
        struct Typed {
            amount: i64,
        }
        let error = encode(&Typed { amount: 1099 }, &extra(json!({"amount": 5})))
            .expect_err("amount is typed");
        assert_eq!(error.param(), Some("extra_params[amount]"));
    }

    #[test]
    fn floats_and_bracketed_names_are_refused() {
        let options = RequestOptions {
            extra_params: extra(json!({"level3": {"items": [{"unit_cost": 10.5}]}})),
            ..Default::default()
        };
        let error = options.validate().expect_err("a float");
        assert_eq!(
            error.param(),
            Some("extra_params[level3][items][0][unit_cost]")
        );
        let options = RequestOptions {
            extra_params: extra(json!({"metadata[order]": "42"})),
            ..Default::default()
        };
        assert_eq!(
            options.validate().expect_err("brackets").param(),
            Some("extra_params[metadata[order]]")
        );
    }

    #[test]
    fn options_are_checked() {
        for (options, param) in [
            (
                RequestOptions {
                    max_retries: Some(11),
                    ..Default::default()
                },
                "max_retries",
            ),
            (
                RequestOptions {
                    timeout: Some(Duration::ZERO),
                    ..Default::default()
                },
                "timeout",
            ),
            (
                RequestOptions {
                    stripe_account: Some("acct_1/../x".into()),
                    ..Default::default()
                },
                "stripe_account",
            ),
            (
                RequestOptions {
                    idempotency_key: Some(String::new()),
                    ..Default::default()
                },
                "idempotency_key",
            ),
        ] {
            assert_eq!(options.validate().unwrap_err().param(), Some(param));
        }
    }
}
