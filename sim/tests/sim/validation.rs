//! Stripe's 400s and 404s: parameter validation happens before any state change.

use serde_json::Value;

use crate::common::{control, count, customer, get, post, Conn};

const SUCCESS: &str = "success_url=https%3A%2F%2Fexample.com%2Fs";

fn error(resp: &crate::common::Resp) -> Value {
    resp.json()["error"].clone()
}

#[tokio::test]
async fn checkout_session_validation() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let sessions = "/v1/checkout/sessions";

    // Setup mode needs a currency (Checkout uses dynamic payment methods).
    let resp = post(base, sessions, &format!("mode=setup&{SUCCESS}")).await;
    assert_eq!(resp.status, 400);
    assert_eq!(error(&resp)["param"], "currency");
    assert_eq!(error(&resp)["type"], "invalid_request_error");
    assert!(error(&resp)["message"]
        .as_str()
        .expect("msg")
        .contains("`currency`"));
    assert!(resp.header("request-id").expect("id").starts_with("req_"));

    let cases: &[(&str, &str)] = &[
        (SUCCESS, "mode"),
        ("mode=setup&currency=usd", "success_url"),
        (&format!("mode=bogus&{SUCCESS}"), "mode"),
        (&format!("mode=subscription&{SUCCESS}"), "mode"),
        (&format!("mode=setup&currency=USD&{SUCCESS}"), "currency"),
        ("mode=setup&currency=usd&success_url=example.com", "success_url"),
        (&format!("mode=setup&currency=usd&customer=cus_missing&{SUCCESS}"), "customer"),
        (&format!("mode=payment&{SUCCESS}"), "line_items"),
        (
            &format!("mode=setup&currency=usd&{SUCCESS}&line_items[0][quantity]=1"),
            "line_items",
        ),
        (
            &format!("mode=payment&{SUCCESS}&line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=T&line_items[0][quantity]=1"),
            "line_items[0][price_data][unit_amount]",
        ),
        (
            &format!("mode=payment&{SUCCESS}&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=500&line_items[0][quantity]=1"),
            "line_items[0][price_data][product_data][name]",
        ),
        (
            &format!("mode=payment&{SUCCESS}&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=500&line_items[0][price_data][product_data][name]=T"),
            "line_items[0][quantity]",
        ),
        (
            &format!("mode=payment&{SUCCESS}&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=500&line_items[0][price_data][product_data][name]=T&line_items[0][quantity]=1\
                      &line_items[1][price_data][currency]=eur&line_items[1][price_data][unit_amount]=500&line_items[1][price_data][product_data][name]=U&line_items[1][quantity]=1"),
            "line_items[1][price_data][currency]",
        ),
        (
            &format!("mode=payment&{SUCCESS}&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=-5&line_items[0][price_data][product_data][name]=T&line_items[0][quantity]=1"),
            "line_items[0][price_data][unit_amount]",
        ),
        (
            &format!("mode=payment&{SUCCESS}&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=500&line_items[0][price_data][product_data][name]=T&line_items[0][price_data][colour]=red&line_items[0][quantity]=1"),
            "line_items[0][price_data][colour]",
        ),
        (&format!("mode=setup&currency=usd&{SUCCESS}&payment_method_typez[0]=card"), "payment_method_typez"),
        (&format!("mode=setup&currency=usd&{SUCCESS}&expand[]=nonsense"), "expand[0]"),
    ];
    for (body, param) in cases {
        let resp = post(base, sessions, body).await;
        assert_eq!(
            resp.status,
            400,
            "{body}: {}",
            String::from_utf8_lossy(&resp.body)
        );
        assert_eq!(error(&resp)["param"], *param, "{body}");
    }
    let unknown = post(
        base,
        sessions,
        &format!("mode=setup&currency=usd&{SUCCESS}&colour=red"),
    )
    .await;
    assert_eq!(
        error(&unknown)["message"],
        "Received unknown parameter: colour"
    );
    assert_eq!(error(&unknown)["code"], "parameter_unknown");
    let missing = post(
        base,
        sessions,
        &format!("mode=setup&currency=usd&customer=cus_missing&{SUCCESS}"),
    )
    .await;
    assert_eq!(error(&missing)["code"], "resource_missing");
    assert_eq!(
        error(&missing)["message"],
        "No such customer: 'cus_missing'"
    );
    assert_eq!(
        count(base, "checkout_sessions").await,
        0,
        "a 400 creates nothing"
    );
}

