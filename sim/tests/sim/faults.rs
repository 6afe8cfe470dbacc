//! Injected faults: each kind, counting and matching.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::{control, count, request_log, try_post};

/// The I/O error kind somewhere in an error's source chain.
fn io_kind(error: &(dyn std::error::Error + 'static)) -> Option<std::io::ErrorKind> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        current = e.source();
    }
    None
}

async fn inject(base: &str, fault: Value) {
    let resp = control(base, "POST", "/_sim/faults", Some(fault)).await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
}

#[tokio::test]
async fn reset_before_is_a_connection_error_and_changes_nothing() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    inject(
        base,
        json!({"method": "POST", "path": "/v1/customers", "kind": "reset_before"}),
    )
    .await;
    let error = try_post(base, "/v1/customers", "name=A", Some("k"))
        .await
        .err()
        .expect("connection error");
    assert_eq!(
        io_kind(&*error),
        Some(std::io::ErrorKind::ConnectionReset),
        "an RST: {error:?}"
    );
    assert_eq!(count(base, "customers").await, 0);
    // Nothing saved under the key either: the retry executes.
    let retry = try_post(base, "/v1/customers", "name=A", Some("k"))
        .await
        .expect("retry");
    assert_eq!(retry.status, 200);
    assert!(retry.header("idempotent-replayed").is_none());
    let log = request_log(base).await;
    assert_eq!(log[0]["status"], Value::Null);
    assert_eq!(log[0]["fault"], "reset_before");
    assert_eq!(log[1]["status"], 200);
    assert_eq!(log[1]["fault"], Value::Null);
}

#[tokio::test]
async fn drop_after_commit_commits_without_answering() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    inject(
        base,
        json!({"path": "/v1/customers", "kind": "drop_after_commit"}),
    )
    .await;
    let lost = try_post(base, "/v1/customers", "name=A", Some("k")).await;
    let lost = lost.err().expect("no response");
    let hyper_error = lost.downcast_ref::<hyper::Error>().expect("a hyper error");
    assert!(
        hyper_error.is_incomplete_message(),
        "closed before a response: {lost:?}"
    );
    assert_eq!(
        count(base, "customers").await,
        1,
        "the change was committed"
    );
    // The retry with the same key gets the saved result: still one customer.
    let retry = try_post(base, "/v1/customers", "name=A", Some("k"))
        .await
        .expect("retry");
    assert_eq!(retry.status, 200);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(count(base, "customers").await, 1);
    let log = request_log(base).await;
    assert_eq!(log[0]["status"], Value::Null);
    assert_eq!(log[0]["fault"], "drop_after_commit");
    assert_eq!(log[1]["idempotent_replayed"], true);
}

#[tokio::test]
async fn status_faults_answer_without_handling() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    inject(
        base,
        json!({"kind": "status_500", "count": 2, "should_retry": false}),
    )
    .await;
    inject(base, json!({"kind": "status_429_lock_timeout"})).await;
    for _ in 0..2 {
        let resp = try_post(base, "/v1/customers", "name=A", Some("k"))
            .await
            .expect("500");
        assert_eq!(resp.status, 500);
        assert_eq!(resp.json()["error"]["type"], "api_error");
        assert_eq!(resp.json()["error"]["message"], "An unknown error occurred");
        assert_eq!(resp.header("stripe-should-retry"), Some("false"));
        assert!(resp.header("request-id").expect("id").starts_with("req_"));
    }
    let locked = try_post(base, "/v1/customers", "name=A", Some("k"))
        .await
        .expect("429");
    assert_eq!(locked.status, 429);
    assert_eq!(locked.json()["error"]["code"], "lock_timeout");
    assert_eq!(locked.json()["error"]["type"], "invalid_request_error");
    assert_eq!(count(base, "customers").await, 0, "nothing handled");
    let ok = try_post(base, "/v1/customers", "name=A", Some("k"))
        .await
        .expect("200");
    assert_eq!(ok.status, 200);
    assert!(
        ok.header("idempotent-replayed").is_none(),
        "no result was saved by the faults"
    );
    let faults: Vec<Value> = request_log(base)
        .await
        .iter()
        .map(|e| e["fault"].clone())
        .collect();
    assert_eq!(
        faults,
        [
            json!("status_500"),
            json!("status_500"),
            json!("status_429_lock_timeout"),
            Value::Null
        ]
    );
}

#[tokio::test]
async fn delay_matching_and_management() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    inject(
        base,
        json!({"method": "GET", "path": "/v1/customers", "kind": "delay", "delay_ms": 300}),
    )
    .await;
    inject(
        base,
        json!({"method": "POST", "path": "/v1/payment_intents", "kind": "status_500", "count": 3}),
    )
    .await;
    let listed = control(base, "GET", "/_sim/faults", None).await.json();
    assert_eq!(listed["data"].as_array().expect("data").len(), 2);
    assert_eq!(listed["data"][1]["count"], 3);

    // A POST to /v1/customers matches neither fault.
    let created = try_post(base, "/v1/customers", "name=A", None)
        .await
        .expect("created");
    assert_eq!(created.status, 200);
    let id = created.json()["id"].as_str().expect("id").to_string();
    let started = Instant::now();
    let fetched = crate::common::get(base, &format!("/v1/customers/{id}")).await;
    assert_eq!(fetched.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300), "delayed");
    let listed = control(base, "GET", "/_sim/faults", None).await.json();
    assert_eq!(
        listed["data"].as_array().expect("data").len(),
        1,
        "the delay was used up"
    );

    let cleared = control(base, "DELETE", "/_sim/faults", None).await.json();
    assert_eq!(cleared["deleted"], 1);
    let pi = try_post(base, "/v1/payment_intents", "amount=100&currency=usd", None)
        .await
        .expect("pi");
    assert_eq!(pi.status, 200);

    for bad in [
        json!({"kind": "explode"}),
        json!({"kind": "delay"}),
        json!({"kind": "status_500", "count": 0}),
        json!({"path": "/v1"}),
        json!([1]),
    ] {
        assert_eq!(
            control(base, "POST", "/_sim/faults", Some(bad))
                .await
                .status,
            400
        );
    }
}

#[tokio::test]
async fn reset_clears_everything() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    try_post(base, "/v1/customers", "name=A", Some("k"))
        .await
        .expect("created");
    inject(base, json!({"kind": "status_500"})).await;
    control(base, "POST", "/_sim/webhook_endpoints", Some(json!({}))).await;
    let reset = control(base, "POST", "/_sim/reset", None).await;
    assert_eq!(reset.status, 200);
    assert_eq!(count(base, "customers").await, 0);
    assert!(request_log(base).await.is_empty());
    assert!(
        control(base, "GET", "/_sim/faults", None).await.json()["data"]
            .as_array()
            .expect("data")
            .is_empty()
    );
    assert!(control(base, "GET", "/_sim/webhook_endpoints", None)
        .await
        .json()["data"]
        .as_array()
        .expect("data")
        .is_empty());
    // The idempotency record is gone too: the same key executes again.
    let again = try_post(base, "/v1/customers", "name=A", Some("k"))
        .await
        .expect("created");
    assert_eq!(again.status, 200);
    assert!(again.header("idempotent-replayed").is_none());
    assert_eq!(request_log(base).await[0]["seq"], 1);
}
