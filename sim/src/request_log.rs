//! The request log: every `/v1` request in arrival order, with what became of it.

use serde_json::{json, Value};

use crate::state::State;

/// One `/v1` request.
pub struct LogEntry {
    /// 1, 2, 3, … in arrival order (restarts after a reset).
    pub seq: u64,
    /// `GET`, `POST`, …
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// Raw query string.
    pub query: Option<String>,
    /// `Idempotency-Key` header.
    pub idempotency_key: Option<String>,
    /// `Stripe-Account` header.
    pub stripe_account: Option<String>,
    /// `Stripe-Version` header.
    pub stripe_version: Option<String>,
    /// `User-Agent` header.
    pub user_agent: Option<String>,
    /// Response status; `None` while in flight or when the connection was reset or dropped.
    pub status: Option<u16>,
    /// Injected fault kind, if any.
    pub fault: Option<&'static str>,
    /// True when the response was an idempotent replay.
    pub idempotent_replayed: bool,
    /// `Request-Id` given to it.
    pub request_id: String,
    /// Decoded parameters as nested JSON (body for POST, query for GET).
    pub body: Value,
}

impl LogEntry {
    /// The control-surface JSON.
    pub fn to_json(&self) -> Value {
        json!({
            "seq": self.seq,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "idempotency_key": self.idempotency_key,
            "stripe_account": self.stripe_account,
            "stripe_version": self.stripe_version,
            "user_agent": self.user_agent,
            "status": self.status,
            "fault": self.fault,
            "idempotent_replayed": self.idempotent_replayed,
            "request_id": self.request_id,
            "body": self.body,
        })
    }
}

/// Appends an entry, giving it the next sequence number.
pub fn push(state: &mut State, mut entry: LogEntry) {
    state.last_seq += 1;
    entry.seq = state.last_seq;
    state.log.push(entry);
}

/// Records the outcome of the request with this `Request-Id`.
pub fn finish(
    state: &mut State,
    request_id: &str,
    status: Option<u16>,
    fault: Option<&'static str>,
    replayed: bool,
) {
    // Recent entries are at the end; a reset in between simply leaves nothing to update.
    if let Some(entry) = state
        .log
        .iter_mut()
        .rev()
        .find(|e| e.request_id == request_id)
    {
        entry.status = status;
        entry.fault = fault;
        entry.idempotent_replayed = replayed;
    }
}
