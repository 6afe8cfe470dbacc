//! `GET /v1/setup_intents/{id}` and `POST /v1/setup_intents/{id}` (metadata and description).
//! SetupIntents are made by Checkout in setup mode (the control surface's session completion),
//! already `succeeded`.

use serde_json::{json, Map, Value};

use super::{build, Ctx, SETUP_INTENT};
use crate::errors::ApiError;
use crate::expand::{self, Kind};
use crate::params::{self, Shape, EXPAND};
use crate::state::{set, State};

static UPDATE: params::Fields = &[
    ("description", Shape::Str),
    EXPAND,
    ("metadata", Shape::Meta),
];

/// Stores a succeeded off-session SetupIntent for `payment_method` and returns its id.
pub fn create_succeeded(
    state: &mut State,
    ctx: &Ctx<'_>,
    payment_method: &str,
    customer: Option<&str>,
    setup_intent_data: &Map<String, Value>,
) -> String {
    let id = crate::ids::setup_intent();
    let metadata = match setup_intent_data.get("metadata") {
        Some(Value::Object(m)) => Value::Object(m.clone()),
        _ => json!({}),
    };
    let intent = build(
        &SETUP_INTENT,
        json!({
            "id": id,
            "client_secret": crate::ids::client_secret(&id),
            "created": ctx.now,
            "customer": customer,
            "description": setup_intent_data.get("description").and_then(Value::as_str),
            "latest_attempt": crate::ids::setup_attempt(),
            "metadata": metadata,
            "payment_method": payment_method,
            "status": "succeeded",
            "usage": "off_session",
        }),
    );
    state.setup_intents.insert(intent);
    id
}

/// `GET /v1/setup_intents/{id}`.
pub fn retrieve(state: &State, id: &str, p: &Map<String, Value>) -> Result<Value, ApiError> {
    params::check(p, params::EXPAND_ONLY)?;
    let expand = params::expand(p);
    expand::validate(Kind::SetupIntent, &expand)?;
    let intent = state
        .setup_intents
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("setupintent", id, "id", 404))?;
    Ok(expand::apply(state, Kind::SetupIntent, intent, &expand))
}

/// `POST /v1/setup_intents/{id}`: `metadata` is merged as Stripe merges it (a key set to `""`
/// is removed; `metadata=""` clears them all), `description` replaced.
pub fn update(state: &mut State, id: &str, p: &Map<String, Value>) -> Result<Value, ApiError> {
    params::check(p, UPDATE)?;
    let expand = params::expand(p);
    expand::validate(Kind::SetupIntent, &expand)?;
    let mut intent = state
        .setup_intents
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("setupintent", id, "intent", 404))?;
    if let Some(metadata) = params::merge_metadata(&intent["metadata"], p) {
        set(&mut intent, "metadata", metadata);
    }
    if let Some(description) = p.get("description").and_then(Value::as_str) {
        set(&mut intent, "description", json!(description));
    }
    state.setup_intents.insert(intent.clone());
    Ok(expand::apply(state, Kind::SetupIntent, intent, &expand))
}
