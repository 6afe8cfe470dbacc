//! Retries against a scripted server: what is retried, what is not, with which key and delay.

mod support;

use std::time::Duration;

use offsession::{CreateCustomer, RETRY_INITIAL_DELAY, RETRY_MAX_DELAY};
use support::{settle, Reply, TestServer};

const CUSTOMER: &str = r#"{"id":"cus_123","object":"customer"}"#;

/// Fails the first `failures` requests with `failure()`, then answers with a customer.
fn server_failing(failures: usize, failure: fn() -> Reply) -> TestServer {
    TestServer::start(move |_, n| {
        if n < failures {
            failure()
        } else {
            Reply::json(200, CUSTOMER)
        }
    })
}

async fn create(server: &TestServer) -> offsession::Result<offsession::Customer> {
    server
        .client()
        .customers()
        .create(&CreateCustomer::default())
        .await
}

fn assert_same_key_every_attempt(server: &TestServer, attempts: usize) {
    let requests = server.requests();
    assert_eq!(requests.len(), attempts, "attempts");
    let first = requests[0]
        .header("Idempotency-Key")
        .expect("Idempotency-Key sent")
        .to_owned();
    assert_eq!(first.len(), 36, "a generated UUID: {first}");
    for request in &requests {
        assert_eq!(request.header("Idempotency-Key"), Some(first.as_str()));
    }
}

fn assert_backoff_within_bounds(server: &TestServer) {
    let requests = server.requests();
    for pair in requests.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= RETRY_INITIAL_DELAY,
            "retried after {gap:?}, below 0.5 s"
        );
        assert!(
            gap <= RETRY_MAX_DELAY + Duration::from_millis(500),
            "retried after {gap:?}"
        );
    }
}

#[tokio::test]
async fn connection_reset_is_retried_with_the_same_key() {
    let server = server_failing(2, || Reply::Reset);
    let customer = create(&server).await.expect("third attempt succeeds");
    assert_eq!(customer.id, "cus_123");
    assert_same_key_every_attempt(&server, 3);
    assert_backoff_within_bounds(&server);
}

#[tokio::test]
async fn status_409_is_retried() {
    let server = server_failing(1, || {
        Reply::json(
            409,
            r#"{"error":{"type":"invalid_request_error","message":"conflict"}}"#,
        )
    });
    create(&server).await.expect("retried");
    assert_same_key_every_attempt(&server, 2);
}

#[tokio::test]
async fn status_5xx_is_retried() {
    let server = server_failing(2, || {
        Reply::json(
            500,
            r#"{"error":{"type":"api_error","message":"An unknown error occurred"}}"#,
        )
    });
    create(&server).await.expect("retried");
    assert_same_key_every_attempt(&server, 3);
    assert_backoff_within_bounds(&server);
}

