//! One HTTP attempt over a pooled keep-alive connection set (hyper + rustls).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::error::{Error, Result};

/// How long an idle pooled connection is kept before it is closed.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest response body read. Stripe's objects are kilobytes; a broken or hostile server
/// (or proxy) sending more is refused instead of filling memory until the timeout.
pub(crate) const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The pooled HTTP client behind a [`crate::Client`]. Built once; cloned never.
pub(crate) struct Transport {
    http: HyperClient<HttpsConnector<HttpConnector>, Full<Bytes>>,
}

/// What a completed attempt returned: status, the headers we use, and the whole body.
pub(crate) struct Response {
    pub status: StatusCode,
    pub request_id: Option<String>,
    pub should_retry: Option<bool>,
    pub idempotent_replayed: bool,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

impl Transport {
    pub fn new(connect_timeout: Duration) -> Result<Self> {
        let mut http = HttpConnector::new();
        // The base URL's scheme is checked by `validate::base_url`; plain http is loopback only.
        http.enforce_http(false);
        http.set_connect_timeout(Some(connect_timeout));
        http.set_nodelay(true);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let https = HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            .map_err(|e| Error::connection(format!("could not set up TLS: {e}")))?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let http = HyperClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(https);
        Ok(Self { http })
    }

    /// Sends the request and reads the whole response, all within `timeout`.
    /// Redirects are never followed: a 3xx comes back as an ordinary (error) response.
    pub async fn send(
        &self,
        request: http::Request<Full<Bytes>>,
        timeout: Duration,
    ) -> Result<Response> {
        let attempt = async {
            let response = self
                .http
                .request(request)
                .await
                .map_err(|e| connection_error(&e))?;
            let (parts, body) = response.into_parts();
            let body = match Limited::new(body, MAX_RESPONSE_BYTES).collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(error) if error.is::<LengthLimitError>() => {
                    return Err(Error::connection(format!(
                        "the response body is over {} MiB and was not read (the request may have been applied)",
                        MAX_RESPONSE_BYTES >> 20
                    )))
                }
                Err(error) => return Err(connection_error(&*error)),
            };
            let header = |name: &str| {
                parts
                    .headers
                    .get(name)
                    .and_then(|value| value.to_str().ok())
            };
            Ok(Response {
                status: parts.status,
                request_id: header("request-id").map(str::to_owned),
                should_retry: header("stripe-should-retry").map(|v| v == "true"),
                idempotent_replayed: header("idempotent-replayed") == Some("true"),
                headers: parts.headers,
                body,
            })
        };
        match tokio::time::timeout(timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(Error::connection(format!(
                "no complete response within {:.1} s (the request may have been applied)",
                timeout.as_secs_f64()
            ))),
        }
    }
}

/// Describes a transport failure with its whole cause chain (no headers, so no secrets).
///
/// A certificate the client refused is final: the same server presents the same certificate
/// on every attempt, so retrying would only delay the error.
fn connection_error(error: &(dyn std::error::Error + 'static)) -> Error {
    // hyper's outer layer names its own internals ("client error (SendRequest)"); the causes
    // below it say what happened.
    let outer = error.to_string();
    let outer = match outer.as_str() {
        "client error (Connect)" => "could not connect",
        "client error (SendRequest)" => "the connection failed",
        other => other,
    };
    let mut message = format!("request failed: {outer}");
    let mut certificate_refused = false;
    let mut cause = Some(error);
    while let Some(current) = cause {
        certificate_refused |= matches!(
            find_tls_error(current),
            Some(
                rustls::Error::InvalidCertificate(_)
                    | rustls::Error::NoCertificatesPresented
                    | rustls::Error::UnsupportedNameType
            )
        );
        cause = current.source();
        if let Some(next) = cause {
            message.push_str(": ");
            message.push_str(&next.to_string());
        }
    }
    Error::Connection {
        message,
        idempotency_key: None,
        retryable: !certificate_refused,
    }
}

/// The rustls error behind a cause: directly, or wrapped in I/O errors (tokio-rustls wraps
/// it in one, hyper-rustls in another, and `io::Error::source` skips the wrapped error
/// itself, so the chain alone never shows it).
fn find_tls_error<'a>(cause: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut current = cause;
    loop {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        let inner = current.downcast_ref::<std::io::Error>()?.get_ref()?;
        current = inner;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io_wrapped(tls: rustls::Error) -> std::io::Error {
        // How a failed handshake reaches hyper: tokio-rustls wraps the rustls error in an I/O
        // error, and hyper-rustls wraps that in another.
        std::io::Error::other(std::io::Error::new(std::io::ErrorKind::InvalidData, tls))
    }

    #[test]
    fn a_refused_certificate_is_final() {
        let refused = io_wrapped(rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer,
        ));
        let error = connection_error(&refused);
        assert!(!error.is_retryable(), "{error}");
        assert!(error.message().contains("certificate"), "{error}");
    }

    #[test]
    fn other_transport_failures_stay_retryable() {
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert!(connection_error(&reset).is_retryable());
        let garbled = io_wrapped(rustls::Error::InvalidMessage(
            rustls::InvalidMessage::InvalidContentType,
        ));
        assert!(connection_error(&garbled).is_retryable());
    }
}
