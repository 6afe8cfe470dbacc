//! `GET /v1/customers/{id}/payment_methods` and `POST /v1/payment_methods/{id}/detach`: several
//! cards on one customer, listed newest first in pages, filtered, and detached.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::common::{
    attach, charge, complete, control, customer, events_of, get, post, setup_session, Resp,
};
use crate::openapi::SCHEMAS;

fn error(resp: &Resp) -> Value {
    resp.json()["error"].clone()
}

fn ids(list: &Value) -> Vec<String> {
    list["data"]
        .as_array()
        .expect("data array")
        .iter()
        .map(|pm| pm["id"].as_str().expect("id").to_string())
        .collect()
}

/// A list answer: Stripe's envelope, with valid `payment_method` items.
fn list(resp: &Resp, customer: &str) -> Value {
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    let body = resp.json();
    let keys: BTreeSet<&str> = body
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["data", "has_more", "object", "url"]));
    assert_eq!(body["object"], "list");
    assert_eq!(
        body["url"],
        format!("/v1/customers/{customer}/payment_methods")
    );
    assert!(body["has_more"].is_boolean());
    for pm in body["data"].as_array().expect("data") {
        assert_eq!(SCHEMAS.object_errors(pm), Vec::<String>::new());
    }
    body
}

/// Saves one card through a setup-mode Checkout Session for `customer`; returns the PM id.
async fn save_through_checkout(base: &str, customer: &str, card: &str) -> String {
    let session = setup_session(base, Some(customer)).await;
    let done = complete(base, session["id"].as_str().expect("id"), card).await;
    assert_eq!(done.status, 200, "{}", String::from_utf8_lossy(&done.body));
    let seti = done.json()["setup_intent"]
        .as_str()
        .expect("seti")
        .to_string();
    get(base, &format!("/v1/setup_intents/{seti}")).await.json()["payment_method"]
        .as_str()
        .expect("pm")
        .to_string()
}

/// Seven payment methods on one customer (attached with tokens and saved through Checkout, a
/// bank account among them), in creation order; one more on another customer.
async fn seven_payment_methods(base: &str) -> (String, Vec<String>) {
    let cus = customer(base).await;
    let mut created = Vec::new();
    for token in ["pm_card_visa", "pm_card_chargeCustomerFail", "pm_card_visa"] {
        created.push(attach(base, token, &cus).await);
    }
    created.push(save_through_checkout(base, &cus, "pm_card_visa").await);
    created.push(attach(base, "pm_usBankAccount_success", &cus).await);
    created.push(save_through_checkout(base, &cus, "pm_card_authenticationRequired").await);
    created.push(attach(base, "pm_card_visa", &cus).await);
    let other = customer(base).await;
    attach(base, "pm_card_visa", &other).await;
    let distinct: BTreeSet<&String> = created.iter().collect();
    assert_eq!(distinct.len(), 7, "each attach makes its own PaymentMethod");
    (cus, created)
}

