//! The child side of the crash soak: one run of one charge, in a process of its own that the
//! driver may kill at any instant. It prints `ready` just before it calls `charge_off_session`,
//! then one JSON line (the outcome, or the error), and exits 0; the driver, not the child,
//! decides what the line means.
//!
//! The Python and Node children (tests/reliability/python/crash_soak.py,
//! tests/reliability/node/crash-soak.mjs) take the same input and print the same line.

use std::process::ExitCode;
use std::time::Duration;

use offsession::{ChargeOutcome, Client, Error, Metadata, OffSessionCharge, Recovery};
use serde_json::{json, Value};

use crate::soak::{API_KEY, SUCCESS_URL};

/// Runs the child described by `input` (the driver's JSON: `url`, `customer`,
/// `payment_method`, `amount`, `key`, `index`, `tag`, `timeout_ms`, `max_retries`).
pub fn main(input: &str) -> ExitCode {
    let line = match serde_json::from_str::<Value>(input) {
        Ok(input) => run(&input),
        Err(e) => {
            json!({"outcome": "error", "error": {"kind": "bad_child_input", "message": e.to_string()}})
        }
    };
    // One line, flushed by println!; a kill before this point means "no answer".
    println!("{line}");
    ExitCode::SUCCESS
}

fn run(input: &Value) -> Value {
    let text = |k: &str| input.get(k).and_then(Value::as_str).unwrap_or_default();
    let number = |k: &str| input.get(k).and_then(Value::as_u64).unwrap_or_default();
    let index = number("index");
    // The tag replaces the User-Agent, so that the simulator's request log shows which child
    // sent each request (the driver infers where a kill landed from it).
    let client = Client::builder(API_KEY)
        .base_url(text("url"))
        .timeout(Duration::from_millis(number("timeout_ms")))
        .max_retries(u32::try_from(number("max_retries")).unwrap_or(0))
        .header("User-Agent", text("tag"))
        .build();
    let client = match client {
        Ok(client) => client,
        Err(error) => return json!({"outcome": "error", "error": error_json(&error)}),
    };
    let mut metadata = Metadata::new();
    metadata.insert("soak_charge".into(), index.to_string());
    // Everything but the process is the same in every run of a charge, as idempotency needs.
    let charge = OffSessionCharge {
        customer: text("customer").into(),
        payment_method: text("payment_method").into(),
        amount: input
            .get("amount")
            .and_then(Value::as_i64)
            .unwrap_or_default(),
        currency: "usd".into(),
        description: Some(format!("crash soak charge {index}")),
        metadata,
        idempotency_key: text("key").into(),
        recovery: Recovery {
            product_name: format!("Crash order {index}"),
            success_url: SUCCESS_URL.into(),
            cancel_url: None,
            ..Default::default()
        },
        ..Default::default()
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            return json!({"outcome": "error", "error": {"kind": "runtime", "message": e.to_string()}})
        }
    };
    // Tells the driver the charge starts now: half the kills are timed from this line.
    println!("{}", super::process::READY);
    match runtime.block_on(client.charge_off_session(&charge)) {
        Ok(outcome) => outcome_json(&outcome),
        Err(error) => json!({"outcome": "error", "error": error_json(&error)}),
    }
}

fn outcome_json(outcome: &ChargeOutcome) -> Value {
    let pi = outcome.payment_intent();
    let mut line = json!({
        "outcome": outcome.name(),
        "payment_intent": pi.map(|pi| pi.id.clone()),
        "payment_intent_status": pi.map(|pi| pi.status.as_str().to_owned()),
    });
    match outcome {
        ChargeOutcome::NeedsRecovery {
            error,
            recovery_session,
            ..
        } => {
            line["recovery_session"] = json!(recovery_session.id);
            line["code"] = json!(error.details.code);
            line["decline_code"] = json!(error.details.decline_code);
        }
        ChargeOutcome::RecoveryFailed {
            error,
            recovery_error,
            ..
        } => {
            line["code"] = json!(error.details.code);
            line["decline_code"] = json!(error.details.decline_code);
            line["error"] = error_json(recovery_error);
        }
        _ => {}
    }
    line
}

fn error_json(error: &Error) -> Value {
    json!({"kind": error.kind().as_str(), "http_status": error.http_status(), "message": error.to_string()})
}
