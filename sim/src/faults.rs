//! Injected faults: the next N matching `/v1` requests misbehave in a chosen way, or (random
//! mode) each matching request misbehaves with a given probability, drawn from a seeded
//! generator so that a soak test can be replayed.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::state::State;

/// How a matching request misbehaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Read the request, then reset the connection (RST) without handling it.
    ResetBefore,
    /// Handle the request fully (state and idempotency record saved), then close the
    /// connection without sending the response.
    DropAfterCommit,
    /// 500 `api_error` without handling.
    Status500,
    /// 429 `lock_timeout` without handling.
    Status429LockTimeout,
    /// Sleep `delay_ms`, then handle normally.
    Delay,
}

impl FaultKind {
    /// The wire name, e.g. `reset_before`.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::ResetBefore => "reset_before",
            FaultKind::DropAfterCommit => "drop_after_commit",
            FaultKind::Status500 => "status_500",
            FaultKind::Status429LockTimeout => "status_429_lock_timeout",
            FaultKind::Delay => "delay",
        }
    }

    fn parse(name: &str) -> Option<FaultKind> {
        ALL_KINDS.into_iter().find(|kind| kind.name() == name)
    }
}

const ALL_KINDS: [FaultKind; 5] = [
    FaultKind::ResetBefore,
    FaultKind::DropAfterCommit,
    FaultKind::Status500,
    FaultKind::Status429LockTimeout,
    FaultKind::Delay,
];

const KIND_NAMES: &str =
    "reset_before, drop_after_commit, status_500, status_429_lock_timeout, delay";

/// A pending fault.
#[derive(Clone, Debug)]
pub struct Fault {
    /// `flt_…`
    pub id: String,
    /// Only requests with this method (any when `None`).
    pub method: Option<String>,
    /// Only requests whose path starts with this (any when `None`).
    pub path: Option<String>,
    /// What happens.
    pub kind: FaultKind,
    /// For [`FaultKind::Delay`].
    pub delay_ms: u64,
    /// Matching requests still to affect.
    pub remaining: u64,
    /// `Stripe-Should-Retry` to send with a 500/429, if any.
    pub should_retry: Option<bool>,
}

const MAX_DELAY_MS: u64 = 120_000;

impl Fault {
    /// Reads `{"method","path","kind","delay_ms","count","should_retry"}`.
    pub fn from_json(input: &Value) -> Result<Fault, String> {
        let obj = input.as_object().ok_or("the body must be a JSON object")?;
        let known = [
            "method",
            "path",
            "kind",
            "delay_ms",
            "count",
            "should_retry",
        ];
        if let Some(unknown) = obj.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!(
                "unknown field `{unknown}` (known: {})",
                known.join(", ")
            ));
        }
        let text = |name: &str| -> Result<Option<String>, String> {
            match obj.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(format!("`{name}` must be a string")),
            }
        };
        let number = |name: &str| -> Result<Option<u64>, String> {
            match obj.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v
                    .as_u64()
                    .map(Some)
                    .ok_or(format!("`{name}` must be a non-negative integer")),
            }
        };
        let kind_name = text("kind")?.ok_or("`kind` is required")?;
        let kind = FaultKind::parse(&kind_name)
            .ok_or(format!("unknown kind `{kind_name}` ({KIND_NAMES})"))?;
        let delay_ms = number("delay_ms")?;
        if kind == FaultKind::Delay && delay_ms.is_none() {
            return Err("`delay_ms` is required for kind `delay`".into());
        }
        let delay_ms = delay_ms.unwrap_or(0);
        if delay_ms > MAX_DELAY_MS {
            return Err(format!("`delay_ms` must be at most {MAX_DELAY_MS}"));
        }
        let count = number("count")?.unwrap_or(1);
        if count == 0 {
            return Err("`count` must be at least 1".into());
        }
        let should_retry = match obj.get("should_retry") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err("`should_retry` must be a boolean".into()),
        };
        Ok(Fault {
            id: crate::ids::random("flt_", 14),
            method: text("method")?.map(|m| m.to_ascii_uppercase()),
            path: text("path")?,
            kind,
            delay_ms,
            remaining: count,
            should_retry,
        })
    }

    /// The JSON the control surface shows.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "method": self.method,
            "path": self.path,
            "kind": self.kind.name(),
            "delay_ms": self.delay_ms,
            "count": self.remaining,
            "should_retry": self.should_retry,
        })
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && self.path.as_deref().is_none_or(|p| path.starts_with(p))
    }
}

/// Random mode: every matching request gets a fault with probability `rate`, its kind drawn
/// uniformly from `kinds`. The generator is seeded, so a run that sends the same requests in the
/// same order meets the same faults (under concurrency the arrival order, not the seed, varies).
#[derive(Debug)]
pub struct RandomFaults {
    seed: u64,
    rate: f64,
    kinds: Vec<FaultKind>,
    delay_ms: u64,
    method: Option<String>,
    paths: Vec<String>,
    rng: fastrand::Rng,
    /// Matching requests seen (each one drew from the generator).
    considered: u64,
    /// Faults injected, by kind name.
    injected: BTreeMap<&'static str, u64>,
}

