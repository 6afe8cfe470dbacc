//! Counting from the simulator's own records, and every way exactly-once can be broken.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::plan::Expected;
use crate::soak::{metadata, Reported};
use crate::Config;

/// Metadata the core puts on a recovery session: the declined PaymentIntent.
pub const RECOVERY_KEY: &str = "offsession_declined_payment_intent";

/// What the simulator holds after the soak.
pub struct SimState {
    /// `/_sim/objects/payment_intents`
    pub payment_intents: Vec<Value>,
    /// `/_sim/objects/checkout_sessions`
    pub checkout_sessions: Vec<Value>,
    /// `/_sim/objects/payment_methods`
    pub payment_methods: Vec<Value>,
    /// `/_sim/objects/events`
    pub events: Vec<Value>,
    /// `/_sim/requests`
    pub requests: Vec<Value>,
    /// How many requests the setup made (the log before the faults).
    pub setup_requests: usize,
    /// The random mode's last settings and counts (`DELETE /_sim/faults/random`).
    pub random: Value,
}

/// The figures a run prints.
#[derive(Clone, Debug, Default)]
pub struct Counts {
    /// Logical charges.
    pub charges: usize,
    /// Calls of `charge_off_session`.
    pub attempts: u64,
    /// Charges that needed more than one call.
    pub retried_charges: usize,
    /// Transient errors the caller saw, by code.
    pub caller_errors: BTreeMap<String, u64>,
    /// `POST /v1/payment_intents` requests during the soak.
    pub payment_intent_requests: usize,
    /// `POST /v1/checkout/sessions` requests during the soak.
    pub session_requests: usize,
    /// Idempotent replays served.
    pub replays: usize,
    /// Faults injected, by kind, from the request log.
    pub faults: BTreeMap<String, u64>,
    /// Requests the random mode drew for.
    pub considered: u64,
    /// Soak PaymentIntents in the simulator.
    pub payment_intents: usize,
    /// Of them `succeeded`.
    pub succeeded: usize,
    /// Of them `requires_payment_method` (declined).
    pub declined: usize,
    /// Recovery sessions (payment mode, naming a declined PaymentIntent).
    pub recovery_sessions: usize,
    /// Objects created more than once for one logical charge (PaymentIntents, recovery
    /// sessions, events).
    pub duplicates: usize,
    /// Charges without their PaymentIntent or recovery session.
    pub missing: usize,
    /// `payment_intent.succeeded` events of soak charges.
    pub events_succeeded: usize,
    /// `payment_intent.payment_failed` events of soak charges.
    pub events_failed: usize,
}

impl Counts {
    /// Total faults injected.
    pub fn faults_total(&self) -> u64 {
        self.faults.values().sum()
    }
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key)?.as_str()
}

