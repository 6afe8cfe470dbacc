//! Webhook verification: every way a delivery can be wrong is an error, never a panic.

use std::time::Duration;

use offsession::webhook::{self, construct_event, sign, verify_signature, Webhook};
use offsession::{Error, EventType};

const SECRET: &str = "whsec_test_8aGk2Hq0vJ3nR5tY";
const PAYLOAD: &[u8] = br#"{"id":"evt_1Ep24XHssDVaQm2PpwS19Yt0","object":"event","api_version":"2019-03-14","created":1561420781,"data":{"object":{"id":"cs_test_MlZAaTXUMHjWZ7DcXjusJnDU4MxPalbtL5eYrmS2GKxqscDtpJq8QM0k","object":"checkout.session","customer":null,"mode":"setup","setup_intent":"seti_1EzVO3HssDVaQm2PJjXHmLlM","status":"complete","success_url":"https://example.com/success"}},"livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":"checkout.session.completed"}"#;
const TOLERANCE: Duration = webhook::DEFAULT_TOLERANCE;

fn expect_signature_error(result: offsession::Result<impl std::fmt::Debug>) -> String {
    match result {
        Err(Error::SignatureVerification { message }) => {
            assert!(
                !message.contains(SECRET),
                "the secret leaked into {message:?}"
            );
            message
        }
        other => panic!("expected a signature error, got {other:?}"),
    }
}

#[test]
fn a_valid_signature_gives_the_event() {
    let header = sign(PAYLOAD, SECRET, webhook::now());
    let event = construct_event(PAYLOAD, &header, SECRET, TOLERANCE).unwrap();
    assert_eq!(event.type_, EventType::CheckoutSessionCompleted);
    let session = event.checkout_session().unwrap();
    assert_eq!(
        session.setup_intent_id(),
        Some("seti_1EzVO3HssDVaQm2PJjXHmLlM")
    );
    // The reusable form gives the same result.
    let again = Webhook::new(SECRET)
        .construct_event(PAYLOAD, &header)
        .unwrap();
    assert_eq!(again, event);
}

#[test]
fn a_tampered_body_is_refused() {
    let header = sign(PAYLOAD, SECRET, webhook::now());
    let tampered = String::from_utf8(PAYLOAD.to_vec())
        .unwrap()
        .replace("\"livemode\":false", "\"livemode\":true");
    expect_signature_error(construct_event(
        tampered.as_bytes(),
        &header,
        SECRET,
        TOLERANCE,
    ));
    // Re-serialising the JSON (whitespace) is tampering too: the raw bytes are what is signed.
    let reserialised =
        serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(PAYLOAD).unwrap())
            .unwrap();
    expect_signature_error(construct_event(&reserialised, &header, SECRET, TOLERANCE));
}

#[test]
fn the_wrong_secret_is_refused() {
    let header = sign(PAYLOAD, "whsec_some_other_endpoint", webhook::now());
    let message = expect_signature_error(construct_event(PAYLOAD, &header, SECRET, TOLERANCE));
    assert!(message.contains("no signature matches"), "{message}");
}

#[test]
fn an_expired_timestamp_is_refused_unless_tolerance_is_off() {
    let now = webhook::now();
    let header = sign(PAYLOAD, SECRET, now - 301);
    let message = expect_signature_error(construct_event(PAYLOAD, &header, SECRET, TOLERANCE));
    assert!(message.contains("tolerance"), "{message}");
    verify_signature(PAYLOAD, &header, SECRET, Duration::from_secs(600), now).unwrap();
    verify_signature(PAYLOAD, &header, SECRET, Duration::ZERO, now).unwrap();
    verify_signature(
        PAYLOAD,
        &sign(PAYLOAD, SECRET, now - 299),
        SECRET,
        TOLERANCE,
        now,
    )
    .unwrap();
}

#[test]
fn a_sub_second_tolerance_is_strict_not_off() {
    // Only zero turns the check off; half a second must not round down to it.
    let now = webhook::now();
    let half = Duration::from_millis(500);
    verify_signature(PAYLOAD, &sign(PAYLOAD, SECRET, now), SECRET, half, now).unwrap();
    let header = sign(PAYLOAD, SECRET, now - 3600);
    expect_signature_error(verify_signature(PAYLOAD, &header, SECRET, half, now));
    let header = sign(PAYLOAD, SECRET, now - 1);
    expect_signature_error(verify_signature(
        PAYLOAD,
        &header,
        SECRET,
        Duration::from_millis(999),
        now,
    ));
    verify_signature(PAYLOAD, &header, SECRET, Duration::from_secs(1), now).unwrap();
}

#[test]
fn a_far_future_timestamp_is_refused() {
    let now = webhook::now();
    let header = sign(PAYLOAD, SECRET, now + 3600);
    expect_signature_error(verify_signature(PAYLOAD, &header, SECRET, TOLERANCE, now));
}

#[test]
fn any_of_several_v1_signatures_may_match_during_rotation() {
    let now = webhook::now();
    let old = sign(PAYLOAD, "whsec_old_secret", now);
    let new = sign(PAYLOAD, SECRET, now);
    let old_v1 = old.split(",v1=").nth(1).unwrap();
    let new_v1 = new.split(",v1=").nth(1).unwrap();
    for header in [
        format!("t={now},v1={old_v1},v1={new_v1}"),
        format!("t={now},v1={new_v1},v1={old_v1}"),
        format!("t={now}, v0=abc, v1={old_v1} ,v1={new_v1}, scheme=ignored"),
    ] {
        verify_signature(PAYLOAD, &header, SECRET, TOLERANCE, now)
            .unwrap_or_else(|e| panic!("{header}: {e}"));
    }
    expect_signature_error(verify_signature(
        PAYLOAD,
        &format!("t={now},v1={old_v1}"),
        SECRET,
        TOLERANCE,
        now,
    ));
}

#[test]
fn missing_or_garbled_headers_are_errors_not_panics() {
    let now = webhook::now();
    let valid = sign(PAYLOAD, SECRET, now);
    let v1 = valid.split(",v1=").nth(1).unwrap();
    let long = "v1=".repeat(10_000);
    let garbled = [
        String::new(),
        ",".into(),
        "t=".into(),
        format!("v1={v1}"),
        format!("t={now}"),
        format!("t=notanumber,v1={v1}"),
        format!("t={now},v1=zz{}", &v1[2..]),
        format!("t={now},v1={}", &v1[1..]),
        format!("t={now},v1="),
        format!("t=99999999999999999999999,v1={v1}"),
        format!("t=-9223372036854775808,v1={v1}"),
        "t=1,v1=é€😀".into(),
        "\u{0}\u{1}==,,==".into(),
        long,
    ];
    for header in &garbled {
        expect_signature_error(verify_signature(PAYLOAD, header, SECRET, TOLERANCE, now));
    }
}

#[test]
fn an_empty_secret_is_invalid_input() {
    let header = sign(PAYLOAD, SECRET, webhook::now());
    let error = construct_event(PAYLOAD, &header, "", TOLERANCE).unwrap_err();
    assert_eq!(error.code(), "invalid_input");
    assert_eq!(error.param(), Some("secret"));
}

#[test]
fn a_signed_payload_that_is_not_an_event_is_invalid_input() {
    let payload = b"not json";
    let header = sign(payload, SECRET, webhook::now());
    let error = construct_event(payload, &header, SECRET, TOLERANCE).unwrap_err();
    assert_eq!(error.code(), "invalid_input");
    assert_eq!(error.param(), Some("payload"));
}
