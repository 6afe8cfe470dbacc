//! The API key and webhook secrets never appear in Debug, Display or any error message.

mod support;

use offsession::{ApiKey, Client, Webhook, WebhookSecret};
use support::{Reply, TestServer};

const KEY: &str = "sk_test_51SuperSecretKeyValue0123456789";
const WEBHOOK_SECRET: &str = "whsec_Super-SecretSigningValue0123456789";

fn assert_hidden(text: &str, what: &str) {
    assert!(!text.contains(KEY), "{what} shows the API key: {text}");
    assert!(
        !text.contains("SuperSecret"),
        "{what} shows part of a secret: {text}"
    );
    assert!(
        !text.contains(WEBHOOK_SECRET),
        "{what} shows the webhook secret: {text}"
    );
}

#[test]
fn keys_and_secrets_print_redacted() {
    let key = ApiKey::new(KEY);
    assert_eq!(format!("{key}"), "sk_test_****");
    assert_hidden(&format!("{key:?}"), "ApiKey Debug");
    let secret = WebhookSecret::new(WEBHOOK_SECRET);
    assert_hidden(&format!("{secret} {secret:?}"), "WebhookSecret");
    let webhook = Webhook::new(WEBHOOK_SECRET);
    assert_hidden(&format!("{webhook:?}"), "Webhook Debug");
    let builder = Client::builder(KEY);
    assert_hidden(&format!("{builder:?}"), "ClientBuilder Debug");
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert_hidden(&shown, "Client Debug");
    assert!(shown.contains("sk_test_****"), "{shown}");
    assert!(!ApiKey::new(KEY).is_live_secret());
    assert!(ApiKey::new("sk_live_x").is_live_secret());
    assert!(ApiKey::new("rk_live_x").is_live_secret());
}

#[tokio::test]
async fn error_messages_never_contain_the_key() {
    // The server echoes what it received, the way a careless proxy might.
    let server = TestServer::start(|request, _| {
        let echoed = format!("{:?}", request.headers).replace('"', "'");
        Reply::json(
            401,
            format!(
                r#"{{"error":{{"type":"invalid_request_error","message":"Invalid API Key provided"}},"echo":"{echoed}"}}"#
            ),
        )
    });
    let client = Client::builder(KEY).base_url(&server.url).build().unwrap();
    let error = client.customers().retrieve("cus_123").await.unwrap_err();
    assert_eq!(error.kind().as_str(), "authentication_error");
    assert_hidden(&format!("{error}"), "Display");
    assert_hidden(&format!("{error:?}"), "Debug");
    assert_hidden(&error.message(), "message");
    let shape = serde_json::to_string(&error.shape()).unwrap();
    assert_hidden(&shape, "the error shape (http_body, json_body, headers)");
    assert!(
        shape.contains("sk_test_****"),
        "the echo is kept, redacted: {shape}"
    );

    // Connection errors mention the URL, never the key.
    let refused = Client::builder(KEY)
        .base_url("http://127.0.0.1:9")
        .max_retries(0)
        .build()
        .unwrap()
        .customers()
        .retrieve("cus_123")
        .await
        .unwrap_err();
    assert_hidden(&format!("{refused} {refused:?}"), "connection error");

    // Input errors about the key never echo it.
    let bad = Client::new(format!("{KEY} ")).unwrap_err();
    assert_hidden(&format!("{bad} {bad:?}"), "invalid key error");
}

#[test]
fn webhook_errors_never_contain_the_secret() {
    let payload = br#"{"id":"evt_1","object":"event","type":"x","data":{"object":{}}}"#;
    for header in [
        "",
        "t=1,v1=00",
        &offsession::webhook::sign(payload, "whsec_other", 1),
    ] {
        let error = Webhook::new(WEBHOOK_SECRET)
            .construct_event(payload, header)
            .unwrap_err();
        assert_hidden(&format!("{error} {error:?}"), "webhook error");
    }
}
