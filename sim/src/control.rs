//! The control surface under `/_sim/`: no auth, JSON in and out. It plays the customer
//! (completing Checkout), registers webhook endpoints, injects faults, and exposes the
//! simulator's own records (request log, objects, events) for tests. See README.md.

use http::Method;
use hyper::Response;
use serde_json::{json, Value};

use crate::faults::{Fault, RandomFaults};
use crate::reply::{self, Body};
use crate::resources::checkout_sessions::{self, Completion};
use crate::resources::Ctx;
use crate::state::{unix_now, Sim, State};
use crate::webhooks::{self, WebhookEndpoint};
use crate::{form, ids};

/// Serves one `/_sim/…` request.
pub fn handle(
    sim: &Sim,
    method: &Method,
    path: &str,
    query: Option<&str>,
    body: &[u8],
) -> Response<Body> {
    let rest = path.strip_prefix("/_sim").unwrap_or(path).trim_matches('/');
    let segments: Vec<&str> = rest.split('/').collect();
    let result = match (method.as_str(), segments.as_slice()) {
        ("POST", ["checkout", "sessions", id, "complete"]) => complete(sim, id, body),
        ("POST", ["webhook_endpoints"]) => add_endpoint(sim, body),
        ("GET", ["webhook_endpoints"]) => Ok(list_endpoints(&sim.lock())),
        ("GET", ["events"]) => Ok(events(&sim.lock(), query)),
        ("POST", ["webhooks", "sign"]) => sign(body),
        ("POST", ["faults"]) => add_fault(sim, body),
        ("GET", ["faults"]) => Ok(json!({
            "data": sim.lock().faults.iter().map(Fault::to_json).collect::<Vec<_>>()
        })),
        ("DELETE", ["faults"]) => {
            let mut state = sim.lock();
            let deleted = state.faults.len();
            state.faults.clear();
            Ok(json!({"deleted": deleted}))
        }
        ("POST", ["faults", "random"]) => set_random_faults(sim, body),
        ("GET", ["faults", "random"]) => Ok(random_faults(&sim.lock())),
        ("DELETE", ["faults", "random"]) => {
            let mut state = sim.lock();
            let last = random_faults(&state);
            state.random_faults = None;
            Ok(last)
        }
        ("POST", ["idempotency", "expire"]) => {
            // Stripe forgets a key after 24 hours; this forgets every finished one now, so a
            // test can show what a re-run sends after that.
            let mut state = sim.lock();
            let before = state.idempotency.len();
            state.idempotency.retain(|_, record| {
                matches!(record, crate::idempotency::IdempotencyRecord::InFlight(_))
            });
            Ok(json!({"expired": before - state.idempotency.len()}))
        }
        ("GET", ["requests"]) => Ok(requests(&sim.lock(), query)),
        ("GET", ["objects", kind]) => objects(&sim.lock(), kind),
        ("POST", ["reset"]) => {
            *sim.lock() = State::default();
            Ok(json!({"reset": true}))
        }
        _ => Err(fail(
            404,
            &format!("Unknown control route: {method} {path} (see the simulator's README)"),
        )),
    };
    match result {
        Ok(value) => reply::json(200, &value),
        Err((status, body)) => reply::json(status, &body),
    }
}

/// A control-surface failure: status and JSON body.
type Fail = (u16, Value);
type Handled = Result<Value, Fail>;

fn fail(status: u16, message: &str) -> Fail {
    (
        status,
        json!({"error": {"type": "invalid_request_error", "message": message}}),
    )
}

/// The JSON body as an object (an empty body is `{}`).
fn object_body(body: &[u8]) -> Result<serde_json::Map<String, Value>, Fail> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(fail(400, "The body must be a JSON object.")),
        Err(error) => Err(fail(400, &format!("Invalid JSON body: {error}"))),
    }
}

fn optional_string<'a>(
    body: &'a serde_json::Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, Fail> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(fail(400, &format!("`{name}` must be a string"))),
    }
}

fn complete(sim: &Sim, id: &str, body: &[u8]) -> Handled {
    let input = object_body(body)?;
    let payment_method = optional_string(&input, "payment_method")?.ok_or_else(|| {
        fail(
            400,
            "`payment_method` is required (a test card such as \"pm_card_visa\")",
        )
    })?;
    let completion = Completion {
        payment_method,
        email: optional_string(&input, "email")?,
        name: optional_string(&input, "name")?,
    };
    let ctx = Ctx {
        request_id: None,
        idempotency_key: None,
        api_version: None,
        base_url: &sim.base_url,
        pmc_id: &sim.pmc_id,
        now: unix_now(),
    };
    let result = checkout_sessions::complete(&mut sim.lock(), &ctx, id, &completion);
    result.map_err(|error| (error.status, error.body()))
}

