//! Stripe's own example objects decode into the typed models, and nothing is lost on the way
//! back out: unknown fields survive a round trip.

mod support;

use offsession::{
    CheckoutSession, CheckoutSessionMode, CheckoutSessionStatus, Customer, Event, EventType,
    PaymentIntent, PaymentIntentStatus, PaymentMethod, SetupIntent, SetupIntentStatus,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use support::stripe_fixtures_dir;

/// Removes `null` members, so "absent" and "null" compare equal (both decode to `None`).
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// Decodes `json`, re-encodes it, and checks that every field came back unchanged.
fn round_trip<T: Serialize + DeserializeOwned>(name: &str, json: &Value) -> T {
    let typed: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{name} does not decode: {e}"));
    let back = serde_json::to_value(&typed).expect("re-encode");
    assert_eq!(
        without_nulls(&back),
        without_nulls(json),
        "{name}: fields changed on a round trip"
    );
    typed
}

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(stripe_fixtures_dir().join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Adds fields no Stripe version has (yet) at the top and one level down.
fn with_future_fields(mut value: Value) -> Value {
    let future = json!({"nested": [1, "two", {"three": null}], "flag": true});
    let object = value.as_object_mut().expect("an object");
    object.insert("future_field".into(), future.clone());
    for (key, child) in object.iter_mut() {
        // `metadata` is string-to-string by definition; everything else may grow.
        if key == "metadata" {
            continue;
        }
        if let Value::Object(child) = child {
            child.insert("future_child_field".into(), future.clone());
        }
    }
    value
}

#[test]
fn every_fixture_decodes_and_round_trips() {
    let mut seen = 0;
    let mut entries: Vec<_> = std::fs::read_dir(stripe_fixtures_dir())
        .expect("tests/fixtures/stripe")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("name")
        })
        .filter(|name| name.starts_with("fixture-") && name.ends_with(".json"))
        .collect();
    entries.sort();
    for name in entries {
        let json = load(&name);
        for value in [json.clone(), with_future_fields(json)] {
            match name.as_str() {
                "fixture-customer.json" => {
                    round_trip::<Customer>(&name, &value);
                }
                "fixture-checkout.session.json" => {
                    let session = round_trip::<CheckoutSession>(&name, &value);
                    assert_eq!(session.mode, CheckoutSessionMode::Payment);
                    assert_eq!(
                        session.payment_intent_id(),
                        Some("pi_1PgafyB7WZ01zgkWSjxsAJo3")
                    );
                }
                "fixture-event.json" => {
                    let event = round_trip::<Event>(&name, &value);
                    assert_eq!(event.type_, EventType::Unknown("plan.created".into()));
                    assert_eq!(event.data.object_kind(), Some("plan"));
                }
                "fixture-payment_intent.json" => {
                    let pi = round_trip::<PaymentIntent>(&name, &value);
                    assert_eq!(pi.status, PaymentIntentStatus::RequiresPaymentMethod);
                    assert_eq!(pi.amount, 1099);
                }
                "fixture-payment_method.json" => {
                    let pm = round_trip::<PaymentMethod>(&name, &value);
                    assert_eq!(
                        pm.card.as_ref().and_then(|c| c.last4.as_deref()),
                        Some("4242")
                    );
                }
                "fixture-setup_intent.json" => {
                    let si = round_trip::<SetupIntent>(&name, &value);
                    assert_eq!(si.usage.as_deref(), Some("off_session"));
                }
                other => panic!("{other}: a fixture without a typed model; add it here"),
            }
        }
        seen += 1;
    }
    assert_eq!(
        seen, 6,
        "expected the six fixtures of tests/fixtures/stripe"
    );
}

#[test]
fn flow_objects_decode_with_expansion() {
    let expanded: CheckoutSession = round_trip(
        "flow/checkout_session_expanded.json",
        &load("flow/checkout_session_expanded.json"),
    );
    assert_eq!(expanded.status, Some(CheckoutSessionStatus::Complete));
    let setup_intent = expanded
        .setup_intent
        .as_ref()
        .and_then(|s| s.as_object())
        .expect("setup_intent expanded");
    assert_eq!(setup_intent.status, SetupIntentStatus::Succeeded);
    assert_eq!(
        setup_intent.payment_method_id(),
        Some("pm_1QgH8ZLkdIwHu7ixUo5vJcTb")
    );
    assert_eq!(
        expanded.setup_intent_id(),
        Some("seti_1QgH7sLkdIwHu7ix0aN3bX9c")
    );

    let plain: CheckoutSession = round_trip(
        "flow/checkout_session.json",
        &load("flow/checkout_session.json"),
    );
    assert!(!plain.setup_intent.as_ref().expect("id").is_expanded());
    assert_eq!(plain.setup_intent_id(), expanded.setup_intent_id());
    assert_eq!(plain.customer_id(), Some("cus_RZx4bN7qLk2mWp"));

    let created: CheckoutSession = round_trip(
        "flow/checkout_session_created.json",
        &load("flow/checkout_session_created.json"),
    );
    assert_eq!(created.status, Some(CheckoutSessionStatus::Open));
    assert!(created
        .url
        .as_deref()
        .expect("url")
        .starts_with("https://checkout.stripe.com/"));

    let pi: PaymentIntent = round_trip(
        "flow/payment_intent.json",
        &load("flow/payment_intent.json"),
    );
    assert_eq!(pi.status, PaymentIntentStatus::Succeeded);
    assert_eq!(pi.customer_id(), Some("cus_RZx4bN7qLk2mWp"));
    let pm: PaymentMethod = round_trip(
        "flow/payment_method.json",
        &load("flow/payment_method.json"),
    );
    assert_eq!(pm.customer_id(), Some("cus_RZx4bN7qLk2mWp"));
    let _: SetupIntent = round_trip("flow/setup_intent.json", &load("flow/setup_intent.json"));
    let _: Customer = round_trip("flow/customer.json", &load("flow/customer.json"));
}

#[test]
fn expanded_customer_gives_its_id_too() {
    let mut session = load("flow/checkout_session.json");
    session["customer"] = load("flow/customer.json");
    let session: CheckoutSession = round_trip("session with customer expanded", &session);
    assert!(session.customer.as_ref().expect("customer").is_expanded());
    assert_eq!(session.customer_id(), Some("cus_RZx4bN7qLk2mWp"));
}

#[test]
fn unknown_status_values_are_kept() {
    let mut pi = load("flow/payment_intent.json");
    pi["status"] = json!("requires_teleportation");
    let typed: PaymentIntent = round_trip("payment intent with a new status", &pi);
    assert_eq!(typed.status.as_str(), "requires_teleportation");
}
