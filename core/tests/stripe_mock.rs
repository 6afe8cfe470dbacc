//! Every resource call against stripe-mock, Stripe's own OpenAPI-driven mock, which rejects any
//! request that does not match Stripe's published spec. The test starts stripe-mock itself on
//! 127.0.0.1 and fails if it cannot: install it with `scripts/install-tools` (which
//! `go install`s the release pinned in `scripts/lib.sh`).

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use offsession::{
    AttachPaymentMethod, CancelPaymentIntent, CancellationReason, Client, CreateCheckoutSession,
    CreateCustomer, CreatePaymentIntent, Expandable,
};

/// A running stripe-mock, killed on drop.
struct StripeMock {
    child: Child,
    url: String,
    /// stripe-mock's HTTPS listener, which presents a self-signed certificate.
    https_url: String,
}

impl Drop for StripeMock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_binary() -> PathBuf {
    if let Ok(path) = std::env::var("STRIPE_MOCK_BIN") {
        return path.into();
    }
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("stripe-mock"))
                .collect()
        })
        .unwrap_or_default();
    if let Ok(gopath) = std::env::var("GOPATH") {
        candidates.push(PathBuf::from(gopath).join("bin/stripe-mock"));
    }
    if let Ok(home) = std::env::var("HOME") {
        candidates.push(PathBuf::from(home).join("go/bin/stripe-mock"));
    }
    candidates
        .into_iter()
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "stripe-mock is not installed: run scripts/install-tools \
             (go install github.com/stripe/stripe-mock@<STRIPE_MOCK_VERSION of scripts/lib.sh>) \
             or set STRIPE_MOCK_BIN"
            )
        })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port on 127.0.0.1")
}

