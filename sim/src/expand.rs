//! `expand[]`: which fields each object lets a caller expand, and doing it.
//!
//! Paths are validated before an endpoint changes anything, so a bad `expand` on a create is a
//! plain 400 and nothing is created.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::errors::ApiError;
use crate::state::{set, State};

/// Stripe refuses deeper expansions.
const MAX_LEVELS: usize = 4;

/// The object kinds that can be expanded or expanded into.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// `customer`
    Customer,
    /// `checkout.session`
    CheckoutSession,
    /// `setup_intent`
    SetupIntent,
    /// `payment_method`
    PaymentMethod,
    /// `payment_intent`
    PaymentIntent,
}

enum Target {
    /// An id of a stored object.
    Object(Kind),
    /// The session's includable `line_items` list.
    LineItems,
    /// Expandable in Stripe and always `null` here (stays `null`).
    AlwaysNull,
    /// Expandable in Stripe, but the simulator keeps no such objects.
    Unsimulated,
}

fn target(kind: Kind, field: &str) -> Option<Target> {
    use Kind::*;
    let t = match (kind, field) {
        (CheckoutSession, "customer") | (SetupIntent, "customer") => Target::Object(Customer),
        (PaymentIntent, "customer") | (PaymentMethod, "customer") => Target::Object(Customer),
        (CheckoutSession, "setup_intent") => Target::Object(SetupIntent),
        (CheckoutSession, "payment_intent") => Target::Object(PaymentIntent),
        (CheckoutSession, "line_items") => Target::LineItems,
        (SetupIntent | PaymentIntent, "payment_method") => Target::Object(PaymentMethod),
        (CheckoutSession, "invoice" | "payment_link" | "subscription")
        | (SetupIntent, "application" | "on_behalf_of" | "mandate" | "single_use_mandate")
        | (PaymentIntent, "application" | "on_behalf_of" | "invoice" | "review")
        | (Customer, "default_source" | "test_clock") => Target::AlwaysNull,
        (SetupIntent, "latest_attempt") | (PaymentIntent, "latest_charge") => Target::Unsimulated,
        _ => return None,
    };
    Some(t)
}

/// Checks every path; the error names the offending `expand[i]`.
pub fn validate(kind: Kind, paths: &[String]) -> Result<(), ApiError> {
    for (i, path) in paths.iter().enumerate() {
        check_path(kind, path, path, &format!("expand[{i}]"))?;
    }
    Ok(())
}

/// Checks the `expand` of a list endpoint, where every path names the items as `data.…`
/// (`data.customer`), and answers the paths within one item (`customer`).
pub fn validate_list(item: Kind, paths: &[String]) -> Result<Vec<String>, ApiError> {
    let mut inner = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let param = format!("expand[{i}]");
        match path.strip_prefix("data.") {
            Some(rest) => {
                check_path(item, rest, path, &param)?;
                inner.push(rest.to_string());
            }
            None => return Err(cannot_expand(path, &param)),
        }
    }
    Ok(inner)
}

fn cannot_expand(path: &str, param: &str) -> ApiError {
    ApiError::invalid(format!("This property cannot be expanded ({path}).")).param(param)
}

/// Checks `path` within `kind`; errors quote `shown` (the path as the caller wrote it).
fn check_path(kind: Kind, path: &str, shown: &str, param: &str) -> Result<(), ApiError> {
    if shown.split('.').count() > MAX_LEVELS {
        return Err(ApiError::invalid(format!(
            "You cannot expand more than {MAX_LEVELS} levels of a property. Property: {shown}"
        ))
        .param(param));
    }
    let segments: Vec<&str> = path.split('.').collect();
    let mut current = kind;
    for (depth, segment) in segments.iter().enumerate() {
        let last = depth + 1 == segments.len();
        match target(current, segment) {
            Some(Target::Object(next)) => current = next,
            Some(Target::LineItems | Target::AlwaysNull) if last => {}
            Some(Target::Unsimulated) => {
                return Err(ApiError::invalid(format!(
                    "This property cannot be expanded ({shown}): offsession-sim keeps no `{segment}` objects."
                ))
                .param(param))
            }
            _ => return Err(cannot_expand(shown, param)),
        }
    }
    Ok(())
}

fn lookup(state: &State, kind: Kind, id: &str) -> Option<Value> {
    let table = match kind {
        Kind::Customer => &state.customers,
        Kind::CheckoutSession => &state.sessions,
        Kind::SetupIntent => &state.setup_intents,
        Kind::PaymentMethod => &state.payment_methods,
        Kind::PaymentIntent => &state.payment_intents,
    };
    table.get(id).cloned()
}

/// The `line_items` list object of a session.
pub fn line_items(state: &State, session_id: &str) -> Value {
    let data = state
        .session_info
        .get(session_id)
        .map(|info| info.line_items.clone())
        .unwrap_or_default();
    json!({
        "object": "list",
        "data": data,
        "has_more": false,
        "url": format!("/v1/checkout/sessions/{session_id}/line_items"),
    })
}

/// Expands already validated `paths` in `object` (of `kind`).
pub fn apply(state: &State, kind: Kind, mut object: Value, paths: &[String]) -> Value {
    let mut groups: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for path in paths {
        let (head, rest) = path.split_once('.').unwrap_or((path.as_str(), ""));
        let nested = groups.entry(head).or_default();
        if !rest.is_empty() {
            nested.push(rest.to_string());
        }
    }
    for (field, nested) in groups {
        match target(kind, field) {
            Some(Target::Object(inner)) => {
                let found = object[field]
                    .as_str()
                    .and_then(|id| lookup(state, inner, id));
                if let Some(found) = found {
                    set(&mut object, field, apply(state, inner, found, &nested));
                }
            }
            Some(Target::LineItems) => {
                let id = object["id"].as_str().unwrap_or_default().to_string();
                set(&mut object, "line_items", line_items(state, &id));
            }
            _ => {}
        }
    }
    object
}