fn add_endpoint(sim: &Sim, body: &[u8]) -> Handled {
    let input = object_body(body)?;
    let url = optional_string(&input, "url")?;
    if let Some(url) = url {
        webhooks::check_url(url).map_err(|message| fail(400, &message))?;
    }
    let secret = match optional_string(&input, "secret")? {
        Some("") => return Err(fail(400, "`secret` must not be empty")),
        Some(secret) => secret.to_string(),
        None => ids::webhook_secret(),
    };
    let endpoint = WebhookEndpoint {
        id: ids::webhook_endpoint(),
        url: url.map(str::to_string),
        secret,
    };
    let shown = json!({"id": endpoint.id, "secret": endpoint.secret, "url": endpoint.url});
    sim.lock().endpoints.push(endpoint);
    Ok(shown)
}

fn list_endpoints(state: &State) -> Value {
    let data: Vec<Value> = state
        .endpoints
        .iter()
        .map(|e| json!({"id": e.id, "secret": e.secret, "url": e.url}))
        .collect();
    json!({ "data": data })
}

fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    let params = form::parse(query.unwrap_or_default().as_bytes()).ok()?;
    params.get(name).and_then(Value::as_str).map(str::to_string)
}

fn events(state: &State, query: Option<&str>) -> Value {
    let kind = query_param(query, "type");
    let data: Vec<Value> = state
        .events
        .iter()
        .filter(|e| kind.as_deref().is_none_or(|k| e.kind == k))
        .map(|e| {
            // `signature`: the first endpoint's header, for the common one-endpoint case.
            let first = state
                .endpoints
                .iter()
                .find_map(|endpoint| e.signatures.get(&endpoint.id));
            json!({
                "id": e.id,
                "type": e.kind,
                "payload": e.payload,
                "signatures": e.signatures,
                "signature": first,
            })
        })
        .collect();
    json!({ "data": data })
}

fn sign(body: &[u8]) -> Handled {
    let input = object_body(body)?;
    let payload = optional_string(&input, "payload")?
        .ok_or_else(|| fail(400, "`payload` (the raw body, a string) is required"))?;
    let timestamp = match input.get("timestamp") {
        None | Some(Value::Null) => unix_now(),
        Some(v) => v
            .as_i64()
            .ok_or_else(|| fail(400, "`timestamp` must be an integer (unix seconds)"))?,
    };
    let secrets: Vec<&str> = match input.get("secrets") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let all_strings =
        matches!(input.get("secrets"), Some(Value::Array(items)) if items.len() == secrets.len());
    if secrets.is_empty() || !all_strings {
        return Err(fail(
            400,
            "`secrets` must be a non-empty array of strings (one v1 signature each)",
        ));
    }
    Ok(json!({"header": webhooks::signature_header(timestamp, payload, &secrets)}))
}

fn add_fault(sim: &Sim, body: &[u8]) -> Handled {
    let input = object_body(body)?;
    let fault = Fault::from_json(&Value::Object(input)).map_err(|m| fail(400, &m))?;
    let shown = fault.to_json();
    sim.lock().faults.push(fault);
    Ok(shown)
}

fn set_random_faults(sim: &Sim, body: &[u8]) -> Handled {
    let input = object_body(body)?;
    let random = RandomFaults::from_json(&Value::Object(input)).map_err(|m| fail(400, &m))?;
    let shown = random.to_json();
    sim.lock().random_faults = Some(random);
    Ok(shown)
}

/// The random mode's settings and counters, or `{"enabled": false}`.
fn random_faults(state: &State) -> Value {
    state
        .random_faults
        .as_ref()
        .map_or_else(|| json!({"enabled": false}), RandomFaults::to_json)
}

fn requests(state: &State, query: Option<&str>) -> Value {
    let method = query_param(query, "method").map(|m| m.to_ascii_uppercase());
    let path = query_param(query, "path");
    let data: Vec<Value> = state
        .log
        .iter()
        .filter(|e| method.as_deref().is_none_or(|m| e.method == m))
        .filter(|e| path.as_deref().is_none_or(|p| e.path.starts_with(p)))
        .map(|e| e.to_json())
        .collect();
    json!({ "data": data })
}

fn objects(state: &State, kind: &str) -> Handled {
    let data = match kind {
        "customers" => state.customers.list(),
        "checkout_sessions" => state.sessions.list(),
        "setup_intents" => state.setup_intents.list(),
        "payment_methods" => state.payment_methods.list(),
        "payment_intents" => state.payment_intents.list(),
        "events" => state.events.iter().map(|e| e.object.clone()).collect(),
        _ => {
            return Err(fail(
                404,
                &format!("Unknown object kind `{kind}` (customers, checkout_sessions, setup_intents, payment_methods, payment_intents, events)"),
            ))
        }
    };
    Ok(json!({ "data": data }))
}