/// `ui_mode` as of 2026-03-25.dahlia: `hosted_page` (the default) redirects to `success_url`;
/// `embedded_page` has a client secret and `return_url` instead; the old names are gone.
#[tokio::test]
async fn ui_modes_of_the_current_api() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let sessions = "/v1/checkout/sessions";
    const RETURN: &str =
        "return_url=https%3A%2F%2Fexample.com%2Fr%3Fid%3D%7BCHECKOUT_SESSION_ID%7D";
    let setup = "mode=setup&currency=usd";

    let refused: &[(String, &str, &str)] = &[
        (
            format!("{setup}&ui_mode=hosted&{SUCCESS}"),
            "ui_mode",
            "Invalid ui_mode: must be one of elements, embedded_page, form, or hosted_page",
        ),
        (
            format!("{setup}&ui_mode=embedded&{RETURN}"),
            "ui_mode",
            "Invalid ui_mode: must be one of elements, embedded_page, form, or hosted_page",
        ),
        (
            format!("{setup}&ui_mode=custom&{RETURN}"),
            "ui_mode",
            "Invalid ui_mode: must be one of elements, embedded_page, form, or hosted_page",
        ),
        (
            format!("{setup}&ui_mode=embedded_page&{SUCCESS}&cancel_url=https%3A%2F%2Fexample.com%2Fc"),
            "cancel_url",
            "The following parameters are not supported with 'ui_mode: embedded_page': cancel_url, success_url.",
        ),
        (
            format!("{setup}&ui_mode=embedded_page"),
            "return_url",
            "Missing required param: return_url.",
        ),
        (
            format!("{setup}&ui_mode=embedded_page&redirect_on_completion=never&{RETURN}"),
            "return_url",
            "You cannot pass `return_url` when `redirect_on_completion` is `never`.",
        ),
        (
            format!("{setup}&ui_mode=embedded_page&redirect_on_completion=sometimes&{RETURN}"),
            "redirect_on_completion",
            "Invalid redirect_on_completion: must be one of always, if_required, or never",
        ),
        (
            format!("{setup}&ui_mode=embedded_page&return_url=example.com"),
            "return_url",
            "Not a valid URL",
        ),
        (
            format!("{setup}&{SUCCESS}&{RETURN}"),
            "return_url",
            "The following parameters are not supported with 'ui_mode: hosted_page': return_url.",
        ),
        (
            format!("{setup}&ui_mode=elements&{RETURN}"),
            "ui_mode",
            "offsession-sim simulates `ui_mode=hosted_page` and `ui_mode=embedded_page`; `ui_mode=elements` is not supported.",
        ),
        (
            format!("{setup}&ui_mode=form&{RETURN}"),
            "ui_mode",
            "offsession-sim simulates `ui_mode=hosted_page` and `ui_mode=embedded_page`; `ui_mode=form` is not supported.",
        ),
    ];
    for (body, param, message) in refused {
        let resp = post(base, sessions, body).await;
        assert_eq!(
            resp.status,
            400,
            "{body}: {}",
            String::from_utf8_lossy(&resp.body)
        );
        assert_eq!(error(&resp)["type"], "invalid_request_error", "{body}");
        assert_eq!(error(&resp)["param"], *param, "{body}");
        assert_eq!(error(&resp)["message"], *message, "{body}");
    }
    assert_eq!(
        count(base, "checkout_sessions").await,
        0,
        "a 400 creates nothing"
    );

    for body in [
        format!("{setup}&{SUCCESS}"),
        format!("{setup}&ui_mode=hosted_page&{SUCCESS}"),
    ] {
        let hosted = post(base, sessions, &body).await.json();
        let id = hosted["id"].as_str().expect("id");
        assert_eq!(hosted["ui_mode"], "hosted_page", "{body}");
        assert_eq!(hosted["url"], format!("{base}/checkout/{id}"));
        assert_eq!(hosted["client_secret"], Value::Null);
        assert!(hosted.get("return_url").is_none());
    }

    let embedded = post(
        base,
        sessions,
        &format!("{setup}&ui_mode=embedded_page&{RETURN}"),
    )
    .await
    .json();
    let id = embedded["id"].as_str().expect("id");
    assert_eq!(embedded["ui_mode"], "embedded_page");
    assert_eq!(embedded["url"], Value::Null, "an embedded page has no URL");
    assert_eq!(embedded["success_url"], Value::Null);
    assert_eq!(
        embedded["return_url"],
        "https://example.com/r?id={CHECKOUT_SESSION_ID}"
    );
    assert_eq!(embedded["redirect_on_completion"], "always");
    assert!(embedded["client_secret"]
        .as_str()
        .expect("client_secret")
        .starts_with(&format!("{id}_secret_")));
    let done = crate::common::complete(base, id, "pm_card_visa").await;
    assert_eq!(
        done.status, 200,
        "an embedded session completes like a hosted one"
    );
    assert_eq!(done.json()["status"], "complete");

    let never = post(
        base,
        sessions,
        &format!("{setup}&ui_mode=embedded_page&redirect_on_completion=never"),
    )
    .await
    .json();
    assert_eq!(never["redirect_on_completion"], "never");
    assert!(
        never.get("return_url").is_none(),
        "absent, not null: {never}"
    );
}

