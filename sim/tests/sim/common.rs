//! A minimal HTTP/1.1 client for the tests (hyper's low-level connection API), deliberately
//! independent of the `offsession` core crate.

use std::error::Error;

use bytes::Bytes;
use http::HeaderMap;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde_json::Value;

/// The test-mode key every test uses unless it is testing auth.
pub const KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

pub type BoxError = Box<dyn Error + Send + Sync>;

/// A response, fully read.
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the body is JSON")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// One keep-alive connection.
pub struct Conn {
    sender: SendRequest<Full<Bytes>>,
    authority: String,
}

impl Conn {
    pub async fn open(base: &str) -> Result<Conn, BoxError> {
        let authority = base.trim_start_matches("http://").to_string();
        let stream = tokio::net::TcpStream::connect(&authority).await?;
        let (sender, connection) =
            hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(Conn { sender, authority })
    }

    /// Sends a request; `headers` are added as given.
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Resp, BoxError> {
        let mut builder = http::Request::builder()
            .method(method)
            .uri(path)
            .header(http::header::HOST, &self.authority);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let request = builder.body(Full::new(Bytes::from(body.to_string())))?;
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await?.to_bytes();
        Ok(Resp {
            status,
            headers,
            body,
        })
    }

    /// A Stripe API call with the test key.
    pub async fn api(
        &mut self,
        method: &str,
        path: &str,
        body: &str,
        idempotency_key: Option<&str>,
    ) -> Result<Resp, BoxError> {
        let auth = format!("Bearer {KEY}");
        let mut headers = vec![
            ("authorization", auth.as_str()),
            ("content-type", "application/x-www-form-urlencoded"),
        ];
        if let Some(key) = idempotency_key {
            headers.push(("idempotency-key", key));
        }
        self.send(method, path, &headers, body).await
    }
}

/// Sends one request on a fresh connection.
pub async fn send(
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<Resp, BoxError> {
    Conn::open(base)
        .await?
        .send(method, path, headers, body)
        .await
}

/// `POST` form parameters with the test key (fresh connection), transport errors are fatal.
pub async fn post(base: &str, path: &str, body: &str) -> Resp {
    try_post(base, path, body, None)
        .await
        .expect("request completes")
}

/// `POST` with an Idempotency-Key; transport errors are returned (fault tests need them).
pub async fn try_post(
    base: &str,
    path: &str,
    body: &str,
    idempotency_key: Option<&str>,
) -> Result<Resp, BoxError> {
    Conn::open(base)
        .await?
        .api("POST", path, body, idempotency_key)
        .await
}

/// `GET` with the test key.
pub async fn get(base: &str, path: &str) -> Resp {
    Conn::open(base)
        .await
        .expect("connect")
        .api("GET", path, "", None)
        .await
        .expect("request completes")
}

/// A control-surface call with a JSON body (or none).
pub async fn control(base: &str, method: &str, path: &str, body: Option<Value>) -> Resp {
    let text = body.map(|b| b.to_string()).unwrap_or_default();
    send(
        base,
        method,
        path,
        &[("content-type", "application/json")],
        &text,
    )
    .await
    .expect("control request completes")
}

/// Number of objects of a kind the simulator holds.
pub async fn count(base: &str, kind: &str) -> usize {
    let resp = control(base, "GET", &format!("/_sim/objects/{kind}"), None).await;
    assert_eq!(resp.status, 200);
    resp.json()["data"].as_array().expect("data array").len()
}

/// The request log.
pub async fn request_log(base: &str) -> Vec<Value> {
    let resp = control(base, "GET", "/_sim/requests", None).await;
    resp.json()["data"].as_array().expect("data array").clone()
}

/// The `id` of a JSON object response.
pub fn id(resp: &Resp) -> String {
    resp.json()["id"].as_str().expect("an id").to_string()
}

/// Creates a customer and returns its id.
pub async fn customer(base: &str) -> String {
    let resp = post(
        base,
        "/v1/customers",
        "email=jenny.rosen%40example.com&name=Jenny+Rosen",
    )
    .await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    id(&resp)
}

/// Creates a setup-mode session (for `customer` if given) and returns its JSON.
pub async fn setup_session(base: &str, customer: Option<&str>) -> Value {
    let mut body = String::from(
        "mode=setup&currency=usd&success_url=https%3A%2F%2Fexample.com%2Fsuccess%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D",
    );
    if let Some(customer) = customer {
        body.push_str(&format!("&customer={customer}"));
    }
    let resp = post(base, "/v1/checkout/sessions", &body).await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    resp.json()
}

/// Completes a session through the control surface.
pub async fn complete(base: &str, session: &str, payment_method: &str) -> Resp {
    control(
        base,
        "POST",
        &format!("/_sim/checkout/sessions/{session}/complete"),
        Some(serde_json::json!({"payment_method": payment_method, "name": "Jenny Rosen"})),
    )
    .await
}

/// Saves `card` for a new customer through Checkout; returns (customer, payment method).
pub async fn saved_card(base: &str, card: &str) -> (String, String) {
    let customer = customer(base).await;
    let session = setup_session(base, Some(&customer)).await;
    let session_id = session["id"].as_str().expect("session id");
    let done = complete(base, session_id, card).await;
    assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.body));
    let seti = done.json()["setup_intent"]
        .as_str()
        .expect("seti")
        .to_string();
    let intent = get(base, &format!("/v1/setup_intents/{seti}")).await.json();
    let pm = intent["payment_method"].as_str().expect("pm").to_string();
    (customer, pm)
}

/// Off-session charge of a saved card.
pub async fn charge(base: &str, customer: &str, pm: &str, key: Option<&str>) -> Resp {
    try_post(
        base,
        "/v1/payment_intents",
        &format!(
            "amount=1099&currency=usd&customer={customer}&payment_method={pm}&off_session=true&confirm=true"
        ),
        key,
    )
    .await
    .expect("request completes")
}

/// Attaches a new PaymentMethod made from `token` (`pm_card_visa`, …) to `customer`; returns
/// its id.
pub async fn attach(base: &str, token: &str, customer: &str) -> String {
    let resp = post(
        base,
        &format!("/v1/payment_methods/{token}/attach"),
        &format!("customer={customer}"),
    )
    .await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    id(&resp)
}

/// The event objects of one type, in order, as delivered (parsed from their payloads).
pub async fn events_of(base: &str, kind: &str) -> Vec<Value> {
    let resp = control(base, "GET", &format!("/_sim/events?type={kind}"), None).await;
    assert_eq!(resp.status, 200);
    resp.json()["data"]
        .as_array()
        .expect("data array")
        .iter()
        .map(|e| serde_json::from_str(e["payload"].as_str().expect("payload")).expect("JSON"))
        .collect()
}
