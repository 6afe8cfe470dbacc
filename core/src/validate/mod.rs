//! Checks made before any request is sent, so a bad input never reaches the network.

use std::net::IpAddr;

use crate::error::{Error, Result};

mod number;

pub use number::{count, duration, integer, integer_in, tolerance_seconds, NumberInput};

/// Stripe's largest accepted amount, in the currency's smallest unit.
pub const MAX_AMOUNT: i64 = 99_999_999;

/// Longest idempotency key a caller may pass to a flow call. The flow appends a step suffix of
/// at most 17 characters (`:recovery_session`), which keeps every derived key within Stripe's
/// own limit; checking derived keys against this limit instead once stranded a charge between
/// its PaymentIntent and its recovery session.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 200;

/// Stripe's limit for the `Idempotency-Key` header of one request.
pub const MAX_REQUEST_IDEMPOTENCY_KEY_LEN: usize = 255;

/// An object id such as `cus_…`, `pm_card_visa` or `cs_test_…`.
///
/// Ids become URL path segments, so anything that could change the path (`/`, `..`, `?`, `#`,
/// `%`, whitespace, control characters) is refused: a prefix of ASCII letters or digits, an
/// underscore, then ASCII letters, digits and underscores.
pub fn object_id(param: &str, id: &str) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_input(param, "must not be empty"));
    }
    if id.len() > 255 {
        return Err(Error::invalid_input(param, "is longer than 255 characters"));
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Err(Error::invalid_input(
            param,
            format!(
                "{:?} is not a Stripe id: it contains {:?}; ids are letters, digits and underscores",
                printable(id),
                bad
            ),
        ));
    }
    match id.split_once('_') {
        Some((prefix, rest)) if !prefix.is_empty() && !rest.is_empty() => Ok(()),
        _ => Err(Error::invalid_input(
            param,
            format!(
                "{:?} is not a Stripe id: expected a prefix and an underscore, like cus_123",
                id
            ),
        )),
    }
}

/// An amount in the currency's smallest unit: 1 ..= 99,999,999.
pub fn amount(param: &str, amount: i64) -> Result<()> {
    if amount <= 0 {
        return Err(Error::invalid_input(
            param,
            format!("must be a positive integer in the currency's smallest unit, got {amount}"),
        ));
    }
    if amount > MAX_AMOUNT {
        return Err(Error::invalid_input(
            param,
            format!("must be at most {MAX_AMOUNT}, got {amount}"),
        ));
    }
    Ok(())
}

/// A three-letter ISO currency code such as `usd`. Stripe takes any case (`USD`) and so does
/// this check; requests send the code lower-cased.
pub fn currency(param: &str, currency: &str) -> Result<()> {
    if currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(())
    } else {
        Err(Error::invalid_input(
            param,
            format!(
                "{:?} is not a three-letter ISO currency code like \"usd\"",
                printable(currency)
            ),
        ))
    }
}

/// Writes a currency code lower-cased, as Stripe spells it in every object it returns.
pub(crate) fn serialize_currency<S: serde::Serializer>(
    currency: &str,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_str(&currency.to_ascii_lowercase())
}

/// [`serialize_currency`] for an optional code (skipped when absent by the field's own rule).
pub(crate) fn serialize_optional_currency<S: serde::Serializer>(
    currency: &Option<String>,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    match currency {
        Some(currency) => serialize_currency(currency, serializer),
        None => serializer.serialize_none(),
    }
}

/// A URL Stripe redirects the customer to (`success_url`, `cancel_url`): absolute, `http` or
/// `https`, with a host, and no whitespace. Checked before a flow sends anything, so that a
/// URL Stripe would refuse cannot fail a flow half-way (after a charge was declined, say).
pub fn redirect_url(param: &str, url: &str) -> Result<()> {
    let rest = ["https://", "http://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|head| head.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    });
    let Some(rest) = rest else {
        return Err(Error::invalid_input(
            param,
            format!(
                "{:?} is not an absolute http or https URL like \"https://example.com/done\"",
                printable(url)
            ),
        ));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') {
        return Err(Error::invalid_input(
            param,
            format!("{:?} has no host", printable(url)),
        ));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid_input(
            param,
            format!(
                "{:?} contains whitespace or control characters",
                printable(url)
            ),
        ));
    }
    Ok(())
}

/// A caller-supplied idempotency key of a flow call: 1 to 200 visible ASCII characters.
pub fn idempotency_key(param: &str, key: &str) -> Result<()> {
    idempotency_key_up_to(param, key, MAX_IDEMPOTENCY_KEY_LEN)
}

/// The idempotency key of one request (a caller's, or one a flow derived): 1 to 255 visible
/// ASCII characters.
pub fn request_idempotency_key(param: &str, key: &str) -> Result<()> {
    idempotency_key_up_to(param, key, MAX_REQUEST_IDEMPOTENCY_KEY_LEN)
}

fn idempotency_key_up_to(param: &str, key: &str, max: usize) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid_input(param, "must not be empty"));
    }
    if key.len() > max {
        return Err(Error::invalid_input(
            param,
            format!("must be at most {max} characters"),
        ));
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid_input(
            param,
            "must be visible ASCII characters without spaces",
        ));
    }
    Ok(())
}

