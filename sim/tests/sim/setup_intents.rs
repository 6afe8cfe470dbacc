//! `POST /v1/setup_intents/{id}` and `POST /_sim/idempotency/expire`: what `complete_setup`
//! records on the SetupIntent, and keys forgotten as Stripe forgets them after 24 hours.

use crate::common::{control, post, saved_card, try_post};
use crate::openapi::SCHEMAS;

#[tokio::test]
async fn setup_intent_metadata_is_merged_and_expired_keys_are_forgotten() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let (_customer, _payment_method) = saved_card(base, "pm_card_visa").await;
    let intents = control(base, "GET", "/_sim/objects/setup_intents", None)
        .await
        .json();
    let id = intents["data"][0]["id"].as_str().expect("seti").to_string();
    let resp = post(
        base,
        &format!("/v1/setup_intents/{id}"),
        "metadata[a]=1&metadata[b]=2",
    )
    .await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    let resp = post(base, &format!("/v1/setup_intents/{id}"), "metadata[a]=").await;
    let updated = resp.json();
    assert_eq!(updated["metadata"], serde_json::json!({"b": "2"}));
    assert_eq!(SCHEMAS.object_errors(&updated), Vec::<String>::new());
    assert_eq!(
        post(base, &format!("/v1/setup_intents/{id}"), "customer=cus_1")
            .await
            .status,
        400,
        "parameters the simulator does not take are refused"
    );

    // A key replays until the simulator forgets it, as Stripe does after 24 hours.
    let first = try_post(base, "/v1/customers", "email=a%40b.c", Some("k-1"))
        .await
        .expect("request")
        .json();
    let replay = try_post(base, "/v1/customers", "email=a%40b.c", Some("k-1"))
        .await
        .expect("request")
        .json();
    assert_eq!(first["id"], replay["id"]);
    let expired = control(base, "POST", "/_sim/idempotency/expire", None)
        .await
        .json();
    assert!(expired["expired"].as_u64().unwrap_or(0) >= 1, "{expired}");
    let fresh = try_post(base, "/v1/customers", "email=a%40b.c", Some("k-1"))
        .await
        .expect("request")
        .json();
    assert_ne!(first["id"], fresh["id"], "a forgotten key creates anew");
}
