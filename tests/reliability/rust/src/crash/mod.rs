//! The crash soak (tests/reliability/README.md, section C): every charge is made by a child
//! process that the driver kills with SIGKILL at a random instant, then made again by a new
//! child with the same idempotency key, until a child returns a final outcome. It checks
//! DESIGN §3's promise for a caller that dies mid-charge, at any point of the flow: after the
//! re-runs there is one PaymentIntent per charge, one recovery session per decline, and the
//! final outcome is what the simulator holds. The setup, the random faults and the count are
//! the fault soak's (`soak.rs`, `verify.rs`); the kills (`timing.rs`, `process.rs`) and
//! the stage each one landed in (`stage.rs`) are this module's.
//!
//! A child waits the simulator's `delay` faults out (timeout 5 s) instead of timing out, so a
//! kill can land while a request is held, and has no retries of its own: every failure comes
//! back to the driver, which runs the charge again in a new child.

mod child;
mod process;
mod report;
mod stage;
mod timing;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub use child::main as child_main;
pub use stage::Stage;

use crate::plan;
use crate::sim_control::SimControl;
use crate::soak::{random_faults_on, setup_customers, Customer, Reported};
use crate::verify::{self, Counts};
use crate::Config;
use process::{End, Kill};
use timing::{Plan, Window};

/// Kills per charge; its later runs are spared. Bounds the runs (and the time) of a charge
/// whose children keep outliving the window, as Node's do when start-up times spread.
const MAX_KILLS: usize = 3;
/// Every child's User-Agent starts with this, then `{charge}/{run}`.
pub const TAG_PREFIX: &str = "crash-soak-child/";

/// The result of a run.
#[derive(Debug)]
pub struct CrashResult {
    /// The fault soak's counts from the simulator's records (`attempts` = child processes).
    pub counts: Counts,
    /// Each broken promise, one line each.
    pub violations: Vec<String>,
    /// Kills by the stage they landed in.
    pub kills: BTreeMap<Stage, u64>,
    /// Children never killed, to time the kill windows.
    pub spared: usize,
    /// The kill windows at the end: medians of a spared child's run and of its charge.
    pub windows: (Duration, Duration),
    /// Requests of killed children that the simulator logged only after the child was reaped
    /// (sent before the kill, read after it: in flight at the kill).
    pub late: usize,
    /// Time spent charging (faults on).
    pub charge_time: Duration,
    /// The whole run.
    pub total_time: Duration,
}

struct Ctx {
    config: Config,
    control: SimControl,
    url: String,
    exe: PathBuf,
    window: Mutex<Window>,
}

/// Runs the crash soak against a simulator it starts, with `child_exe --child <json>` as the
/// child (the `crash-soak` binary). `Err` is a run that could not be carried out.
pub fn run(config: &Config, child_exe: &Path) -> Result<CrashResult, String> {
    let started = Instant::now();
    let sim = offsession_sim::start().map_err(|e| format!("the simulator did not start: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))?;
    let ctx = Arc::new(Ctx {
        config: config.clone(),
        control: SimControl::new(sim.url()),
        url: sim.url().to_owned(),
        exe: child_exe.to_owned(),
        window: Mutex::new(Window::default()),
    });
    let mut result = runtime.block_on(soak(ctx))?;
    drop(sim);
    result.total_time = started.elapsed();
    Ok(result)
}

async fn soak(ctx: Arc<Ctx>) -> Result<CrashResult, String> {
    let config = &ctx.config;
    let customers = Arc::new(setup_customers(config, &ctx.control, &ctx.url).await?);
    let setup_requests = ctx.control.requests().await?.len();
    random_faults_on(config, &ctx.control).await?;

    let charging = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..config.concurrency.min(config.charges) {
        let (ctx, customers, next) = (Arc::clone(&ctx), Arc::clone(&customers), Arc::clone(&next));
        workers.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= ctx.config.charges {
                    return done;
                }
                done.push(charge(&ctx, i, &customers[i % customers.len()]).await);
            }
        }));
    }
    let mut charged: Vec<(Reported, Vec<Kill>)> = Vec::with_capacity(config.charges);
    for worker in workers {
        charged.extend(
            worker
                .await
                .map_err(|e| format!("a charge task failed: {e}"))?,
        );
    }
    charged.sort_by_key(|(r, _)| r.index);
    let charge_time = charging.elapsed();

    // Faults off; let any request a dead child left held by a `delay` finish before counting.
    let random = ctx
        .control
        .call("DELETE", "/_sim/faults/random", None)
        .await?;
    ctx.control.call("DELETE", "/_sim/faults", None).await?;
    tokio::time::sleep(config.delay + Duration::from_millis(200)).await;
    let state = verify::SimState {
        payment_intents: ctx.control.objects("payment_intents").await?,
        checkout_sessions: ctx.control.objects("checkout_sessions").await?,
        payment_methods: ctx.control.objects("payment_methods").await?,
        events: ctx.control.objects("events").await?,
        requests: ctx.control.requests().await?,
        setup_requests,
        random,
    };
    let reported: Vec<Reported> = charged.iter().map(|(r, _)| r.clone()).collect();
    let (counts, mut violations) = verify::verify(config, &reported, &state);

    // A killed child's requests are all in the final log (whatever it sent, it sent before it
    // died); which of them had their answer comes from the log read when it was reaped.
    let mut kills = BTreeMap::new();
    let mut late = 0;
    for kill in charged.iter().flat_map(|(_, kills)| kills) {
        let entries = stage::entries_of(&state.requests, &kill.tag);
        late += entries.len().saturating_sub(kill.seen);
        let stage = stage::classify(&entries, |seq| kill.answered.contains(&seq));
        *kills.entry(stage).or_insert(0) += 1;
    }
    // Every request after the setup must come from a child, or the stages mean nothing.
    let untagged = state.requests[setup_requests.min(state.requests.len())..]
        .iter()
        .filter(|e| {
            !e.get("user_agent")
                .and_then(Value::as_str)
                .is_some_and(|ua| ua.starts_with(TAG_PREFIX))
        })
        .count();
    if untagged > 0 {
        violations.push(format!(
            "{untagged} requests after the setup carry no child's tag in their User-Agent"
        ));
    }
    let window = ctx.window.lock().map_err(|_| "window lock poisoned")?;
    Ok(CrashResult {
        counts,
        violations,
        kills,
        spared: window.spared(),
        windows: window.medians(),
        late,
        charge_time,
        total_time: Duration::ZERO,
    })
}

