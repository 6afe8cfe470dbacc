//! The simulator's answers, and the vendored Stripe objects, against Stripe's current OpenAPI
//! schemas (`tests/fixtures/stripe/openapi/schemas.json`, checked by `openapi.rs`).

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::common::{complete, control, customer, get, post, send, try_post, Resp};
use crate::openapi::{fixtures_dir, SCHEMAS};

const SUCCESS: &str = "success_url=https%3A%2F%2Fexample.com%2Fs%3Fid%3D%7BCHECKOUT_SESSION_ID%7D";
const RETURN: &str = "return_url=https%3A%2F%2Fexample.com%2Fr%3Fid%3D%7BCHECKOUT_SESSION_ID%7D";

/// Every body the simulator answered, with what was asked.
struct Answers {
    base: String,
    seen: Vec<(String, Value)>,
}

impl Answers {
    /// Keeps the body of `resp`; a 2xx must be an API object, anything else a Stripe error.
    fn keep(&mut self, what: &str, resp: &Resp) -> Value {
        let body = resp.json();
        let label = format!("{what} (HTTP {})", resp.status);
        if (200..300).contains(&resp.status) {
            self.seen.push((label, body.clone()));
        } else {
            self.seen
                .push((label, json!({"object": "error", "error": body["error"]})));
        }
        body
    }

    /// Keeps a list answer: Stripe's list envelope (`object`, `url`, `has_more`, `data` and
    /// nothing else), each item kept as an answer of its own.
    fn keep_list(&mut self, what: &str, resp: &Resp, url: &str) {
        assert_eq!(
            resp.status,
            200,
            "{what}: {}",
            String::from_utf8_lossy(&resp.body)
        );
        let body = resp.json();
        let fields: BTreeSet<&str> = body
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            fields,
            BTreeSet::from(["data", "has_more", "object", "url"]),
            "{what}"
        );
        assert_eq!(body["object"], "list", "{what}");
        assert_eq!(body["url"], url, "{what}");
        assert!(body["has_more"].is_boolean(), "{what}");
        for item in body["data"].as_array().expect("data is an array") {
            self.seen.push((format!("{what}: an item"), item.clone()));
        }
    }

    /// Creates a Checkout Session, keeps the answer, and expects it to succeed.
    async fn session(&mut self, what: &str, params: &str) -> Value {
        let resp = post(&self.base, "/v1/checkout/sessions", params).await;
        let body = self.keep(what, &resp);
        assert_eq!(resp.status, 200, "{what}: {body}");
        body
    }

    fn errors(&self) -> Vec<String> {
        let mut all = Vec::new();
        for (what, body) in &self.seen {
            let errors = if body["object"] == "error" {
                SCHEMAS.errors("error", &json!({"error": body["error"]}))
            } else {
                SCHEMAS.object_errors(body)
            };
            all.extend(errors.into_iter().map(|e| format!("{what}: {e}")));
        }
        all
    }

    fn kinds(&self) -> BTreeSet<String> {
        self.seen
            .iter()
            .filter_map(|(_, body)| body["object"].as_str().map(str::to_string))
            .collect()
    }
}

