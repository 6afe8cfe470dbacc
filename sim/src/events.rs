//! Events (`evt_…`) as Stripe announces state changes, signed for every registered endpoint.

use serde_json::{json, Map, Value};

use crate::state::{unix_now, State};
use crate::webhooks;

/// API version stamped on events when the triggering request named none.
pub const DEFAULT_API_VERSION: &str = "2026-09-30.endive";

/// A recorded event: the object and the exact bytes delivered, with each endpoint's signature.
pub struct EventRecord {
    /// `evt_…`
    pub id: String,
    /// `checkout.session.completed`, `payment_intent.succeeded`, …
    pub kind: String,
    /// The event object.
    pub object: Value,
    /// The raw JSON body as delivered (signatures cover these bytes).
    pub payload: String,
    /// `we_…` → `Stripe-Signature` header value.
    pub signatures: Map<String, Value>,
}

/// Where an event came from: the API request (if any) that caused it.
#[derive(Clone, Copy, Default)]
pub struct Cause<'a> {
    /// `Request-Id` of the API request; `None` for the customer's own actions (Checkout).
    pub request_id: Option<&'a str>,
    /// Its `Idempotency-Key`.
    pub idempotency_key: Option<&'a str>,
    /// Its `Stripe-Version`.
    pub api_version: Option<&'a str>,
}

/// Records an event of `kind` about `object` (a snapshot, unexpanded), signs it for every
/// endpoint and starts delivery to those with a URL.
pub fn record(state: &mut State, kind: &str, object: Value, cause: Cause<'_>) {
    record_change(state, kind, object, None, cause);
}

/// [`record`] with `data.previous_attributes`: the changed fields as they were before (Stripe
/// sends it with `*.updated` events, and with `payment_method.detached`).
pub fn record_change(
    state: &mut State,
    kind: &str,
    object: Value,
    previous: Option<Value>,
    cause: Cause<'_>,
) {
    let id = crate::ids::event();
    let now = unix_now();
    let deliverable = state.endpoints.iter().filter(|e| e.url.is_some()).count();
    let mut data = Map::new();
    data.insert("object".into(), object);
    if let Some(previous) = previous {
        data.insert("previous_attributes".into(), previous);
    }
    let event = json!({
        "id": id,
        "object": "event",
        "api_version": cause.api_version.unwrap_or(DEFAULT_API_VERSION),
        "created": now,
        "data": data,
        "livemode": false,
        "pending_webhooks": deliverable,
        "request": {"id": cause.request_id, "idempotency_key": cause.idempotency_key},
        "type": kind,
    });
    let payload = serde_json::to_string_pretty(&event).unwrap_or_default();
    let mut signatures = Map::new();
    for endpoint in &state.endpoints {
        let header = webhooks::signature_header(now, &payload, &[&endpoint.secret]);
        if let Some(url) = &endpoint.url {
            webhooks::deliver(url, payload.clone(), header.clone());
        }
        signatures.insert(endpoint.id.clone(), Value::from(header));
    }
    state.events.push(EventRecord {
        id,
        kind: kind.to_string(),
        object: event,
        payload,
        signatures,
    });
}