/// No answer, a 5xx, a 429, or the key still in flight (409): a user runs the charge again.
fn transient(error: &Value) -> bool {
    let kind = error
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let status = error.get("http_status").and_then(Value::as_u64);
    matches!(
        kind,
        "api_connection_error" | "api_error" | "rate_limit_error"
    ) || (kind == "idempotency_error" && status == Some(409))
}

/// One logical charge: a child per run, until one returns a final outcome.
async fn charge(ctx: &Ctx, i: usize, customer: &Customer) -> (Reported, Vec<Kill>) {
    let config = &ctx.config;
    let mut reported = Reported::new(i, customer, plan::amount(i));
    let mut kills = Vec::new();
    let mut rng =
        fastrand::Rng::with_seed(config.seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
    loop {
        reported.attempts += 1;
        let tag = format!("{TAG_PREFIX}{i}/{}", reported.attempts);
        let input = json!({
            "url": ctx.url, "customer": customer.id, "payment_method": customer.payment_method,
            "amount": reported.amount, "key": format!("crash-{}-{i}", config.seed), "index": i,
            "tag": tag, "timeout_ms": u64::try_from(config.timeout.as_millis()).unwrap_or(u64::MAX),
            "max_retries": config.max_retries,
        });
        let plan = match ctx.window.lock() {
            Ok(window) if kills.len() < MAX_KILLS => window.draw(&mut rng),
            _ => Plan::Spare,
        };
        let ran = match process::run_child(&ctx.exe, &ctx.control, &input, &tag, plan).await {
            Ok(ran) => ran,
            Err(message) => {
                reported.failure = Some(message);
                return (reported, kills);
            }
        };
        if plan == Plan::Spare {
            if let Ok(mut window) = ctx.window.lock() {
                window.record(ran.run, ran.charge);
            }
        }
        let reason = match ran.end {
            End::Killed(kill) => {
                kills.push(kill);
                "killed".to_owned()
            }
            End::Broken(message) => {
                reported.failure = Some(message);
                return (reported, kills);
            }
            End::Answered(line) => {
                let text = |k: &str| line.get(k).and_then(Value::as_str).map(str::to_owned);
                let error = line.get("error").cloned().unwrap_or(Value::Null);
                let kind = error.get("kind").and_then(Value::as_str).unwrap_or("?");
                match line.get("outcome").and_then(Value::as_str).unwrap_or("?") {
                    "recovery_failed" => format!("recovery_failed:{kind}"),
                    "error" if transient(&error) => kind.to_owned(),
                    "error" => {
                        reported.failure = Some(format!("definite error: {error}"));
                        return (reported, kills);
                    }
                    outcome => {
                        reported.outcome = outcome.to_owned();
                        reported.payment_intent = text("payment_intent");
                        reported.payment_intent_status = text("payment_intent_status");
                        reported.recovery_session = text("recovery_session");
                        reported.code = text("code");
                        reported.decline_code = text("decline_code");
                        return (reported, kills);
                    }
                }
            }
        };
        *reported.transient.entry(reason).or_insert(0) += 1;
        if reported.attempts >= config.max_attempts {
            reported.failure = Some(format!("no final outcome after {} runs", reported.attempts));
            return (reported, kills);
        }
        tokio::time::sleep(Duration::from_millis(rng.u64(20..80))).await;
    }
}