#[tokio::test]
async fn several_cards_on_one_customer_are_listed_newest_first_in_pages() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let (cus, created) = seven_payment_methods(base).await;
    let path = format!("/v1/customers/{cus}/payment_methods");
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();

    // The default limit (10) holds them all.
    let all = list(&get(base, &path).await, &cus);
    assert_eq!(ids(&all), newest_first);
    assert_eq!(all["has_more"], false);
    for pm in all["data"].as_array().expect("data") {
        assert_eq!(pm["customer"], cus.as_str());
    }

    // Forwards with starting_after: 3 + 3 + 1.
    let page1 = list(&get(base, &format!("{path}?limit=3")).await, &cus);
    let last1 = ids(&page1)[2].clone();
    let page2 = list(
        &get(base, &format!("{path}?limit=3&starting_after={last1}")).await,
        &cus,
    );
    let last2 = ids(&page2)[2].clone();
    let page3 = list(
        &get(base, &format!("{path}?limit=3&starting_after={last2}")).await,
        &cus,
    );
    assert_eq!(
        [&page1, &page2, &page3].map(|p| p["has_more"].clone()),
        [json!(true), json!(true), json!(false)]
    );
    let walked: Vec<String> = [&page1, &page2, &page3].into_iter().flat_map(ids).collect();
    assert_eq!(walked, newest_first, "no item repeated or missed");

    // Backwards with ending_before: the pages come back the same, still newest first; has_more
    // says whether newer ones remain.
    let first3 = ids(&page3)[0].clone();
    let back2 = list(
        &get(base, &format!("{path}?limit=3&ending_before={first3}")).await,
        &cus,
    );
    assert_eq!(ids(&back2), ids(&page2));
    assert_eq!(back2["has_more"], true);
    let first2 = ids(&back2)[0].clone();
    let back1 = list(
        &get(base, &format!("{path}?limit=3&ending_before={first2}")).await,
        &cus,
    );
    assert_eq!(ids(&back1), ids(&page1));
    assert_eq!(back1["has_more"], false);
    let newest = ids(&page1)[0].clone();
    let before_newest = list(
        &get(base, &format!("{path}?ending_before={newest}")).await,
        &cus,
    );
    assert_eq!(ids(&before_newest), Vec::<String>::new());
    assert_eq!(before_newest["has_more"], false);

    // The edges of limit, and expanding each item's customer.
    let one = list(&get(base, &format!("{path}?limit=1")).await, &cus);
    assert_eq!(ids(&one), vec![newest.clone()]);
    assert_eq!(one["has_more"], true);
    let hundred = list(&get(base, &format!("{path}?limit=100")).await, &cus);
    assert_eq!(ids(&hundred).len(), 7);
    let expanded = list(
        &get(base, &format!("{path}?limit=2&expand[]=data.customer")).await,
        &cus,
    );
    for pm in expanded["data"].as_array().expect("data") {
        assert_eq!(pm["customer"]["id"], cus.as_str());
        assert_eq!(pm["customer"]["object"], "customer");
    }

    // A customer without payment methods has an empty list.
    let empty_cus = customer(base).await;
    let empty = list(
        &get(base, &format!("/v1/customers/{empty_cus}/payment_methods")).await,
        &empty_cus,
    );
    assert_eq!(empty["data"], json!([]));
    assert_eq!(empty["has_more"], false);
}

#[tokio::test]
async fn the_list_filters_by_type_and_allow_redisplay() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let (cus, created) = seven_payment_methods(base).await;
    let path = format!("/v1/customers/{cus}/payment_methods");
    let bank = &created[4];
    let from_checkout = [&created[5], &created[3]];

    let cards = list(&get(base, &format!("{path}?type=card")).await, &cus);
    assert_eq!(ids(&cards).len(), 6);
    assert!(!ids(&cards).contains(bank));
    let banks = list(
        &get(base, &format!("{path}?type=us_bank_account")).await,
        &cus,
    );
    assert_eq!(ids(&banks), vec![bank.clone()]);
    assert_eq!(banks["data"][0]["type"], "us_bank_account");
    let none = list(&get(base, &format!("{path}?type=sepa_debit")).await, &cus);
    assert_eq!(none["data"], json!([]));

    // Pagination counts only what the filter keeps; the cursor may be any of the customer's.
    let page = list(&get(base, &format!("{path}?type=card&limit=5")).await, &cus);
    assert_eq!(ids(&page).len(), 5);
    assert_eq!(page["has_more"], true);
    let rest = list(
        &get(
            base,
            &format!("{path}?type=card&starting_after={bank}&limit=5"),
        )
        .await,
        &cus,
    );
    assert_eq!(
        ids(&rest),
        vec![
            created[3].clone(),
            created[2].clone(),
            created[1].clone(),
            created[0].clone()
        ]
    );
    assert_eq!(rest["has_more"], false);

    // Checkout saves cards with allow_redisplay=always; the attach endpoint leaves unspecified.
    let always = list(
        &get(base, &format!("{path}?allow_redisplay=always")).await,
        &cus,
    );
    assert_eq!(ids(&always), from_checkout.map(String::clone).to_vec());
    let unspecified = list(
        &get(
            base,
            &format!("{path}?allow_redisplay=unspecified&type=card"),
        )
        .await,
        &cus,
    );
    assert_eq!(ids(&unspecified).len(), 4);
    let limited = list(
        &get(base, &format!("{path}?allow_redisplay=limited")).await,
        &cus,
    );
    assert_eq!(limited["data"], json!([]));
}

