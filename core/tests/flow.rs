//! The flow API against a scripted server answering with Stripe's own flow objects: which
//! requests are sent, with which bodies and keys, and what comes back.

mod support;

use offsession::{
    ChargeOutcome, CompleteSetup, CreateCustomer, OffSessionCharge, Recovery, StartSetup,
};
use serde_json::{json, Value};
use support::{flow_object, form_pairs, Reply, TestServer};

fn object(name: &str) -> Value {
    serde_json::from_str(&flow_object(name)).unwrap()
}

fn path(target: &str) -> &str {
    target.split('?').next().unwrap()
}

fn charge(key: &str) -> OffSessionCharge {
    OffSessionCharge {
        customer: "cus_RZx4bN7qLk2mWp".into(),
        payment_method: "pm_1QgH8ZLkdIwHu7ixUo5vJcTb".into(),
        amount: 1099,
        currency: "usd".into(),
        idempotency_key: key.to_owned(),
        recovery: Recovery {
            product_name: "T-shirt".into(),
            success_url: "https://example.com/success?session_id={CHECKOUT_SESSION_ID}".into(),
            cancel_url: None,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn decline_body() -> String {
    let mut pi = object("payment_intent");
    pi["status"] = json!("requires_payment_method");
    pi["amount_received"] = json!(0);
    pi["latest_charge"] = json!("ch_declined");
    pi["last_payment_error"] =
        json!({"type": "card_error", "code": "card_declined", "decline_code": "generic_decline"});
    json!({"error": {"type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
        "message": "Your card was declined.", "payment_intent": pi}})
    .to_string()
}

fn recovery_session() -> String {
    let mut session = object("checkout_session_created");
    session["mode"] = json!("payment");
    session["id"] = json!("cs_test_recovery1");
    session["url"] = json!("https://checkout.stripe.com/c/pay/cs_test_recovery1");
    session["amount_total"] = json!(1099);
    session.to_string()
}

#[tokio::test]
async fn a_successful_charge_sends_one_confirmed_off_session_intent() {
    let server = TestServer::start(|_, _| Reply::json(200, flow_object("payment_intent")));
    let outcome = server
        .client()
        .charge_off_session(&charge("order-1"))
        .await
        .unwrap();
    let ChargeOutcome::Succeeded(pi) = outcome else {
        panic!("expected success")
    };
    assert_eq!(pi.id, "pi_3QgH9rLkdIwHu7ix1mC8kQe2");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].target.as_str()),
        ("POST", "/v1/payment_intents")
    );
    assert_eq!(
        requests[0].header("Idempotency-Key"),
        Some("order-1:payment_intent")
    );
    let pairs = form_pairs(&requests[0].body);
    for expected in [
        ("amount", "1099"),
        ("currency", "usd"),
        ("customer", "cus_RZx4bN7qLk2mWp"),
        ("payment_method", "pm_1QgH8ZLkdIwHu7ixUo5vJcTb"),
        ("off_session", "true"),
        ("confirm", "true"),
    ] {
        assert!(
            pairs.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {pairs:?}"
        );
    }
}

