//! Signed events: delivery to a local endpoint, the events list, and the signing helper.
//! Signatures are checked with the test's own HMAC code.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use sha2::Sha256;
use tokio::sync::mpsc;

use crate::common::{complete, control, customer, setup_session};

fn hex_hmac(secret: &str, signed: &str) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(signed.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a `Stripe-Signature` header the way a receiver must: some v1 matches `{t}.{payload}`.
fn verifies(header: &str, payload: &str, secret: &str) -> bool {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", t)) => timestamp = Some(t.to_string()),
            Some(("v1", sig)) => signatures.push(sig.to_string()),
            _ => {}
        }
    }
    let Some(t) = timestamp else { return false };
    let expected = hex_hmac(secret, &format!("{t}.{payload}"));
    signatures.contains(&expected)
}

/// A one-route HTTP server that forwards (Stripe-Signature, raw body) of every POST.
async fn receiver() -> (String, mpsc::UnboundedReceiver<(String, String)>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://{}/hooks/stripe",
        listener.local_addr().expect("addr")
    );
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                    let tx = tx.clone();
                    async move {
                        let signature = request
                            .headers()
                            .get("stripe-signature")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_string();
                        let body = request
                            .into_body()
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        let _ = tx.send((signature, String::from_utf8_lossy(&body).into_owned()));
                        Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::from_static(
                            b"ok",
                        ))))
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (url, rx)
}

#[tokio::test]
async fn events_are_signed_and_delivered() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let (url, mut deliveries) = receiver().await;
    let endpoint = control(
        base,
        "POST",
        "/_sim/webhook_endpoints",
        Some(json!({"url": url})),
    )
    .await
    .json();
    let endpoint_id = endpoint["id"].as_str().expect("we id").to_string();
    let secret = endpoint["secret"].as_str().expect("secret").to_string();
    assert!(endpoint_id.starts_with("we_") && secret.starts_with("whsec_"));
    let quiet = control(
        base,
        "POST",
        "/_sim/webhook_endpoints",
        Some(json!({"secret": "whsec_chosen"})),
    )
    .await
    .json();
    assert_eq!(quiet["secret"], "whsec_chosen");
    let quiet_id = quiet["id"].as_str().expect("id").to_string();

    let cus = customer(base).await;
    let session = setup_session(base, Some(&cus)).await;
    let cs = session["id"].as_str().expect("cs");
    assert_eq!(complete(base, cs, "pm_card_visa").await.status, 200);

    let (header, payload) = tokio::time::timeout(Duration::from_secs(5), deliveries.recv())
        .await
        .expect("delivered in time")
        .expect("a delivery");
    assert!(verifies(&header, &payload, &secret), "{header}");
    assert!(
        !verifies(&header, &payload.replace("complete", "open"), &secret),
        "a tampered body fails"
    );
    assert!(!verifies(&header, &payload, "whsec_wrong"));
    let event: Value = serde_json::from_str(&payload).expect("JSON payload");
    assert_eq!(event["object"], "event");
    assert_eq!(event["type"], "checkout.session.completed");
    assert!(event["id"].as_str().expect("evt").starts_with("evt_"));
    assert_eq!(event["livemode"], false);
    assert_eq!(event["data"]["object"]["id"], cs);
    assert_eq!(event["data"]["object"]["status"], "complete");
    assert_eq!(event["pending_webhooks"], 1);
    assert!(event["request"].get("idempotency_key").is_some());

    let listed = control(
        base,
        "GET",
        "/_sim/events?type=checkout.session.completed",
        None,
    )
    .await
    .json();
    let entry = &listed["data"][0];
    assert_eq!(
        entry["payload"],
        payload.as_str(),
        "the exact bytes delivered"
    );
    assert_eq!(entry["signatures"][&endpoint_id], header.as_str());
    assert_eq!(
        entry["signature"],
        header.as_str(),
        "the first endpoint's, for convenience"
    );
    let quiet_header = entry["signatures"][&quiet_id]
        .as_str()
        .expect("signed for every endpoint");
    assert!(verifies(quiet_header, &payload, "whsec_chosen"));
    let none = control(
        base,
        "GET",
        "/_sim/events?type=payment_intent.succeeded",
        None,
    )
    .await
    .json();
    assert!(none["data"].as_array().expect("data").is_empty());

    let bad = control(
        base,
        "POST",
        "/_sim/webhook_endpoints",
        Some(json!({"url": "https://example.com/hook"})),
    )
    .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn signing_helper_for_rotation_and_expiry_cases() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let payload = "{\"id\": \"evt_123\", \"object\": \"event\"}";
    let signed = control(
        base,
        "POST",
        "/_sim/webhooks/sign",
        Some(json!({"payload": payload, "timestamp": 1_600_000_000, "secrets": ["whsec_old", "whsec_new"]})),
    )
    .await;
    assert_eq!(signed.status, 200);
    let header = signed.json()["header"]
        .as_str()
        .expect("header")
        .to_string();
    let parts: Vec<&str> = header.split(',').collect();
    assert_eq!(parts.len(), 3);
    assert_eq!(parts[0], "t=1600000000");
    assert_eq!(
        parts[1],
        format!(
            "v1={}",
            hex_hmac("whsec_old", &format!("1600000000.{payload}"))
        )
    );
    assert_eq!(
        parts[2],
        format!(
            "v1={}",
            hex_hmac("whsec_new", &format!("1600000000.{payload}"))
        )
    );
    assert!(verifies(&header, payload, "whsec_new"));
    assert_eq!(
        header,
        offsession_sim::signature_header(1_600_000_000, payload, &["whsec_old", "whsec_new"])
    );

    let now = control(
        base,
        "POST",
        "/_sim/webhooks/sign",
        Some(json!({"payload": "{}", "secrets": ["whsec_a"]})),
    )
    .await
    .json();
    let t: i64 = now["header"].as_str().expect("header")[2..12]
        .parse()
        .expect("timestamp");
    let system_now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    assert!((t - i64::try_from(system_now).expect("fits")).abs() < 5);

    for bad in [
        json!({"secrets": ["whsec_a"]}),
        json!({"payload": "{}"}),
        json!({"payload": "{}", "secrets": []}),
        json!({"payload": "{}", "secrets": [1]}),
    ] {
        assert_eq!(
            control(base, "POST", "/_sim/webhooks/sign", Some(bad))
                .await
                .status,
            400
        );
    }
}
