//! Every state Stripe can answer an off-session charge with, and what the caller gets: one
//! outcome per real state, the decline never lost, and nothing sent for a bad input.

mod support;

use offsession::{ChargeOutcome, OffSessionCharge, Recovery};
use serde_json::{json, Value};
use support::{flow_object, Reply, TestServer};

fn charge(key: &str) -> OffSessionCharge {
    OffSessionCharge {
        customer: "cus_RZx4bN7qLk2mWp".into(),
        payment_method: "pm_1QgH8ZLkdIwHu7ixUo5vJcTb".into(),
        amount: 1099,
        currency: "usd".into(),
        idempotency_key: key.to_owned(),
        recovery: Recovery {
            product_name: "T-shirt".into(),
            success_url: "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}".into(),
            cancel_url: Some("https://example.com/cart".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn intent_with_status(status: &str) -> String {
    let mut pi: Value = serde_json::from_str(&flow_object("payment_intent")).unwrap();
    pi["status"] = json!(status);
    pi.to_string()
}

fn decline_body() -> String {
    let mut pi: Value = serde_json::from_str(&flow_object("payment_intent")).unwrap();
    pi["status"] = json!("requires_payment_method");
    json!({"error": {"type": "card_error", "code": "card_declined",
        "decline_code": "insufficient_funds", "message": "Your card has insufficient funds.",
        "payment_intent": pi}})
    .to_string()
}

fn path(target: &str) -> &str {
    target.split('?').next().unwrap()
}

#[tokio::test]
async fn each_status_stripe_answers_with_is_its_own_outcome() {
    for (status, expected) in [
        ("succeeded", "succeeded"),
        ("processing", "processing"),
        ("requires_capture", "requires_capture"),
        ("requires_action", "requires_action"),
    ] {
        let server = TestServer::start(move |_, _| Reply::json(200, intent_with_status(status)));
        let outcome = server
            .client()
            .charge_off_session(&charge("order-status"))
            .await
            .unwrap();
        assert_eq!(outcome.name(), expected, "status {status}");
        assert_eq!(
            outcome.payment_intent().map(|pi| pi.status.as_str()),
            Some(status)
        );
        assert_eq!(outcome.is_succeeded(), status == "succeeded", "{status}");
        assert_eq!(
            server.requests().len(),
            1,
            "no recovery session for {status}"
        );
    }
}

#[tokio::test]
async fn a_status_a_charge_cannot_end_in_is_an_error_that_keeps_the_payment_intent() {
    for status in [
        "requires_payment_method",
        "requires_confirmation",
        "canceled",
        "paused_new",
    ] {
        let server = TestServer::start(move |_, _| Reply::json(200, intent_with_status(status)));
        let error = server
            .client()
            .charge_off_session(&charge("order-odd"))
            .await
            .unwrap_err();
        assert_eq!(error.kind().as_str(), "api_error", "{status}");
        assert_eq!(
            error.payment_intent().map(|pi| pi.status.as_str()),
            Some(status),
            "the PaymentIntent travels with the error"
        );
        assert!(error.message().contains(status), "{}", error.message());
        assert_eq!(error.idempotency_key(), Some("order-odd"));
        assert!(!error.is_retryable());
    }
}

#[tokio::test]
async fn a_recovery_session_that_fails_keeps_the_decline() {
    let server = TestServer::start(|request, _| match path(&request.target) {
        "/v1/payment_intents" => Reply::json(402, decline_body()),
        _ => Reply::json(
            400,
            r#"{"error":{"type":"invalid_request_error","message":"Not a valid URL","param":"success_url"}}"#,
        ),
    });
    let outcome = server
        .client()
        .charge_off_session(&charge("order-lost"))
        .await
        .unwrap();
    assert_eq!(outcome.name(), "recovery_failed");
    let ChargeOutcome::RecoveryFailed {
        error,
        payment_intent,
        recovery_error,
    } = outcome
    else {
        unreachable!()
    };
    assert_eq!(error.http_status, 402);
    assert_eq!(
        error.details.decline_code.as_deref(),
        Some("insufficient_funds")
    );
    assert!(error.details.payment_intent.is_some());
    assert_eq!(
        payment_intent.map(|pi| pi.status.to_string()).as_deref(),
        Some("requires_payment_method")
    );
    assert_eq!(recovery_error.kind().as_str(), "invalid_request_error");
    assert_eq!(recovery_error.param(), Some("success_url"));
    assert_eq!(recovery_error.idempotency_key(), Some("order-lost"));
}

#[tokio::test]
async fn a_recovery_session_lost_to_the_network_keeps_the_decline_too() {
    let server = TestServer::start(|request, _| match path(&request.target) {
        "/v1/payment_intents" => Reply::json(402, decline_body()),
        _ => Reply::json(500, r#"{"error":{"type":"api_error","message":"boom"}}"#),
    });
    let client = offsession::Client::builder("sk_test_placeholder")
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .unwrap();
    let outcome = client
        .charge_off_session(&charge("order-5xx"))
        .await
        .unwrap();
    let ChargeOutcome::RecoveryFailed { recovery_error, .. } = outcome else {
        panic!("expected recovery_failed, got {}", outcome.name())
    };
    assert!(recovery_error.is_retryable());
    assert_eq!(recovery_error.idempotency_key(), Some("order-5xx"));
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let server = TestServer::start(|_, _| Reply::json(200, intent_with_status("succeeded")));
    let client = server.client();
    type Break = Box<dyn Fn(&mut OffSessionCharge)>;
    let cases: Vec<(&str, Break)> = vec![
        ("idempotency_key", Box::new(|c| c.idempotency_key.clear())),
        (
            "idempotency_key",
            Box::new(|c| c.idempotency_key = "has space".into()),
        ),
        (
            "recovery[success_url]",
            Box::new(|c| c.recovery.success_url = "example.com/paid".into()),
        ),
        (
            "recovery[success_url]",
            Box::new(|c| c.recovery.success_url = "ftp://example.com/paid".into()),
        ),
        (
            "recovery[cancel_url]",
            Box::new(|c| c.recovery.cancel_url = Some("/cart".into())),
        ),
        ("amount", Box::new(|c| c.amount = 0)),
        ("currency", Box::new(|c| c.currency = "us".into())),
    ];
    for (param, break_it) in cases {
        let mut request = charge("order-bad");
        break_it(&mut request);
        let error = client.charge_off_session(&request).await.unwrap_err();
        assert_eq!(error.kind().as_str(), "invalid_input", "{param}");
        assert_eq!(error.param(), Some(param));
    }
    assert!(
        server.requests().is_empty(),
        "a refused input sent a request"
    );
}

#[tokio::test]
async fn a_currency_in_upper_case_is_sent_lower_cased() {
    let server = TestServer::start(|_, _| Reply::json(200, intent_with_status("succeeded")));
    let mut request = charge("order-usd");
    request.currency = "USD".into();
    server.client().charge_off_session(&request).await.unwrap();
    let body = &server.requests()[0].body;
    assert!(body.contains("currency=usd"), "{body}");
}

#[tokio::test]
async fn a_connection_error_names_the_key_to_re_run_with() {
    let client = offsession::Client::builder("sk_test_placeholder")
        .base_url(support::unreachable_url())
        .max_retries(0)
        .build()
        .unwrap();
    let error = client
        .charge_off_session(&charge("order-77"))
        .await
        .unwrap_err();
    assert_eq!(error.kind().as_str(), "api_connection_error");
    assert_eq!(error.idempotency_key(), Some("order-77"));

    // A resource call without a key gets a generated one, and the error shows it.
    let error = client
        .customers()
        .create(&offsession::CreateCustomer::default())
        .await
        .unwrap_err();
    assert_eq!(error.idempotency_key().map(str::len), Some(36));
}

#[tokio::test]
async fn recovery_options_reach_the_session() {
    let server = TestServer::start(|request, _| match path(&request.target) {
        "/v1/payment_intents" => Reply::json(402, decline_body()),
        _ => Reply::json(200, flow_object("checkout_session_created")),
    });
    let mut request = charge("order-options");
    request.recovery.save_payment_method = false;
    let expires_at = offsession::webhook::now() + 3600;
    request.recovery.expires_at = Some(expires_at);
    request.recovery.client_reference_id = Some("cart-77".into());
    server.client().charge_off_session(&request).await.unwrap();
    let body = &server.requests()[1].body;
    assert!(body.contains("client_reference_id=cart-77"), "{body}");
    assert!(body.contains(&format!("expires_at={expires_at}")), "{body}");
    assert!(
        !body.contains("setup_future_usage"),
        "save_payment_method=false must not save the card: {body}"
    );

    let error = server
        .client()
        .charge_off_session(&OffSessionCharge {
            recovery: Recovery {
                client_reference_id: Some("x".repeat(201)),
                ..request.recovery.clone()
            },
            ..request.clone()
        })
        .await
        .unwrap_err();
    assert_eq!(error.param(), Some("recovery[client_reference_id]"));
    // An expiry Stripe would refuse is refused before the card is charged, not after.
    for ahead in [60, 25 * 3600] {
        let mut late = request.clone();
        late.recovery.expires_at = Some(offsession::webhook::now() + ahead);
        let error = server.client().charge_off_session(&late).await.unwrap_err();
        assert_eq!(error.param(), Some("recovery[expires_at]"), "{ahead}");
    }
    assert_eq!(
        server.requests().len(),
        2,
        "nothing sent for the refused input"
    );
}

fn paid_recovery_session(status: &str, payment_status: &str) -> String {
    let mut session: Value =
        serde_json::from_str(&flow_object("checkout_session_created")).unwrap();
    let mut pi: Value = serde_json::from_str(&flow_object("payment_intent")).unwrap();
    pi["payment_method"] = json!("pm_new_card_1");
    session["mode"] = json!("payment");
    session["status"] = json!(status);
    session["payment_status"] = json!(payment_status);
    session["payment_intent"] = pi;
    session["metadata"] = json!({"offsession_declined_payment_intent": "pi_declined_1"});
    session.to_string()
}

#[tokio::test]
async fn a_paid_recovery_gives_the_card_to_charge_next_time() {
    let server =
        TestServer::start(|_, _| Reply::json(200, paid_recovery_session("complete", "paid")));
    let recovered = server
        .client()
        .complete_recovery("cs_test_recovery1")
        .await
        .unwrap();
    assert_eq!(recovered.payment_method_id, "pm_new_card_1");
    assert_eq!(
        recovered.declined_payment_intent_id.as_deref(),
        Some("pi_declined_1")
    );
    assert!(recovered.customer_id.starts_with("cus_"));
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "one request");
    assert!(
        requests[0].target.contains("expand[0]=payment_intent"),
        "{}",
        requests[0].target
    );
}

#[tokio::test]
async fn an_unpaid_recovery_session_is_invalid_state() {
    let server =
        TestServer::start(|_, _| Reply::json(200, paid_recovery_session("open", "unpaid")));
    let error = server
        .client()
        .complete_recovery("cs_test_recovery1")
        .await
        .unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_state");
    assert_eq!(error.param(), Some("session_id"));
    assert!(error.message().contains("not paid"), "{}", error.message());
}

#[tokio::test]
async fn cancel_sends_the_reason_with_a_key() {
    let server = TestServer::start(|_, _| Reply::json(200, intent_with_status("canceled")));
    let canceled = server
        .client()
        .payment_intents()
        .cancel(
            "pi_declined_1",
            &offsession::CancelPaymentIntent {
                cancellation_reason: Some(offsession::CancellationReason::Abandoned),
            },
        )
        .idempotency_key("cancel-pi_declined_1")
        .await
        .unwrap();
    assert_eq!(canceled.status.as_str(), "canceled");
    let request = &server.requests()[0];
    assert_eq!(request.target, "/v1/payment_intents/pi_declined_1/cancel");
    assert_eq!(request.body, "cancellation_reason=abandoned");
    assert_eq!(
        request.header("Idempotency-Key"),
        Some("cancel-pi_declined_1")
    );
}

#[test]
fn the_client_secret_is_reachable_for_the_on_session_route() {
    let pi: offsession::PaymentIntent =
        serde_json::from_str(&flow_object("payment_intent")).unwrap();
    let secret = pi
        .client_secret()
        .expect("the flow object has a client_secret");
    assert!(
        secret.starts_with(&format!("{}_secret_", pi.id)),
        "{secret}"
    );
}

#[tokio::test]
async fn every_result_keeps_its_request_id_and_whether_it_was_a_replay() {
    let server = TestServer::start(|_, n| {
        Reply::json(200, intent_with_status("succeeded"))
            .with_header("Request-Id", &format!("req_{n}"))
            .with_header("Idempotent-Replayed", if n == 0 { "false" } else { "true" })
    });
    let client = server.client();
    let first = client
        .charge_off_session(&charge("order-replay"))
        .await
        .unwrap();
    let again = client
        .charge_off_session(&charge("order-replay"))
        .await
        .unwrap();
    let meta = |outcome: &ChargeOutcome| {
        outcome
            .payment_intent()
            .and_then(|pi| pi.last_response.clone())
            .expect("the outcome's PaymentIntent keeps its response")
    };
    let (first, again) = (meta(&first), meta(&again));
    assert_eq!(first.request_id.as_deref(), Some("req_0"));
    assert!(!first.idempotent_replayed);
    assert_eq!(again.request_id.as_deref(), Some("req_1"));
    assert!(
        again.idempotent_replayed,
        "a re-run is told it was replayed"
    );
    assert_eq!(
        again.idempotency_key.as_deref(),
        Some("order-replay:payment_intent")
    );
}

#[tokio::test]
async fn an_expanded_latest_charge_is_a_charge() {
    let server = TestServer::start(|_, _| {
        let mut pi: Value = serde_json::from_str(&intent_with_status("succeeded")).unwrap();
        pi["latest_charge"] = json!({"id": "ch_1", "object": "charge", "amount": 1099,
            "paid": true, "captured": true, "status": "succeeded",
            "receipt_url": "https://pay.stripe.com/receipts/x", "outcome": {"type": "authorized"}});
        Reply::json(200, pi.to_string())
    });
    let pi = server
        .client()
        .payment_intents()
        .retrieve("pi_1")
        .expand(["latest_charge"])
        .await
        .unwrap();
    let charge = pi
        .latest_charge
        .as_ref()
        .and_then(|c| c.as_object())
        .expect("expanded");
    assert_eq!(charge.id, "ch_1");
    assert!(charge.paid && charge.captured);
    assert_eq!(charge.extra["outcome"]["type"], "authorized");
    assert_eq!(pi.latest_charge_id(), Some("ch_1"));
}
