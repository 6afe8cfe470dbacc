//! The product's flow (DESIGN §1) end to end, and the recovery session.

use crate::common::{charge, complete, control, count, customer, get, post, send, setup_session};

#[tokio::test]
async fn setup_then_off_session_charge() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();

    // 1. customer
    let cus = customer(base).await;
    assert!(cus.starts_with("cus_"));

    // 2. setup-mode session; its URL is served by the simulator
    let session = setup_session(base, Some(&cus)).await;
    let cs = session["id"].as_str().expect("id").to_string();
    assert!(cs.starts_with("cs_test_") && cs.len() > 60, "{cs}");
    assert_eq!(session["object"], "checkout.session");
    assert_eq!(session["mode"], "setup");
    assert_eq!(session["status"], "open");
    assert_eq!(session["payment_status"], "no_payment_required");
    assert_eq!(session["setup_intent"], serde_json::Value::Null);
    assert_eq!(session["customer"], cus.as_str());
    assert_eq!(session["currency"], "usd");
    assert_eq!(session["livemode"], false);
    assert_eq!(
        session["success_url"],
        "https://example.com/success?session_id={CHECKOUT_SESSION_ID}"
    );
    let url = session["url"].as_str().expect("url");
    assert_eq!(url, format!("{base}/checkout/{cs}"));
    let page = send(base, "GET", &format!("/checkout/{cs}"), &[], "")
        .await
        .expect("page");
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains(&cs));

    // 3. the customer fills in the page
    let done = complete(base, &cs, "pm_card_visa").await;
    assert_eq!(done.status, 200);
    let done = done.json();
    assert_eq!(done["status"], "complete");
    assert_eq!(done["customer_details"]["name"], "Jenny Rosen");
    assert_eq!(done["customer_details"]["email"], "jenny.rosen@example.com");
    assert_eq!(done["url"], serde_json::Value::Null);

    // 3b. one request: the SetupIntent inline, with its PaymentMethod
    for query in [
        "expand[]=setup_intent",
        "expand[0]=setup_intent",
        "expand%5B%5D=setup_intent",
    ] {
        let retrieved = get(base, &format!("/v1/checkout/sessions/{cs}?{query}")).await;
        assert_eq!(retrieved.status, 200, "{query}");
        let seti = &retrieved.json()["setup_intent"];
        assert_eq!(seti["object"], "setup_intent", "{query}");
        assert_eq!(seti["status"], "succeeded");
        assert_eq!(seti["usage"], "off_session");
        assert!(seti["payment_method"]
            .as_str()
            .expect("pm id")
            .starts_with("pm_"));
    }
    let deep = get(
        base,
        &format!(
            "/v1/checkout/sessions/{cs}?expand[]=setup_intent.payment_method&expand[]=customer"
        ),
    )
    .await;
    let deep = deep.json();
    assert_eq!(deep["customer"]["id"], cus.as_str());
    let pm = deep["setup_intent"]["payment_method"].clone();
    assert_eq!(pm["object"], "payment_method");
    assert_eq!(pm["card"]["last4"], "4242");
    assert_eq!(
        pm["customer"],
        cus.as_str(),
        "setup mode attaches to the session's customer"
    );
    let pm_id = pm["id"].as_str().expect("pm id").to_string();

    // 4. the SetupIntent on its own
    let seti_id = deep["setup_intent"]["id"]
        .as_str()
        .expect("seti")
        .to_string();
    let seti = get(
        base,
        &format!("/v1/setup_intents/{seti_id}?expand[]=payment_method"),
    )
    .await
    .json();
    assert_eq!(seti["payment_method"]["id"], pm_id.as_str());
    assert_eq!(seti["customer"], cus.as_str());

    // 6. off-session charge
    let paid = charge(base, &cus, &pm_id, None).await;
    assert_eq!(paid.status, 200, "{}", String::from_utf8_lossy(&paid.body));
    let paid = paid.json();
    assert_eq!(paid["status"], "succeeded");
    assert_eq!(paid["amount"], 1099);
    assert_eq!(paid["amount_received"], 1099);
    assert!(paid["latest_charge"]
        .as_str()
        .expect("charge")
        .starts_with("ch_"));
    assert_eq!(paid["payment_method"], pm_id.as_str());
    let pi = paid["id"].as_str().expect("pi");
    let again = get(base, &format!("/v1/payment_intents/{pi}")).await.json();
    assert_eq!(again, paid);
    let expanded = get(
        base,
        &format!("/v1/payment_intents/{pi}?expand[]=payment_method&expand[]=customer"),
    )
    .await
    .json();
    assert_eq!(expanded["payment_method"]["id"], pm_id.as_str());
    assert_eq!(expanded["customer"]["id"], cus.as_str());

    // Events Stripe would announce.
    let events = control(base, "GET", "/_sim/objects/events", None)
        .await
        .json();
    let types: Vec<&str> = events["data"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        types,
        ["checkout.session.completed", "payment_intent.succeeded"]
    );
    let completed = &events["data"][0];
    assert_eq!(completed["data"]["object"]["id"], cs.as_str());
    assert_eq!(
        completed["data"]["object"]["setup_intent"],
        seti_id.as_str(),
        "unexpanded"
    );
    assert_eq!(
        events["data"][1]["request"]["id"]
            .as_str()
            .map(|r| r.starts_with("req_")),
        Some(true)
    );

    // Completing twice is refused.
    assert_eq!(complete(base, &cs, "pm_card_visa").await.status, 400);
}

