//! The `event` target: decoding webhook events.

use offsession::webhook::{self, Webhook};
use offsession::{Event, EventType};
use serde_json::Value;

use crate::json;

const SECRET: &str = "whsec_fuzz_event_target";
const SIGNED_AT: i64 = 1_700_000_000;

/// Decodes the input as a Stripe event with `Event::from_slice`.
///
/// Invariants:
/// - nothing panics; a refusal is `invalid_input` with param `payload`;
/// - a decoded event keeps every field of the JSON (unknown ones in `extra`, at any depth)
///   and serialise → decode gives the same event back;
/// - `id`, `type` and `data.object.object` read back exactly as sent; the event type survives
///   `EventType::from(as_str())`;
/// - `checkout_session()` / `payment_intent()` refuse (with `invalid_input`) an event that
///   carries another kind of object, and return the object with the JSON's `id` otherwise;
/// - the same bytes delivered as a signed webhook (`Webhook::construct_event_at`) give exactly
///   what `Event::from_slice` gives.
pub fn event(data: &[u8]) {
    let parsed = Event::from_slice(data);
    match &parsed {
        Err(error) => {
            assert_eq!(error.kind().as_str(), "invalid_input", "{error:?}");
            assert_eq!(error.param(), Some("payload"), "{error:?}");
        }
        Ok(event) => {
            let input = json::checked(event, data);
            check_event(event, &input);
        }
    }

    let header = webhook::sign(data, SECRET, SIGNED_AT);
    let delivered = Webhook::new(SECRET).construct_event_at(data, &header, SIGNED_AT + 1);
    match (&parsed, &delivered) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        (a, b) => panic!("from_slice gave {a:?} but the signed delivery {b:?}"),
    }
}

/// Checks a decoded event against the JSON it came from.
pub(crate) fn check_event(event: &Event, input: &Value) {
    assert_eq!(Some(event.id.as_str()), input["id"].as_str());
    let type_ = event.type_.as_str();
    assert_eq!(Some(type_), input["type"].as_str());
    assert_eq!(EventType::from(type_), event.type_);
    assert_eq!(event.type_.to_string(), type_);

    let object = &input["data"]["object"];
    let kind = event.data.object_kind();
    assert_eq!(kind, object["object"].as_str());
    assert_eq!(&event.data.object, object);
    let as_value: Value = event
        .data
        .object_as()
        .unwrap_or_else(|e| panic!("data.object is not a value: {e}"));
    assert_eq!(&as_value, object);

    let wants_session = kind == Some("checkout.session");
    match event.checkout_session() {
        Ok(session) => {
            assert!(wants_session, "a {kind:?} decoded as a checkout session");
            assert_eq!(Some(session.id.as_str()), object["id"].as_str());
        }
        Err(error) => assert_eq!(error.kind().as_str(), "invalid_input", "{error:?}"),
    }
    let wants_intent = kind == Some("payment_intent");
    match event.payment_intent() {
        Ok(intent) => {
            assert!(wants_intent, "a {kind:?} decoded as a payment intent");
            assert_eq!(Some(intent.id.as_str()), object["id"].as_str());
        }
        Err(error) => assert_eq!(error.kind().as_str(), "invalid_input", "{error:?}"),
    }
}