#[tokio::test]
async fn a_decline_gives_a_recovery_session_for_the_same_customer_amount_and_currency() {
    let server = TestServer::start(|request, _| match path(&request.target) {
        "/v1/payment_intents" => Reply::json(402, decline_body()),
        "/v1/checkout/sessions" => Reply::json(200, recovery_session()),
        other => panic!("unexpected {other}"),
    });
    let mut request = charge("order-2");
    request.description = Some("Order 1042".into());
    request.metadata.insert("order_id".into(), "1042".into());
    let outcome = server.client().charge_off_session(&request).await.unwrap();
    let ChargeOutcome::NeedsRecovery {
        error,
        payment_intent,
        recovery_session,
    } = outcome
    else {
        panic!("expected needs recovery")
    };
    assert_eq!(error.http_status, 402);
    assert_eq!(error.details.code.as_deref(), Some("card_declined"));
    assert_eq!(
        error.details.decline_code.as_deref(),
        Some("generic_decline")
    );
    let payment_intent = payment_intent.expect("payment intent");
    assert_eq!(
        error.details.payment_intent.as_deref(),
        Some(&*payment_intent),
        "the error keeps the PaymentIntent its type documents"
    );
    assert_eq!(payment_intent.status.as_str(), "requires_payment_method");
    assert_eq!(
        recovery_session.url.as_deref(),
        Some("https://checkout.stripe.com/c/pay/cs_test_recovery1")
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].header("Idempotency-Key"),
        Some("order-2:recovery_session")
    );
    assert_eq!(
        requests[1].body,
        "customer=cus_RZx4bN7qLk2mWp\
         &line_items[0][price_data][currency]=usd\
         &line_items[0][price_data][product_data][name]=T-shirt\
         &line_items[0][price_data][unit_amount]=1099\
         &line_items[0][quantity]=1\
         &metadata[offsession_declined_payment_intent]=pi_3QgH9rLkdIwHu7ix1mC8kQe2\
         &mode=payment\
         &payment_intent_data[description]=Order%201042\
         &payment_intent_data[metadata][offsession_declined_payment_intent]=pi_3QgH9rLkdIwHu7ix1mC8kQe2\
         &payment_intent_data[metadata][order_id]=1042\
         &payment_intent_data[setup_future_usage]=off_session\
         &success_url=https%3A%2F%2Fexample.com%2Fsuccess%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D",
        "the recovery's PaymentIntent carries the order and the declined id, and saves the new card"
    );
}

#[tokio::test]
async fn the_longest_caller_key_still_reaches_the_recovery_session() {
    // Keys derived from a 200-character caller key are longer than 200: they must still be
    // sent, or a declined charge would be stranded without its recovery session.
    let server = TestServer::start(|request, _| match path(&request.target) {
        "/v1/payment_intents" => Reply::json(402, decline_body()),
        "/v1/checkout/sessions" => Reply::json(200, recovery_session()),
        other => panic!("unexpected {other}"),
    });
    let key = "k".repeat(offsession::validate::MAX_IDEMPOTENCY_KEY_LEN);
    let outcome = server
        .client()
        .charge_off_session(&charge(&key))
        .await
        .unwrap();
    assert!(matches!(outcome, ChargeOutcome::NeedsRecovery { .. }));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].header("Idempotency-Key"),
        Some(format!("{key}:recovery_session").as_str())
    );
}

#[tokio::test]
async fn a_replay_sends_the_same_keys_and_bodies() {
    let server = TestServer::start(|request, _| match path(&request.target) {
        "/v1/payment_intents" => Reply::json(402, decline_body()),
        _ => Reply::json(200, recovery_session()),
    });
    let client = server.client();
    let first = client.charge_off_session(&charge("order-3")).await.unwrap();
    let second = client.charge_off_session(&charge("order-3")).await.unwrap();
    assert_eq!(format!("{first:?}"), format!("{second:?}"));
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    for (a, b) in [(&requests[0], &requests[2]), (&requests[1], &requests[3])] {
        assert_eq!(a.header("Idempotency-Key"), b.header("Idempotency-Key"));
        assert_eq!(a.body, b.body, "a replay must send the identical body");
    }
}

#[tokio::test]
async fn other_errors_stay_errors_and_create_no_recovery_session() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            400,
            r#"{"error":{"type":"invalid_request_error","code":"resource_missing","param":"customer","message":"No such customer"}}"#,
        )
    });
    let error = server
        .client()
        .charge_off_session(&charge("order-4"))
        .await
        .unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_request_error");
    assert_eq!(error.param(), Some("customer"));
    assert_eq!(server.requests().len(), 1);
    // The error names the caller's key, the one to re-run with, not the derived one.
    assert_eq!(error.idempotency_key(), Some("order-4"));
    assert_eq!(
        server.requests()[0].header("Idempotency-Key"),
        Some("order-4:payment_intent")
    );
}

