//! `sk_test_` key checking.

use crate::common::{send, KEY};

#[tokio::test]
async fn missing_wrong_and_live_keys_are_401() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let none = send(base, "GET", "/v1/customers/cus_x", &[], "")
        .await
        .expect("response");
    assert_eq!(none.status, 401);
    let error = &none.json()["error"];
    assert_eq!(error["type"], "invalid_request_error");
    assert!(error["message"]
        .as_str()
        .expect("message")
        .contains("did not provide an API key"));
    assert!(none
        .header("request-id")
        .expect("Request-Id")
        .starts_with("req_"));
    assert_eq!(none.header("content-type"), Some("application/json"));

    let live_key = concat!("sk_live_", "51HxYzAbCdEfGhIjKlMnOp");
    let live = send(
        base,
        "GET",
        "/v1/customers/cus_x",
        &[("authorization", &format!("Bearer {live_key}"))],
        "",
    )
    .await
    .expect("response");
    assert_eq!(live.status, 401);
    let message = live.json()["error"]["message"]
        .as_str()
        .expect("message")
        .to_string();
    assert!(
        message.starts_with("Invalid API Key provided: sk_live_"),
        "{message}"
    );
    assert!(
        !message.contains(live_key),
        "the key must be masked: {message}"
    );
    assert!(message.ends_with("MnOp"));

    for bad in [
        "Bearer pk_test_abc",
        "Bearer sk_test_",
        "Token sk_test_abc",
        "Bearer sk_test_a-b",
    ] {
        let resp = send(base, "POST", "/v1/customers", &[("authorization", bad)], "")
            .await
            .expect("response");
        assert_eq!(resp.status, 401, "{bad}");
    }
    // Nothing was created by the refused requests.
    assert_eq!(crate::common::count(base, "customers").await, 0);
}

#[tokio::test]
async fn bearer_and_basic_auth_are_accepted() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let bearer = format!("Bearer {KEY}");
    let resp = send(
        base,
        "POST",
        "/v1/customers",
        &[("authorization", &bearer)],
        "email=a%40b.co",
    )
    .await
    .expect("response");
    assert_eq!(resp.status, 200);
    // curl -u sk_test_…: sends Basic base64("sk_test_…:")
    let basic = format!("Basic {}", base64(&format!("{KEY}:")));
    let resp = send(
        base,
        "POST",
        "/v1/customers",
        &[("authorization", &basic)],
        "",
    )
    .await
    .expect("response");
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    assert_eq!(resp.json()["object"], "customer");
}

fn base64(input: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = input.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[tokio::test]
async fn restricted_keys_are_read_only() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = crate::common::customer(base).await;
    let restricted = [("authorization", "Bearer rk_test_readonly")];
    let read = send(
        base,
        "GET",
        &format!("/v1/customers/{cus}"),
        &restricted,
        "",
    )
    .await
    .expect("response");
    assert_eq!(read.status, 200);
    let write = send(
        base,
        "POST",
        "/v1/customers",
        &restricted,
        "email=x%40example.com",
    )
    .await
    .expect("response");
    assert_eq!(write.status, 403);
    let error = &write.json()["error"];
    assert_eq!(error["type"], "invalid_request_error");
    assert!(!error["message"]
        .as_str()
        .expect("message")
        .contains("rk_test_readonly"));
    assert_eq!(crate::common::count(base, "customers").await, 1);
}