#[test]
fn the_validator_refuses_what_stripe_would_not_send() {
    let mut session: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures_dir().join("flow/checkout_session_created.json"))
            .expect("flow object"),
    )
    .expect("JSON");
    assert!(SCHEMAS.object_errors(&session).is_empty());

    // What is broken, how, and the error it must give.
    type Breakage = (&'static str, fn(&mut Value), &'static str);
    let cases: Vec<Breakage> = vec![
        (
            "a removed enum value",
            |s| s["ui_mode"] = json!("hosted"),
            "checkout.session.ui_mode: \"hosted\" is not one of",
        ),
        (
            "a missing required field",
            |s| {
                s.as_object_mut().expect("object").remove("created");
            },
            "checkout.session.created: required, and missing",
        ),
        (
            "a wrong type",
            |s| s["expires_at"] = json!("soon"),
            "checkout.session.expires_at: expected integer",
        ),
        (
            "a float where Stripe sends an integer",
            |s| s["created"] = json!(1.5),
            "checkout.session.created: expected integer",
        ),
        (
            "null where the schema forbids it",
            |s| s["livemode"] = Value::Null,
            "checkout.session.livemode: null",
        ),
        (
            "an invented field",
            |s| s["colour"] = json!("blue"),
            "checkout.session.colour: not a field of `checkout.session`",
        ),
        (
            "a bad value inside a referenced schema",
            |s| s["automatic_tax"]["enabled"] = json!("no"),
            "checkout.session.automatic_tax.enabled: expected boolean",
        ),
        (
            "an expanded object that is not one",
            |s| s["setup_intent"] = json!({"object": "setup_intent", "id": 7}),
            "checkout.session.setup_intent: matches none of its anyOf alternatives",
        ),
    ];
    for (what, change, expected) in cases {
        let mut broken = session.clone();
        change(&mut broken);
        let errors = SCHEMAS.object_errors(&broken);
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "{what}: expected an error starting `{expected}`, got {errors:?}"
        );
    }
    // Metadata is free-form strings, and nothing else.
    session["metadata"] = json!({"order": "1042"});
    assert!(SCHEMAS.object_errors(&session).is_empty());
    session["metadata"] = json!({"order": 1042});
    assert!(!SCHEMAS.object_errors(&session).is_empty());
}

