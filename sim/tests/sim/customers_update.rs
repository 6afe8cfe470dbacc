//! `POST /v1/customers/{id}`: fields replaced or unset, metadata merged, the default payment
//! method checked, and `customer.updated` with `previous_attributes`.

use serde_json::{json, Value};

use crate::common::{attach, control, count, customer, events_of, get, post, saved_card, Resp};
use crate::openapi::SCHEMAS;

fn error(resp: &Resp) -> Value {
    resp.json()["error"].clone()
}

/// Updates `cus` with `body`, expecting success; answers the customer.
async fn update(base: &str, cus: &str, body: &str) -> Value {
    let resp = post(base, &format!("/v1/customers/{cus}"), body).await;
    assert_eq!(
        resp.status,
        200,
        "{body}: {}",
        String::from_utf8_lossy(&resp.body)
    );
    let customer = resp.json();
    assert_eq!(SCHEMAS.object_errors(&customer), Vec::<String>::new());
    customer
}

#[tokio::test]
async fn customer_fields_are_updated_and_announced() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;

    let updated = update(
        base,
        &cus,
        "email=jenny%40example.org&name=Jenny+R&description=VIP&phone=%2B15555550100\
         &address[line1]=1+Main+St&address[city]=Springfield&address[country]=US\
         &shipping[name]=Jenny&shipping[address][postal_code]=94103\
         &metadata[order]=1042&metadata[tier]=gold&preferred_locales[]=fr&preferred_locales[]=en\
         &invoice_settings[footer]=Thanks&tax_exempt=exempt&balance=-500\
         &tax[validate_location]=deferred&business_name=Acme",
    )
    .await;
    assert_eq!(updated["id"], cus.as_str());
    assert_eq!(updated["email"], "jenny@example.org");
    assert_eq!(updated["name"], "Jenny R");
    assert_eq!(updated["description"], "VIP");
    assert_eq!(updated["phone"], "+15555550100");
    assert_eq!(
        updated["address"],
        json!({"city": "Springfield", "country": "US", "line1": "1 Main St", "line2": null, "postal_code": null, "state": null})
    );
    assert_eq!(updated["shipping"]["name"], "Jenny");
    assert_eq!(updated["shipping"]["address"]["postal_code"], "94103");
    assert_eq!(
        updated["metadata"],
        json!({"order": "1042", "tier": "gold"})
    );
    assert_eq!(updated["preferred_locales"], json!(["fr", "en"]));
    assert_eq!(updated["invoice_settings"]["footer"], "Thanks");
    assert_eq!(updated["tax_exempt"], "exempt");
    assert_eq!(updated["balance"], -500);
    assert_eq!(
        get(base, &format!("/v1/customers/{cus}")).await.json(),
        updated,
        "stored"
    );

    let events = events_of(base, "customer.updated").await;
    assert_eq!(events.len(), 1);
    let previous = &events[0]["data"]["previous_attributes"];
    assert_eq!(previous["email"], "jenny.rosen@example.com");
    assert_eq!(previous["name"], "Jenny Rosen");
    assert_eq!(previous["description"], Value::Null);
    assert_eq!(previous["address"], Value::Null);
    assert_eq!(previous["metadata"], json!({"order": null, "tier": null}));
    assert_eq!(previous["invoice_settings"], json!({"footer": null}));
    assert_eq!(previous["preferred_locales"], json!([]));
    assert!(
        previous.get("created").is_none(),
        "only what changed: {previous}"
    );
    assert_eq!(events[0]["data"]["object"], updated);

    // Metadata merges: "" removes a key, others are set; "" unsets a text field; an address
    // is replaced whole.
    let merged = update(
        base,
        &cus,
        "metadata[order]=&metadata[seen]=yes&description=&address[line1]=2+Side+St",
    )
    .await;
    assert_eq!(merged["metadata"], json!({"tier": "gold", "seen": "yes"}));
    assert_eq!(merged["description"], Value::Null);
    assert_eq!(merged["address"]["line1"], "2 Side St");
    assert_eq!(merged["address"]["city"], Value::Null);
    assert_eq!(merged["name"], "Jenny R", "untouched");
    let events = events_of(base, "customer.updated").await;
    assert_eq!(
        events[1]["data"]["previous_attributes"]["metadata"],
        json!({"order": "1042", "seen": null})
    );
    let cleared = update(base, &cus, "metadata=&shipping=&address=").await;
    assert_eq!(cleared["metadata"], json!({}));
    assert_eq!(cleared["shipping"], Value::Null);
    assert_eq!(cleared["address"], Value::Null);

    // An update that changes nothing answers the customer and announces nothing.
    let before = events_of(base, "customer.updated").await.len();
    let same = update(base, &cus, "name=Jenny+R").await;
    assert_eq!(same, cleared);
    let empty = update(base, &cus, "").await;
    assert_eq!(empty, cleared);
    assert_eq!(events_of(base, "customer.updated").await.len(), before);
}

