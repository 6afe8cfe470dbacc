//! Lists and automatic pagination: pages follow `starting_after` forwards, `ending_before`
//! backwards (each page then walked in reverse), with the request's options on every page.

mod support;

use offsession::{ListCustomerPaymentMethods, RequestOptions};
use serde_json::{json, Value};
use support::{Reply, TestServer};

/// Ten payment methods, newest first (`pm_9` … `pm_0`), served as Stripe pages them.
fn server() -> TestServer {
    TestServer::start(|request, _| {
        let all: Vec<String> = (0..10).rev().map(|i| format!("pm_{i}")).collect();
        let query = request.target.split_once('?').map_or("", |(_, q)| q);
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
                .map(str::to_owned)
        };
        let limit: usize = param("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
        let (page, has_more) = if let Some(after) = param("starting_after") {
            let start = all.iter().position(|id| *id == after).unwrap() + 1;
            let end = (start + limit).min(all.len());
            (all[start..end].to_vec(), end < all.len())
        } else if let Some(before) = param("ending_before") {
            let end = all.iter().position(|id| *id == before).unwrap();
            let start = end.saturating_sub(limit);
            (all[start..end].to_vec(), start > 0)
        } else {
            let end = limit.min(all.len());
            (all[..end].to_vec(), end < all.len())
        };
        let data: Vec<Value> = page
            .iter()
            .map(|id| json!({"id": id, "object": "payment_method", "type": "card"}))
            .collect();
        Reply::json(
            200,
            json!({"object": "list", "url": "/v1/customers/cus_1/payment_methods", "has_more": has_more, "data": data})
                .to_string(),
        )
    })
}

#[tokio::test]
async fn every_object_is_walked_once_across_pages() {
    let server = server();
    let params = ListCustomerPaymentMethods {
        limit: Some(3),
        ..Default::default()
    };
    let mut walk = server
        .client()
        .customers()
        .payment_methods("cus_1", &params, RequestOptions::default())
        .unwrap();
    let mut seen = Vec::new();
    while let Some(pm) = walk.next().await.unwrap() {
        seen.push(pm.id);
    }
    let expected: Vec<String> = (0..10).rev().map(|i| format!("pm_{i}")).collect();
    assert_eq!(seen, expected);
    assert!(walk.is_done());
    let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(targets.len(), 4, "{targets:?}");
    assert!(targets[1].contains("starting_after=pm_7"), "{targets:?}");
    assert!(targets.iter().all(|t| t.contains("limit=3")), "{targets:?}");
}

#[tokio::test]
async fn ending_before_walks_backwards() {
    let server = server();
    let params = ListCustomerPaymentMethods {
        limit: Some(2),
        ending_before: Some("pm_4".into()),
        ..Default::default()
    };
    let mut walk = server
        .client()
        .customers()
        .payment_methods("cus_1", &params, RequestOptions::default())
        .unwrap();
    let mut seen = Vec::new();
    while let Some(pm) = walk.next().await.unwrap() {
        seen.push(pm.id);
    }
    // The objects newer than pm_4, oldest first, as stripe-python's auto_paging_iter gives them.
    assert_eq!(seen, ["pm_5", "pm_6", "pm_7", "pm_8", "pm_9"]);
}

#[tokio::test]
async fn every_page_carries_the_request_options() {
    let server = server();
    let options = RequestOptions {
        stripe_account: Some("acct_1Connected".into()),
        ..Default::default()
    };
    let mut walk = server
        .client()
        .customers()
        .payment_methods(
            "cus_1",
            &ListCustomerPaymentMethods {
                limit: Some(5),
                ..Default::default()
            },
            options,
        )
        .unwrap();
    while walk.next().await.unwrap().is_some() {}
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests
        .iter()
        .all(|r| r.header("Stripe-Account") == Some("acct_1Connected")));
}

#[test]
fn bad_list_parameters_are_refused_before_any_request() {
    let client = offsession::Client::new("sk_test_123").unwrap();
    for (params, param) in [
        (
            ListCustomerPaymentMethods {
                limit: Some(0),
                ..Default::default()
            },
            "limit",
        ),
        (
            ListCustomerPaymentMethods {
                starting_after: Some("pm_1/../x".into()),
                ..Default::default()
            },
            "starting_after",
        ),
    ] {
        let error = client
            .customers()
            .payment_methods("cus_1", &params, RequestOptions::default())
            .unwrap_err();
        assert_eq!(error.param(), Some(param));
    }
}
