//! Form encoding, checked byte for byte against what Stripe's own examples send.

use std::collections::BTreeMap;

use offsession::{form, CreateCheckoutSession, CreateCustomer, CreatePaymentIntent};
use serde::Serialize;

#[test]
fn recovery_session_body_matches_the_guide() {
    // The seed guide's curl for the payment-mode recovery session, in the same order.
    let mut params = CreateCheckoutSession::payment(
        "T-shirt",
        1099,
        "usd",
        "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
    );
    params.customer = Some("cus_RZx4bN7qLk2mWp".into());
    assert_eq!(
        form::to_string(&params).unwrap(),
        "customer=cus_RZx4bN7qLk2mWp\
         &line_items[0][price_data][currency]=usd\
         &line_items[0][price_data][product_data][name]=T-shirt\
         &line_items[0][price_data][unit_amount]=1099\
         &line_items[0][quantity]=1\
         &mode=payment\
         &success_url=https%3A%2F%2Fexample.com%2Fsuccess%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"
    );
}

#[test]
fn setup_session_body_matches_the_guide() {
    let mut params = CreateCheckoutSession::setup(
        "usd",
        "https://example.com/success?session_id={CHECKOUT_SESSION_ID}",
    );
    params.customer = Some("cus_123".into());
    assert_eq!(
        form::to_string(&params).unwrap(),
        "currency=usd&customer=cus_123&mode=setup\
         &success_url=https%3A%2F%2Fexample.com%2Fsuccess%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"
    );
}

#[test]
fn booleans_numbers_and_omitted_none() {
    let params = CreatePaymentIntent {
        amount: 1099,
        currency: "usd".into(),
        customer: Some("cus_1".into()),
        payment_method: Some("pm_1".into()),
        off_session: Some(offsession::OffSession::Bool(true)),
        confirm: Some(false),
        description: None,
        ..Default::default()
    };
    assert_eq!(
        form::to_string(&params).unwrap(),
        "amount=1099&confirm=false&currency=usd&customer=cus_1&off_session=true&payment_method=pm_1"
    );
    assert_eq!(form::to_string(&CreateCustomer::default()).unwrap(), "");
    let recurring = CreatePaymentIntent {
        amount: 1,
        currency: "USD".into(),
        off_session: Some(offsession::OffSession::Kind(
            offsession::params::OffSessionKind::Recurring,
        )),
        ..Default::default()
    };
    assert_eq!(
        form::to_string(&recurring).unwrap(),
        "amount=1&currency=usd&off_session=recurring"
    );
}

#[test]
fn metadata_is_nested_and_ordered() {
    let mut metadata = BTreeMap::new();
    metadata.insert("order_id".to_owned(), "42".to_owned());
    metadata.insert("a key".to_owned(), "x&y=z".to_owned());
    let params = CreateCustomer {
        email: Some("jenny+test@example.com".into()),
        metadata,
        ..Default::default()
    };
    assert_eq!(
        form::to_string(&params).unwrap(),
        "email=jenny%2Btest%40example.com&metadata[a%20key]=x%26y%3Dz&metadata[order_id]=42"
    );
}

#[test]
fn a_bracket_in_a_key_is_refused_not_nested() {
    // `metadata[a][b]=1` would reach Stripe as a nested parameter, not the metadata key `a][b`.
    for key in ["a][b", "a[b", "b]"] {
        let params = CreateCustomer {
            metadata: [(key.to_owned(), "1".to_owned())].into(),
            ..Default::default()
        };
        let error = form::to_string(&params).expect_err(key);
        assert!(error.to_string().contains("bracket"), "{error}");
    }
}

#[test]
fn arrays_are_indexed_and_expand_appends() {
    #[derive(Serialize)]
    struct WithList {
        expand: Vec<&'static str>,
        nested: Vec<Vec<u8>>,
    }
    let body = form::to_string(&WithList {
        expand: vec!["setup_intent", "setup_intent.payment_method"],
        nested: vec![vec![1, 2], vec![3]],
    })
    .unwrap();
    assert_eq!(
        body,
        "expand[0]=setup_intent&expand[1]=setup_intent.payment_method\
         &nested[0][0]=1&nested[0][1]=2&nested[1][0]=3"
    );
    let mut body = String::from("customer=cus_1");
    form::append_pair(&mut body, "expand[0]", "customer");
    assert_eq!(body, "customer=cus_1&expand[0]=customer");
}

#[test]
fn reserved_and_non_ascii_characters_are_percent_encoded() {
    #[derive(Serialize)]
    struct Text {
        name: &'static str,
    }
    let body = form::to_string(&Text {
        name: "a b&c=d?e#f/g%h+i[j]k~l.m_n-oé\n",
    })
    .unwrap();
    assert_eq!(
        body,
        "name=a%20b%26c%3Dd%3Fe%23f%2Fg%25h%2Bi%5Bj%5Dk~l.m_n-o%C3%A9%0A"
    );
}

#[test]
fn top_level_scalars_and_bytes_are_refused() {
    assert!(form::to_string(&42).is_err());
    assert!(form::to_string("text").is_err());
    #[derive(Serialize)]
    struct Floats {
        x: f64,
    }
    assert!(form::to_string(&Floats { x: f64::NAN }).is_err());
    assert_eq!(form::to_string(&Floats { x: 1.5 }).unwrap(), "x=1.5");
}
