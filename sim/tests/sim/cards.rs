//! Every test card of DESIGN §4: attach outcome, off-session charge outcome, and the 402 body.

use serde_json::Value;

use crate::common::{
    charge, complete, control, count, customer, get, id, post, saved_card, setup_session,
};

/// `(code, decline_code)` of a card error.
type Decline = (&'static str, &'static str);

/// (token, last4, attach error decline_code, off-session charge error).
const CARDS: &[(&str, &str, Option<&str>, Option<Decline>)] = &[
    ("pm_card_visa", "4242", None, None),
    (
        "pm_card_chargeCustomerFail",
        "0341",
        None,
        Some(("card_declined", "generic_decline")),
    ),
    (
        "pm_card_authenticationRequired",
        "3184",
        None,
        Some(("authentication_required", "authentication_required")),
    ),
    ("pm_card_authenticationRequiredOnSetup", "3155", None, None),
    (
        "pm_card_chargeDeclined",
        "0002",
        Some("generic_decline"),
        None,
    ),
    (
        "pm_card_chargeDeclinedInsufficientFunds",
        "9995",
        Some("insufficient_funds"),
        None,
    ),
];

#[tokio::test]
async fn attach_outcomes() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    for (token, last4, attach_error, _) in CARDS {
        let cus = customer(base).await;
        let resp = post(
            base,
            &format!("/v1/payment_methods/{token}/attach"),
            &format!("customer={cus}"),
        )
        .await;
        match attach_error {
            None => {
                assert_eq!(resp.status, 200, "{token}");
                let pm = resp.json();
                assert!(pm["id"].as_str().expect("id").starts_with("pm_"), "{token}");
                assert_ne!(pm["id"], *token, "a fresh PaymentMethod each time");
                assert_eq!(pm["customer"], cus.as_str());
                assert_eq!(pm["card"]["brand"], "visa");
                assert_eq!(pm["card"]["last4"], *last4, "{token}");
            }
            Some(decline_code) => {
                assert_eq!(resp.status, 402, "{token}");
                let error = &resp.json()["error"];
                assert_eq!(error["type"], "card_error");
                assert_eq!(error["code"], "card_declined");
                assert_eq!(error["decline_code"], *decline_code, "{token}");
            }
        }
    }
    assert_eq!(
        post(base, "/v1/payment_methods/pm_card_visa/attach", "")
            .await
            .status,
        400,
        "customer is required"
    );
}

#[tokio::test]
async fn off_session_charge_outcomes() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    for (token, last4, attach_error, charge_error) in CARDS {
        if attach_error.is_some() {
            continue;
        }
        let (cus, pm) = saved_card(base, token).await;
        let resp = charge(base, &cus, &pm, None).await;
        match charge_error {
            None => {
                assert_eq!(
                    resp.status,
                    200,
                    "{token}: {}",
                    String::from_utf8_lossy(&resp.body)
                );
                assert_eq!(resp.json()["status"], "succeeded");
            }
            Some((code, decline_code)) => {
                assert_eq!(resp.status, 402, "{token}");
                check_402(base, &resp.json(), code, decline_code, &pm, last4).await;
            }
        }
    }
    let failed = control(
        base,
        "GET",
        "/_sim/events?type=payment_intent.payment_failed",
        None,
    )
    .await
    .json();
    assert_eq!(failed["data"].as_array().expect("data").len(), 2);
    let succeeded = control(
        base,
        "GET",
        "/_sim/events?type=payment_intent.succeeded",
        None,
    )
    .await
    .json();
    assert_eq!(succeeded["data"].as_array().expect("data").len(), 2);
}

#[tokio::test]
async fn a_saved_bank_account_charges_as_processing() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let (cus, pm) = saved_card(base, "pm_usBankAccount_success").await;
    let saved = get(base, &format!("/v1/payment_methods/{pm}")).await.json();
    assert_eq!(saved["type"], "us_bank_account");
    assert_eq!(saved["us_bank_account"]["last4"], "6789");
    assert!(
        saved.get("card").is_none(),
        "a bank account has no card details"
    );
    let resp = charge(base, &cus, &pm, None).await;
    assert_eq!(resp.status, 200, "{}", String::from_utf8_lossy(&resp.body));
    let intent = resp.json();
    assert_eq!(
        intent["status"], "processing",
        "a bank debit is not paid yet"
    );
    assert_eq!(intent["amount_received"], 0);
    let processing = control(
        base,
        "GET",
        "/_sim/events?type=payment_intent.processing",
        None,
    )
    .await
    .json();
    assert_eq!(processing["data"].as_array().expect("data").len(), 1);
    let succeeded = control(
        base,
        "GET",
        "/_sim/events?type=payment_intent.succeeded",
        None,
    )
    .await
    .json();
    assert!(succeeded["data"].as_array().expect("data").is_empty());
}