#[tokio::test]
async fn default_payment_method_is_set_cleared_and_refused() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let (cus, saved) = saved_card(base, "pm_card_visa").await;
    let second = attach(base, "pm_card_visa", &cus).await;
    let (other, foreign) = saved_card(base, "pm_card_visa").await;
    let param = "invoice_settings[default_payment_method]";

    let set = update(base, &cus, &format!("{param}={saved}")).await;
    assert_eq!(
        set["invoice_settings"]["default_payment_method"],
        saved.as_str()
    );
    let events = events_of(base, "customer.updated").await;
    assert_eq!(
        events[0]["data"]["previous_attributes"],
        json!({"invoice_settings": {"default_payment_method": null}})
    );
    let switched = update(
        base,
        &cus,
        &format!("{param}={second}&invoice_settings[footer]=Thanks"),
    )
    .await;
    assert_eq!(
        switched["invoice_settings"]["default_payment_method"],
        second.as_str()
    );
    assert_eq!(switched["invoice_settings"]["footer"], "Thanks");
    // Other invoice settings are kept when only one changes.
    let footer_only = update(base, &cus, "invoice_settings[footer]=Merci").await;
    assert_eq!(
        footer_only["invoice_settings"]["default_payment_method"],
        second.as_str()
    );
    let cleared = update(base, &cus, &format!("{param}=")).await;
    assert_eq!(
        cleared["invoice_settings"]["default_payment_method"],
        Value::Null
    );
    assert_eq!(cleared["invoice_settings"]["footer"], "Merci");

    // Not this customer's: another customer's card, a token, an unknown id.
    let not_attached = |pm: &str| {
        format!(
            "The customer does not have a payment method with the ID {pm}. The payment method must be attached to the customer."
        )
    };
    for pm in [foreign.as_str(), "pm_card_visa"] {
        let resp = post(
            base,
            &format!("/v1/customers/{cus}"),
            &format!("{param}={pm}"),
        )
        .await;
        assert_eq!(resp.status, 400, "{pm}");
        let error = error(&resp);
        assert_eq!(error["type"], "invalid_request_error");
        assert_eq!(error["param"], param);
        assert_eq!(error["message"], not_attached(pm));
    }
    let resp = post(
        base,
        &format!("/v1/customers/{cus}"),
        &format!("{param}=pm_missing&name=Changed"),
    )
    .await;
    assert_eq!(resp.status, 400);
    assert_eq!(error(&resp)["code"], "resource_missing");
    assert_eq!(error(&resp)["param"], param);
    assert_eq!(
        error(&resp)["message"],
        "No such PaymentMethod: 'pm_missing'"
    );
    let stored = get(base, &format!("/v1/customers/{cus}")).await.json();
    assert_eq!(stored, cleared, "a 400 changes nothing");

    // The other customer's own card is fine for them.
    let theirs = update(base, &other, &format!("{param}={foreign}")).await;
    assert_eq!(
        theirs["invoice_settings"]["default_payment_method"],
        foreign.as_str()
    );
    assert_eq!(
        count(base, "payment_methods").await,
        3,
        "a token made nothing"
    );
}

#[tokio::test]
async fn customer_update_validation() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;
    let path = format!("/v1/customers/{cus}");
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("colour=blue", "colour", Some("parameter_unknown")),
        // Create-only parameters are unknown to the update.
        (
            "payment_method=pm_card_visa",
            "payment_method",
            Some("parameter_unknown"),
        ),
        (
            "test_clock=clock_1",
            "test_clock",
            Some("parameter_unknown"),
        ),
        (
            "address[planet]=Mars",
            "address[planet]",
            Some("parameter_unknown"),
        ),
        (
            "invoice_settings[colour]=red",
            "invoice_settings[colour]",
            Some("parameter_unknown"),
        ),
        ("email=not-an-email", "email", Some("email_invalid")),
        ("tax_exempt=sometimes", "tax_exempt", None),
        ("balance=lots", "balance", None),
        ("metadata[k][x]=1", "metadata[k]", None),
        (
            "shipping[address][city]=Paris",
            "shipping[name]",
            Some("parameter_missing"),
        ),
        (
            "shipping[name]=Jenny",
            "shipping[address]",
            Some("parameter_missing"),
        ),
        (
            "default_source=src_1",
            "default_source",
            Some("resource_missing"),
        ),
        ("expand[]=sources", "expand[0]", None),
    ];
    for (body, param, code) in cases {
        let resp = post(base, &path, &format!("{body}&name=Changed")).await;
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
    let unknown = post(base, &path, "colour=blue").await;
    assert_eq!(
        error(&unknown)["message"],
        "Received unknown parameter: colour"
    );
    assert_eq!(
        get(base, &path).await.json()["name"],
        "Jenny Rosen",
        "a 400 changes nothing"
    );
    assert_eq!(events_of(base, "customer.updated").await.len(), 0);

    let missing = post(base, "/v1/customers/cus_missing", "name=X").await;
    assert_eq!(missing.status, 404);
    assert_eq!(error(&missing)["code"], "resource_missing");
    assert_eq!(error(&missing)["param"], "id");
    assert_eq!(
        error(&missing)["message"],
        "No such customer: 'cus_missing'"
    );
    let objects = control(base, "GET", "/_sim/objects/customers", None)
        .await
        .json();
    assert_eq!(objects["data"].as_array().expect("data").len(), 1);

    // `tax_exempt=""` is Stripe's way back to `none`.
    let exempt = update(base, &cus, "tax_exempt=reverse").await;
    assert_eq!(exempt["tax_exempt"], "reverse");
    let reset = update(base, &cus, "tax_exempt=&email=").await;
    assert_eq!(reset["tax_exempt"], "none");
    assert_eq!(reset["email"], Value::Null);
}
