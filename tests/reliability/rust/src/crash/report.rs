//! The crash soak's printed figures: the same layout in the Rust, Python and Node drivers,
//! ending with one `SUMMARY` line that `scripts/reliability` collects.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{CrashResult, Stage};
use crate::Config;

const FAULT_KINDS: [&str; 5] = [
    "reset_before",
    "drop_after_commit",
    "status_500",
    "status_429_lock_timeout",
    "delay",
];

fn pairs<V: std::fmt::Display>(items: impl IntoIterator<Item = (String, V)>) -> String {
    let text: Vec<String> = items.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    if text.is_empty() {
        "none".into()
    } else {
        text.join(" ")
    }
}

impl CrashResult {
    /// Kills in every stage, zeros included.
    fn stages(&self) -> String {
        pairs(
            Stage::ALL
                .iter()
                .map(|s| (s.name().to_owned(), self.kills.get(s).copied().unwrap_or(0))),
        )
    }

    /// The printed figures.
    pub fn report(&self, language: &str, config: &Config) -> String {
        let c = &self.counts;
        let kills: u64 = self.kills.values().sum();
        let reruns = c.attempts.saturating_sub(c.charges as u64);
        let faults: BTreeMap<String, u64> = FAULT_KINDS
            .iter()
            .map(|k| ((*k).to_owned(), c.faults.get(*k).copied().unwrap_or(0)))
            .collect();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "crash soak [{language}]: {} charges over {} customers, seed {}, rate {}, concurrency {}, delay faults {} ms; children: timeout {} ms, max_retries {}, SIGKILL at U(0, {} ms) from the start or U(0, {} ms) from `ready` (medians of {} spared children)",
            config.charges,
            config.customers,
            config.seed,
            config.rate,
            config.concurrency,
            config.delay.as_millis(),
            config.timeout.as_millis(),
            config.max_retries,
            self.windows.0.as_millis(),
            self.windows.1.as_millis(),
            self.spared,
        );
        let _ = writeln!(
            out,
            "  children: {} for {} charges, {reruns} re-runs after: {}",
            c.attempts,
            c.charges,
            pairs(c.caller_errors.clone())
        );
        let _ = writeln!(
            out,
            "  kills:    {kills} by stage: {} (requests the log had not yet shown at the kill: {})",
            self.stages(),
            self.late
        );
        let _ = writeln!(
            out,
            "  requests: POST /v1/payment_intents={} POST /v1/checkout/sessions={} idempotent_replays={}",
            c.payment_intent_requests, c.session_requests, c.replays
        );
        let _ = writeln!(
            out,
            "  faults:   {} (total {} of {} requests considered)",
            pairs(faults),
            c.faults_total(),
            c.considered
        );
        let _ = writeln!(
            out,
            "  sim:      payment_intents={} succeeded={} declined={} recovery_sessions={} duplicates={} missing={} events succeeded={} payment_failed={}",
            c.payment_intents, c.succeeded, c.declined, c.recovery_sessions, c.duplicates, c.missing, c.events_succeeded, c.events_failed
        );
        for violation in self.violations.iter().take(20) {
            let _ = writeln!(out, "  VIOLATION {violation}");
        }
        if self.violations.len() > 20 {
            let _ = writeln!(
                out,
                "  … and {} more violations",
                self.violations.len() - 20
            );
        }
        let verdict = if self.violations.is_empty() {
            "OK"
        } else {
            "FAILED"
        };
        let _ = writeln!(
            out,
            "  result:   {verdict}, {} violations; charging {:.1} s, total {:.1} s",
            self.violations.len(),
            self.charge_time.as_secs_f64(),
            self.total_time.as_secs_f64()
        );
        let _ = writeln!(
            out,
            "SUMMARY crash-soak lang={language} charges={} children={} kills={kills} {} reruns={reruns} payment_intents={} succeeded={} declined={} recovery_sessions={} duplicates={} violations={} seconds={:.1}",
            c.charges,
            c.attempts,
            self.stages(),
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