/// Checks every promise and counts. Returns the counts and one line per violation.
pub fn verify(config: &Config, reported: &[Reported], state: &SimState) -> (Counts, Vec<String>) {
    let mut counts = Counts {
        charges: reported.len(),
        ..Counts::default()
    };
    let mut violations = Vec::new();

    // What the caller was told, against what the card must give.
    for r in reported {
        counts.attempts += u64::from(r.attempts);
        counts.retried_charges += usize::from(r.attempts > 1);
        for (code, n) in &r.transient {
            *counts.caller_errors.entry(code.clone()).or_insert(0) += u64::from(*n);
        }
        let i = r.index;
        match (r.outcome.as_str(), r.card.expected) {
            ("failed", _) => violations.push(format!(
                "charge {i}: no definite outcome: {}",
                r.failure.as_deref().unwrap_or("?")
            )),
            ("card_error", _) => violations.push(format!(
                "charge {i}: a CardError was raised instead of a NeedsRecovery outcome"
            )),
            ("succeeded", Expected::Succeeded) => {
                if r.payment_intent_status.as_deref() != Some("succeeded") {
                    violations.push(format!(
                        "charge {i}: Succeeded with PaymentIntent status {:?}",
                        r.payment_intent_status
                    ));
                }
            }
            ("needs_recovery", Expected::Declined { code, decline_code }) => {
                if r.code.as_deref() != Some(code)
                    || r.decline_code.as_deref() != Some(decline_code)
                {
                    violations.push(format!(
                        "charge {i}: declined with {:?}/{:?}, expected {code}/{decline_code}",
                        r.code, r.decline_code
                    ));
                }
                if r.payment_intent.is_none() {
                    violations.push(format!(
                        "charge {i}: NeedsRecovery without its PaymentIntent"
                    ));
                }
            }
            (outcome, expected) => violations.push(format!(
                "charge {i} ({}): outcome {outcome}, expected {expected:?}",
                r.card.token
            )),
        }
    }

    // One PaymentIntent per logical charge, matching what the caller was told.
    let mut by_charge: Vec<Vec<&Value>> = vec![Vec::new(); reported.len()];
    for pi in &state.payment_intents {
        let id = text(pi, "id").unwrap_or("?");
        match metadata(pi, "soak_charge").and_then(|s| s.parse::<usize>().ok()) {
            Some(i) if i < reported.len() => by_charge[i].push(pi),
            _ => violations.push(format!("PaymentIntent {id} belongs to no soak charge")),
        }
    }
    counts.payment_intents = state.payment_intents.len();
    let mut declined_pis: HashMap<&str, &Reported> = HashMap::new();
    let mut succeeded_pis: HashMap<&str, &Reported> = HashMap::new();
    for (r, pis) in reported.iter().zip(&by_charge) {
        let i = r.index;
        let [pi] = pis.as_slice() else {
            if pis.is_empty() {
                counts.missing += 1;
            } else {
                counts.duplicates += pis.len() - 1;
            }
            let ids: Vec<&str> = pis.iter().filter_map(|pi| text(pi, "id")).collect();
            violations.push(format!("charge {i}: {} PaymentIntents {ids:?}", pis.len()));
            continue;
        };
        let id = text(pi, "id").unwrap_or("?");
        let status = text(pi, "status").unwrap_or("?");
        match status {
            "succeeded" => {
                counts.succeeded += 1;
                succeeded_pis.insert(id, r);
            }
            "requires_payment_method" => {
                counts.declined += 1;
                declined_pis.insert(id, r);
            }
            other => violations.push(format!("charge {i}: PaymentIntent {id} is {other}")),
        }
        if r.outcome == "failed" {
            continue;
        }
        if r.payment_intent.as_deref() != Some(id) {
            violations.push(format!(
                "charge {i}: reported PaymentIntent {:?}, the simulator has {id}",
                r.payment_intent
            ));
        }
        let expected_status = match r.outcome.as_str() {
            "succeeded" => "succeeded",
            _ => "requires_payment_method",
        };
        if status != expected_status
            || r.payment_intent_status
                .as_deref()
                .is_some_and(|s| s != status)
        {
            violations.push(format!(
                "charge {i}: reported {} ({:?}), the simulator's PaymentIntent {id} is {status}",
                r.outcome, r.payment_intent_status
            ));
        }
        if pi.get("amount").and_then(Value::as_i64) != Some(r.amount)
            || text(pi, "customer") != Some(r.customer.as_str())
        {
            violations.push(format!(
                "charge {i}: PaymentIntent {id} has another amount or customer"
            ));
        }
    }

    // One recovery session per declined charge, none for a succeeded one.
    let mut sessions_of: HashMap<&str, Vec<&Value>> = HashMap::new();
    let mut setup_sessions = 0;
    for session in &state.checkout_sessions {
        let id = text(session, "id").unwrap_or("?");
        match text(session, "mode") {
            Some("setup") => setup_sessions += 1,
            _ => match metadata(session, RECOVERY_KEY) {
                Some(pi) if declined_pis.contains_key(pi) => {
                    sessions_of.entry(pi).or_default().push(session);
                }
                Some(pi) if succeeded_pis.contains_key(pi) => violations.push(format!(
                    "recovery session {id} for the succeeded PaymentIntent {pi}"
                )),
                Some(pi) => violations.push(format!(
                    "recovery session {id} names {pi}, not a declined soak PaymentIntent"
                )),
                None => {
                    violations.push(format!("payment-mode session {id} without {RECOVERY_KEY}"))
                }
            },
        }
    }
    let saved_customers = (0..config.customers)
        .filter(|j| crate::CARDS[j % crate::CARDS.len()].saved)
        .count();
    if setup_sessions != saved_customers {
        violations.push(format!(
            "{setup_sessions} setup sessions for {saved_customers} customers with saved cards"
        ));
    }
    for (pi, r) in &declined_pis {
        let sessions = sessions_of.get(pi).map(Vec::as_slice).unwrap_or_default();
        counts.recovery_sessions += sessions.len();
        let i = r.index;
        let [session] = sessions else {
            if sessions.is_empty() {
                counts.missing += 1;
            } else {
                counts.duplicates += sessions.len() - 1;
            }
            let ids: Vec<&str> = sessions.iter().filter_map(|s| text(s, "id")).collect();
            violations.push(format!(
                "charge {i}: {} recovery sessions for {pi}: {ids:?}",
                sessions.len()
            ));
            continue;
        };
        let id = text(session, "id").unwrap_or("?");
        if r.outcome == "needs_recovery" && r.recovery_session.as_deref() != Some(id) {
            violations.push(format!(
                "charge {i}: reported recovery session {:?}, the simulator has {id}",
                r.recovery_session
            ));
        }
        if session.get("amount_total").and_then(Value::as_i64) != Some(r.amount)
            || text(session, "customer") != Some(r.customer.as_str())
        {
            violations.push(format!(
                "charge {i}: recovery session {id} has another amount or customer"
            ));
        }
    }

    // One event per charge: a second execution would have announced itself again.
    let mut events_of: HashMap<(&str, &str), usize> = HashMap::new();
    for event in &state.events {
        let kind = text(event, "type").unwrap_or("?");
        let object = event.get("data").and_then(|d| d.get("object"));
        if let Some(pi) = object.filter(|o| metadata(o, "soak_charge").is_some()) {
            *events_of
                .entry((kind, text(pi, "id").unwrap_or("?")))
                .or_insert(0) += 1;
        }
    }
    for ((kind, pi), n) in &events_of {
        let expected = match *kind {
            "payment_intent.succeeded" => {
                counts.events_succeeded += n;
                succeeded_pis.contains_key(pi)
            }
            "payment_intent.payment_failed" => {
                counts.events_failed += n;
                declined_pis.contains_key(pi)
            }
            _ => true,
        };
        if !expected {
            violations.push(format!("{n} {kind} events for {pi}"));
        } else if *n > 1 {
            counts.duplicates += n - 1;
            violations.push(format!("{n} {kind} events for {pi}"));
        }
    }
    if counts.events_succeeded + counts.events_failed != counts.succeeded + counts.declined {
        violations.push(format!(
            "{} succeeded and {} failed payment events for {} succeeded and {} declined charges",
            counts.events_succeeded, counts.events_failed, counts.succeeded, counts.declined
        ));
    }

    // A token charge creates one PaymentMethod each time it executes.
    let token_charges = reported.iter().filter(|r| !r.card.saved).count();
    if state.payment_methods.len() != saved_customers + token_charges {
        violations.push(format!(
            "{} PaymentMethods, expected {saved_customers} saved + {token_charges} from token charges",
            state.payment_methods.len()
        ));
    }

    // The faults, from the request log, must agree with the random mode's own counts.
    for entry in state.requests.iter().skip(state.setup_requests) {
        let method = text(entry, "method");
        match (method, text(entry, "path")) {
            (Some("POST"), Some("/v1/payment_intents")) => counts.payment_intent_requests += 1,
            (Some("POST"), Some("/v1/checkout/sessions")) => counts.session_requests += 1,
            _ => {}
        }
        counts.replays += usize::from(entry.get("idempotent_replayed") == Some(&Value::Bool(true)));
        if let Some(kind) = text(entry, "fault") {
            *counts.faults.entry(kind.to_owned()).or_insert(0) += 1;
        }
    }
    counts.considered = state
        .random
        .get("considered")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let reported_by_sim: BTreeMap<String, u64> = state
        .random
        .get("injected")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(_, n)| n.as_u64().unwrap_or(0) > 0)
                .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    if reported_by_sim != counts.faults {
        violations.push(format!(
            "the request log shows faults {:?}, the random mode counted {reported_by_sim:?}",
            counts.faults
        ));
    }
    if config.rate > 0.0 && config.charges >= 20 && counts.faults_total() == 0 {
        violations.push("no fault was injected: the soak proved nothing".into());
    }
    (counts, violations)
}