fn start_stripe_mock() -> StripeMock {
    let binary = find_binary();
    let (http_port, https_port) = (free_port(), free_port());
    let child = Command::new(&binary)
        // Both addresses, always: otherwise HTTPS listens on every interface.
        .args(["-http-addr", &format!("127.0.0.1:{http_port}")])
        .args(["-https-addr", &format!("127.0.0.1:{https_port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {}: {e}", binary.display()));
    let mock = StripeMock {
        child,
        url: format!("http://127.0.0.1:{http_port}"),
        https_url: format!("https://127.0.0.1:{https_port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    for port in [http_port, https_port] {
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "stripe-mock did not start listening within 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    mock
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_resource_call_is_accepted_by_stripe_mock() {
    let mock = start_stripe_mock();
    // stripe-mock's key check wants sk_test_ followed by no further underscores.
    let client = Client::builder("sk_test_offsession")
        .base_url(&mock.url)
        .build()
        .unwrap();

    let customer = client
        .customers()
        .create(&CreateCustomer {
            email: Some("jenny.rosen@example.com".into()),
            name: Some("Jenny Rosen".into()),
            description: Some("offsession integration test".into()),
            metadata: [("order_id".to_owned(), "42".to_owned())].into(),
            ..Default::default()
        })
        .idempotency_key("stripe-mock-customer")
        .await
        .expect("POST /v1/customers");
    assert!(customer.id.starts_with("cus_"), "{}", customer.id);
    client
        .customers()
        .retrieve(&customer.id)
        .await
        .expect("GET /v1/customers/{id}");

    let mut setup = CreateCheckoutSession::setup(
        "usd",
        "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
    );
    setup.customer = Some(customer.id.clone());
    setup.cancel_url = Some("https://example.com/cancel".into());
    setup.metadata = [("purpose".to_owned(), "save card".to_owned())].into();
    let session = client
        .checkout_sessions()
        .create(&setup)
        .await
        .expect("POST setup session");
    assert!(session.id.starts_with("cs_"), "{}", session.id);

    let mut payment = CreateCheckoutSession::payment(
        "T-shirt",
        1099,
        "usd",
        "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
    );
    payment.customer = Some(customer.id.clone());
    let recovery = client
        .checkout_sessions()
        .create(&payment)
        .await
        .expect("POST payment session");
    assert!(recovery.id.starts_with("cs_"), "{}", recovery.id);

    let retrieved = client
        .checkout_sessions()
        .retrieve(&session.id)
        .expand(["setup_intent", "customer"])
        .await
        .expect("GET session with expand");
    assert_eq!(retrieved.id, session.id);
    if let Some(setup_intent) = &retrieved.setup_intent {
        assert!(
            matches!(setup_intent, Expandable::Object(_)),
            "setup_intent was not expanded"
        );
    }

    let setup_intent = client
        .setup_intents()
        .retrieve("seti_1QgH7sLkdIwHu7ix0aN3bX9c")
        .expand(["payment_method"])
        .await
        .expect("GET /v1/setup_intents/{id}");
    assert!(setup_intent.id.starts_with("seti_"));

    let payment_method = client
        .payment_methods()
        .retrieve("pm_1QgH8ZLkdIwHu7ixUo5vJcTb")
        .await
        .expect("GET /v1/payment_methods/{id}");
    assert!(payment_method.id.starts_with("pm_"));
    client
        .payment_methods()
        .attach(
            "pm_1QgH8ZLkdIwHu7ixUo5vJcTb",
            &AttachPaymentMethod {
                customer: Some(customer.id.clone()),
                ..Default::default()
            },
        )
        .await
        .expect("POST /v1/payment_methods/{id}/attach");

    let payment_intent = client
        .payment_intents()
        .create(&CreatePaymentIntent {
            amount: 1099,
            currency: "usd".into(),
            customer: Some(customer.id.clone()),
            payment_method: Some("pm_1QgH8ZLkdIwHu7ixUo5vJcTb".into()),
            off_session: Some(offsession::OffSession::Bool(true)),
            confirm: Some(true),
            description: Some("off-session charge".into()),
            metadata: [("order_id".to_owned(), "42".to_owned())].into(),
            ..Default::default()
        })
        .idempotency_key("stripe-mock-charge")
        .await
        .expect("POST /v1/payment_intents");
    assert!(payment_intent.id.starts_with("pi_"));
    client
        .payment_intents()
        .retrieve(&payment_intent.id)
        .expand(["payment_method"])
        .await
        .expect("GET /v1/payment_intents/{id}");
    let with_charge = client
        .payment_intents()
        .retrieve(&payment_intent.id)
        .expand(["latest_charge"])
        .await
        .expect("GET /v1/payment_intents/{id} with latest_charge expanded");
    // stripe-mock expands it into its charge fixture: the field must decode as a Charge.
    let charge = with_charge
        .latest_charge
        .as_ref()
        .and_then(Expandable::as_object)
        .expect("latest_charge decodes as a Charge when expanded");
    assert!(charge.id.starts_with("ch_"), "{}", charge.id);
    let canceled = client
        .payment_intents()
        .cancel(
            &payment_intent.id,
            &CancelPaymentIntent {
                cancellation_reason: Some(CancellationReason::Abandoned),
            },
        )
        .await
        .expect("POST /v1/payment_intents/{id}/cancel");
    assert!(canceled.id.starts_with("pi_"));
    let last = canceled
        .last_response
        .expect("a returned object keeps its response");
    assert_eq!(last.http_status, 200);
    assert!(last.idempotency_key.is_some(), "a POST's key is recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stripe_mock_rejects_what_stripe_would_reject() {
    // The acceptance above means something only if stripe-mock does refuse bad requests.
    let mock = start_stripe_mock();
    let client = Client::builder("sk_test_offsession")
        .base_url(&mock.url)
        .max_retries(0)
        .build()
        .unwrap();
    let mut bad_mode = CreateCheckoutSession::setup("usd", "https://example.com/ok");
    bad_mode.mode = Some(offsession::params::CreateCheckoutSessionMode::Unknown(
        "teleport".into(),
    ));
    let error = client
        .checkout_sessions()
        .create(&bad_mode)
        .await
        .unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_request_error", "{error}");
    assert_eq!(error.http_status(), Some(400));

    let bad_key = Client::builder("not_a_key")
        .base_url(&mock.url)
        .max_retries(0)
        .build()
        .unwrap();
    let error = bad_key.customers().retrieve("cus_123").await.unwrap_err();
    assert_eq!(error.kind().as_str(), "authentication_error", "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificates_are_verified_over_https() {
    // stripe-mock's HTTPS listener answers with a self-signed certificate: the handshake must
    // fail (a connection error, nothing sent), where a client that skipped verification would
    // get a customer back.
    let mock = start_stripe_mock();
    let client = Client::builder("sk_test_offsession")
        .base_url(&mock.https_url)
        .max_retries(0)
        .build()
        .unwrap();
    let error = client
        .customers()
        .create(&CreateCustomer::default())
        .await
        .expect_err("a self-signed certificate must be refused");
    assert_eq!(error.kind().as_str(), "api_connection_error", "{error}");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "the failure should name the certificate: {error}"
    );
    // The same server presents the same certificate every time: final, not retried.
    assert!(
        !error.is_retryable(),
        "a refused certificate was retryable: {error}"
    );
}

/// A value for every parameter of a schema from `requests.json`, nested objects included: the
/// first alternative of an `anyOf` (never Stripe's `""`), the first value of an enum, one item
/// per array, one entry per map.
fn every_parameter(schema: &serde_json::Value) -> serde_json::Value {
    use serde_json::{json, Value};
    if let Some(alternatives) = schema.get("anyOf").and_then(Value::as_array) {
        let chosen = alternatives
            .iter()
            .find(|alt| alt.get("enum") != Some(&json!([""])))
            .expect("an alternative besides the empty string");
        return every_parameter(chosen);
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .find(|value| *value != "")
            .cloned()
            .expect("a non-empty enum value");
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => match schema.get("properties").and_then(Value::as_object) {
            Some(properties) => Value::Object(
                properties
                    .iter()
                    .map(|(name, property)| (name.clone(), every_parameter(property)))
                    .collect(),
            ),
            None => match schema.get("additionalProperties") {
                Some(values) if values.is_object() => {
                    json!({ "key": every_parameter(values) })
                }
                _ => json!({ "key": "value" }),
            },
        },
        Some("array") => json!([every_parameter(&schema["items"])]),
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("currency") => json!("usd"),
            // Shaped like an id, for the parameters the client checks as ids.
            _ => json!("value_1"),
        },
        other => panic!("no sample for a schema of type {other:?}: {schema}"),
    }
}

/// The parameters of `operation` in `requests.json` with every one of them set, typed as the
/// core's `T` (so the generated type accepts every parameter Stripe lists).
fn all_parameters<T: serde::de::DeserializeOwned>(operation: &str) -> (T, usize) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/stripe/openapi/requests.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let operations: serde_json::Value = serde_json::from_str(&text).expect("requests.json");
    let operation = &operations[operation];
    let schema = serde_json::json!({"type": "object", "properties": operation["properties"]});
    let value = every_parameter(&schema);
    let count = value.as_object().map_or(0, |fields| fields.len());
    let params = offsession::params::from_json("", value)
        .unwrap_or_else(|e| panic!("the generated type refuses a parameter of {operation}: {e}"));
    (params, count)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_with_every_parameter_set_is_accepted_by_stripe_mock() {
    use offsession::params::{
        AttachPaymentMethod, CancelPaymentIntent, CreateCheckoutSession, CreateCustomer,
        CreatePaymentIntent, ListCustomerPaymentMethods, UpdateCustomer, UpdateSetupIntent,
    };
    let mock = start_stripe_mock();
    let client = Client::builder("sk_test_offsession")
        .base_url(&mock.url)
        .max_retries(0)
        .build()
        .unwrap();
    let mut sent = Vec::new();

    let (params, count) = all_parameters::<CreateCustomer>("CreateCustomer");
    client
        .customers()
        .create(&params)
        .await
        .expect("CreateCustomer");
    sent.push(("CreateCustomer", count));
    let (params, count) = all_parameters::<UpdateCustomer>("UpdateCustomer");
    client
        .customers()
        .update("cus_123", &params)
        .await
        .expect("UpdateCustomer");
    sent.push(("UpdateCustomer", count));
    let (params, count) =
        all_parameters::<ListCustomerPaymentMethods>("ListCustomerPaymentMethods");
    let page = client
        .customers()
        .list_payment_methods("cus_123", &params)
        .expand(["data.customer"])
        .await
        .expect("ListCustomerPaymentMethods");
    assert!(page.data.iter().all(|pm| pm.id.starts_with("pm_")));
    sent.push(("ListCustomerPaymentMethods", count));
    let (mut params, count) = all_parameters::<CreateCheckoutSession>("CreateCheckoutSession");
    // A line item has a price or inline price data, never both (checked before sending): each
    // goes in a request of its own.
    let mut by_price = params.clone();
    for item in &mut by_price.line_items {
        item.price_data = None;
    }
    for item in &mut params.line_items {
        item.price = None;
    }
    for params in [&params, &by_price] {
        client
            .checkout_sessions()
            .create(params)
            .await
            .expect("CreateCheckoutSession");
    }
    sent.push(("CreateCheckoutSession", count));
    client
        .checkout_sessions()
        .expire("cs_test_123")
        .await
        .expect("ExpireCheckoutSession");
    let (params, count) = all_parameters::<UpdateSetupIntent>("UpdateSetupIntent");
    client
        .setup_intents()
        .update("seti_123", &params)
        .await
        .expect("UpdateSetupIntent");
    sent.push(("UpdateSetupIntent", count));
    let (params, count) = all_parameters::<AttachPaymentMethod>("AttachPaymentMethod");
    client
        .payment_methods()
        .attach("pm_123", &params)
        .await
        .expect("AttachPaymentMethod");
    sent.push(("AttachPaymentMethod", count));
    client
        .payment_methods()
        .detach("pm_123")
        .await
        .expect("DetachPaymentMethod");
    let (params, count) = all_parameters::<CreatePaymentIntent>("CreatePaymentIntent");
    client
        .payment_intents()
        .create(&params)
        .await
        .expect("CreatePaymentIntent");
    sent.push(("CreatePaymentIntent", count));
    let (params, count) = all_parameters::<CancelPaymentIntent>("CancelPaymentIntent");
    client
        .payment_intents()
        .cancel("pi_123", &params)
        .await
        .expect("CancelPaymentIntent");
    sent.push(("CancelPaymentIntent", count));
    // The escape hatch and a raw request go through the same validation.
    client
        .raw_request("POST", "/v1/refunds", serde_json::Map::new())
        .extra_param("payment_intent", "pi_123")
        .await
        .expect("a raw POST /v1/refunds");
    println!("top-level parameters sent, each with every nested field: {sent:?}");
    assert!(sent.iter().all(|(_, count)| *count > 0));
}
