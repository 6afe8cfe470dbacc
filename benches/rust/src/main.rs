//! `offsession-bench CLIENT URL FLOWS CONCURRENCY`: runs FLOWS save-then-charge flows (six
//! requests each) against URL with CONCURRENCY flows in flight, checks that every response
//! decoded, and prints one JSON line with CPU per request, wall time per flow and peak RSS.

mod peers;

use std::time::Instant;

const SUCCESS: &str = "https://example.com/s?session_id={CHECKOUT_SESSION_ID}";

/// Process CPU time (user + system) in microseconds, from /proc/self/stat.
fn cpu_micros() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line (11 and 12 after the name).
    let ticks: f64 = fields.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
        + fields.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ticks * 1_000_000.0 / 100.0
}

/// Peak resident set size in MiB, from /proc/self/status.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

async fn offsession_flow(client: &offsession::Client) -> Result<(), String> {
    use offsession::*;
    let err = |e: Error| e.to_string();
    let customer = client
        .customers()
        .create(&CreateCustomer { email: Some("jenny.rosen@example.com".into()), ..Default::default() })
        .await
        .map_err(err)?;
    let mut setup = CreateCheckoutSession::setup("usd", SUCCESS);
    setup.customer = Some(customer.id.clone());
    let session = client.checkout_sessions().create(&setup).await.map_err(err)?;
    let expanded = client.checkout_sessions().retrieve(&session.id).expand(["setup_intent"]).await.map_err(err)?;
    let setup_intent_id = expanded.setup_intent_id().ok_or("no setup intent")?.to_owned();
    let setup_intent = client.setup_intents().retrieve(&setup_intent_id).await.map_err(err)?;
    let pm = setup_intent.payment_method_id().ok_or("no payment method")?.to_owned();
    client
        .payment_methods()
        .attach(&pm, &AttachPaymentMethod { customer: Some(customer.id.clone()), ..Default::default() })
        .await
        .map_err(err)?;
    let pi = client
        .payment_intents()
        .create(&CreatePaymentIntent {
            amount: 1099,
            currency: "usd".into(),
            customer: Some(customer.id),
            payment_method: Some(pm),
            off_session: Some(OffSession::Bool(true)),
            confirm: Some(true),
            ..Default::default()
        })
        .await
        .map_err(err)?;
    if pi.status != PaymentIntentStatus::Succeeded {
        return Err(format!("unexpected status {}", pi.status));
    }
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, name, url, flows, concurrency] = args.as_slice() else {
        eprintln!("usage: offsession-bench offsession|reqwest|async-stripe URL FLOWS CONCURRENCY");
        std::process::exit(2);
    };
    let flows: usize = flows.parse().expect("FLOWS");
    let concurrency: usize = concurrency.parse().expect("CONCURRENCY");
    let runner = peers::Runner::new(name, url);

    // One warm-up flow so connection setup and lazy initialisation are not counted.
    runner.flow().await.unwrap_or_else(|e| panic!("{name}: warm-up flow failed: {e}"));
    let (cpu_start, wall_start) = (cpu_micros(), Instant::now());
    let per_task = flows / concurrency;
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let runner = runner.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..per_task {
                runner.flow().await?;
            }
            Ok::<(), String>(())
        }));
    }
    for task in tasks {
        task.await.expect("task").unwrap_or_else(|e| panic!("{name}: a flow failed: {e}"));
    }
    let wall = wall_start.elapsed().as_secs_f64();
    let cpu = cpu_micros() - cpu_start;
    let done = per_task * concurrency;
    println!(
        "{{\"client\":\"{name}\",\"flows\":{done},\"requests\":{},\"cpu_us_per_request\":{:.2},\"wall_ms_per_flow\":{:.4},\"peak_rss_mib\":{:.1}}}",
        done * 6,
        cpu / (done * 6) as f64,
        wall * 1000.0 / done as f64,
        peak_rss_mib()
    );
}

pub(crate) use offsession_flow as offsession_flow_impl;
