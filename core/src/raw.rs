//! Raw requests: any Stripe endpoint, with the client's retries, idempotency keys, headers and
//! errors, for what the typed resources do not cover yet.

use http::Method;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::request::{validate_extra, ExtraParams, Request};
use crate::response::ResponseMeta;
use crate::{Client, Error, Result};

/// The answer to a raw request: Stripe's JSON, decoded but not typed.
#[derive(Clone, Debug, PartialEq)]
pub struct RawResponse {
    /// The decoded JSON body.
    pub body: Value,
    /// The response that brought it (`Request-Id`, `Idempotent-Replayed`, the key).
    pub last_response: Option<ResponseMeta>,
}

impl<'de> Deserialize<'de> for RawResponse {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        Ok(RawResponse {
            body: Value::deserialize(deserializer)?,
            last_response: None,
        })
    }
}

crate::response::from_response!(RawResponse);

/// The HTTP methods Stripe's API uses.
const METHODS: [&str; 3] = ["GET", "POST", "DELETE"];

impl Client {
    /// A request to any endpoint of Stripe's API: `method` is `GET`, `POST` or `DELETE`;
    /// `path` starts with `/v1/` (ids included, no query string); `params` go in the form
    /// body of a POST and the query string otherwise, encoded as every typed call's are. Await
    /// the returned [`Request`]; per-request options can be set on it first.
    ///
    /// ```no_run
    /// # async fn demo(client: offsession::Client) -> offsession::Result<()> {
    /// let params = serde_json::json!({"amount": 500});
    /// let refund = client
    ///     .raw_request("POST", "/v1/refunds", params.as_object().cloned().unwrap_or_default())
    ///     .idempotency_key("refund-order-42")
    ///     .await?;
    /// println!("{}", refund.body["id"]);
    /// # Ok(()) }
    /// ```
    pub fn raw_request(
        &self,
        method: &str,
        path: &str,
        params: ExtraParams,
    ) -> Request<'_, (), RawResponse> {
        let checked = check_method(method).and_then(|method| {
            check_path(path)?;
            validate_extra("params", &params)?;
            Ok(method)
        });
        match checked {
            Ok(method) => {
                Request::new(self, method, Ok(path.to_owned()), None).extra_params(params)
            }
            Err(error) => Request::new(self, Method::GET, Err(error), None),
        }
    }
}

fn check_method(method: &str) -> Result<Method> {
    let upper = method.to_ascii_uppercase();
    if !METHODS.contains(&upper.as_str()) {
        return Err(Error::invalid_input(
            "method",
            format!("{method:?} is not one of GET, POST, DELETE"),
        ));
    }
    Method::from_bytes(upper.as_bytes()).map_err(|e| Error::invalid_input("method", e.to_string()))
}

/// A path under `/v1/` or `/v2/` whose segments are ids and names only: nothing that could
/// leave the API (`..`, `//`, a scheme) or smuggle a query string.
fn check_path(path: &str) -> Result<()> {
    let Some(rest) = path
        .strip_prefix("/v1/")
        .or_else(|| path.strip_prefix("/v2/"))
    else {
        return Err(Error::invalid_input(
            "path",
            format!("{path:?} must start with /v1/ (or /v2/)"),
        ));
    };
    let well_formed = rest.split('/').all(|segment| {
        !segment.is_empty()
            && segment != "."
            && segment != ".."
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    });
    if well_formed {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "path",
            format!(
                "{path:?} must be segments of letters, digits, '_', '-' and '.' separated by '/' (put parameters in params, not in a query string)"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::{check_method, check_path};

    #[test]
    fn paths_stay_inside_the_api() {
        for good in [
            "/v1/refunds",
            "/v1/customers/cus_123/payment_methods",
            "/v2/core/events",
        ] {
            assert!(check_path(good).is_ok(), "{good}");
        }
        for bad in [
            "v1/refunds",
            "/v1/",
            "/v1//refunds",
            "/v1/../admin",
            "/v1/refunds?limit=3",
            "/v1/refunds#x",
            "https://evil.example/v1/refunds",
            "/v1/customers/cus 123",
            "/other",
        ] {
            assert_eq!(check_path(bad).unwrap_err().param(), Some("path"), "{bad}");
        }
    }

    #[test]
    fn methods_are_the_apis() {
        assert!(check_method("get").is_ok());
        assert!(check_method("DELETE").is_ok());
        assert_eq!(check_method("PATCH").unwrap_err().param(), Some("method"));
    }
}
