//! Idempotency-Key: replay, conflicts, what is saved, scoping.

use std::time::Duration;

use serde_json::json;

use crate::common::{charge, control, count, saved_card, try_post, Conn};

#[tokio::test]
async fn replays_byte_identically_and_refuses_other_parameters() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let body = "email=jenny%40example.com&metadata[a]=1";
    let first = try_post(base, "/v1/customers", body, Some("key-1"))
        .await
        .expect("first");
    assert_eq!(first.status, 200);
    assert!(first.header("idempotent-replayed").is_none());
    // Same parameters in another order and spelling are the same request.
    let second = try_post(
        base,
        "/v1/customers",
        "metadata%5Ba%5D=1&email=jenny%40example.com",
        Some("key-1"),
    )
    .await
    .expect("second");
    assert_eq!(second.status, 200);
    assert_eq!(second.body, first.body, "byte-identical replay");
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        second.header("original-request"),
        first.header("request-id")
    );
    assert_ne!(second.header("request-id"), first.header("request-id"));
    assert_eq!(count(base, "customers").await, 1);

    let different = try_post(
        base,
        "/v1/customers",
        "email=other%40example.com",
        Some("key-1"),
    )
    .await
    .expect("third");
    assert_eq!(different.status, 400);
    let error = &different.json()["error"];
    assert_eq!(error["type"], "idempotency_error");
    assert_eq!(
        error["message"],
        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'key-1' if you meant to execute a different request."
    );
    let other_path = try_post(base, "/v1/payment_intents", body, Some("key-1"))
        .await
        .expect("fourth");
    assert_eq!(other_path.status, 400);
    assert_eq!(other_path.json()["error"]["type"], "idempotency_error");
    assert_eq!(count(base, "customers").await, 1);

    // Without a key, never deduplicated; keys are scoped per API key.
    try_post(base, "/v1/customers", body, None)
        .await
        .expect("no key");
    try_post(base, "/v1/customers", body, None)
        .await
        .expect("no key");
    assert_eq!(count(base, "customers").await, 3);
    let mut conn = Conn::open(base).await.expect("connect");
    let other_key = conn
        .send(
            "POST",
            "/v1/customers",
            &[
                ("authorization", "Bearer sk_test_someoneElse"),
                ("idempotency-key", "key-1"),
            ],
            body,
        )
        .await
        .expect("other account");
    assert_eq!(other_key.status, 200);
    assert!(other_key.header("idempotent-replayed").is_none());
    assert_eq!(count(base, "customers").await, 4);

    let log = crate::common::request_log(base).await;
    let replayed: Vec<bool> = log
        .iter()
        .map(|e| e["idempotent_replayed"] == true)
        .collect();
    assert_eq!(replayed, [false, true, false, false, false, false, false]);
}

#[tokio::test]
async fn saves_card_errors_but_not_validation_errors() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let (cus, pm) = saved_card(base, "pm_card_chargeCustomerFail").await;
    let first = charge(base, &cus, &pm, Some("charge-1")).await;
    assert_eq!(first.status, 402);
    let again = charge(base, &cus, &pm, Some("charge-1")).await;
    assert_eq!(again.status, 402);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(count(base, "payment_intents").await, 1, "charged once");

    // A 400 is not saved: the key can then be used with corrected parameters.
    let invalid = try_post(
        base,
        "/v1/payment_intents",
        "amount=10&currency=usd",
        Some("charge-2"),
    )
    .await
    .expect("400");
    assert_eq!(invalid.status, 400);
    let valid = try_post(
        base,
        "/v1/payment_intents",
        "amount=1000&currency=usd",
        Some("charge-2"),
    )
    .await
    .expect("200");
    assert_eq!(valid.status, 200);
    assert!(valid.header("idempotent-replayed").is_none());
}

#[tokio::test]
async fn a_key_in_flight_is_a_409() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url().to_string();
    let fault = json!({"path": "/v1/customers", "kind": "delay", "delay_ms": 700});
    assert_eq!(
        control(&base, "POST", "/_sim/faults", Some(fault))
            .await
            .status,
        200
    );
    let slow_base = base.clone();
    let slow =
        tokio::spawn(
            async move { try_post(&slow_base, "/v1/customers", "name=A", Some("slow")).await },
        );
    tokio::time::sleep(Duration::from_millis(250)).await;
    let concurrent = try_post(&base, "/v1/customers", "name=A", Some("slow"))
        .await
        .expect("409");
    assert_eq!(concurrent.status, 409);
    assert_eq!(concurrent.json()["error"]["type"], "idempotency_error");
    let slow = slow.await.expect("join").expect("slow response");
    assert_eq!(slow.status, 200);
    let replay = try_post(&base, "/v1/customers", "name=A", Some("slow"))
        .await
        .expect("replay");
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(count(&base, "customers").await, 1);
}