#[tokio::test]
async fn start_setup_creates_the_customer_then_a_setup_session() {
    let server = TestServer::start(|request, _| match path(&request.target) {
        "/v1/customers" => Reply::json(200, flow_object("customer")),
        _ => Reply::json(200, flow_object("checkout_session_created")),
    });
    let started = server
        .client()
        .start_setup(&StartSetup {
            currency: "usd".into(),
            success_url: Some(
                "https://example.com/success?session_id={CHECKOUT_SESSION_ID}".into(),
            ),
            new_customer: Some(CreateCustomer {
                email: Some("jenny.rosen@example.com".into()),
                ..Default::default()
            }),
            idempotency_key: Some("signup-7".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(started.customer_id.as_deref(), Some("cus_RZx4bN7qLk2mWp"));
    assert!(started
        .url()
        .unwrap()
        .starts_with("https://checkout.stripe.com/"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, "email=jenny.rosen%40example.com");
    assert_eq!(
        requests[0].header("Idempotency-Key"),
        Some("signup-7:customer")
    );
    assert_eq!(
        requests[1].body,
        "currency=usd&customer=cus_RZx4bN7qLk2mWp&mode=setup\
         &success_url=https%3A%2F%2Fexample.com%2Fsuccess%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"
    );
    assert_eq!(
        requests[1].header("Idempotency-Key"),
        Some("signup-7:setup_session")
    );
}

/// The expanded session, with the SetupIntent's payment method expanded too.
fn expanded_session(customer: Option<&str>, pm_customer: Option<&str>) -> String {
    let mut session = object("checkout_session_expanded");
    session["customer"] = json!(customer);
    let mut pm = object("payment_method");
    pm["customer"] = json!(pm_customer);
    session["setup_intent"]["payment_method"] = pm;
    session["setup_intent"]["customer"] = json!(customer);
    session.to_string()
}

#[tokio::test]
async fn complete_setup_with_a_session_customer_is_one_request() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            expanded_session(Some("cus_RZx4bN7qLk2mWp"), Some("cus_RZx4bN7qLk2mWp")),
        )
    });
    let id = "cs_test_c1Lq8yJ3vT6XbN0aRkP2sWdF4hG7uZ9eQmC5iY1oV8nB3xK6tE2rA0jL4pS7wD";
    let saved = server
        .client()
        .complete_setup(id, &CompleteSetup::default())
        .await
        .unwrap();
    assert_eq!(saved.customer_id, "cus_RZx4bN7qLk2mWp");
    assert_eq!(saved.payment_method_id, "pm_1QgH8ZLkdIwHu7ixUo5vJcTb");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].target,
        format!("/v1/checkout/sessions/{id}?expand[0]=setup_intent&expand[1]=setup_intent.payment_method")
    );
}

