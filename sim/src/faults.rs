//! Injected faults: the next N matching `/v1` requests misbehave in a chosen way.

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
        [
            FaultKind::ResetBefore,
            FaultKind::DropAfterCommit,
            FaultKind::Status500,
            FaultKind::Status429LockTimeout,
            FaultKind::Delay,
        ]
        .into_iter()
        .find(|kind| kind.name() == name)
    }
}

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
        let kind = FaultKind::parse(&kind_name).ok_or(format!(
            "unknown kind `{kind_name}` (reset_before, drop_after_commit, status_500, status_429_lock_timeout, delay)"
        ))?;
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

/// Takes one use of the first pending fault matching this request, if any.
pub fn take(state: &mut State, method: &str, path: &str) -> Option<Fault> {
    let index = state.faults.iter().position(|f| f.matches(method, path))?;
    let fault = &mut state.faults[index];
    fault.remaining -= 1;
    let taken = fault.clone();
    if fault.remaining == 0 {
        state.faults.remove(index);
    }
    Some(taken)
}