#[tokio::test]
async fn payment_intent_validation() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;
    let other = customer(base).await;
    let attached = post(
        base,
        "/v1/payment_methods/pm_card_visa/attach",
        &format!("customer={other}"),
    )
    .await;
    let foreign_pm = crate::common::id(&attached);
    let pis = "/v1/payment_intents";
    let cases: Vec<(String, &str, Option<&str>)> = vec![
        ("currency=usd".into(), "amount", Some("parameter_missing")),
        ("amount=1000".into(), "currency", Some("parameter_missing")),
        ("amount=abc&currency=usd".into(), "amount", None),
        ("amount=49&currency=usd".into(), "amount", Some("amount_too_small")),
        ("amount=0&currency=usd".into(), "amount", None),
        ("amount=100000000&currency=usd".into(), "amount", Some("amount_too_large")),
        ("amount=1000&currency=US".into(), "currency", None),
        ("amount=1000&currency=usd&confirm=yes".into(), "confirm", None),
        (format!("amount=1000&currency=usd&customer={cus}&confirm=true"), "payment_method", None),
        (format!("amount=1000&currency=usd&customer={cus}&payment_method=pm_card_visa&off_session=true"), "off_session", None),
        (format!("amount=1000&currency=usd&customer={cus}&payment_method={foreign_pm}&confirm=true&off_session=true"), "payment_method", None),
        (format!("amount=1000&currency=usd&customer={cus}&payment_method=pm_missing&confirm=true"), "payment_method", Some("resource_missing")),
        ("amount=1000&currency=usd&customer=cus_missing".into(), "customer", Some("resource_missing")),
        ("amount=1000&currency=usd&amout=5".into(), "amout", Some("parameter_unknown")),
        ("amount=1000&currency=usd&metadata[k][x]=1".into(), "metadata[k]", None),
    ];
    for (body, param, code) in &cases {
        let resp = post(base, pis, body).await;
        assert_eq!(
            resp.status,
            400,
            "{body}: {}",
            String::from_utf8_lossy(&resp.body)
        );
        assert_eq!(error(&resp)["param"], *param, "{body}");
        if let Some(code) = code {
            assert_eq!(error(&resp)["code"], *code, "{body}");
        }
    }
    let small = post(base, pis, "amount=49&currency=usd").await;
    assert_eq!(
        error(&small)["message"],
        "Amount must be at least $0.50 usd"
    );
    assert_eq!(
        count(base, "payment_intents").await,
        0,
        "a 400 creates nothing"
    );

    // Without confirm: created, waiting for confirmation.
    let unconfirmed = post(
        base,
        pis,
        &format!("amount=1000&currency=usd&customer={cus}&payment_method=pm_card_visa"),
    )
    .await;
    assert_eq!(unconfirmed.status, 200);
    assert_eq!(unconfirmed.json()["status"], "requires_confirmation");
    let bare = post(base, pis, "amount=1000&currency=usd").await;
    assert_eq!(bare.json()["status"], "requires_payment_method");
}

