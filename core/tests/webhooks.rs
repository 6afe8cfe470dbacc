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
fn a_future_timestamp_is_accepted_only_the_age_is_bounded() {
    // As in Stripe's libraries: `now - t > tolerance` is refused, a future `t` never is.
    let now = webhook::now();
    for ahead in [1, 301, 600, 3600, 10 * 365 * 86400] {
        let header = sign(PAYLOAD, SECRET, now + ahead);
        verify_signature(PAYLOAD, &header, SECRET, TOLERANCE, now)
            .unwrap_or_else(|e| panic!("{ahead} s ahead: {e}"));
        verify_signature(PAYLOAD, &header, SECRET, Duration::from_secs(1), now)
            .unwrap_or_else(|e| panic!("{ahead} s ahead, tolerance 1 s: {e}"));
    }
    // Through the clock too, and at the edge: exactly `tolerance` old still verifies.
    let header = sign(PAYLOAD, SECRET, webhook::now() + 600);
    construct_event(PAYLOAD, &header, SECRET, TOLERANCE).unwrap();
    verify_signature(
        PAYLOAD,
        &sign(PAYLOAD, SECRET, now - 300),
        SECRET,
        TOLERANCE,
        now,
    )
    .unwrap();
    expect_signature_error(verify_signature(
        PAYLOAD,
        &sign(PAYLOAD, SECRET, now - 301),
        SECRET,
        TOLERANCE,
        now,
    ));
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
        format!("t={now},v0=abc,v1={old_v1},v1={new_v1},scheme=ignored"),
        // " v1" is another key, not v1: the spaced signature is ignored, the other one matches.
        format!("t={now}, v1=00,v1={new_v1}"),
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
    // The official libraries refuse a secret of only spaces, tabs and line breaks too.
    for secret in ["", " ", " \t\r\n\x0b\x0c"] {
        let header = sign(PAYLOAD, secret, webhook::now());
        let error = construct_event(PAYLOAD, &header, secret, TOLERANCE).unwrap_err();
        assert_eq!(error.kind().as_str(), "invalid_input");
        assert_eq!(error.param(), Some("secret"));
    }
    // Whitespace around a real secret is part of it, as there.
    let secret = format!("{SECRET}\n");
    let header = sign(PAYLOAD, &secret, webhook::now());
    construct_event(PAYLOAD, &header, &secret, TOLERANCE).unwrap();
    expect_signature_error(construct_event(PAYLOAD, &header, SECRET, TOLERANCE));
}

#[test]
fn a_signed_payload_that_is_not_an_event_is_invalid_input() {
    let payload = b"not json";
    let header = sign(payload, SECRET, webhook::now());
    let error = construct_event(payload, &header, SECRET, TOLERANCE).unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_input");
    assert_eq!(error.param(), Some("payload"));
}

