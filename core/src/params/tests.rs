//! The generated types against the form encoding and the strictness the bindings rely on.

use serde::Deserialize;
use serde_json::json;

use super::*;
use crate::form;

#[test]
fn an_off_session_charge_encodes_as_stripe_expects() {
    let params = CreatePaymentIntent {
        amount: 1099,
        currency: "usd".into(),
        customer: Some("cus_123".into()),
        payment_method: Some("pm_123".into()),
        confirm: Some(true),
        off_session: Some(OffSession::Bool(true)),
        metadata: crate::Metadata::from([("order".into(), "42".into())]),
        ..CreatePaymentIntent::default()
    };
    assert_eq!(
        form::to_string(&params).unwrap(),
        "amount=1099&confirm=true&currency=usd&customer=cus_123&metadata[order]=42\
         &off_session=true&payment_method=pm_123"
    );
    let params = CreatePaymentIntent {
        off_session: Some(OffSession::Kind(OffSessionKind::Recurring)),
        ..params
    };
    assert!(form::to_string(&params)
        .unwrap()
        .contains("&off_session=recurring&"));
}

#[test]
fn nested_objects_and_arrays_encode_with_brackets_and_indexes() {
    let params = CreateCheckoutSession {
        mode: Some(CreateCheckoutSessionMode::Payment),
        success_url: Some("https://example.com/ok".into()),
        line_items: vec![CreateCheckoutSessionLineItem {
            quantity: Some(1),
            price_data: Some(CreateCheckoutSessionLineItemPriceData {
                currency: "usd".into(),
                unit_amount: Some(1099),
                product_data: Some(CreateCheckoutSessionLineItemPriceDataProductData {
                    name: "T-shirt".into(),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }],
        ..CreateCheckoutSession::default()
    };
    assert_eq!(
        form::to_string(&params).unwrap(),
        "line_items[0][price_data][currency]=usd\
         &line_items[0][price_data][product_data][name]=T-shirt\
         &line_items[0][price_data][unit_amount]=1099&line_items[0][quantity]=1\
         &mode=payment&success_url=https%3A%2F%2Fexample.com%2Fok"
    );
}

#[test]
fn the_bindings_input_is_read_strictly() {
    let good = json!({"amount": 1099, "currency": "usd", "off_session": true, "confirm": true});
    let params = CreatePaymentIntent::deserialize(good).unwrap();
    assert_eq!(params.amount, 1099);
    assert_eq!(params.off_session, Some(OffSession::Bool(true)));
    let params = CreatePaymentIntent::deserialize(json!({
        "amount": 1, "currency": "usd", "off_session": "one_off",
    }))
    .unwrap();
    assert_eq!(
        params.off_session,
        Some(OffSession::Kind(OffSessionKind::OneOff))
    );

    for (input, expected) in [
        (
            json!({"amount": true, "currency": "usd"}),
            "expected an integer",
        ),
        (
            json!({"amount": 1099.5, "currency": "usd"}),
            "expected an integer",
        ),
        (
            json!({"amount": 1099.0, "currency": "usd"}),
            "expected an integer",
        ),
        (
            json!({"amount": "1099", "currency": "usd"}),
            "expected an integer",
        ),
        (
            json!({"amount": 1, "currency": "usd", "confirm": 1}),
            "expected a boolean",
        ),
        (
            json!({"amount": 1, "currency": "usd", "off_session": 1}),
            "a boolean or one of `one_off`, `recurring`",
        ),
        (
            json!({"amount": 1, "currency": "usd", "application_fee_amount": false}),
            "expected an integer",
        ),
        (json!({"currency": "usd"}), "`amount`: is required"),
        (
            json!({"amount": 1, "currency": "usd", "amout": 2}),
            "`amout`: is not a parameter",
        ),
        (
            json!({"amount": 1, "currency": "usd", "shipping": {"name": "J", "adress": {}}}),
            "`shipping[adress]`: is not a parameter",
        ),
        (
            json!({"amount": 1, "currency": "usd", "expand": ["latest_charge"]}),
            "`expand`: is not a parameter",
        ),
    ] {
        let error = CreatePaymentIntent::deserialize(input.clone())
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{input}: {error}");
    }
}

#[test]
fn nested_integers_are_strict_too() {
    let input = json!({"line_items": [{"quantity": true}]});
    let error = CreateCheckoutSession::deserialize(input)
        .unwrap_err()
        .to_string();
    assert!(error.contains("expected an integer"), "{error}");
    let input = json!({"line_items": [{"price_data": {"currency": "usd", "unit_amount": 10.5}}]});
    let error = CreateCheckoutSession::deserialize(input)
        .unwrap_err()
        .to_string();
    assert!(error.contains("expected an integer"), "{error}");
}

#[test]
fn updates_clear_with_the_empty_string() {
    let params = UpdateCustomer {
        address: Some(Clearable::Clear),
        name: Some("Jenny Rosen".into()),
        metadata: Some(Clearable::Set(crate::Metadata::from([(
            "order".into(),
            "42".into(),
        )]))),
        ..UpdateCustomer::default()
    };
    assert_eq!(
        form::to_string(&params).unwrap(),
        "address=&metadata[order]=42&name=Jenny%20Rosen"
    );
    let params = UpdateCustomer::deserialize(json!({"address": "", "metadata": ""})).unwrap();
    assert_eq!(params.address, Some(Clearable::Clear));
    assert_eq!(params.metadata, Some(Clearable::Clear));
    let params = UpdateSetupIntent::deserialize(json!({"metadata": {"order": "42"}})).unwrap();
    assert_eq!(
        params.metadata,
        Some(Clearable::Set(crate::Metadata::from([(
            "order".into(),
            "42".into()
        )])))
    );
}

#[test]
fn a_customer_card_is_a_token_or_the_details() {
    let params = UpdateCustomer::deserialize(json!({"card": "tok_visa"})).unwrap();
    assert_eq!(
        params.card,
        Some(UpdateCustomerCard::Token("tok_visa".into()))
    );
    let params = UpdateCustomer::deserialize(json!({
        "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034},
    }))
    .unwrap();
    let Some(UpdateCustomerCard::Details(card)) = params.card.clone() else {
        panic!("not the details: {:?}", params.card);
    };
    assert_eq!((card.exp_month, card.exp_year), (12, 2034));
    let error = UpdateCustomer::deserialize(json!({"card": {"number": "4242", "exp_month": true}}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("an object or a string"), "{error}");
}

#[test]
fn retrieve_and_list_parameters_are_the_query() {
    let params = RetrievePaymentIntent {
        client_secret: Some("pi_1_secret_2".into()),
    };
    assert_eq!(
        form::to_string(&params).unwrap(),
        "client_secret=pi_1_secret_2"
    );
    assert_eq!(form::to_string(&RetrieveCustomer::default()).unwrap(), "");
    let params = ListCustomerPaymentMethods {
        limit: Some(3),
        type_: Some(ListCustomerPaymentMethodsType::Card),
        ..Default::default()
    };
    assert_eq!(form::to_string(&params).unwrap(), "limit=3&type=card");
    let params = ListCustomerPaymentMethods::deserialize(json!({"type": "card"})).unwrap();
    assert_eq!(params.type_, Some(ListCustomerPaymentMethodsType::Card));
    let error = RetrieveCustomer::deserialize(json!({"expand": ["sources"]})).unwrap_err();
    assert!(
        error.to_string().contains("`expand`: is not a parameter"),
        "{error}"
    );
}

#[test]
fn enums_keep_unknown_values() {
    let params =
        CancelPaymentIntent::deserialize(json!({"cancellation_reason": "new_reason"})).unwrap();
    assert_eq!(
        params.cancellation_reason,
        Some(CancellationReason::Unknown("new_reason".into()))
    );
    assert_eq!(
        form::to_string(&params).unwrap(),
        "cancellation_reason=new_reason"
    );
}
