//! Where a kill landed, from the simulator's request log: which requests the child had sent
//! (tagged by its User-Agent; the final log has them all, as a dead process sends nothing), and
//! whether the simulator had answered the last one when the child was reaped (the log read
//! right then).

use std::fmt;

use serde_json::Value;

/// The stage of a charge run at the instant its child was killed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// None of the child's requests had reached the simulator (process start, client setup).
    Before,
    /// Its PaymentIntent request had reached the simulator and was not answered yet (held by a
    /// `delay` fault): the PaymentIntent is created after the child's death.
    Charge,
    /// The PaymentIntent was declined (402) and the recovery session not requested yet.
    Between,
    /// The recovery session request had reached the simulator and was not answered yet.
    Recovery,
    /// Every request it sent had been answered (or cut by a fault): the child was about to
    /// report, or to fail and be re-run.
    After,
}

impl Stage {
    /// Every stage, in the order of a run.
    pub const ALL: [Stage; 5] = [
        Stage::Before,
        Stage::Charge,
        Stage::Between,
        Stage::Recovery,
        Stage::After,
    ];

    /// The name printed in the figures (the same in every language).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Before => "before",
            Stage::Charge => "charge",
            Stage::Between => "between",
            Stage::Recovery => "recovery",
            Stage::After => "after",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The log entries a child sent (its tag is the whole User-Agent), in arrival order.
pub fn entries_of<'a>(log: &'a [Value], tag: &str) -> Vec<&'a Value> {
    log.iter()
        .filter(|entry| entry.get("user_agent").and_then(Value::as_str) == Some(tag))
        .collect()
}

/// Whether a log entry has its answer. A request whose connection was cut by a fault
/// (`reset_before`, `drop_after_commit`) counts as answered: the child had its error.
pub fn answered(entry: &Value) -> bool {
    let cut = matches!(
        entry.get("fault").and_then(Value::as_str),
        Some("reset_before" | "drop_after_commit")
    );
    cut || entry.get("status").and_then(Value::as_u64).is_some()
}

/// The stage from a child's entries in the final log, given which of them (by `seq`) had been
/// answered when it was reaped.
pub fn classify(entries: &[&Value], answered_at_kill: impl Fn(u64) -> bool) -> Stage {
    let Some(last) = entries.last() else {
        return Stage::Before;
    };
    let fault = last.get("fault").and_then(Value::as_str);
    let cut = matches!(fault, Some("reset_before" | "drop_after_commit"));
    let status = last.get("status").and_then(Value::as_u64);
    let seq = last.get("seq").and_then(Value::as_u64).unwrap_or(u64::MAX);
    let in_flight = !answered_at_kill(seq);
    match (last.get("path").and_then(Value::as_str), in_flight) {
        (Some("/v1/payment_intents"), true) => Stage::Charge,
        (Some("/v1/payment_intents"), false) if status == Some(402) && !cut => Stage::Between,
        (Some("/v1/checkout/sessions"), true) => Stage::Recovery,
        _ => Stage::After,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn entry(path: &str, status: Option<u64>, fault: Option<&str>) -> Value {
        json!({"user_agent": "t", "path": path, "status": status, "fault": fault})
    }

    /// As the log read at the kill would say: answered if it has its answer now.
    fn then(entries: &[&Value]) -> Stage {
        classify(entries, |seq| {
            answered(entries[usize::try_from(seq).unwrap_or(0)])
        })
    }

    #[test]
    fn stages_follow_the_last_request_and_its_answer() {
        let pi = "/v1/payment_intents";
        let cs = "/v1/checkout/sessions";
        let cases = [
            (vec![], Stage::Before),
            (vec![entry(pi, None, Some("delay"))], Stage::Charge),
            (vec![entry(pi, None, None)], Stage::Charge),
            (vec![entry(pi, Some(402), None)], Stage::Between),
            (vec![entry(pi, Some(200), None)], Stage::After),
            (
                vec![entry(pi, None, Some("drop_after_commit"))],
                Stage::After,
            ),
            (vec![entry(pi, Some(500), Some("status_500"))], Stage::After),
            (
                vec![entry(pi, Some(402), None), entry(cs, None, Some("delay"))],
                Stage::Recovery,
            ),
            (
                vec![entry(pi, Some(402), None), entry(cs, Some(200), None)],
                Stage::After,
            ),
        ];
        for (mut entries, stage) in cases {
            for (seq, entry) in entries.iter_mut().enumerate() {
                entry["seq"] = json!(seq);
            }
            let refs: Vec<&Value> = entries.iter().collect();
            assert_eq!(then(&refs), stage, "{entries:?}");
        }
    }

    #[test]
    fn a_request_answered_after_the_kill_was_in_flight() {
        let declined =
            json!({"seq": 7, "path": "/v1/payment_intents", "status": 402, "fault": null});
        assert_eq!(classify(&[&declined], |_| false), Stage::Charge);
        assert_eq!(classify(&[&declined], |seq| seq == 7), Stage::Between);
    }

    #[test]
    fn a_child_is_found_by_its_whole_tag() {
        let log = [
            json!({"user_agent": "crash-soak-child/1/1"}),
            json!({"user_agent": "crash-soak-child/1/10"}),
            json!({"user_agent": null}),
        ];
        assert_eq!(entries_of(&log, "crash-soak-child/1/1").len(), 1);
    }
}
