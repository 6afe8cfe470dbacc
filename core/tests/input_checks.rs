//! Bad inputs are refused before any request, with an error naming the parameter: the test
//! server must receive nothing.

mod support;

use offsession::{
    AttachPaymentMethod, Client, CompleteSetup, CreateCheckoutSession, CreatePaymentIntent, Error,
    OffSessionCharge, Recovery, StartSetup,
};
use support::{settle, Reply, TestServer};

const BAD_IDS: &[&str] = &[
    "",
    "cus_1/2",
    "cus_../x",
    "..",
    "cus_1?expand[]=x",
    "cus_1#frag",
    "cus_%2F",
    "cus_1 2",
    " cus_1",
    "cus_1\t",
    "cus_1\n",
    "cus_1\r\nX-Injected: 1",
    "cus_\u{0}",
    "cus_\u{7f}",
];

fn assert_invalid(result: offsession::Result<impl std::fmt::Debug>, param: &str, what: &str) {
    match result {
        Err(Error::InvalidInput {
            param: got,
            message,
        }) => {
            assert_eq!(got, param, "{what}: wrong parameter named ({message})");
            assert!(!message.is_empty());
        }
        other => panic!("{what}: expected invalid_input for {param}, got {other:?}"),
    }
}

fn charge(customer: &str, payment_method: &str, amount: i64, currency: &str) -> OffSessionCharge {
    OffSessionCharge {
        customer: customer.into(),
        payment_method: payment_method.into(),
        amount,
        currency: currency.into(),
        recovery: Recovery {
            product_name: "T-shirt".into(),
            success_url: "https://example.com/ok".into(),
            cancel_url: None,
            ..Default::default()
        },
        idempotency_key: "order-input".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn bad_ids_are_refused_before_any_request() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}"));
    let client = server.client();
    for &bad in BAD_IDS {
        let what = format!("{bad:?}");
        assert_invalid(client.customers().retrieve(bad).await, "id", &what);
        assert_invalid(client.checkout_sessions().retrieve(bad).await, "id", &what);
        assert_invalid(client.setup_intents().retrieve(bad).await, "id", &what);
        assert_invalid(client.payment_methods().retrieve(bad).await, "id", &what);
        assert_invalid(client.payment_intents().retrieve(bad).await, "id", &what);
        assert_invalid(
            client
                .payment_methods()
                .attach(
                    bad,
                    &AttachPaymentMethod {
                        customer: Some("cus_1".into()),
                        ..Default::default()
                    },
                )
                .await,
            "payment_method",
            &what,
        );
        assert_invalid(
            client
                .payment_methods()
                .attach(
                    "pm_1",
                    &AttachPaymentMethod {
                        customer: Some(bad.into()),
                        ..Default::default()
                    },
                )
                .await,
            "customer",
            &what,
        );
        assert_invalid(
            client.complete_setup(bad, &CompleteSetup::default()).await,
            "session_id",
            &what,
        );
        assert_invalid(
            client
                .charge_off_session(&charge(bad, "pm_1", 1099, "usd"))
                .await,
            "customer",
            &what,
        );
        assert_invalid(
            client
                .charge_off_session(&charge("cus_1", bad, 1099, "usd"))
                .await,
            "payment_method",
            &what,
        );
        let mut session = CreateCheckoutSession::setup("usd", "https://example.com/ok");
        session.customer = Some(bad.into());
        assert_invalid(
            client.checkout_sessions().create(&session).await,
            "customer",
            &what,
        );
        assert!(
            client.with_stripe_account(bad).is_err(),
            "{what}: stripe_account"
        );
    }
    settle();
    assert_eq!(
        server.requests().len(),
        0,
        "a request was sent for a bad id"
    );
}

#[tokio::test]
async fn bad_amounts_and_currencies_are_refused_before_any_request() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}"));
    let client = server.client();
    for amount in [0, -1, -1099, 100_000_000, i64::MAX, i64::MIN] {
        let what = format!("amount {amount}");
        assert_invalid(
            client
                .charge_off_session(&charge("cus_1", "pm_1", amount, "usd"))
                .await,
            "amount",
            &what,
        );
        assert_invalid(
            client
                .payment_intents()
                .create(&CreatePaymentIntent {
                    amount,
                    currency: "usd".into(),
                    ..Default::default()
                })
                .await,
            "amount",
            &what,
        );
        let session = CreateCheckoutSession::payment("T-shirt", amount, "usd", "https://e.com/ok");
        assert_invalid(
            client.checkout_sessions().create(&session).await,
            "line_items[0][price_data][unit_amount]",
            &what,
        );
    }
    // Upper case is Stripe's too (it is sent lower-cased): see core/tests/charge_outcomes.rs.
    for currency in ["", "us", "usdd", "u$d", "12a", "usd ", "ü12"] {
        let what = format!("currency {currency:?}");
        assert_invalid(
            client
                .charge_off_session(&charge("cus_1", "pm_1", 1099, currency))
                .await,
            "currency",
            &what,
        );
        assert_invalid(
            client
                .start_setup(&StartSetup {
                    currency: currency.into(),
                    success_url: Some("https://example.com/ok".into()),
                    ..Default::default()
                })
                .await,
            "currency",
            &what,
        );
    }
    // The largest allowed amount and smallest are accepted as far as input checks go.
    offsession::validate::amount("amount", 99_999_999).unwrap();
    offsession::validate::amount("amount", 1).unwrap();
    settle();
    assert_eq!(
        server.requests().len(),
        0,
        "a request was sent for a bad amount or currency"
    );
}