#[tokio::test]
async fn session_without_customer_then_attach() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let session = setup_session(base, None).await;
    assert_eq!(session["customer"], serde_json::Value::Null);
    let cs = session["id"].as_str().expect("id");
    let done = complete(base, cs, "pm_card_authenticationRequiredOnSetup")
        .await
        .json();
    let seti = get(
        base,
        &format!(
            "/v1/setup_intents/{}",
            done["setup_intent"].as_str().expect("seti")
        ),
    )
    .await
    .json();
    assert_eq!(seti["customer"], serde_json::Value::Null);
    let pm = seti["payment_method"].as_str().expect("pm");
    let before = get(base, &format!("/v1/payment_methods/{pm}")).await.json();
    assert_eq!(before["customer"], serde_json::Value::Null);
    assert_eq!(before["card"]["last4"], "3155");

    // 5. attach, then the card is authenticated for off-session use
    let cus = customer(base).await;
    let attached = post(
        base,
        &format!("/v1/payment_methods/{pm}/attach"),
        &format!("customer={cus}"),
    )
    .await;
    assert_eq!(attached.status, 200);
    assert_eq!(attached.json()["customer"], cus.as_str());
    // Attaching to the same customer again is fine; to another is not.
    assert_eq!(
        post(
            base,
            &format!("/v1/payment_methods/{pm}/attach"),
            &format!("customer={cus}")
        )
        .await
        .status,
        200
    );
    let other = customer(base).await;
    assert_eq!(
        post(
            base,
            &format!("/v1/payment_methods/{pm}/attach"),
            &format!("customer={other}")
        )
        .await
        .status,
        400
    );
    let missing = post(
        base,
        &format!("/v1/payment_methods/{pm}/attach"),
        "customer=cus_missing",
    )
    .await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.json()["error"]["param"], "customer");

    let paid = charge(base, &cus, pm, None).await;
    assert_eq!(paid.json()["status"], "succeeded");
}

#[tokio::test]
async fn recovery_session_in_payment_mode() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url();
    let cus = customer(base).await;
    let body = format!(
        "mode=payment&customer={cus}&success_url=https%3A%2F%2Fexample.com%2Fpaid\
         &line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=1099\
         &line_items[0][price_data][product_data][name]=T-shirt&line_items[0][quantity]=2\
         &line_items[1][price_data][currency]=usd&line_items[1][price_data][unit_amount]=500\
         &line_items[1][price_data][product_data][name]=Socks+%26+more&line_items[1][quantity]=1\
         &metadata[order]=42&expand[]=line_items"
    );
    let created = post(base, "/v1/checkout/sessions", &body).await;
    assert_eq!(
        created.status,
        200,
        "{}",
        String::from_utf8_lossy(&created.body)
    );
    let session = created.json();
    assert_eq!(session["mode"], "payment");
    assert_eq!(session["amount_total"], 2698);
    assert_eq!(session["amount_subtotal"], 2698);
    assert_eq!(session["currency"], "usd");
    assert_eq!(session["payment_status"], "unpaid");
    assert_eq!(session["payment_intent"], serde_json::Value::Null);
    assert_eq!(session["metadata"]["order"], "42");
    let items = &session["line_items"];
    assert_eq!(items["object"], "list");
    assert_eq!(items["data"][0]["description"], "T-shirt");
    assert_eq!(items["data"][0]["amount_total"], 2198);
    assert_eq!(items["data"][1]["description"], "Socks & more");
    assert_eq!(items["data"][1]["price"]["unit_amount"], 500);
    let cs = session["id"].as_str().expect("id");
    let plain = get(base, &format!("/v1/checkout/sessions/{cs}"))
        .await
        .json();
    assert!(
        plain.get("line_items").is_none(),
        "line_items is includable only"
    );

    // A declining card leaves the session open.
    let declined = complete(base, cs, "pm_card_chargeDeclined").await;
    assert_eq!(declined.status, 402);
    assert_eq!(
        get(base, &format!("/v1/checkout/sessions/{cs}"))
            .await
            .json()["status"],
        "open"
    );

    let done = complete(base, cs, "pm_card_visa").await.json();
    assert_eq!(done["status"], "complete");
    assert_eq!(done["payment_status"], "paid");
    let pi = done["payment_intent"].as_str().expect("pi");
    let expanded = get(
        base,
        &format!("/v1/checkout/sessions/{cs}?expand[]=payment_intent"),
    )
    .await
    .json();
    assert_eq!(expanded["payment_intent"]["id"], pi);
    assert_eq!(expanded["payment_intent"]["status"], "succeeded");
    assert_eq!(expanded["payment_intent"]["amount_received"], 2698);
    assert_eq!(expanded["payment_intent"]["customer"], cus.as_str());
    assert_eq!(count(base, "payment_intents").await, 1);
    let events = control(base, "GET", "/_sim/events", None).await.json();
    let types: Vec<&str> = events["data"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["type"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        types,
        ["payment_intent.succeeded", "checkout.session.completed"]
    );
}