#[tokio::test]
async fn complete_setup_without_a_customer_creates_one_and_attaches_once() {
    let attached = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = attached.clone();
    let server = TestServer::start(move |request, _| {
        let p = path(&request.target);
        if p.starts_with("/v1/checkout/sessions/") {
            let pm_customer = flag
                .load(std::sync::atomic::Ordering::SeqCst)
                .then_some("cus_RZx4bN7qLk2mWp");
            Reply::json(200, expanded_session(None, pm_customer))
        } else if p == "/v1/customers" {
            Reply::json(200, flow_object("customer"))
        } else if p.ends_with("/attach") {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            Reply::json(200, flow_object("payment_method"))
        } else if p.starts_with("/v1/setup_intents/") {
            Reply::json(
                200,
                object("checkout_session_expanded")["setup_intent"].to_string(),
            )
        } else {
            panic!("unexpected {p}")
        }
    });
    let client = server.client();
    let id = "cs_test_c1Lq8yJ3vT6XbN0aRkP2sWdF4hG7uZ9eQmC5iY1oV8nB3xK6tE2rA0jL4pS7wD";
    let saved = client
        .complete_setup(id, &CompleteSetup::default())
        .await
        .unwrap();
    assert_eq!(saved.customer_id, "cus_RZx4bN7qLk2mWp");
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        requests[1].header("Idempotency-Key"),
        Some(format!("offsession:{id}:customer").as_str())
    );
    assert!(requests[1]
        .body
        .starts_with("email=jenny.rosen%40example.com&"));
    assert!(requests[1].body.ends_with("&name=Jenny%20Rosen"));
    // The new customer is recorded on the SetupIntent before the attach, so a completion long
    // after this call's keys expired finds it instead of creating another.
    assert_eq!(
        requests[2].target,
        "/v1/setup_intents/seti_1QgH7sLkdIwHu7ix0aN3bX9c"
    );
    assert_eq!(
        requests[2].body,
        "metadata[offsession_customer]=cus_RZx4bN7qLk2mWp"
    );
    assert_eq!(
        requests[3].target,
        "/v1/payment_methods/pm_1QgH8ZLkdIwHu7ixUo5vJcTb/attach"
    );
    assert_eq!(requests[3].body, "customer=cus_RZx4bN7qLk2mWp");

    // Completing again (the webhook after the redirect) sees the attachment and sends one GET.
    let again = client
        .complete_setup(id, &CompleteSetup::default())
        .await
        .unwrap();
    assert_eq!(again.customer_id, saved.customer_id);
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn a_customer_recorded_on_the_setup_intent_is_reused_not_created_again() {
    // An earlier completion created the customer and recorded it, then stopped before the
    // attach; its keys have since expired. This completion must reuse that customer.
    let server = TestServer::start(|request, _| {
        let p = path(&request.target);
        if p.starts_with("/v1/checkout/sessions/") {
            let mut session: Value = serde_json::from_str(&expanded_session(None, None)).unwrap();
            session["setup_intent"]["metadata"] = json!({"offsession_customer": "cus_Earlier1"});
            Reply::json(200, session.to_string())
        } else if p.ends_with("/attach") {
            Reply::json(200, flow_object("payment_method"))
        } else {
            panic!("unexpected {p}: no customer may be created")
        }
    });
    let saved = server
        .client()
        .complete_setup("cs_test_1", &CompleteSetup::default())
        .await
        .unwrap();
    assert_eq!(saved.customer_id, "cus_Earlier1");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].body, "customer=cus_Earlier1");
}

