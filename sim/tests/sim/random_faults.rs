//! Random fault mode: seeded, filtered by method and path prefixes, counted, switched off.

use serde_json::{json, Value};

use crate::common::{control, count, request_log, try_post};

async fn set_random(base: &str, body: Value) -> Value {
    let resp = control(base, "POST", "/_sim/faults/random", Some(body)).await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    resp.json()
}

/// Sends `n` customer creations (fresh keys) and returns the fault each one met, from the log.
async fn faults_met(base: &str, n: usize) -> Vec<Value> {
    for i in 0..n {
        // Faulted requests end in a transport error or a 500/429: both are fine here.
        let _ = try_post(base, "/v1/customers", "name=A", Some(&format!("k{i}"))).await;
    }
    request_log(base)
        .await
        .iter()
        .map(|e| e["fault"].clone())
        .collect()
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults() {
    let kinds = json!([
        "reset_before",
        "drop_after_commit",
        "status_500",
        "status_429_lock_timeout"
    ]);
    let mut runs = Vec::new();
    for _ in 0..2 {
        let sim = offsession_sim::start().expect("start");
        let shown = set_random(
            sim.url(),
            json!({"seed": 7, "rate": 0.5, "kinds": kinds, "paths": ["/v1/customers"]}),
        )
        .await;
        assert_eq!(shown["enabled"], true);
        assert_eq!(shown["seed"], 7);
        runs.push(faults_met(sim.url(), 40).await);
    }
    assert_eq!(runs[0], runs[1], "one seed, one sequence");
    let hit = runs[0].iter().filter(|f| !f.is_null()).count();
    assert!(
        (8..=32).contains(&hit),
        "about half of 40 faulted, got {hit}"
    );
    let sim = offsession_sim::start().expect("start");
    set_random(
        sim.url(),
        json!({"seed": 8, "rate": 0.5, "kinds": kinds, "paths": ["/v1/customers"]}),
    )
    .await;
    assert_ne!(faults_met(sim.url(), 40).await, runs[0], "another seed");
}

#[tokio::test]
async fn counts_by_kind_match_the_request_log_and_delete_switches_off() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    set_random(
        base,
        json!({"seed": 1, "rate": 1.0, "kinds": ["status_500", "drop_after_commit", "delay"],
               "delay_ms": 1, "method": "post", "paths": ["/v1/customers"]}),
    )
    .await;
    let met = faults_met(base, 30).await;
    assert!(met.iter().all(|f| !f.is_null()), "rate 1: every request");
    let shown = control(base, "GET", "/_sim/faults/random", None)
        .await
        .json();
    assert_eq!(shown["considered"], 30);
    assert_eq!(shown["injected_total"], 30);
    for kind in ["status_500", "drop_after_commit", "delay"] {
        let logged = met.iter().filter(|f| *f == kind).count();
        assert_eq!(shown["injected"][kind], logged, "{kind}");
        assert!(logged > 0, "{kind} drawn at least once in 30");
    }
    // Only drop_after_commit and delay executed the request.
    let executed = met.iter().filter(|f| *f != "status_500").count();
    assert_eq!(count(base, "customers").await, executed);

    // Neither a GET nor another path is affected.
    let other = try_post(base, "/v1/payment_intents", "amount=100&currency=usd", None)
        .await
        .expect("not faulted");
    assert_eq!(other.status, 200);

    let last = control(base, "DELETE", "/_sim/faults/random", None)
        .await
        .json();
    assert_eq!(last["injected_total"], 30);
    assert_eq!(
        control(base, "GET", "/_sim/faults/random", None)
            .await
            .json(),
        json!({"enabled": false})
    );
    let after = try_post(base, "/v1/customers", "name=B", None)
        .await
        .expect("no fault");
    assert_eq!(after.status, 200);
}

#[tokio::test]
async fn explicit_faults_win_and_reset_clears_random_mode() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    set_random(base, json!({"rate": 1.0, "kinds": ["status_500"]})).await;
    let explicit = json!({"kind": "status_429_lock_timeout"});
    assert_eq!(
        control(base, "POST", "/_sim/faults", Some(explicit))
            .await
            .status,
        200
    );
    assert_eq!(
        faults_met(base, 2).await,
        [json!("status_429_lock_timeout"), json!("status_500")]
    );
    let shown = control(base, "GET", "/_sim/faults/random", None)
        .await
        .json();
    assert!(
        shown["seed"].is_u64(),
        "a seed is chosen and shown: {shown}"
    );
    assert_eq!(shown["considered"], 1, "the explicit fault did not draw");
    control(base, "POST", "/_sim/reset", None).await;
    assert_eq!(
        control(base, "GET", "/_sim/faults/random", None)
            .await
            .json()["enabled"],
        false
    );
}

#[tokio::test]
async fn bad_settings_are_400s() {
    let sim = offsession_sim::start().expect("start");
    for bad in [
        json!({}),
        json!({"rate": 1.5}),
        json!({"rate": "0.1"}),
        json!({"rate": 0.1}),
        json!({"rate": 0.1, "kinds": []}),
        json!({"rate": 0.1, "kinds": ["explode"]}),
        json!({"rate": 0.1, "kinds": ["delay"], "delay_ms": 120_001}),
        json!({"rate": 0.1, "kinds": ["status_500"], "paths": "/v1"}),
        json!({"rate": 0.1, "kinds": ["status_500"], "seed": -1}),
        json!({"rate": 0.1, "kinds": ["status_500"], "colour": "red"}),
    ] {
        let resp = control(sim.url(), "POST", "/_sim/faults/random", Some(bad.clone())).await;
        assert_eq!(resp.status, 400, "{bad}");
    }
    assert_eq!(
        control(sim.url(), "GET", "/_sim/faults/random", None)
            .await
            .json()["enabled"],
        false,
        "nothing was switched on"
    );
}