/// A Checkout Session's `expires_at`: Unix seconds, 30 minutes to 24 hours from now, as Stripe
/// requires. Checked by this machine's clock before a flow sends anything, so a decline is not
/// followed by a recovery session Stripe refuses.
pub fn session_expiry(param: &str, expires_at: i64) -> Result<()> {
    const EARLIEST: i64 = 30 * 60;
    const LATEST: i64 = 24 * 60 * 60;
    let now = crate::webhook::now();
    let ahead = expires_at.saturating_sub(now);
    if (EARLIEST..=LATEST).contains(&ahead) {
        Ok(())
    } else {
        Err(Error::invalid_input(
            param,
            format!(
                "must be 30 minutes to 24 hours from now (Unix seconds {} to {}), got {expires_at}, {ahead} s from now",
                now + EARLIEST,
                now + LATEST
            ),
        ))
    }
}

/// A field that Stripe requires to be present and non-empty (URLs, names).
pub fn non_empty(param: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::invalid_input(param, "must not be empty"))
    } else {
        Ok(())
    }
}

/// An `expand[]` path such as `setup_intent` or `setup_intent.payment_method`.
pub fn expand_path(param: &str, path: &str) -> Result<()> {
    let well_formed = !path.is_empty()
        && path.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
    if well_formed {
        Ok(())
    } else {
        Err(Error::invalid_input(
            param,
            format!(
                "{:?} is not an expandable field path like \"setup_intent.payment_method\"",
                printable(path)
            ),
        ))
    }
}

/// The API key: present, and only visible ASCII (it goes into a header).
pub fn api_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::invalid_input(
            "api_key",
            "is empty; pass your secret key (sk_test_… or sk_live_…)",
        ));
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        // Never echo the key itself.
        return Err(Error::invalid_input(
            "api_key",
            "contains whitespace or non-ASCII characters",
        ));
    }
    Ok(())
}

/// A validated base URL: scheme, authority and an optional path prefix, without a trailing `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// The URL as a string, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The API base URL: `https://`, or `http://` only when the host is loopback.
pub fn base_url(url: &str) -> Result<BaseUrl> {
    const PARAM: &str = "base_url";
    // First, so that no message below can echo credentials back.
    if url.contains('@') {
        return Err(Error::invalid_input(
            PARAM,
            "must not contain credentials; the API key is sent in a header",
        ));
    }
    let uri: http::Uri = url
        .parse()
        .map_err(|e| Error::invalid_input(PARAM, format!("{url:?} is not a URL: {e}")))?;
    let scheme = uri.scheme_str().unwrap_or("");
    let host = uri.host().ok_or_else(|| {
        Error::invalid_input(PARAM, format!("{url:?} has no host; expected https://host"))
    })?;
    match scheme {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(Error::invalid_input(
                PARAM,
                format!(
                    "{url:?} uses plain http on a non-loopback host; use https (http is allowed only for loopback: 127.0.0.0/8, ::1 and localhost)"
                ),
            ))
        }
        _ => {
            return Err(Error::invalid_input(
                PARAM,
                format!("{url:?} must start with https://"),
            ))
        }
    }
    if uri.query().is_some() || url.contains('#') {
        return Err(Error::invalid_input(
            PARAM,
            format!("{url:?} must not have a query or fragment"),
        ));
    }
    Ok(BaseUrl(url.trim_end_matches('/').to_owned()))
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

/// Shortens a rejected value for an error message (never used for secrets).
fn printable(value: &str) -> String {
    const MAX: usize = 64;
    if value.chars().count() > MAX {
        let cut: String = value.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_change_the_path_are_refused() {
        for bad in [
            "",
            "cus",
            "_x",
            "cus_",
            "cus_1/2",
            "cus_..",
            "cus_1?x",
            "cus_1#x",
            "cus_%2F",
            "cus 1",
            "cus_1\n",
            "cus_\u{0}",
            "cus_é",
        ] {
            assert!(object_id("customer", bad).is_err(), "{bad:?} accepted");
        }
        for good in ["cus_RZx4bN7qLk2mWp", "pm_card_visa", "cs_test_a1YS1URlnyQ"] {
            object_id("customer", good).expect(good);
        }
    }

    #[test]
    fn redirect_urls_are_absolute_http_or_https() {
        for good in [
            "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}",
            "http://localhost:4242/done",
            "HTTPS://EXAMPLE.COM",
        ] {
            redirect_url("success_url", good).expect(good);
        }
        for bad in [
            "",
            "example.com/paid",
            "/paid",
            "ftp://example.com",
            "https://",
            "https:///path",
            "https://:443/x",
            "https://example.com/a b",
            "javascript:alert(1)",
        ] {
            assert!(
                redirect_url("success_url", bad).is_err(),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn currencies_of_any_case_are_accepted() {
        for good in ["usd", "USD", "Eur"] {
            currency("currency", good).expect(good);
        }
        for bad in ["", "us", "usdd", "us1", "€ur"] {
            assert!(currency("currency", bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn base_url_rules() {
        assert!(base_url("https://api.stripe.com").is_ok());
        assert!(base_url("http://127.0.0.1:12111").is_ok());
        assert!(base_url("http://[::1]:8080/").is_ok());
        assert!(base_url("http://localhost:1").is_ok());
        assert!(base_url("http://api.stripe.com").is_err());
        assert!(base_url("http://10.0.0.1").is_err());
        assert!(base_url("ftp://x.com").is_err());
        assert!(base_url("not a url").is_err());
        assert_eq!(
            base_url("https://proxy.example.com/stripe/")
                .map(|b| b.0)
                .ok(),
            Some("https://proxy.example.com/stripe".to_owned())
        );
    }
}
