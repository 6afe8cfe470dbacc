//! The list, update, detach and expire routes go through the same `/v1` pipeline as the
//! others: Idempotency-Key replays, the request log, injected faults and key checking.

use serde_json::{json, Value};

use crate::common::{
    attach, control, customer, events_of, request_log, send, setup_session, try_post, KEY,
};

#[tokio::test]
async fn idempotency_keys_replay_updates_detaches_and_expiries() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;
    let pm = attach(base, "pm_card_visa", &cus).await;
    let session = setup_session(base, Some(&cus)).await;
    let cs = session["id"].as_str().expect("id");

    for (path, body, event) in [
        (
            format!("/v1/customers/{cus}"),
            "name=Replayed&metadata[a]=1".to_string(),
            "customer.updated",
        ),
        (
            format!("/v1/payment_methods/{pm}/detach"),
            String::new(),
            "payment_method.detached",
        ),
        (
            format!("/v1/checkout/sessions/{cs}/expire"),
            String::new(),
            "checkout.session.expired",
        ),
    ] {
        let key = format!("key-{event}");
        let first = try_post(base, &path, &body, Some(&key))
            .await
            .expect("first");
        assert_eq!(first.status, 200, "{path}");
        // Detaching or expiring again would be a 400: the replay shows it did not execute.
        let replay = try_post(base, &path, &body, Some(&key))
            .await
            .expect("replay");
        assert_eq!(replay.status, 200, "{path}");
        assert_eq!(replay.body, first.body, "{path}: byte-identical");
        assert_eq!(replay.header("idempotent-replayed"), Some("true"));
        assert_eq!(
            replay.header("original-request"),
            first.header("request-id")
        );
        assert_eq!(events_of(base, event).await.len(), 1, "{event} once");
        let other = try_post(base, &path, "expand[]=customer", Some(&key))
            .await
            .expect("other");
        assert_eq!(other.status, 400, "{path}");
        assert_eq!(other.json()["error"]["type"], "idempotency_error");
        // Without the key the second call executes, and is refused where Stripe refuses it.
        let unkeyed = try_post(base, &path, &body, None).await.expect("unkeyed");
        let expected = if event == "customer.updated" {
            200
        } else {
            400
        };
        assert_eq!(unkeyed.status, expected, "{path}");
    }
}

#[tokio::test]
async fn the_new_routes_are_logged_faulted_and_key_checked() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;
    let pm = attach(base, "pm_card_visa", &cus).await;
    let list_path = format!("/v1/customers/{cus}/payment_methods");
    let auth = format!("Bearer {KEY}");

    // The request log: the list's query decoded as its body, an update's form body.
    let resp = send(
        base,
        "GET",
        &format!("{list_path}?limit=2&type=card"),
        &[("authorization", &auth)],
        "",
    )
    .await
    .expect("list");
    assert_eq!(resp.status, 200);
    let resp = try_post(
        base,
        &format!("/v1/customers/{cus}"),
        "metadata[k]=v",
        Some("log-key"),
    )
    .await
    .expect("update");
    assert_eq!(resp.status, 200);
    let log = request_log(base).await;
    let listed = log
        .iter()
        .find(|e| e["path"] == list_path.as_str())
        .expect("list logged");
    assert_eq!(listed["method"], "GET");
    assert_eq!(listed["query"], "limit=2&type=card");
    assert_eq!(listed["body"], json!({"limit": "2", "type": "card"}));
    assert_eq!(listed["status"], 200);
    let updated = log
        .iter()
        .find(|e| e["path"] == format!("/v1/customers/{cus}") && e["method"] == "POST")
        .expect("update logged");
    assert_eq!(updated["body"], json!({"metadata": {"k": "v"}}));
    assert_eq!(updated["idempotency_key"], "log-key");

    // Faults match the new paths like any other.
    let fault = control(
        base,
        "POST",
        "/_sim/faults",
        Some(json!({"method": "GET", "path": list_path, "kind": "status_500"})),
    )
    .await;
    assert_eq!(fault.status, 200);
    let resp = send(base, "GET", &list_path, &[("authorization", &auth)], "")
        .await
        .expect("list");
    assert_eq!(resp.status, 500);
    assert_eq!(resp.json()["error"]["type"], "api_error");
    let fault = control(
        base,
        "POST",
        "/_sim/faults",
        Some(json!({"path": "/v1/payment_methods", "kind": "status_429_lock_timeout"})),
    )
    .await;
    assert_eq!(fault.status, 200);
    let resp = try_post(base, &format!("/v1/payment_methods/{pm}/detach"), "", None)
        .await
        .expect("detach");
    assert_eq!(resp.status, 429);
    assert_eq!(resp.json()["error"]["code"], "lock_timeout");
    assert_eq!(
        events_of(base, "payment_method.detached").await.len(),
        0,
        "an injected 429 handles nothing"
    );
    let log = request_log(base).await;
    let faulted: Vec<&Value> = log.iter().filter(|e| !e["fault"].is_null()).collect();
    assert_eq!(faulted.len(), 2);
    assert_eq!(faulted[0]["fault"], "status_500");
    assert_eq!(faulted[1]["fault"], "status_429_lock_timeout");

    // Keys: none is a 401; a restricted key reads the list but cannot write.
    let none = send(base, "GET", &list_path, &[], "").await.expect("none");
    assert_eq!(none.status, 401);
    let restricted = [("authorization", "Bearer rk_test_readonly")];
    let read = send(base, "GET", &list_path, &restricted, "")
        .await
        .expect("read");
    assert_eq!(read.status, 200);
    assert_eq!(read.json()["data"][0]["id"], pm.as_str());
    for path in [
        format!("/v1/customers/{cus}"),
        format!("/v1/payment_methods/{pm}/detach"),
        "/v1/checkout/sessions/cs_test_x/expire".to_string(),
    ] {
        let write = send(base, "POST", &path, &restricted, "name=X")
            .await
            .expect("write");
        assert_eq!(write.status, 403, "{path}");
    }
    assert_eq!(events_of(base, "payment_method.detached").await.len(), 0);
}
