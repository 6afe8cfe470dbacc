//! The `sim` steps: requests to the simulator's control surface.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Map, Value};

/// A plain-HTTP JSON client for `/_sim/…`.
pub struct SimControl {
    base: String,
    http: Client<HttpConnector, Full<Bytes>>,
}

impl SimControl {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Runs one `sim` step; a non-2xx answer becomes `{"status": N, "error": …}`.
    pub async fn call(&self, name: &str, args: &Map<String, Value>) -> Result<Value, String> {
        let (allowed, method, path, body): (&[&str], _, String, Option<Value>) = match name {
            "complete_session" => {
                let session = text(args, "session")?;
                let mut body = args.clone();
                body.remove("session");
                (
                    &["session", "payment_method", "email", "name"],
                    "POST",
                    format!("/_sim/checkout/sessions/{session}/complete"),
                    Some(Value::Object(body)),
                )
            }
            "fault" => (
                &["method", "path", "kind", "count", "delay_ms"],
                "POST",
                "/_sim/faults".into(),
                Some(Value::Object(args.clone())),
            ),
            "webhook_endpoint" => (
                &["secret", "url"],
                "POST",
                "/_sim/webhook_endpoints".into(),
                Some(Value::Object(args.clone())),
            ),
            "events" => {
                let query = match args.get("type").and_then(Value::as_str) {
                    Some(kind) => format!("?type={kind}"),
                    None => String::new(),
                };
                (&["type"], "GET", format!("/_sim/events{query}"), None)
            }
            "sign_webhook" => {
                let offset = args
                    .get("timestamp_offset")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                let now = offsession::webhook::now();
                let body = json!({
                    "payload": text(args, "payload")?,
                    "secrets": args.get("secrets").cloned().unwrap_or_else(|| json!([])),
                    "timestamp": now + offset,
                });
                (
                    &["payload", "secrets", "timestamp_offset"],
                    "POST",
                    "/_sim/webhooks/sign".into(),
                    Some(body),
                )
            }
            "expire_idempotency_keys" => (&[], "POST", "/_sim/idempotency/expire".into(), None),
            "requests" => (&["method", "path"], "GET", "/_sim/requests".into(), None),
            "objects" => {
                let kind = text(args, "kind")?;
                (&["kind"], "GET", format!("/_sim/objects/{kind}"), None)
            }
            other => return Err(format!("unknown sim step {other:?}")),
        };
        if let Some(unknown) = args.keys().find(|key| !allowed.contains(&key.as_str())) {
            return Err(format!("sim {name} takes no argument {unknown:?}"));
        }
        let (status, value) = self.send(method, &path, body).await?;
        let value = if (200..300).contains(&status) {
            value
        } else {
            json!({ "status": status, "error": value.get("error").cloned().unwrap_or(value) })
        };
        if name == "requests" {
            return Ok(filter_requests(value, args));
        }
        Ok(value)
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<(u16, Value), String> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let request = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header("Content-Type", "application/json")
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| e.to_string())?;
        let response = self
            .http
            .request(request)
            .await
            .map_err(|e| format!("simulator {method} {path}: {e}"))?;
        let status = response.status().as_u16();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        let value = serde_json::from_slice(&bytes).map_err(|e| {
            format!("simulator {method} {path} answered HTTP {status} with non-JSON: {e}")
        })?;
        Ok((status, value))
    }
}

fn text<'a>(args: &'a Map<String, Value>, key: &str) -> Result<&'a str, String> {
    args.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("needs a string {key:?}"))
}

/// Keeps the log entries matching `method` (exact) and `path` (prefix).
fn filter_requests(mut log: Value, args: &Map<String, Value>) -> Value {
    let method = args.get("method").and_then(Value::as_str);
    let path = args.get("path").and_then(Value::as_str);
    if let Some(Value::Array(entries)) = log.get_mut("data") {
        entries.retain(|entry| {
            method.is_none_or(|m| entry.get("method").and_then(Value::as_str) == Some(m))
                && path.is_none_or(|p| {
                    entry
                        .get("path")
                        .and_then(Value::as_str)
                        .is_some_and(|actual| actual.starts_with(p))
                })
        });
    }
    log
}