#[tokio::test]
async fn list_parameters_are_checked() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;
    let mine = attach(base, "pm_card_visa", &cus).await;
    let other = customer(base).await;
    let theirs = attach(base, "pm_card_visa", &other).await;
    let path = format!("/v1/customers/{cus}/payment_methods");

    let theirs_missing = format!("No such PaymentMethod: '{theirs}'");
    let cases: Vec<(String, &str, &str, Option<&str>)> = vec![
        (
            "limit=0".into(),
            "limit",
            "This value must be greater than or equal to 1.",
            None,
        ),
        (
            "limit=-3".into(),
            "limit",
            "This value must be greater than or equal to 1.",
            None,
        ),
        (
            "limit=101".into(),
            "limit",
            "This value must be less than or equal to 100.",
            None,
        ),
        ("limit=ten".into(), "limit", "Invalid integer: ten", None),
        ("limit=2.5".into(), "limit", "Invalid integer: 2.5", None),
        (
            format!("starting_after={mine}&ending_before={mine}"),
            "ending_before",
            "You may only specify one of these parameters: ending_before, starting_after.",
            None,
        ),
        (
            "starting_after=pm_missing".into(),
            "starting_after",
            "No such PaymentMethod: 'pm_missing'",
            Some("resource_missing"),
        ),
        (
            format!("ending_before={theirs}"),
            "ending_before",
            &theirs_missing,
            Some("resource_missing"),
        ),
        (
            "starting_after=pm_card_visa".into(),
            "starting_after",
            "No such PaymentMethod: 'pm_card_visa'",
            Some("resource_missing"),
        ),
        (
            "colour=blue".into(),
            "colour",
            "Received unknown parameter: colour",
            Some("parameter_unknown"),
        ),
        (
            "customer=cus_x".into(),
            "customer",
            "Received unknown parameter: customer",
            Some("parameter_unknown"),
        ),
        (
            "expand[]=customer".into(),
            "expand[0]",
            "This property cannot be expanded (customer).",
            None,
        ),
        (
            "expand[]=data.colour".into(),
            "expand[0]",
            "This property cannot be expanded (data.colour).",
            None,
        ),
        (
            "allow_redisplay=sometimes".into(),
            "allow_redisplay",
            "Invalid allow_redisplay: must be one of always, limited, or unspecified",
            None,
        ),
    ];
    for (query, param, message, code) in &cases {
        let resp = get(base, &format!("{path}?{query}")).await;
        assert_eq!(
            resp.status,
            400,
            "{query}: {}",
            String::from_utf8_lossy(&resp.body)
        );
        let error = error(&resp);
        assert_eq!(error["type"], "invalid_request_error", "{query}");
        assert_eq!(error["param"], *param, "{query}");
        assert_eq!(error["message"], *message, "{query}");
        if let Some(code) = code {
            assert_eq!(error["code"], *code, "{query}");
        }
        assert!(resp.header("request-id").expect("id").starts_with("req_"));
    }
    let bad_type = get(base, &format!("{path}?type=cards")).await;
    assert_eq!(bad_type.status, 400);
    assert_eq!(error(&bad_type)["param"], "type");
    assert!(error(&bad_type)["message"]
        .as_str()
        .expect("message")
        .starts_with("Invalid type: must be one of acss_debit, affirm,"));

    let missing = get(base, "/v1/customers/cus_missing/payment_methods").await;
    assert_eq!(missing.status, 404);
    assert_eq!(error(&missing)["code"], "resource_missing");
    assert_eq!(error(&missing)["param"], "id");
    assert_eq!(
        error(&missing)["message"],
        "No such customer: 'cus_missing'"
    );
    let wrong_method = post(base, &path, "").await;
    assert_eq!(wrong_method.status, 404);
    assert!(error(&wrong_method)["message"]
        .as_str()
        .expect("message")
        .starts_with(&format!("Unrecognized request URL (POST: {path})")));
}