#[tokio::test]
async fn other_flow_inputs_are_checked_too() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}"));
    let client = server.client();
    let mut no_name = charge("cus_1", "pm_1", 1099, "usd");
    no_name.recovery.product_name = " ".into();
    assert_invalid(
        client.charge_off_session(&no_name).await,
        "recovery[product_name]",
        "name",
    );
    let mut bad_key = charge("cus_1", "pm_1", 1099, "usd");
    bad_key.idempotency_key = "has space".into();
    assert_invalid(
        client.charge_off_session(&bad_key).await,
        "idempotency_key",
        "key",
    );
    bad_key.idempotency_key = "k".repeat(201);
    assert_invalid(
        client.charge_off_session(&bad_key).await,
        "idempotency_key",
        "long key",
    );
    assert_invalid(
        client
            .checkout_sessions()
            .retrieve("cs_1")
            .expand(["setup_intent/../x"])
            .await,
        "expand",
        "expand",
    );
    assert_invalid(
        client
            .start_setup(&StartSetup {
                currency: "usd".into(),
                success_url: Some("https://example.com/ok".into()),
                customer: Some("cus_1".into()),
                new_customer: Some(Default::default()),
                ..Default::default()
            })
            .await,
        "new_customer",
        "both customers",
    );
    // The recovery session carries the charge's shipping, and a session's shipping address
    // needs `line1` where a PaymentIntent's does not: refused before the charge, not after a
    // decline.
    let mut no_line1 = charge("cus_1", "pm_1", 1099, "usd");
    no_line1.payment_intent_data.shipping = Some(offsession::params::CreatePaymentIntentShipping {
        name: "Jenny Rosen".into(),
        address: offsession::params::CreatePaymentIntentShippingAddress {
            city: Some("San Francisco".into()),
            ..Default::default()
        },
        ..Default::default()
    });
    assert_invalid(
        client.charge_off_session(&no_line1).await,
        "payment_intent_data[shipping][address][line1]",
        "shipping the recovery session refuses",
    );
    let mut no_mode = CreateCheckoutSession::setup("usd", "https://example.com/ok");
    no_mode.mode = None;
    assert_invalid(
        client.checkout_sessions().create(&no_mode).await,
        "mode",
        "mode",
    );
    settle();
    assert_eq!(server.requests().len(), 0);
}

#[test]
fn plain_http_is_refused_on_non_loopback_hosts() {
    for url in [
        "http://api.stripe.com",
        "http://10.1.2.3:8080",
        "http://192.168.0.1",
        "http://example.com/v1",
        "http://127.0.0.1.example.com",
        "ftp://api.stripe.com",
        "api.stripe.com",
        "",
        "https://user:pass@api.stripe.com",
        "https://api.stripe.com/?x=1",
    ] {
        let result = Client::builder("sk_test_123").base_url(url).build();
        assert_invalid(result, "base_url", url);
    }
    for url in [
        "http://127.0.0.1:1",
        "http://localhost:8080",
        "http://[::1]:1",
        "https://api.stripe.com",
    ] {
        Client::builder("sk_test_123")
            .base_url(url)
            .build()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }
}

#[test]
fn bad_client_settings_are_refused() {
    assert_invalid(Client::new(""), "api_key", "empty key");
    assert_invalid(Client::new("sk_test_1 2"), "api_key", "space in key");
    assert_invalid(
        Client::new("sk_test_1\r\nX: y"),
        "api_key",
        "header injection",
    );
    assert_invalid(
        Client::builder("sk_test_1").max_retries(11).build(),
        "max_retries",
        "retries",
    );
    assert_invalid(
        Client::builder("sk_test_1")
            .timeout(std::time::Duration::ZERO)
            .build(),
        "timeout",
        "timeout",
    );
    assert_invalid(
        Client::builder("sk_test_1")
            .stripe_account("acct/1")
            .build(),
        "stripe_account",
        "acct",
    );
}