#[cfg(test)]
mod tests {
    //! The count must be able to fail: duplicates, a missing session, a session for a success.
    use serde_json::json;

    use super::*;
    use crate::{Config, Mode, CARDS};

    fn reported(
        index: usize,
        card: usize,
        outcome: &str,
        pi: &str,
        session: Option<&str>,
    ) -> Reported {
        let expected = CARDS[card].expected;
        let (code, decline_code) = match expected {
            Expected::Declined { code, decline_code } => {
                (Some(code.into()), Some(decline_code.into()))
            }
            Expected::Succeeded => (None, None),
        };
        Reported {
            index,
            customer: "cus_1".into(),
            card: CARDS[card],
            amount: crate::plan::amount(index),
            attempts: 1,
            transient: BTreeMap::new(),
            outcome: outcome.into(),
            payment_intent: Some(pi.into()),
            payment_intent_status: Some(
                if outcome == "succeeded" {
                    "succeeded"
                } else {
                    "requires_payment_method"
                }
                .into(),
            ),
            recovery_session: session.map(Into::into),
            code,
            decline_code,
            failure: None,
        }
    }

    fn pi(id: &str, i: usize, status: &str) -> Value {
        json!({"id": id, "status": status, "amount": crate::plan::amount(i), "customer": "cus_1",
               "metadata": {"soak_charge": i.to_string()}})
    }

