//! Acceptance: 50 concurrent keep-alive clients, 10,000 mixed requests, no error, no lost object.

use std::collections::HashSet;
use std::time::Instant;

use crate::common::{control, request_log, Conn};

const CLIENTS: usize = 50;
const REQUESTS_PER_CLIENT: usize = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_clients_ten_thousand_requests() {
    let sim = offsession_sim::start().expect("start");
    let base = sim.url().to_string();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(&base).await.expect("connect");
            let mut created = Vec::new();
            let mut customer = String::new();
            let mut session = String::new();
            for i in 0..REQUESTS_PER_CLIENT {
                let resp = match i % 4 {
                    0 => {
                        let body = format!("email=c{client}-{i}%40example.com&metadata[client]={client}&metadata[i]={i}");
                        conn.api("POST", "/v1/customers", &body, None).await
                    }
                    1 => conn.api("GET", &format!("/v1/customers/{customer}"), "", None).await,
                    2 => {
                        let key = format!("load-{client}-{i}");
                        let body = format!("mode=setup&currency=usd&customer={customer}&success_url=https%3A%2F%2Fexample.com%2Fs");
                        conn.api("POST", "/v1/checkout/sessions", &body, Some(&key)).await
                    }
                    _ => conn.api("GET", &format!("/v1/checkout/sessions/{session}?expand[]=customer"), "", None).await,
                }
                .expect("no transport error");
                assert_eq!(resp.status, 200, "client {client} request {i}: {}", String::from_utf8_lossy(&resp.body));
                let object = resp.json();
                match i % 4 {
                    0 => {
                        customer = object["id"].as_str().expect("id").to_string();
                        created.push(customer.clone());
                    }
                    1 => assert_eq!(object["id"], customer.as_str()),
                    2 => {
                        session = object["id"].as_str().expect("id").to_string();
                        created.push(session.clone());
                    }
                    _ => assert_eq!(object["customer"]["id"], customer.as_str()),
                }
            }
            created
        }));
    }
    let mut created = HashSet::new();
    for task in tasks {
        for id in task.await.expect("client finished") {
            assert!(created.insert(id), "ids are unique");
        }
    }
    let elapsed = started.elapsed();
    let total = CLIENTS * REQUESTS_PER_CLIENT;
    assert_eq!(created.len(), total / 2);

    // The simulator's own records agree: every request logged, every object kept.
    let log = request_log(&base).await;
    assert_eq!(log.len(), total);
    assert!(log
        .iter()
        .all(|e| e["status"] == 200 && e["fault"].is_null()));
    let seqs: HashSet<u64> = log.iter().filter_map(|e| e["seq"].as_u64()).collect();
    assert_eq!(seqs.len(), total);
    let mut stored = HashSet::new();
    for kind in ["customers", "checkout_sessions"] {
        let objects = control(&base, "GET", &format!("/_sim/objects/{kind}"), None)
            .await
            .json();
        let objects = objects["data"].as_array().expect("data").clone();
        assert_eq!(objects.len(), total / 4, "{kind}");
        stored.extend(
            objects
                .iter()
                .filter_map(|o| o["id"].as_str().map(str::to_string)),
        );
    }
    assert_eq!(stored, created, "no lost object");
    eprintln!("{total} requests from {CLIENTS} clients in {elapsed:?}");
}