#[test]
fn every_vendored_stripe_object_matches_the_schema() {
    let dir = fixtures_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/stripe")
        .chain(std::fs::read_dir(dir.join("flow")).expect("flow"))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            path.parent() == Some(&dir.join("flow")) || name.starts_with("fixture-")
        })
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        13,
        "six fixtures and seven flow objects: {files:?}"
    );
    let mut failures = Vec::new();
    for path in &files {
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
        for error in SCHEMAS.object_errors(&value) {
            failures.push(format!("{}: {error}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Drives every endpoint and outcome of the flow (hosted and embedded setup, expansions, the
/// three charge outcomes, the recovery session paid, errors), then checks every answer, every
/// stored object and every event against the schema.
#[tokio::test]
async fn every_simulator_answer_matches_the_schema() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let mut answers = Answers {
        base: base.to_string(),
        seen: Vec::new(),
    };

    let cus = customer(base).await;
    let resp = get(base, &format!("/v1/customers/{cus}")).await;
    answers.keep("customer", &resp);

    // Setup sessions: the default UI, hosted_page named, embedded_page, and no customer.
    let hosted = answers
        .session(
            "setup session",
            &format!("mode=setup&currency=usd&customer={cus}&{SUCCESS}"),
        )
        .await;
    answers.session(
        "hosted_page setup session",
        &format!("mode=setup&currency=usd&ui_mode=hosted_page&customer={cus}&{SUCCESS}&cancel_url=https%3A%2F%2Fexample.com%2Fc"),
    )
    .await;
    let embedded = answers
        .session(
            "embedded_page setup session",
            &format!("mode=setup&currency=usd&ui_mode=embedded_page&customer={cus}&{RETURN}"),
        )
        .await;
    answers
        .session(
            "embedded_page session that never redirects",
            "mode=setup&currency=usd&ui_mode=embedded_page&redirect_on_completion=never",
        )
        .await;
    let guest = answers.session(
        "setup session for an email",
        &format!("mode=setup&currency=usd&customer_email=guest%40example.com&{SUCCESS}&metadata[order]=1042"),
    )
    .await;

    for (what, created) in [
        ("hosted", &hosted),
        ("embedded", &embedded),
        ("guest", &guest),
    ] {
        let id = created["id"].as_str().expect("id");
        let done = complete(base, id, "pm_card_visa").await;
        answers.keep(&format!("{what} session completed"), &done);
        let resp = get(
            base,
            &format!(
                "/v1/checkout/sessions/{id}?expand[]=setup_intent.payment_method&expand[]=customer"
            ),
        )
        .await;
        let expanded = answers.keep(&format!("{what} session expanded"), &resp);
        let seti = expanded["setup_intent"]["id"].as_str().expect("seti");
        let resp = get(
            base,
            &format!("/v1/setup_intents/{seti}?expand[]=payment_method"),
        )
        .await;
        answers.keep("setup intent", &resp);
    }
    let guest_pm = {
        let resp = get(
            base,
            &format!(
                "/v1/checkout/sessions/{}?expand[]=setup_intent",
                guest["id"].as_str().expect("id")
            ),
        )
        .await;
        resp.json()["setup_intent"]["payment_method"]
            .as_str()
            .expect("pm")
            .to_string()
    };
    let resp = post(
        base,
        &format!("/v1/payment_methods/{guest_pm}/attach"),
        &format!("customer={cus}"),
    )
    .await;
    answers.keep("payment method attached", &resp);
    let resp = get(base, &format!("/v1/payment_methods/{guest_pm}")).await;
    answers.keep("payment method", &resp);

    // The outcomes of an off-session charge (paid, declined, authentication required, a bank
    // debit processing), each payment method saved through Checkout first.
    for card in [
        "pm_card_visa",
        "pm_card_chargeCustomerFail",
        "pm_card_authenticationRequired",
        "pm_usBankAccount_success",
    ] {
        let setup = answers
            .session(
                "setup session",
                &format!("mode=setup&currency=usd&customer={cus}&{SUCCESS}"),
            )
            .await;
        let id = setup["id"].as_str().expect("id");
        let done = complete(base, id, card).await;
        let done = answers.keep("setup session completed", &done);
        let seti = done["setup_intent"].as_str().expect("seti");
        let pm = get(base, &format!("/v1/setup_intents/{seti}")).await.json()["payment_method"]
            .as_str()
            .expect("pm")
            .to_string();
        let resp = try_post(
            base,
            "/v1/payment_intents",
            &format!("amount=1099&currency=usd&customer={cus}&payment_method={pm}&off_session=true&confirm=true&expand[]=payment_method&metadata[order]=1042"),
            Some(&format!("charge-{card}")),
        )
        .await
        .expect("charge");
        let body = answers.keep(&format!("charge with {card}"), &resp);
        if resp.status == 402 {
            let embedded_pi = body["error"]["payment_intent"].clone();
            answers
                .seen
                .push((format!("payment_intent of the {card} decline"), embedded_pi));
        }
    }

    // The recovery: a payment-mode session that saves the new card, paid on the page.
    let recovery = answers.session(
        "recovery session",
        &format!("mode=payment&customer={cus}&{SUCCESS}&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1099&line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=1&payment_intent_data[setup_future_usage]=off_session&payment_intent_data[metadata][order]=1042"),
    )
    .await;
    let id = recovery["id"].as_str().expect("id");
    let declined = complete(base, id, "pm_card_chargeDeclined").await;
    assert_eq!(
        declined.status, 402,
        "a declining card leaves the session open"
    );
    let paid = complete(base, id, "pm_card_visa").await;
    answers.keep("recovery session paid", &paid);
    let resp = get(
        base,
        &format!(
            "/v1/checkout/sessions/{id}?expand[]=payment_intent.payment_method&expand[]=line_items"
        ),
    )
    .await;
    let expanded = answers.keep("recovery session expanded", &resp);
    let pi = expanded["payment_intent"]["id"].as_str().expect("pi");
    let resp = get(base, &format!("/v1/payment_intents/{pi}?expand[]=customer")).await;
    answers.keep("payment intent", &resp);

    // The customer updated (its default payment method too), its saved payment methods listed
    // (each item is a `payment_method`; the list envelope has no schema of its own in the
    // extract, so its fields are checked here), one detached, an open session expired.
    let list_path = format!("/v1/customers/{cus}/payment_methods");
    let resp = get(base, &format!("{list_path}?limit=3&expand[]=data.customer")).await;
    assert_eq!(resp.status, 200);
    let page = resp.json();
    let listed: Vec<String> = page["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|pm| pm["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(listed.len(), 3);
    answers.keep_list("customer payment methods, expanded", &resp, &list_path);
    let resp = get(
        base,
        &format!("{list_path}?starting_after={}&type=card", listed[2]),
    )
    .await;
    answers.keep_list("customer payment methods, second page", &resp, &list_path);
    let default_pm = &listed[0];
    let resp = post(
        base,
        &format!("/v1/customers/{cus}"),
        &format!("email=jenny%40example.org&name=Jenny+R&description=VIP&phone=%2B15555550100&address[line1]=1+Main+St&address[country]=US&shipping[name]=Jenny&shipping[address][city]=Paris&metadata[tier]=gold&preferred_locales[]=fr&invoice_settings[default_payment_method]={default_pm}&invoice_settings[footer]=Thanks&tax_exempt=exempt&balance=-500"),
    )
    .await;
    let updated = answers.keep("customer updated", &resp);
    assert_eq!(
        updated["invoice_settings"]["default_payment_method"],
        default_pm.as_str()
    );
    let resp = post(
        base,
        &format!("/v1/payment_methods/{default_pm}/detach"),
        "",
    )
    .await;
    let detached = answers.keep("payment method detached", &resp);
    assert_eq!(detached["customer"], Value::Null);
    let open = answers
        .session(
            "setup session to expire",
            &format!("mode=setup&currency=usd&customer={cus}&{SUCCESS}"),
        )
        .await;
    let resp = post(
        base,
        &format!(
            "/v1/checkout/sessions/{}/expire",
            open["id"].as_str().expect("id")
        ),
        "expand[]=customer",
    )
    .await;
    let expired = answers.keep("session expired", &resp);
    assert_eq!(expired["status"], "expired");
    let resp = post(
        base,
        &format!("/v1/payment_methods/{default_pm}/detach"),
        "",
    )
    .await;
    answers.keep("detaching a detached payment method", &resp);
    let resp = post(
        base,
        &format!(
            "/v1/checkout/sessions/{}/expire",
            open["id"].as_str().expect("id")
        ),
        "",
    )
    .await;
    answers.keep("expiring an expired session", &resp);
    let resp = get(base, &format!("{list_path}?limit=101")).await;
    answers.keep("a list limit out of range", &resp);
    let resp = post(
        base,
        &format!("/v1/customers/{cus}"),
        "invoice_settings[default_payment_method]=pm_card_visa",
    )
    .await;
    answers.keep("a default payment method not attached", &resp);

    // Errors: unknown objects, unknown and invalid parameters, a bad key, a reused key.
    let resp = get(base, "/v1/customers/cus_missing").await;
    answers.keep("unknown customer", &resp);
    let resp = post(base, "/v1/customers", "colour=blue").await;
    answers.keep("unknown parameter", &resp);
    let resp = post(
        base,
        "/v1/checkout/sessions",
        &format!("mode=setup&currency=usd&ui_mode=hosted&{SUCCESS}"),
    )
    .await;
    answers.keep("removed ui_mode", &resp);
    let resp = send(
        base,
        "GET",
        &format!("/v1/customers/{cus}"),
        &[("authorization", "Bearer sk_test_wrong")],
        "",
    )
    .await
    .expect("request");
    answers.keep("bad key", &resp);
    let resp = try_post(base, "/v1/customers", "name=A", Some("reused"))
        .await
        .expect("first");
    answers.keep("customer", &resp);
    let resp = try_post(base, "/v1/customers", "name=B", Some("reused"))
        .await
        .expect("second");
    answers.keep("reused idempotency key", &resp);

    // Everything the simulator stored, and every event it announced.
    for kind in [
        "customers",
        "checkout_sessions",
        "setup_intents",
        "payment_methods",
        "payment_intents",
        "events",
    ] {
        let resp = control(base, "GET", &format!("/_sim/objects/{kind}"), None).await;
        assert_eq!(resp.status, 200);
        for object in resp.json()["data"].as_array().expect("data") {
            answers
                .seen
                .push((format!("stored {kind}"), object.clone()));
            if kind == "events" {
                answers.seen.push((
                    format!("data.object of a {} event", object["type"]),
                    object["data"]["object"].clone(),
                ));
            }
        }
    }

    // The objects the extract was made for: the flow's, so every one must have been answered.
    let expected: BTreeSet<String> = SCHEMAS.roots().map(str::to_string).collect();
    assert_eq!(
        answers.kinds(),
        expected,
        "every kind of answer was checked"
    );
    let errors = answers.errors();
    assert!(
        errors.is_empty(),
        "{} of {} answers break Stripe's {} schema:\n{}",
        errors.len(),
        answers.seen.len(),
        SCHEMAS.version(),
        errors.join("\n")
    );
}