#[tokio::test]
async fn lock_timeout_429_is_retried_but_plain_429_is_not() {
    let server = server_failing(1, || {
        Reply::json(
            429,
            r#"{"error":{"type":"invalid_request_error","code":"lock_timeout","message":"locked"}}"#,
        )
    });
    create(&server).await.expect("lock_timeout retried");
    assert_same_key_every_attempt(&server, 2);

    let server = server_failing(1, || {
        Reply::json(
            429,
            r#"{"error":{"type":"invalid_request_error","code":"rate_limit","message":"slow down"}}"#,
        )
    });
    let error = create(&server).await.unwrap_err();
    assert_eq!(error.kind().as_str(), "rate_limit_error");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn stripe_should_retry_true_is_obeyed() {
    let server = server_failing(1, || {
        Reply::json(
            400,
            r#"{"error":{"type":"invalid_request_error","message":"try again"}}"#,
        )
        .with_header("Stripe-Should-Retry", "true")
    });
    create(&server)
        .await
        .expect("retried because the header said so");
    assert_same_key_every_attempt(&server, 2);
}

#[tokio::test]
async fn stripe_should_retry_false_is_obeyed_even_for_5xx() {
    let server = server_failing(1, || {
        Reply::json(
            500,
            r#"{"error":{"type":"api_error","message":"do not retry"}}"#,
        )
        .with_header("Stripe-Should-Retry", "false")
    });
    let error = create(&server).await.unwrap_err();
    assert_eq!(error.kind().as_str(), "api_error");
    assert!(!error.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn status_400_and_402_are_not_retried() {
    for (status, type_) in [(400, "invalid_request_error"), (402, "card_error")] {
        let body = format!(r#"{{"error":{{"type":"{type_}","message":"no"}}}}"#);
        let server = TestServer::start(move |_, _| Reply::json(status, body.clone()));
        let error = create(&server).await.unwrap_err();
        assert_eq!(error.http_status(), Some(status));
        assert_eq!(
            server.requests().len(),
            1,
            "HTTP {status} must not be retried"
        );
    }
}

#[tokio::test]
async fn retries_stop_at_max_retries() {
    let server = server_failing(usize::MAX, || {
        Reply::json(503, r#"{"error":{"type":"api_error","message":"down"}}"#)
    });
    let client = offsession::Client::builder("sk_test_123")
        .base_url(&server.url)
        .max_retries(1)
        .build()
        .unwrap();
    let error = client
        .customers()
        .create(&CreateCustomer::default())
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_caller_key_is_sent_unchanged_on_every_attempt() {
    let server = server_failing(1, || Reply::Reset);
    server
        .client()
        .customers()
        .create(&CreateCustomer::default())
        .idempotency_key("order-42:customer")
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.header("Idempotency-Key") == Some("order-42:customer")));
}

#[tokio::test]
async fn a_timeout_is_a_retryable_connection_error() {
    // Answers nothing for the first request: the client's timeout fires.
    let server = TestServer::start(|_, n| {
        if n == 0 {
            std::thread::sleep(Duration::from_millis(600));
        }
        Reply::json(200, CUSTOMER)
    });
    let client = offsession::Client::builder("sk_test_123")
        .base_url(&server.url)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let error = client
        .customers()
        .create(&CreateCustomer::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind().as_str(), "api_connection_error");
    assert!(error.is_retryable());
    settle();
}

#[tokio::test]
async fn gets_carry_no_idempotency_key_and_every_request_has_the_standard_headers() {
    let server = TestServer::start(|_, _| Reply::json(200, CUSTOMER));
    let client = server
        .client()
        .with_stripe_account("acct_1Connected")
        .unwrap();
    client.customers().retrieve("cus_123").await.unwrap();
    client
        .customers()
        .create(&CreateCustomer::default())
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].header("Idempotency-Key"), None);
    assert!(requests[1].header("Idempotency-Key").is_some());
    assert_eq!(
        requests[1].header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    for request in &requests {
        assert_eq!(request.header("Authorization"), Some("Bearer sk_test_123"));
        assert_eq!(
            request.header("Stripe-Version"),
            Some(offsession::STRIPE_VERSION)
        );
        assert_eq!(request.header("Stripe-Account"), Some("acct_1Connected"));
        assert!(request
            .header("User-Agent")
            .unwrap()
            .starts_with("offsession/"));
    }
}

#[tokio::test]
async fn one_connection_serves_a_sequential_run() {
    let server = TestServer::start(|_, _| Reply::json(200, CUSTOMER));
    let client = server.client();
    for _ in 0..20 {
        client.customers().retrieve("cus_123").await.unwrap();
        client
            .customers()
            .create(&CreateCustomer::default())
            .await
            .unwrap();
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 40);
    assert!(
        requests.iter().all(|r| r.connection == 0),
        "a new connection was opened"
    );
}

#[tokio::test]
async fn extra_headers_are_sent_and_may_replace_the_defaults() {
    let server = TestServer::start(|_, _| Reply::json(200, CUSTOMER));
    let client = offsession::Client::builder("sk_test_placeholder")
        .base_url(&server.url)
        .header("X-App-Session", "session-123")
        .header("User-Agent", "my-app/1.0")
        .build()
        .unwrap();
    client
        .customers()
        .create(&CreateCustomer::default())
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("X-App-Session"), Some("session-123"));
    assert_eq!(request.header("User-Agent"), Some("my-app/1.0"));
    assert!(request.header("Idempotency-Key").is_some());
    assert!(!format!("{client:?}").contains("session-123"));

    // Headers that decide what Stripe does with a request are the client's alone.
    for name in [
        "Authorization",
        "idempotency-key",
        "Stripe-Account",
        "STRIPE-VERSION",
    ] {
        let error = offsession::Client::builder("sk_test_1")
            .header(name, "x")
            .build()
            .unwrap_err();
        assert_eq!(error.param(), Some("headers"), "{name}");
        assert!(error.message().contains("cannot be replaced"), "{error}");
    }

    for (name, value) in [("bad header", "x"), ("X-Ok", "line\nbreak")] {
        let error = offsession::Client::builder("sk_test_1")
            .header(name, value)
            .build()
            .unwrap_err();
        assert_eq!(error.param(), Some("headers"), "{name}");
    }
}