#[tokio::test]
async fn complete_setup_attaches_to_the_given_customer() {
    let server = TestServer::start(|request, _| {
        if request.target.ends_with("/attach") {
            Reply::json(200, flow_object("payment_method"))
        } else {
            Reply::json(200, expanded_session(None, None))
        }
    });
    let saved = server
        .client()
        .complete_setup(
            "cs_test_1",
            &CompleteSetup {
                customer: Some("cus_Existing1".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(saved.customer_id, "cus_Existing1");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].body, "customer=cus_Existing1");
}

#[tokio::test]
async fn a_second_completion_naming_another_customer_is_a_new_attach() {
    // The first attach fails (say, the customer was wrong); the retry names another customer
    // and must not collide with the first request's idempotency key.
    let server = TestServer::start(|request, _| {
        if request.target.ends_with("/attach") {
            if request.body.contains("cus_Wrong1") {
                Reply::json(
                    400,
                    r#"{"error":{"type":"invalid_request_error","code":"resource_missing","param":"customer","message":"No such customer"}}"#,
                )
            } else {
                Reply::json(200, flow_object("payment_method"))
            }
        } else {
            Reply::json(200, expanded_session(None, None))
        }
    });
    let client = server.client();
    for (customer, ok) in [("cus_Wrong1", false), ("cus_Right1", true), ("", true)] {
        let result = client
            .complete_setup(
                "cs_test_1",
                &CompleteSetup {
                    customer: Some(customer.into()),
                },
            )
            .await;
        assert_eq!(result.is_ok(), ok, "{customer:?}: {result:?}");
    }
    let keys: Vec<_> = server
        .requests()
        .iter()
        .filter(|r| r.target.ends_with("/attach"))
        .map(|r| r.header("Idempotency-Key").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(keys.len(), 3);
    assert_ne!(keys[0], keys[1], "another customer, another request");
    // An empty customer option is absent: a customer is created from the session's details
    // (as a `checkout.session.completed` event with `customer: ""` needs), not refused.
    let created = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.target == "/v1/customers")
        .count();
    assert_eq!(created, 1);
}

#[tokio::test]
async fn an_open_session_cannot_be_completed() {
    let server =
        TestServer::start(|_, _| Reply::json(200, flow_object("checkout_session_created")));
    let error = server
        .client()
        .complete_setup("cs_test_1", &CompleteSetup::default())
        .await
        .unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_state");
    assert_eq!(error.param(), Some("session_id"));
    assert!(
        error.message().contains("not finished"),
        "{}",
        error.message()
    );
}

#[tokio::test]
async fn complete_setup_from_a_verified_event() {
    let server = TestServer::start(|request, _| {
        assert_eq!(
            request.target,
            "/v1/setup_intents/seti_1QgH7sLkdIwHu7ix0aN3bX9c?expand[0]=payment_method"
        );
        let mut si = object("setup_intent");
        si["payment_method"] = object("payment_method");
        Reply::json(200, si.to_string())
    });
    let payload = json!({"id": "evt_1", "object": "event", "type": "checkout.session.completed",
        "data": {"object": object("checkout_session")}})
    .to_string();
    let secret = "whsec_flow_test";
    let header = offsession::webhook::sign(payload.as_bytes(), secret, offsession::webhook::now());
    let event = offsession::webhook::construct_event(
        payload.as_bytes(),
        &header,
        secret,
        offsession::webhook::DEFAULT_TOLERANCE,
    )
    .unwrap();
    let saved = server
        .client()
        .complete_setup_from_event(&event, &CompleteSetup::default())
        .await
        .unwrap();
    assert_eq!(saved.customer_id, "cus_RZx4bN7qLk2mWp");
    assert_eq!(saved.payment_method_id, "pm_1QgH8ZLkdIwHu7ixUo5vJcTb");
    assert_eq!(server.requests().len(), 1);

    let other = offsession::Event::from_slice(
        br#"{"id":"evt_2","type":"payment_intent.succeeded","data":{"object":{}}}"#,
    )
    .unwrap();
    let error = server
        .client()
        .complete_setup_from_event(&other, &CompleteSetup::default())
        .await
        .unwrap_err();
    assert_eq!(error.param(), Some("event"));
}

#[tokio::test]
async fn a_flow_error_names_only_a_key_that_re_runs_the_flow() {
    let client = offsession::Client::builder("sk_test_placeholder")
        .base_url(support::unreachable_url())
        .max_retries(1)
        .build()
        .unwrap();
    let setup = |key: Option<&str>| StartSetup {
        currency: "usd".into(),
        success_url: Some("https://example.com/saved".into()),
        new_customer: Some(CreateCustomer::default()),
        idempotency_key: key.map(str::to_owned),
        ..Default::default()
    };
    // Without a caller key, the step's generated key would re-run one request, and passed to
    // the flow as its key it would create a second customer: the error names none.
    let error = client.start_setup(&setup(None)).await.unwrap_err();
    assert_eq!(error.kind().as_str(), "api_connection_error");
    assert_eq!(error.idempotency_key(), None, "{error}");
    assert!(error.message().contains("after 2 attempts"), "{error}");
    let error = client
        .start_setup(&setup(Some("signup-7")))
        .await
        .unwrap_err();
    assert_eq!(error.idempotency_key(), Some("signup-7"));
    assert!(
        error
            .to_string()
            .contains("re-run with idempotency key signup-7"),
        "{error}"
    );

    // complete_setup takes no key (its keys come from the session): a failed POST inside it
    // names none either.
    let server = TestServer::start(|request, _| {
        if request.target.starts_with("/v1/checkout/sessions/") {
            Reply::json(200, expanded_session(None, None))
        } else {
            Reply::json(500, r#"{"error":{"type":"api_error","message":"boom"}}"#)
        }
    });
    let client = offsession::Client::builder("sk_test_placeholder")
        .base_url(&server.url)
        .max_retries(0)
        .build()
        .unwrap();
    let error = client
        .complete_setup("cs_test_1", &CompleteSetup::default())
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(500));
    assert_eq!(error.idempotency_key(), None, "{error}");
    assert!(server.requests()[1]
        .header("Idempotency-Key")
        .is_some_and(|key| key.ends_with(":customer")));
}
