//! `POST /v1/checkout/sessions/{id}/expire`: an open session expires once, and then cannot be
//! completed; a session that is not open cannot be expired.

use serde_json::Value;

use crate::common::{complete, customer, events_of, get, post, setup_session, Resp};
use crate::openapi::SCHEMAS;

const NOT_OPEN: &str = "Only Checkout Sessions with a status in [\"open\"] can be expired.";

fn error(resp: &Resp) -> Value {
    resp.json()["error"].clone()
}

#[tokio::test]
async fn an_open_session_expires_once() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;
    let session = setup_session(base, Some(&cus)).await;
    let id = session["id"].as_str().expect("id");
    assert!(session["url"].is_string());

    let resp = post(
        base,
        &format!("/v1/checkout/sessions/{id}/expire"),
        "expand[]=customer",
    )
    .await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    let expired = resp.json();
    assert_eq!(expired["status"], "expired");
    assert_eq!(expired["url"], Value::Null);
    assert_eq!(expired["customer"]["id"], cus.as_str(), "expanded");
    assert_eq!(expired["expires_at"], session["expires_at"]);
    assert_eq!(SCHEMAS.object_errors(&expired), Vec::<String>::new());
    let stored = get(base, &format!("/v1/checkout/sessions/{id}"))
        .await
        .json();
    assert_eq!(stored["status"], "expired");
    assert_eq!(stored["customer"], cus.as_str());

    let events = events_of(base, "checkout.session.expired").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["object"]["id"], id);
    assert_eq!(events[0]["data"]["object"]["status"], "expired");
    assert_eq!(
        events[0]["data"]["object"]["customer"],
        cus.as_str(),
        "unexpanded"
    );
    assert_eq!(
        events[0]["request"]["id"].as_str(),
        resp.header("request-id")
    );

    // Expired is final: not again, and the customer can no longer complete it.
    let again = post(base, &format!("/v1/checkout/sessions/{id}/expire"), "").await;
    assert_eq!(again.status, 400);
    assert_eq!(error(&again)["type"], "invalid_request_error");
    assert_eq!(error(&again)["message"], NOT_OPEN);
    let done = complete(base, id, "pm_card_visa").await;
    assert_eq!(done.status, 400);
    assert_eq!(events_of(base, "checkout.session.expired").await.len(), 1);
    assert_eq!(events_of(base, "checkout.session.completed").await.len(), 0);
}

#[tokio::test]
async fn completed_and_unknown_sessions_cannot_be_expired() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let session = setup_session(base, None).await;
    let id = session["id"].as_str().expect("id");
    assert_eq!(complete(base, id, "pm_card_visa").await.status, 200);
    let resp = post(base, &format!("/v1/checkout/sessions/{id}/expire"), "").await;
    assert_eq!(resp.status, 400);
    assert_eq!(error(&resp)["message"], NOT_OPEN);
    let stored = get(base, &format!("/v1/checkout/sessions/{id}"))
        .await
        .json();
    assert_eq!(stored["status"], "complete", "a 400 changes nothing");

    let missing = post(base, "/v1/checkout/sessions/cs_test_missing/expire", "").await;
    assert_eq!(missing.status, 404);
    assert_eq!(error(&missing)["code"], "resource_missing");
    assert_eq!(error(&missing)["param"], "id");
    assert_eq!(
        error(&missing)["message"],
        "No such checkout.session: 'cs_test_missing'"
    );

    // Only `expand` is a parameter; an embedded session expires like a hosted one.
    let embedded = post(
        base,
        "/v1/checkout/sessions",
        "mode=setup&currency=usd&ui_mode=embedded_page&redirect_on_completion=never",
    )
    .await
    .json();
    let eid = embedded["id"].as_str().expect("id");
    let unknown = post(
        base,
        &format!("/v1/checkout/sessions/{eid}/expire"),
        "reason=late",
    )
    .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(error(&unknown)["code"], "parameter_unknown");
    assert_eq!(error(&unknown)["param"], "reason");
    let bad_expand = post(
        base,
        &format!("/v1/checkout/sessions/{eid}/expire"),
        "expand[]=colour",
    )
    .await;
    assert_eq!(bad_expand.status, 400);
    assert_eq!(error(&bad_expand)["param"], "expand[0]");
    let resp = post(base, &format!("/v1/checkout/sessions/{eid}/expire"), "").await;
    assert_eq!(resp.status, 200);
    let expired = resp.json();
    assert_eq!(expired["status"], "expired");
    assert_eq!(expired["url"], Value::Null);
    assert_eq!(SCHEMAS.object_errors(&expired), Vec::<String>::new());
    assert_eq!(events_of(base, "checkout.session.expired").await.len(), 1);
}