impl RandomFaults {
    /// Reads `{"seed","rate","kinds","delay_ms","method","paths"}`.
    pub fn from_json(input: &Value) -> Result<RandomFaults, String> {
        let obj = input.as_object().ok_or("the body must be a JSON object")?;
        let known = ["seed", "rate", "kinds", "delay_ms", "method", "paths"];
        if let Some(unknown) = obj.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!(
                "unknown field `{unknown}` (known: {})",
                known.join(", ")
            ));
        }
        let seed = match obj.get("seed") {
            None | Some(Value::Null) => fastrand::u64(..),
            Some(v) => v.as_u64().ok_or("`seed` must be a non-negative integer")?,
        };
        let rate = obj
            .get("rate")
            .ok_or("`rate` is required (the probability of a fault per matching request)")?
            .as_f64()
            .filter(|r| (0.0..=1.0).contains(r))
            .ok_or("`rate` must be a number from 0 to 1")?;
        let kinds = match obj.get("kinds") {
            None | Some(Value::Null) => ALL_KINDS.to_vec(),
            Some(Value::Array(items)) if !items.is_empty() => {
                let mut kinds = Vec::with_capacity(items.len());
                for item in items {
                    let name = item.as_str().ok_or("`kinds` must be an array of strings")?;
                    let kind = FaultKind::parse(name)
                        .ok_or(format!("unknown kind `{name}` ({KIND_NAMES})"))?;
                    if !kinds.contains(&kind) {
                        kinds.push(kind);
                    }
                }
                kinds
            }
            Some(_) => return Err("`kinds` must be a non-empty array of kind names".into()),
        };
        let delay_ms = match obj.get("delay_ms") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .ok_or("`delay_ms` must be a non-negative integer")?,
            ),
        };
        if kinds.contains(&FaultKind::Delay) && delay_ms.is_none() {
            return Err(
                "`delay_ms` is required when `kinds` includes `delay` (the default kinds do)"
                    .into(),
            );
        }
        let delay_ms = delay_ms.unwrap_or(0);
        if delay_ms > MAX_DELAY_MS {
            return Err(format!("`delay_ms` must be at most {MAX_DELAY_MS}"));
        }
        let method = match obj.get("method") {
            None | Some(Value::Null) => None,
            Some(Value::String(m)) => Some(m.to_ascii_uppercase()),
            Some(_) => return Err("`method` must be a string".into()),
        };
        let paths = match obj.get("paths") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|p| p.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or("`paths` must be an array of strings (path prefixes)")?,
            Some(_) => return Err("`paths` must be an array of strings (path prefixes)".into()),
        };
        Ok(RandomFaults {
            seed,
            rate,
            kinds,
            delay_ms,
            method,
            paths,
            rng: fastrand::Rng::with_seed(seed),
            considered: 0,
            injected: BTreeMap::new(),
        })
    }

    /// The JSON the control surface shows: the settings and what was injected so far.
    pub fn to_json(&self) -> Value {
        let injected: BTreeMap<&str, u64> = self
            .kinds
            .iter()
            .map(|kind| {
                (
                    kind.name(),
                    self.injected.get(kind.name()).copied().unwrap_or(0),
                )
            })
            .collect();
        json!({
            "enabled": true,
            "seed": self.seed,
            "rate": self.rate,
            "kinds": self.kinds.iter().map(|k| k.name()).collect::<Vec<_>>(),
            "delay_ms": self.delay_ms,
            "method": self.method,
            "paths": self.paths,
            "considered": self.considered,
            "injected": injected,
            "injected_total": self.injected.values().sum::<u64>(),
        })
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && (self.paths.is_empty() || self.paths.iter().any(|p| path.starts_with(p.as_str())))
    }

    /// Draws for one matching request: a fault or nothing.
    fn draw(&mut self, method: &str, path: &str) -> Option<Fault> {
        if !self.matches(method, path) {
            return None;
        }
        self.considered += 1;
        // Both numbers are always drawn, so one request consumes the same amount of the
        // sequence whatever the outcome.
        let hit = self.rng.f64() < self.rate;
        let kind = self.kinds[self.rng.usize(..self.kinds.len())];
        if !hit {
            return None;
        }
        *self.injected.entry(kind.name()).or_insert(0) += 1;
        Some(Fault {
            id: "flt_random".into(),
            method: Some(method.to_string()),
            path: Some(path.to_string()),
            kind,
            delay_ms: self.delay_ms,
            remaining: 0,
            should_retry: None,
        })
    }
}

/// Takes one use of the first pending fault matching this request, if any; else, in random
/// mode, draws one. Explicit faults win, so a test can still aim one at a given request.
pub fn take(state: &mut State, method: &str, path: &str) -> Option<Fault> {
    let Some(index) = state.faults.iter().position(|f| f.matches(method, path)) else {
        return state
            .random_faults
            .as_mut()
            .and_then(|random| random.draw(method, path));
    };
    let fault = &mut state.faults[index];
    fault.remaining -= 1;
    let taken = fault.clone();
    if fault.remaining == 0 {
        state.faults.remove(index);
    }
    Some(taken)
}