async fn check_402(
    base: &str,
    body: &Value,
    code: &str,
    decline_code: &str,
    pm: &str,
    last4: &str,
) {
    let error = &body["error"];
    assert_eq!(error["type"], "card_error");
    assert_eq!(error["code"], code);
    assert_eq!(error["decline_code"], decline_code);
    let message = error["message"].as_str().expect("message");
    assert!(message.starts_with("Your card was declined."), "{message}");
    if code == "authentication_required" {
        assert!(message.contains("requires authentication"));
    }
    assert_eq!(
        error["doc_url"],
        format!(
            "https://stripe.com/docs/error-codes/{}",
            code.replace('_', "-")
        )
    );
    assert!(error["request_log_url"]
        .as_str()
        .expect("log url")
        .contains("req_"));
    let charge = error["charge"].as_str().expect("charge");
    assert!(charge.starts_with("ch_"));
    assert_eq!(error["payment_method"]["id"], pm);
    assert_eq!(error["payment_method"]["card"]["last4"], last4);

    let intent = &error["payment_intent"];
    assert_eq!(intent["object"], "payment_intent");
    assert_eq!(intent["status"], "requires_payment_method");
    assert_eq!(intent["amount"], 1099);
    assert_eq!(intent["amount_received"], 0);
    assert_eq!(intent["payment_method"], Value::Null);
    assert_eq!(intent["latest_charge"], charge);
    let last = &intent["last_payment_error"];
    assert_eq!(last["type"], "card_error");
    assert_eq!(last["code"], code);
    assert_eq!(last["decline_code"], decline_code);
    assert_eq!(last["charge"], charge);
    assert_eq!(last["payment_method"]["id"], pm);

    // The failed PaymentIntent is stored as embedded.
    let pi = intent["id"].as_str().expect("pi");
    let stored = get(base, &format!("/v1/payment_intents/{pi}")).await.json();
    assert_eq!(&stored, intent);
}

#[tokio::test]
async fn tokens_used_directly_and_declines_at_setup() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;
    // A token straight in a PaymentIntent: a fresh PaymentMethod, charged.
    let visa = post(
        base,
        "/v1/payment_intents",
        &format!("amount=2000&currency=eur&customer={cus}&payment_method=pm_card_visa&confirm=true&off_session=one_off&metadata[order]=7&description=Order+7"),
    )
    .await;
    assert_eq!(visa.status, 200);
    let visa = visa.json();
    assert_eq!(visa["status"], "succeeded");
    assert_eq!(visa["currency"], "eur");
    assert_eq!(visa["metadata"]["order"], "7");
    assert_eq!(visa["description"], "Order 7");
    assert!(visa["payment_method"]
        .as_str()
        .expect("pm")
        .starts_with("pm_1"));
    let insufficient = post(
        base,
        "/v1/payment_intents",
        &format!("amount=2000&currency=usd&customer={cus}&payment_method=pm_card_chargeDeclinedInsufficientFunds&confirm=true&off_session=true"),
    )
    .await;
    assert_eq!(insufficient.status, 402);
    assert_eq!(
        insufficient.json()["error"]["decline_code"],
        "insufficient_funds"
    );
    // On-session, a card that needs 3DS asks for it.
    let on_session = post(
        base,
        "/v1/payment_intents",
        &format!("amount=2000&currency=usd&customer={cus}&payment_method=pm_card_authenticationRequired&confirm=true"),
    )
    .await;
    assert_eq!(on_session.json()["status"], "requires_action");
    assert_eq!(on_session.json()["next_action"]["type"], "use_stripe_sdk");

    // Checkout setup with a customer: a card that declines at attach leaves the session open.
    let session = setup_session(base, Some(&cus)).await;
    let cs = session["id"].as_str().expect("cs");
    let declined = complete(base, cs, "pm_card_chargeDeclined").await;
    assert_eq!(declined.status, 402);
    assert_eq!(declined.json()["error"]["code"], "card_declined");
    assert_eq!(
        get(base, &format!("/v1/checkout/sessions/{cs}"))
            .await
            .json()["status"],
        "open"
    );
    assert_eq!(count(base, "setup_intents").await, 0);
    let ok = complete(base, cs, "pm_card_chargeCustomerFail").await;
    assert_eq!(ok.status, 200);
    let _ = id(&ok);
}
