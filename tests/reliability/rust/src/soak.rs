//! Runs the soak: a fresh simulator, customers with saved cards (faults off), then the charges
//! under random faults, retried as a user would, then the count (faults off again).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use offsession::{
    ChargeOutcome, Client, CompleteSetup, CreateCustomer, Error, Metadata, OffSessionCharge,
    Recovery, StartSetup,
};
use serde_json::{json, Value};

use crate::plan::{self, Card, CARDS};
use crate::sim_control::SimControl;
use crate::verify::{self, Counts};
use crate::Config;

pub(crate) const API_KEY: &str = "sk_test_reliability";
pub(crate) const SUCCESS_URL: &str = "https://example.com/paid?session_id={CHECKOUT_SESSION_ID}";

/// What the caller was told about one logical charge.
#[derive(Clone, Debug)]
pub struct Reported {
    /// `i`, also `metadata[soak_charge]`.
    pub index: usize,
    /// The customer charged.
    pub customer: String,
    /// The card charged.
    pub card: Card,
    /// The amount charged.
    pub amount: i64,
    /// Calls of `charge_off_session` it took.
    pub attempts: u32,
    /// Errors that meant "try again", by code.
    pub transient: BTreeMap<String, u32>,
    /// `succeeded`, `needs_recovery`, `card_error` (a 402 raised instead of an outcome) or
    /// `failed` (no definite outcome: a non-transient error or too many attempts).
    pub outcome: String,
    /// The PaymentIntent the outcome names.
    pub payment_intent: Option<String>,
    /// Its status as reported.
    pub payment_intent_status: Option<String>,
    /// The recovery session of a `needs_recovery`.
    pub recovery_session: Option<String>,
    /// Stripe's `code` of the decline.
    pub code: Option<String>,
    /// Stripe's `decline_code`.
    pub decline_code: Option<String>,
    /// Why the charge failed, for `failed`.
    pub failure: Option<String>,
}

impl Reported {
    /// Charge `index` of `amount` to `customer`, before any call: no outcome yet.
    pub(crate) fn new(index: usize, customer: &Customer, amount: i64) -> Self {
        Self {
            index,
            customer: customer.id.clone(),
            card: customer.card,
            amount,
            attempts: 0,
            transient: BTreeMap::new(),
            outcome: "failed".into(),
            payment_intent: None,
            payment_intent_status: None,
            recovery_session: None,
            code: None,
            decline_code: None,
            failure: None,
        }
    }
}

/// The result of a run: the counts and every violation found.
#[derive(Debug)]
pub struct SoakResult {
    /// What was counted.
    pub counts: Counts,
    /// Each broken promise, one line each. Empty means exactly once held.
    pub violations: Vec<String>,
    /// Time spent charging (faults on).
    pub charge_time: Duration,
    /// The whole run, simulator start to verdict.
    pub total_time: Duration,
}

/// A soak customer and the card its charges use (a saved `pm_…` or a test token).
pub(crate) struct Customer {
    pub(crate) id: String,
    pub(crate) card: Card,
    pub(crate) payment_method: String,
}

