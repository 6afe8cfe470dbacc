//! Building HTTP responses.

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use serde_json::Value;

/// The response body type used everywhere.
pub type Body = Full<Bytes>;

/// Stripe pretty-prints its JSON; so does the simulator (the exact bytes matter for replays
/// and webhook signatures, not the formatting).
pub fn to_bytes(value: &Value) -> Bytes {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    Bytes::from(text)
}

/// A response with a JSON body (already serialized).
pub fn json_bytes(status: u16, body: Bytes) -> Response<Body> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}

/// A response with a JSON body.
pub fn json(status: u16, value: &Value) -> Response<Body> {
    json_bytes(status, to_bytes(value))
}

/// Adds a header when the value is a valid header value (ids and keys always are).
pub fn set_header(response: &mut Response<Body>, name: &'static str, value: &str) {
    if let Ok(value) = http::HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

/// The control surface's error body: `{"error": {"type": "invalid_request_error", "message"}}`.
pub fn control_error(status: u16, message: &str) -> Response<Body> {
    json(
        status,
        &serde_json::json!({"error": {"type": "invalid_request_error", "message": message}}),
    )
}