    fn session(id: &str, i: usize, pi: &str) -> Value {
        json!({"id": id, "mode": "payment", "amount_total": crate::plan::amount(i), "customer": "cus_1",
               "metadata": {RECOVERY_KEY: pi}})
    }

    fn state(pis: Vec<Value>, sessions: Vec<Value>) -> SimState {
        SimState {
            payment_intents: pis,
            checkout_sessions: sessions,
            payment_methods: Vec::new(),
            events: Vec::new(),
            requests: Vec::new(),
            setup_requests: 0,
            random: json!({"injected": {}}),
        }
    }

    fn config() -> Config {
        Config {
            charges: 2,
            customers: 0,
            rate: 0.0,
            ..Config::defaults(Mode::Short)
        }
    }

    fn violations(pis: Vec<Value>, sessions: Vec<Value>) -> (Counts, Vec<String>) {
        let reported = [
            reported(0, 0, "succeeded", "pi_a", None),
            reported(1, 1, "needs_recovery", "pi_b", Some("cs_b")),
        ];
        verify(&config(), &reported, &state(pis, sessions))
    }

    #[test]
    fn a_clean_state_passes_but_for_the_missing_events() {
        let (counts, found) = violations(
            vec![
                pi("pi_a", 0, "succeeded"),
                pi("pi_b", 1, "requires_payment_method"),
            ],
            vec![session("cs_b", 1, "pi_b")],
        );
        assert_eq!(
            (counts.succeeded, counts.declined, counts.recovery_sessions),
            (1, 1, 1)
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("payment events"), "{found:?}");
    }

    #[test]
    fn duplicates_and_misplaced_sessions_are_violations() {
        let (counts, found) = violations(
            vec![
                pi("pi_a", 0, "succeeded"),
                pi("pi_a2", 0, "succeeded"),
                pi("pi_b", 1, "requires_payment_method"),
            ],
            vec![
                session("cs_b", 1, "pi_b"),
                session("cs_b2", 1, "pi_b"),
                session("cs_a", 0, "pi_a2"),
            ],
        );
        assert_eq!(counts.duplicates, 2, "{found:?}");
        let all = found.join("\n");
        assert!(all.contains("charge 0: 2 PaymentIntents"), "{all}");
        assert!(all.contains("charge 1: 2 recovery sessions"), "{all}");
        assert!(all.contains("names pi_a2"), "{all}");
    }

    #[test]
    fn a_missing_intent_and_a_wrong_outcome_are_violations() {
        let (counts, found) = violations(vec![pi("pi_b", 1, "succeeded")], Vec::new());
        assert_eq!(counts.missing, 1, "{found:?}");
        let all = found.join("\n");
        assert!(all.contains("charge 0: 0 PaymentIntents"), "{all}");
        assert!(
            all.contains("the simulator's PaymentIntent pi_b is succeeded"),
            "{all}"
        );
    }
}
