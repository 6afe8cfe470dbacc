//! HTTP status and Stripe error type → error kind, with everything Stripe returned kept.

mod support;

use offsession::{Client, Error, PaymentIntentStatus};
use support::{flow_object, Reply, TestServer};

fn client_without_retries(server: &TestServer) -> Client {
    Client::builder("sk_test_123")
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .unwrap()
}

async fn error_for(status: u16, body: &str) -> Error {
    let body = body.to_owned();
    let server = TestServer::start(move |_, _| {
        Reply::json(status, body.clone()).with_header("Request-Id", "req_abc123")
    });
    client_without_retries(&server)
        .customers()
        .retrieve("cus_123")
        .await
        .expect_err("an error status must be an error")
}

#[tokio::test]
async fn each_status_maps_to_its_kind_and_code() {
    let cases: &[(u16, &str, &str)] = &[
        (400, "invalid_request_error", "invalid_request_error"),
        (401, "invalid_request_error", "authentication_error"),
        (402, "card_error", "card_error"),
        (403, "invalid_request_error", "permission_error"),
        (404, "invalid_request_error", "invalid_request_error"),
        (409, "invalid_request_error", "invalid_request_error"),
        (409, "api_error", "api_error"),
        (400, "idempotency_error", "idempotency_error"),
        (429, "invalid_request_error", "rate_limit_error"),
        (500, "api_error", "api_error"),
        (503, "api_error", "api_error"),
    ];
    for &(status, type_, code) in cases {
        let body = format!(
            r#"{{"error":{{"type":"{type_}","code":"some_code","param":"customer","message":"Something about customer","doc_url":"https://stripe.com/docs/error-codes/some-code"}}}}"#
        );
        let error = error_for(status, &body).await;
        assert_eq!(error.kind().as_str(), code, "HTTP {status} {type_}");
        assert_eq!(error.http_status(), Some(status));
        assert_eq!(error.request_id(), Some("req_abc123"));
        assert_eq!(error.code(), Some("some_code"));
        assert_eq!(error.param(), Some("customer"));
        assert_eq!(error.message(), "Something about customer");
        let api = error.api_error().expect("api error");
        assert_eq!(api.details.type_.as_deref(), Some(type_));
        assert_eq!(
            api.details.doc_url.as_deref(),
            Some("https://stripe.com/docs/error-codes/some-code")
        );
        let shown = error.to_string();
        assert!(
            shown.contains("req_abc123") && shown.contains("Something about customer"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn a_declined_charge_carries_its_payment_intent() {
    let mut payment_intent: serde_json::Value =
        serde_json::from_str(&flow_object("payment_intent")).unwrap();
    payment_intent["status"] = "requires_payment_method".into();
    payment_intent["amount_received"] = 0.into();
    payment_intent["last_payment_error"] = serde_json::json!({
        "type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
        "message": "Your card was declined."
    });
    let body = serde_json::json!({"error": {
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "generic_decline",
        "message": "Your card was declined.",
        "charge": "ch_3QgH9rLkdIwHu7ix1r6Hs0Wy",
        "advice_code": "try_again_later",
        "payment_intent": payment_intent,
    }});
    let error = error_for(402, &body.to_string()).await;
    assert!(matches!(error, Error::Card(_)));
    assert_eq!(error.kind().as_str(), "card_error");
    assert_eq!(error.code(), Some("card_declined"));
    assert_eq!(error.decline_code(), Some("generic_decline"));
    assert!(!error.is_retryable());
    let embedded = error.payment_intent().expect("payment_intent embedded");
    assert_eq!(embedded.id, "pi_3QgH9rLkdIwHu7ix1mC8kQe2");
    assert_eq!(embedded.status, PaymentIntentStatus::RequiresPaymentMethod);
    assert_eq!(
        embedded
            .last_payment_error
            .as_ref()
            .and_then(|e| e.decline_code.as_deref()),
        Some("generic_decline")
    );
    let api = error.api_error().unwrap();
    assert_eq!(
        api.details.charge.as_deref(),
        Some("ch_3QgH9rLkdIwHu7ix1r6Hs0Wy")
    );
    assert_eq!(api.details.advice_code.as_deref(), Some("try_again_later"));
}

#[tokio::test]
async fn a_body_that_is_not_a_stripe_error_is_still_an_error() {
    let error = error_for(502, "<html>Bad gateway</html>").await;
    assert_eq!(error.kind().as_str(), "api_error");
    assert_eq!(error.http_status(), Some(502));
    assert_eq!(error.request_id(), Some("req_abc123"));
    assert!(error.message().contains("HTTP 502"), "{}", error.message());
}

#[tokio::test]
async fn a_success_that_cannot_be_decoded_is_an_api_error() {
    let server = TestServer::start(|_, _| Reply::json(200, r#"{"object":"customer"}"#));
    let error = client_without_retries(&server)
        .customers()
        .retrieve("cus_123")
        .await
        .unwrap_err();
    assert_eq!(error.kind().as_str(), "api_error");
    assert!(error.message().contains("Customer"), "{}", error.message());
    // What arrived is kept for the report, as for an error status.
    let shape = error.shape();
    assert_eq!(shape.http_body.as_deref(), Some(r#"{"object":"customer"}"#));
    assert!(shape
        .headers
        .is_some_and(|headers| headers.contains_key("content-type")));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = TestServer::start(|_, _| {
        Reply::json(302, "").with_header("Location", "https://elsewhere.example.com/")
    });
    let error = client_without_retries(&server)
        .customers()
        .retrieve("cus_123")
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(302));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn nothing_listening_is_a_connection_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let error = Client::builder("sk_test_123")
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap()
        .customers()
        .retrieve("cus_123")
        .await
        .unwrap_err();
    assert_eq!(error.kind().as_str(), "api_connection_error");
    assert!(error.is_retryable());
    assert_eq!(error.http_status(), None);
}

#[tokio::test]
async fn a_response_body_over_16_mib_is_refused_not_read_whole() {
    let huge = format!(
        "{{\"id\":\"cus_123\",\"pad\":\"{}\"}}",
        "x".repeat(17 << 20)
    );
    let server = TestServer::start(move |_, _| Reply::json(200, huge.clone()));
    let error = client_without_retries(&server)
        .customers()
        .retrieve("cus_123")
        .await
        .expect_err("a 17 MiB body must be refused");
    assert_eq!(error.kind().as_str(), "api_connection_error");
    assert!(
        error.message().contains("over 16 MiB"),
        "unexpected message: {}",
        error.message()
    );
}

#[tokio::test]
async fn a_response_body_just_under_the_limit_is_read() {
    let big = format!(
        "{{\"id\":\"cus_123\",\"object\":\"customer\",\"pad\":\"{}\"}}",
        "x".repeat((16 << 20) - 100)
    );
    let server = TestServer::start(move |_, _| Reply::json(200, big.clone()));
    let customer = client_without_retries(&server)
        .customers()
        .retrieve("cus_123")
        .await
        .expect("a body under 16 MiB is read");
    assert_eq!(customer.id, "cus_123");
}

#[tokio::test]
async fn the_shape_names_fields_as_the_official_sdks_do() {
    let body = serde_json::json!({"error": {
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "insufficient_funds",
        "message": "Your card has insufficient funds.",
        "param": "payment_method",
        "doc_url": "https://stripe.com/docs/error-codes/card-declined",
    }});
    let error = error_for(402, &body.to_string()).await;
    let shape = error.shape();
    assert_eq!(shape.kind, offsession::ErrorKind::Card);
    // `code` is Stripe's code, as `e.code` in stripe-python and stripe-node.
    assert_eq!(shape.code.as_deref(), Some("card_declined"));
    assert_eq!(shape.type_.as_deref(), Some("card_error"));
    assert_eq!(
        shape.user_message.as_deref(),
        Some("Your card has insufficient funds.")
    );
    assert_eq!(shape.http_status, Some(402));
    assert_eq!(shape.request_id.as_deref(), Some("req_abc123"));
    assert_eq!(shape.json_body.as_ref(), Some(&body));
    assert_eq!(shape.http_body.as_deref(), Some(body.to_string().as_str()));
    let headers = shape.headers.as_ref().expect("headers of the response");
    assert_eq!(
        headers.get("request-id").map(String::as_str),
        Some("req_abc123")
    );
    assert!(!shape.retryable);

    let json = serde_json::to_value(&shape).unwrap();
    assert_eq!(json["kind"], "card_error");
    assert_eq!(json["type"], "card_error");
    assert_eq!(json["code"], "card_declined");
    assert_eq!(json["decline_code"], "insufficient_funds");
}

#[test]
fn an_error_raised_before_sending_has_a_kind_and_no_stripe_fields() {
    let error = Client::new("").expect_err("an empty key is refused");
    let shape = error.shape();
    assert_eq!(shape.kind, offsession::ErrorKind::InvalidInput);
    assert_eq!(shape.code, None);
    assert_eq!(shape.http_status, None);
    assert_eq!(shape.json_body, None);
    assert_eq!(shape.headers, None);
    assert_eq!(shape.param.as_deref(), Some("api_key"));
}