#[tokio::test]
async fn a_detached_card_leaves_the_list_and_cannot_be_used_again() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;
    let kept = attach(base, "pm_card_visa", &cus).await;
    let gone = save_through_checkout(base, &cus, "pm_card_visa").await;
    let resp = post(
        base,
        &format!("/v1/customers/{cus}"),
        &format!("invoice_settings[default_payment_method]={gone}"),
    )
    .await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    let path = format!("/v1/customers/{cus}/payment_methods");
    assert_eq!(
        ids(&list(&get(base, &path).await, &cus)),
        vec![gone.clone(), kept.clone()]
    );

    let resp = post(
        base,
        &format!("/v1/payment_methods/{gone}/detach"),
        "expand[]=customer",
    )
    .await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    let detached = resp.json();
    assert_eq!(detached["id"], gone.as_str());
    assert_eq!(detached["customer"], Value::Null);
    assert_eq!(SCHEMAS.object_errors(&detached), Vec::<String>::new());
    assert_eq!(
        ids(&list(&get(base, &path).await, &cus)),
        vec![kept.clone()]
    );
    let retrieved = get(base, &format!("/v1/payment_methods/{gone}"))
        .await
        .json();
    assert_eq!(retrieved["customer"], Value::Null, "still retrievable");

    // The customer's default was this card: cleared, and announced.
    let customer = get(base, &format!("/v1/customers/{cus}")).await.json();
    assert_eq!(
        customer["invoice_settings"]["default_payment_method"],
        Value::Null
    );
    let events = events_of(base, "payment_method.detached").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["object"]["id"], gone.as_str());
    assert_eq!(events[0]["data"]["object"]["customer"], Value::Null);
    assert_eq!(
        events[0]["data"]["previous_attributes"],
        json!({"customer": cus})
    );
    assert!(events[0]["request"]["id"]
        .as_str()
        .expect("request")
        .starts_with("req_"));
    let updates = events_of(base, "customer.updated").await;
    let last = updates.last().expect("customer.updated");
    assert_eq!(
        last["data"]["object"]["invoice_settings"]["default_payment_method"],
        Value::Null
    );
    assert_eq!(
        last["data"]["previous_attributes"],
        json!({"invoice_settings": {"default_payment_method": gone}})
    );

    // Detaching again, or something never attached, is Stripe's 400.
    let not_attached =
        "The payment method you provided is not attached to a customer so detachment is impossible.";
    let guest = setup_session(base, None).await;
    let done = complete(base, guest["id"].as_str().expect("id"), "pm_card_visa").await;
    let seti = done.json()["setup_intent"]
        .as_str()
        .expect("seti")
        .to_string();
    let unattached = get(base, &format!("/v1/setup_intents/{seti}")).await.json()["payment_method"]
        .as_str()
        .expect("pm")
        .to_string();
    for pm in [gone.as_str(), unattached.as_str(), "pm_card_visa"] {
        let resp = post(base, &format!("/v1/payment_methods/{pm}/detach"), "").await;
        assert_eq!(resp.status, 400, "{pm}");
        assert_eq!(error(&resp)["type"], "invalid_request_error");
        assert_eq!(error(&resp)["message"], not_attached, "{pm}");
    }
    let missing = post(base, "/v1/payment_methods/pm_missing/detach", "").await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        error(&missing)["message"],
        "No such PaymentMethod: 'pm_missing'"
    );
    let unknown = post(
        base,
        &format!("/v1/payment_methods/{kept}/detach"),
        &format!("customer={cus}"),
    )
    .await;
    assert_eq!(unknown.status, 400);
    assert_eq!(error(&unknown)["code"], "parameter_unknown");
    assert_eq!(error(&unknown)["param"], "customer");
    assert_eq!(
        events_of(base, "payment_method.detached").await.len(),
        1,
        "a 400 changes nothing"
    );

    // Once detached, a PaymentMethod can be neither attached again nor charged.
    let reattach = post(
        base,
        &format!("/v1/payment_methods/{gone}/attach"),
        &format!("customer={cus}"),
    )
    .await;
    assert_eq!(reattach.status, 400);
    assert!(error(&reattach)["message"]
        .as_str()
        .expect("message")
        .contains("was detached from a Customer, and may not be used again"));
    let charged = charge(base, &cus, &gone, None).await;
    assert_eq!(charged.status, 400);
    assert_eq!(error(&charged)["param"], "payment_method");
    let session = setup_session(base, Some(&cus)).await;
    let on_page = complete(base, session["id"].as_str().expect("id"), &gone).await;
    assert_eq!(on_page.status, 400);
    let objects = control(base, "GET", "/_sim/objects/payment_methods", None)
        .await
        .json();
    let stored = objects["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|pm| pm["id"] == gone.as_str())
        .cloned()
        .expect("stored");
    assert_eq!(stored["customer"], Value::Null);

    // The kept card still charges.
    assert_eq!(charge(base, &cus, &kept, None).await.status, 200);
}