/// Runs one soak against a simulator it starts itself. `Err` is a run that could not be
/// carried out (the simulator did not start, setup failed); violations are in the result.
pub fn run(config: &Config) -> Result<SoakResult, String> {
    let started = Instant::now();
    let sim = offsession_sim::start().map_err(|e| format!("the simulator did not start: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))?;
    let mut result = runtime.block_on(soak(config, sim.url()))?;
    drop(sim);
    result.total_time = started.elapsed();
    Ok(result)
}

async fn soak(config: &Config, url: &str) -> Result<SoakResult, String> {
    let control = SimControl::new(url);
    let customers = setup_customers(config, &control, url).await?;
    let setup_requests = control.requests().await?.len();
    random_faults_on(config, &control).await?;
    let client = Client::builder(API_KEY)
        .base_url(url)
        .timeout(config.timeout)
        .max_retries(config.max_retries)
        .binding("rust-reliability")
        .build()
        .map_err(|e| e.to_string())?;
    let charging = Instant::now();
    let customers = Arc::new(customers);
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..config.concurrency.min(config.charges) {
        let (client, customers, next, config) = (
            client.clone(),
            Arc::clone(&customers),
            Arc::clone(&next),
            config.clone(),
        );
        workers.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= config.charges {
                    return done;
                }
                let customer = &customers[i % customers.len()];
                done.push(charge(&client, &config, i, customer).await);
            }
        }));
    }
    let mut reported = Vec::with_capacity(config.charges);
    for worker in workers {
        reported.extend(
            worker
                .await
                .map_err(|e| format!("a charge task failed: {e}"))?,
        );
    }
    reported.sort_by_key(|r| r.index);
    let charge_time = charging.elapsed();

    // Faults off; let any abandoned delayed request (a replay by now) finish before counting.
    let random = control.call("DELETE", "/_sim/faults/random", None).await?;
    control.call("DELETE", "/_sim/faults", None).await?;
    tokio::time::sleep(config.delay + Duration::from_millis(200)).await;

    let state = verify::SimState {
        payment_intents: control.objects("payment_intents").await?,
        checkout_sessions: control.objects("checkout_sessions").await?,
        payment_methods: control.objects("payment_methods").await?,
        events: control.objects("events").await?,
        requests: control.requests().await?,
        setup_requests,
        random,
    };
    let (counts, violations) = verify::verify(config, &reported, &state);
    Ok(SoakResult {
        counts,
        violations,
        charge_time,
        total_time: Duration::ZERO,
    })
}

/// The soak's customers, faults off (shared with the crash soak).
pub(crate) async fn setup_customers(
    config: &Config,
    control: &SimControl,
    url: &str,
) -> Result<Vec<Customer>, String> {
    let setup_client = Client::builder(API_KEY)
        .base_url(url)
        .binding("rust-reliability")
        .build()
        .map_err(|e| e.to_string())?;
    let mut customers = Vec::with_capacity(config.customers);
    for j in 0..config.customers {
        customers.push(setup_customer(&setup_client, control, j).await?);
    }
    Ok(customers)
}

/// The simulator's seeded random faults, all five kinds, on the charge and the recovery
/// session requests (shared with the crash soak).
pub(crate) async fn random_faults_on(config: &Config, control: &SimControl) -> Result<(), String> {
    control
        .call(
            "POST",
            "/_sim/faults/random",
            Some(json!({
                "seed": config.seed,
                "rate": config.rate,
                "kinds": ["reset_before", "drop_after_commit", "status_500", "status_429_lock_timeout", "delay"],
                "delay_ms": u64::try_from(config.delay.as_millis()).unwrap_or(u64::MAX),
                "method": "POST",
                "paths": ["/v1/payment_intents", "/v1/checkout/sessions"],
            })),
        )
        .await
        .map(drop)
}

/// Customer `j` with its card: saved through Checkout setup mode, or a token to charge.
async fn setup_customer(
    client: &Client,
    control: &SimControl,
    j: usize,
) -> Result<Customer, String> {
    let card = CARDS[j % CARDS.len()];
    let mut metadata = Metadata::new();
    metadata.insert("soak_customer".into(), j.to_string());
    let customer = client
        .customers()
        .create(&CreateCustomer {
            email: Some(format!("soak-{j}@example.com")),
            name: Some(format!("Soak Customer {j}")),
            metadata,
            ..Default::default()
        })
        .await
        .map_err(|e| format!("setup: customer {j}: {e}"))?;
    if !card.saved {
        return Ok(Customer {
            id: customer.id,
            card,
            payment_method: card.token.into(),
        });
    }
    let started = client
        .start_setup(&StartSetup {
            currency: "usd".into(),
            success_url: Some("https://example.com/saved?session_id={CHECKOUT_SESSION_ID}".into()),
            customer: Some(customer.id.clone()),
            ..Default::default()
        })
        .await
        .map_err(|e| format!("setup: session for customer {j}: {e}"))?;
    control
        .call(
            "POST",
            &format!("/_sim/checkout/sessions/{}/complete", started.session.id),
            Some(json!({"payment_method": card.token})),
        )
        .await?;
    let saved = client
        .complete_setup(&started.session.id, &CompleteSetup::default())
        .await
        .map_err(|e| format!("setup: completing customer {j}'s session: {e}"))?;
    Ok(Customer {
        id: customer.id,
        card,
        payment_method: saved.payment_method_id,
    })
}