#[tokio::test]
async fn missing_objects_unknown_paths_and_malformed_bodies() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    for (path, message) in [
        ("/v1/customers/cus_nope", "No such customer: 'cus_nope'"),
        (
            "/v1/checkout/sessions/cs_test_nope",
            "No such checkout.session: 'cs_test_nope'",
        ),
        (
            "/v1/setup_intents/seti_nope",
            "No such setupintent: 'seti_nope'",
        ),
        (
            "/v1/payment_methods/pm_nope",
            "No such PaymentMethod: 'pm_nope'",
        ),
        (
            "/v1/payment_intents/pi_nope",
            "No such payment_intent: 'pi_nope'",
        ),
    ] {
        let resp = get(base, path).await;
        assert_eq!(resp.status, 404, "{path}");
        let error = error(&resp);
        assert_eq!(error["code"], "resource_missing");
        assert_eq!(error["param"], "id");
        assert_eq!(error["message"], message);
    }
    let unknown = get(base, "/v1/charges").await;
    assert_eq!(unknown.status, 404);
    assert!(error(&unknown)["message"]
        .as_str()
        .expect("msg")
        .starts_with("Unrecognized request URL (GET: /v1/charges)"));
    let wrong_method = post(base, "/v1/payment_methods/pm_x", "").await;
    assert_eq!(wrong_method.status, 404);
    assert!(error(&wrong_method)["message"]
        .as_str()
        .expect("msg")
        .starts_with("Unrecognized request URL (POST: /v1/payment_methods/pm_x)"));
    let outside = control(base, "GET", "/elsewhere", None).await;
    assert_eq!(outside.status, 404);

    for body in ["a[b=1", "metadata=1&metadata[a]=2", "[x]=1", "%ZZ[=1"] {
        let resp = post(base, "/v1/customers", body).await;
        assert_eq!(resp.status, 400, "{body}");
    }
    let bad_expand = get(base, "/v1/customers/cus_x?expand[]=whatever").await;
    assert_eq!(bad_expand.status, 400);
    assert_eq!(
        error(&bad_expand)["message"],
        "This property cannot be expanded (whatever)."
    );
    let get_unknown = get(base, "/v1/customers/cus_x?limit=3").await;
    assert_eq!(error(&get_unknown)["param"], "limit");

    // Bad JSON on the control surface is a 400, never a crash.
    let mut conn = Conn::open(base).await.expect("connect");
    for path in [
        "/_sim/faults",
        "/_sim/webhook_endpoints",
        "/_sim/webhooks/sign",
        "/_sim/checkout/sessions/cs_x/complete",
    ] {
        let resp = conn
            .send("POST", path, &[], "{not json")
            .await
            .expect("response");
        assert_eq!(resp.status, 400, "{path}");
        assert!(resp.json()["error"]["message"].is_string());
    }
    let still_up = post(base, "/v1/customers", "").await;
    assert_eq!(still_up.status, 200);
}
