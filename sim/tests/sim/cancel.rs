//! `POST /v1/payment_intents/{id}/cancel`: a declined charge can be closed; a paid one cannot.

use crate::common::{charge, control, post, saved_card};
use crate::openapi::SCHEMAS;

#[tokio::test]
async fn a_declined_payment_intent_can_be_canceled_once() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let (cus, pm) = saved_card(base, "pm_card_chargeCustomerFail").await;
    let declined = charge(base, &cus, &pm, None).await;
    assert_eq!(declined.status, 402);
    let pi = declined.json()["error"]["payment_intent"]["id"]
        .as_str()
        .expect("pi")
        .to_string();

    let resp = post(
        base,
        &format!("/v1/payment_intents/{pi}/cancel"),
        "cancellation_reason=abandoned",
    )
    .await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    let canceled = resp.json();
    assert_eq!(canceled["status"], "canceled");
    assert_eq!(canceled["cancellation_reason"], "abandoned");
    assert!(canceled["canceled_at"].as_i64().is_some());
    assert_eq!(SCHEMAS.object_errors(&canceled), Vec::<String>::new());
    let events = control(
        base,
        "GET",
        "/_sim/events?type=payment_intent.canceled",
        None,
    )
    .await
    .json();
    assert_eq!(events["data"].as_array().expect("data").len(), 1);

    let again = post(base, &format!("/v1/payment_intents/{pi}/cancel"), "").await;
    assert_eq!(again.status, 400);
    assert_eq!(
        again.json()["error"]["code"],
        "payment_intent_unexpected_state"
    );
}

#[tokio::test]
async fn a_paid_or_unknown_payment_intent_cannot_be_canceled() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let (cus, pm) = saved_card(base, "pm_card_visa").await;
    let paid = charge(base, &cus, &pm, None).await.json();
    let pi = paid["id"].as_str().expect("pi");
    let resp = post(base, &format!("/v1/payment_intents/{pi}/cancel"), "").await;
    assert_eq!(resp.status, 400);
    let error = &resp.json()["error"];
    assert_eq!(error["code"], "payment_intent_unexpected_state");
    assert!(error["message"]
        .as_str()
        .unwrap_or_default()
        .contains("status of succeeded"));

    let resp = post(base, "/v1/payment_intents/pi_missing/cancel", "").await;
    assert_eq!(resp.status, 404);
    let resp = post(
        base,
        &format!("/v1/payment_intents/{pi}/cancel"),
        "cancellation_reason=because",
    )
    .await;
    assert_eq!(resp.status, 400);
    assert_eq!(resp.json()["error"]["param"], "cancellation_reason");
}