/// Errors after which a user tries the same charge again (same key): no answer, a 5xx, a
/// 429, or the key still in flight (409). Everything else is definite.
fn transient(error: &Error) -> bool {
    match error {
        Error::Connection { .. } | Error::Api(_) | Error::RateLimit(_) => true,
        Error::Idempotency(api) => api.http_status == 409,
        _ => false,
    }
}

/// One logical charge, called again with the same key until it has a definite outcome.
async fn charge(client: &Client, config: &Config, i: usize, customer: &Customer) -> Reported {
    let mut metadata = Metadata::new();
    metadata.insert("soak_charge".into(), i.to_string());
    let request = OffSessionCharge {
        customer: customer.id.clone(),
        payment_method: customer.payment_method.clone(),
        amount: plan::amount(i),
        currency: "usd".into(),
        description: Some(format!("soak charge {i}")),
        metadata,
        idempotency_key: format!("soak-{}-{i}", config.seed),
        recovery: Recovery {
            product_name: format!("Soak order {i}"),
            success_url: SUCCESS_URL.into(),
            cancel_url: None,
            ..Default::default()
        },
        ..Default::default()
    };
    let mut reported = Reported::new(i, customer, request.amount);
    loop {
        reported.attempts += 1;
        match client.charge_off_session(&request).await {
            Ok(
                outcome @ (ChargeOutcome::Succeeded(_)
                | ChargeOutcome::Processing(_)
                | ChargeOutcome::RequiresCapture(_)
                | ChargeOutcome::RequiresAction(_)),
            ) => {
                reported.outcome = outcome.name().into();
                let pi = outcome.payment_intent();
                reported.payment_intent = pi.map(|pi| pi.id.clone());
                reported.payment_intent_status = pi.map(|pi| pi.status.as_str().to_owned());
                return reported;
            }
            // Declined, and the recovery session failed: the user re-runs with the same key,
            // which replays the decline and tries the session again.
            Ok(ChargeOutcome::RecoveryFailed { recovery_error, .. })
                if transient(&recovery_error) =>
            {
                *reported
                    .transient
                    .entry(format!("recovery_failed:{}", recovery_error.kind()))
                    .or_insert(0) += 1;
                if reported.attempts >= config.max_attempts {
                    reported.failure = Some(format!(
                        "no recovery session after {} attempts; last: {recovery_error}",
                        reported.attempts
                    ));
                    return reported;
                }
                tokio::time::sleep(Duration::from_millis(fastrand::u64(20..80))).await;
            }
            Ok(ChargeOutcome::RecoveryFailed { recovery_error, .. }) => {
                reported.failure = Some(format!(
                    "declined, and the recovery session failed for good: {recovery_error}"
                ));
                return reported;
            }
            Ok(ChargeOutcome::NeedsRecovery {
                error,
                payment_intent,
                recovery_session,
            }) => {
                reported.outcome = "needs_recovery".into();
                reported.payment_intent = payment_intent.as_ref().map(|pi| pi.id.clone());
                reported.payment_intent_status = payment_intent
                    .as_ref()
                    .map(|pi| pi.status.as_str().to_owned());
                reported.recovery_session = Some(recovery_session.id.clone());
                reported.code = error.details.code.clone();
                reported.decline_code = error.details.decline_code.clone();
                return reported;
            }
            Err(error) if transient(&error) => {
                *reported
                    .transient
                    .entry(error.kind().as_str().to_owned())
                    .or_insert(0) += 1;
                if reported.attempts >= config.max_attempts {
                    reported.failure = Some(format!(
                        "no definite outcome after {} attempts; last: {error}",
                        reported.attempts
                    ));
                    return reported;
                }
                tokio::time::sleep(Duration::from_millis(fastrand::u64(20..80))).await;
            }
            Err(Error::Card(api)) => {
                reported.outcome = "card_error".into();
                reported.payment_intent =
                    api.details.payment_intent.as_ref().map(|pi| pi.id.clone());
                reported.code = api.details.code.clone();
                reported.decline_code = api.details.decline_code.clone();
                return reported;
            }
            Err(error) => {
                reported.failure = Some(format!("definite error: {error}"));
                return reported;
            }
        }
    }
}

