//! API key checking: `Authorization: Bearer sk_test_…` or HTTP Basic with the key as user name.
//! Anything else is Stripe's 401 (`invalid_request_error`, with the key masked).
//!
//! Restricted test keys (`rk_test_…`) are accepted as read-only: GETs pass, writes are Stripe's
//! 403 for a key lacking a permission.

use http::HeaderMap;

use crate::errors::ApiError;

const NO_KEY: &str = "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

/// An accepted API key.
#[derive(Debug)]
pub struct ApiKey {
    /// The key itself (idempotency records are scoped by it).
    pub value: String,
    /// `rk_test_…`: read-only in the simulator.
    pub restricted: bool,
}

/// The API key of a request, if it is an acceptable test-mode key.
pub fn api_key(headers: &HeaderMap) -> Result<ApiKey, ApiError> {
    let Some(value) = headers.get(http::header::AUTHORIZATION) else {
        return Err(unauthorized(NO_KEY.into()));
    };
    let value = value.to_str().map_err(|_| invalid_key(""))?.trim();
    let (scheme, credentials) = value.split_once(' ').unwrap_or((value, ""));
    let key = if scheme.eq_ignore_ascii_case("bearer") {
        credentials.trim().to_string()
    } else if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64_decode(credentials.trim()).ok_or_else(|| invalid_key(""))?;
        let text = String::from_utf8(decoded).map_err(|_| invalid_key(""))?;
        text.split_once(':')
            .map_or(text.as_str(), |(user, _)| user)
            .to_string()
    } else {
        return Err(invalid_key(value));
    };
    if key.is_empty() {
        return Err(unauthorized(NO_KEY.into()));
    }
    let restricted = key.starts_with("rk_test_");
    let well_formed = key.len() > "sk_test_".len()
        && (key.starts_with("sk_test_") || restricted)
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if well_formed {
        Ok(ApiKey {
            value: key,
            restricted,
        })
    } else {
        Err(invalid_key(&key))
    }
}

/// Stripe's 403 for a restricted key used to write.
pub fn forbidden(key: &ApiKey) -> ApiError {
    ApiError::invalid(format!(
        "The provided key '{}' does not have the required permissions for this endpoint. Restricted keys are read-only in offsession-sim; use a secret key (sk_test_…) to write.",
        mask(&key.value)
    ))
    .status(403)
}

fn unauthorized(message: String) -> ApiError {
    ApiError::invalid(message).status(401)
}

fn invalid_key(key: &str) -> ApiError {
    unauthorized(format!("Invalid API Key provided: {}", mask(key)))
}

/// Keeps the key's prefix and last four characters, as Stripe does: `sk_test_****…1234`.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let n = chars.len();
    let prefix = if n > 12 && key.contains('_') {
        key.char_indices()
            .filter(|(_, c)| *c == '_')
            .map(|(i, _)| i + 1)
            .take(2)
            .last()
            .map_or(0, |end| key[..end].chars().count())
            .min(8)
    } else {
        0
    };
    let suffix = if n >= prefix + 8 { 4 } else { 0 };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < prefix || i >= n - suffix {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

fn base64_decode(input: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        }
    }
    let trimmed = input.trim_end_matches('=');
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in trimmed.bytes() {
        buffer = (buffer << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{api_key, mask};
    use http::{HeaderMap, HeaderValue};

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::AUTHORIZATION,
            HeaderValue::from_str(value).expect("header"),
        );
        headers
    }

    #[test]
    fn bearer_and_basic() {
        assert_eq!(
            api_key(&with("Bearer sk_test_abc")).expect("ok").value,
            "sk_test_abc"
        );
        // "sk_test_abc:" in base64
        assert_eq!(
            api_key(&with("Basic c2tfdGVzdF9hYmM6")).expect("ok").value,
            "sk_test_abc"
        );
        assert!(
            api_key(&with("Bearer rk_test_abc"))
                .expect("restricted")
                .restricted
        );
        assert_eq!(
            api_key(&with("Bearer sk_live_abc"))
                .expect_err("live")
                .status,
            401
        );
        assert_eq!(api_key(&HeaderMap::new()).expect_err("none").status, 401);
    }

    #[test]
    fn masks_the_middle() {
        assert_eq!(
            mask(concat!("sk_live_", "1234567890abcd")),
            "sk_live_**********abcd"
        );
        assert!(!mask("secret").contains("secret"));
    }
}