/// What both official verifiers (stripe-python 16.1.0, stripe-node 23.1.0) do with each header;
/// `tests/webhook-oracle` checks the same against the libraries themselves.
#[test]
fn headers_are_read_as_stripes_libraries_read_them() {
    let now = webhook::now();
    let v1 = sign(PAYLOAD, SECRET, now)
        .split(",v1=")
        .nth(1)
        .unwrap()
        .to_owned();
    let old_v1 = sign(PAYLOAD, "whsec_old_secret", now)
        .split(",v1=")
        .nth(1)
        .unwrap()
        .to_owned();
    let upper = v1.to_uppercase();
    let e64 = "é".repeat(64);
    let accepted = [
        format!("t={now},v1={v1}"),
        format!("v1={v1},t={now}"),
        format!(",t={now},,v1={v1},"),
        format!("t={now},junk,v1={v1}"),
        format!("t={now} ,v1={v1}"),
        format!("t= {now},v1={v1}"),
        format!("t=\u{a0}{now}\u{85},v1={v1}"),
        format!("t=+{now},v1={v1}"),
        format!("t=0{now},v1={v1}"),
        format!("t={now}=5,v1={v1}"),
        format!("t={now},v1={v1}="),
        format!("t={now},v1={v1}=junk"),
        format!("t={now},t={now},v1={v1}"),
        format!("t={now},t=+{now} ,v1={v1}"),
        format!("t={now},v1=deadbeef,v1={v1}"),
        format!("t={now},v1={v1},v1=é"),
        format!("t={now},v1={old_v1},v1={v1}"),
    ];
    for header in &accepted {
        verify_signature(PAYLOAD, header, SECRET, TOLERANCE, now)
            .unwrap_or_else(|e| panic!("{header:?} should verify: {e}"));
    }
    let refused = [
        // Both libraries refuse these.
        format!("t={now},v1={upper}"),
        format!("t={now}, v1={v1}"),
        format!("t={now},\tv1={v1}"),
        format!(" t={now},v1={v1}"),
        format!("t={now},v1={v1} "),
        format!("t={now},v1={v1}\n"),
        format!("t={now},v1= {v1}"),
        format!("T={now},v1={v1}"),
        format!("t={now},V1={v1}"),
        format!("t={now},v0={v1}"),
        format!("t={now},v1,v1={v1}"),
        // One library accepts each of these, the other refuses: offsession accepts only what
        // both accept.
        format!("t={now}abc,v1={v1}"),
        format!("t=\u{85}{now},v1={v1}"),
        format!("t,t={now},v1={v1}"),
        format!("t={},t={now},v1={v1}", now - 1000),
        format!("t={now},t={},v1={v1}", now - 1000),
        format!("t={now},v1=,v1={v1}"),
        format!("t={now},v1=é,v1={v1}"),
        format!("t={now},v1={v1},v1={e64}"),
    ];
    for header in &refused {
        expect_signature_error(verify_signature(PAYLOAD, header, SECRET, TOLERANCE, now));
    }
}

#[test]
fn the_signed_timestamp_is_the_number_both_libraries_print() {
    // The signature covers the number, not its text: "+0123" is signed as "123".
    let tolerance_off = Duration::ZERO;
    let at = |text: &str, number: i64| {
        let v1 = sign(PAYLOAD, SECRET, number);
        let v1 = v1.split(",v1=").nth(1).unwrap();
        verify_signature(
            PAYLOAD,
            &format!("t={text},v1={v1}"),
            SECRET,
            tolerance_off,
            0,
        )
    };
    at("+0123", 123).unwrap();
    at("-5", -5).unwrap();
    at("-0", 0).unwrap();
    at("9007199254740992", 9_007_199_254_740_992).unwrap();
    // -1 is stripe-node's "no timestamp"; past 2^53 it reads another number than Python.
    expect_signature_error(at("-1", -1));
    expect_signature_error(at("9007199254740993", 9_007_199_254_740_993));
    expect_signature_error(at("1_000", 1000));
}

#[test]
fn payloads_no_official_library_accepts_are_refused() {
    let now = webhook::now();
    for payload in [
        &b"{\"id\":\"evt_\xff\"}"[..],
        &[b"\xEF\xBB\xBF", PAYLOAD].concat(),
    ] {
        let header = sign(payload, SECRET, now);
        expect_signature_error(verify_signature(payload, &header, SECRET, TOLERANCE, now));
    }
    // A thin event notification is refused after verifying, as there.
    let thin = String::from_utf8(PAYLOAD.to_vec()).unwrap().replacen(
        "\"object\":\"event\"",
        "\"object\":\"v2.core.event\"",
        1,
    );
    let header = sign(thin.as_bytes(), SECRET, now);
    verify_signature(thin.as_bytes(), &header, SECRET, TOLERANCE, now).unwrap();
    let error = construct_event(thin.as_bytes(), &header, SECRET, TOLERANCE).unwrap_err();
    assert_eq!(error.kind().as_str(), "invalid_input");
    assert_eq!(error.param(), Some("payload"));
}