/// The simulator's `metadata[key]` of an object, as a string.
pub(crate) fn metadata<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    object.get("metadata")?.get(key)?.as_str()
}

fn pairs(map: &BTreeMap<String, u64>) -> String {
    if map.is_empty() {
        return "none".into();
    }
    map.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl SoakResult {
    /// The printed figures (the same layout as the Python and Node drivers), ending with one
    /// `SUMMARY` line that `scripts/reliability` collects.
    pub fn report(&self, language: &str, config: &Config) -> String {
        let c = &self.counts;
        let mut faults = BTreeMap::new();
        for kind in [
            "reset_before",
            "drop_after_commit",
            "status_500",
            "status_429_lock_timeout",
            "delay",
        ] {
            faults.insert(kind.to_owned(), c.faults.get(kind).copied().unwrap_or(0));
        }
        let mut out = format!(
            "fault soak [{language}]: {} charges over {} customers, seed {}, rate {}, concurrency {}, client timeout {} ms, max_retries {}, delay faults {} ms\n",
            config.charges,
            config.customers,
            config.seed,
            config.rate,
            config.concurrency,
            config.timeout.as_millis(),
            config.max_retries,
            config.delay.as_millis(),
        );
        out += &format!(
            "  caller:   {} attempts, {} charges retried; transient errors: {}\n",
            c.attempts,
            c.retried_charges,
            pairs(&c.caller_errors)
        );
        out += &format!(
            "  requests: POST /v1/payment_intents={} POST /v1/checkout/sessions={} idempotent_replays={}\n",
            c.payment_intent_requests, c.session_requests, c.replays
        );
        out += &format!(
            "  faults:   {} (total {} of {} requests considered)\n",
            pairs(&faults),
            c.faults_total(),
            c.considered
        );
        out += &format!(
            "  sim:      payment_intents={} succeeded={} declined={} recovery_sessions={} duplicates={} missing={} events succeeded={} payment_failed={}\n",
            c.payment_intents, c.succeeded, c.declined, c.recovery_sessions, c.duplicates, c.missing, c.events_succeeded, c.events_failed
        );
        for violation in self.violations.iter().take(20) {
            out += &format!("  VIOLATION {violation}\n");
        }
        if self.violations.len() > 20 {
            out += &format!("  … and {} more violations\n", self.violations.len() - 20);
        }
        let verdict = if self.violations.is_empty() {
            "OK"
        } else {
            "FAILED"
        };
        out += &format!(
            "  result:   {verdict}, {} violations; charging {:.1} s, total {:.1} s\n",
            self.violations.len(),
            self.charge_time.as_secs_f64(),
            self.total_time.as_secs_f64()
        );
        out += &format!(
            "SUMMARY fault-soak lang={language} charges={} attempts={} faults={} payment_intents={} succeeded={} declined={} recovery_sessions={} duplicates={} violations={} seconds={:.1}\n",
            c.charges,
            c.attempts,
            c.faults_total(),
            c.payment_intents,
            c.succeeded,
            c.declined,
            c.recovery_sessions,
            c.duplicates,
            self.violations.len(),
            self.total_time.as_secs_f64()
        );
        out
    }
}
