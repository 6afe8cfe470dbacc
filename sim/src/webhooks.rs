//! Webhook endpoints: `Stripe-Signature` signing and best-effort delivery to loopback URLs.

use std::time::Duration;

use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use http::Uri;
use http_body_util::Full;
use hyper_util::rt::TokioIo;
use sha2::Sha256;

/// A registered endpoint. Events are signed with its secret; with a URL they are also POSTed.
#[derive(Clone)]
pub struct WebhookEndpoint {
    /// `we_…`
    pub id: String,
    /// Where to POST events (loopback only), if anywhere.
    pub url: Option<String>,
    /// `whsec_…`
    pub secret: String,
}

/// Hex HMAC-SHA256 of `"{timestamp}.{payload}"` keyed with the whole secret string, as Stripe
/// computes the `v1` scheme.
pub fn v1_signature(secret: &str, timestamp: i64, payload: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `Stripe-Signature` header: `t=…` then one `v1=…` per secret (several during rotation).
pub fn signature_header<S: AsRef<str>>(timestamp: i64, payload: &str, secrets: &[S]) -> String {
    let mut header = format!("t={timestamp}");
    for secret in secrets {
        header.push_str(",v1=");
        header.push_str(&v1_signature(secret.as_ref(), timestamp, payload));
    }
    header
}

/// Accepts only `http://` URLs on 127.0.0.1, localhost or [::1]: the simulator never calls out.
pub fn check_url(url: &str) -> Result<Uri, String> {
    let uri: Uri = url.parse().map_err(|_| format!("Invalid URL: {url}"))?;
    let loopback = matches!(
        uri.host(),
        Some("127.0.0.1" | "localhost" | "[::1]" | "::1")
    );
    if uri.scheme_str() != Some("http") || !loopback {
        return Err(format!(
            "Webhook URLs must be http://127.0.0.1, http://localhost or http://[::1]; got {url}"
        ));
    }
    Ok(uri)
}

/// POSTs the raw payload in the background (best effort: failures are ignored, never retried).
pub fn deliver(url: &str, payload: String, signature: String) {
    let Ok(uri) = check_url(url) else { return };
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let _ = tokio::time::timeout(Duration::from_secs(10), post(uri, payload, signature)).await;
    });
}

async fn post(
    uri: Uri,
    payload: String,
    signature: String,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let host = match uri.host() {
        Some("localhost") | None => "127.0.0.1",
        Some(h) => h.trim_start_matches('[').trim_end_matches(']'),
    };
    let port = uri.port_u16().unwrap_or(80);
    let stream = tokio::net::TcpStream::connect((host, port)).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let authority = uri.authority().map_or("127.0.0.1", |a| a.as_str());
    let request = http::Request::post(path)
        .header(http::header::HOST, authority)
        .header(
            http::header::CONTENT_TYPE,
            "application/json; charset=utf-8",
        )
        .header(
            http::header::USER_AGENT,
            "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        )
        .header("Stripe-Signature", signature)
        .body(Full::new(Bytes::from(payload)))?;
    let response = sender.send_request(request).await?;
    drop(response);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_has_one_v1_per_secret() {
        let header = super::signature_header(1_700_000_000, "{}", &["whsec_a", "whsec_b"]);
        let parts: Vec<&str> = header.split(',').collect();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], "t=1700000000");
        assert!(parts[1].starts_with("v1=") && parts[1].len() == 3 + 64);
        assert_ne!(parts[1], parts[2]);
    }

    #[test]
    fn only_loopback_urls() {
        assert!(super::check_url("http://127.0.0.1:9/hook").is_ok());
        assert!(super::check_url("http://localhost:9/hook").is_ok());
        assert!(super::check_url("https://example.com/hook").is_err());
        assert!(super::check_url("http://10.0.0.1/hook").is_err());
    }
}
