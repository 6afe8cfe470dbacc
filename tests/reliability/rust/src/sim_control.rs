//! A plain-HTTP JSON client for the simulator's control surface (`/_sim/…`), independent of
//! the core so that the counting cannot share the core's mistakes.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

/// The control surface of one simulator.
pub struct SimControl {
    base: String,
    http: Client<HttpConnector, Full<Bytes>>,
}

impl SimControl {
    /// For the simulator at `base` (`http://127.0.0.1:P`).
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
            http: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Sends one request; anything but a 2xx JSON answer is an error.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let request = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header("Content-Type", "application/json")
            .body(Full::new(Bytes::from(
                body.map(|b| b.to_string()).unwrap_or_default(),
            )))
            .map_err(|e| e.to_string())?;
        let response = self
            .http
            .request(request)
            .await
            .map_err(|e| format!("simulator {method} {path}: {e}"))?;
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("simulator {method} {path}: {e}"))?
            .to_bytes();
        if !status.is_success() {
            return Err(format!(
                "simulator {method} {path}: HTTP {status}: {}",
                String::from_utf8_lossy(&bytes)
            ));
        }
        serde_json::from_slice(&bytes).map_err(|e| format!("simulator {method} {path}: {e}"))
    }

    /// `GET /_sim/objects/{kind}` → its `data` array.
    pub async fn objects(&self, kind: &str) -> Result<Vec<Value>, String> {
        self.data(&format!("/_sim/objects/{kind}")).await
    }

    /// `GET /_sim/requests` → its `data` array.
    pub async fn requests(&self) -> Result<Vec<Value>, String> {
        self.data("/_sim/requests").await
    }

    async fn data(&self, path: &str) -> Result<Vec<Value>, String> {
        match self.call("GET", path, None).await? {
            Value::Object(mut map) => match map.remove("data") {
                Some(Value::Array(items)) => Ok(items),
                _ => Err(format!("{path}: no data array")),
            },
            _ => Err(format!("{path}: not an object")),
        }
    }
}
