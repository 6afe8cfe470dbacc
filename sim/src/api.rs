//! The `/v1` pipeline: request log → faults → auth → parameters → routing → idempotency →
//! endpoint (under the state lock, together with saving the idempotent result).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method};
use hyper::Response;
use serde_json::{json, Map, Value};

use crate::conn::Abort;
use crate::errors::ApiError;
use crate::events::DEFAULT_API_VERSION;
use crate::faults::{self, FaultKind};
use crate::idempotency::{self, Begin, Fingerprint};
use crate::reply::{self, Body};
use crate::request_log::{self, LogEntry};
use crate::resources::{
    checkout_sessions, customers, payment_intents, payment_methods, setup_intents, Ctx,
};
use crate::state::{unix_now, Sim, State};
use crate::{auth, form, ids};

/// A `/v1` request, body already read.
pub struct Incoming {
    /// Method.
    pub method: Method,
    /// Path without query.
    pub path: String,
    /// Raw query string.
    pub query: Option<String>,
    /// Headers.
    pub headers: HeaderMap,
    /// Body bytes.
    pub body: Bytes,
}

/// How the connection layer should answer.
pub enum Outcome {
    /// Send this response.
    Respond(Response<Body>),
    /// Send nothing and end the connection this way.
    Abort(Abort),
}

enum Route<'a> {
    CreateCustomer,
    GetCustomer(&'a str),
    UpdateCustomer(&'a str),
    ListCustomerPaymentMethods(&'a str),
    CreateSession,
    GetSession(&'a str),
    ExpireSession(&'a str),
    GetSetupIntent(&'a str),
    UpdateSetupIntent(&'a str),
    GetPaymentMethod(&'a str),
    AttachPaymentMethod(&'a str),
    DetachPaymentMethod(&'a str),
    CreatePaymentIntent,
    GetPaymentIntent(&'a str),
    CancelPaymentIntent(&'a str),
}

fn route<'a>(method: &Method, path: &'a str) -> Option<Route<'a>> {
    let segments: Vec<&str> = path.strip_prefix("/v1/")?.split('/').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return None;
    }
    let route = match (method.as_str(), segments.as_slice()) {
        ("POST", ["customers"]) => Route::CreateCustomer,
        ("GET", ["customers", id]) => Route::GetCustomer(id),
        ("POST", ["customers", id]) => Route::UpdateCustomer(id),
        ("GET", ["customers", id, "payment_methods"]) => Route::ListCustomerPaymentMethods(id),
        ("POST", ["checkout", "sessions"]) => Route::CreateSession,
        ("GET", ["checkout", "sessions", id]) => Route::GetSession(id),
        ("POST", ["checkout", "sessions", id, "expire"]) => Route::ExpireSession(id),
        ("GET", ["setup_intents", id]) => Route::GetSetupIntent(id),
        ("POST", ["setup_intents", id]) => Route::UpdateSetupIntent(id),
        ("GET", ["payment_methods", id]) => Route::GetPaymentMethod(id),
        ("POST", ["payment_methods", id, "attach"]) => Route::AttachPaymentMethod(id),
        ("POST", ["payment_methods", id, "detach"]) => Route::DetachPaymentMethod(id),
        ("POST", ["payment_intents"]) => Route::CreatePaymentIntent,
        ("GET", ["payment_intents", id]) => Route::GetPaymentIntent(id),
        ("POST", ["payment_intents", id, "cancel"]) => Route::CancelPaymentIntent(id),
        _ => return None,
    };
    Some(route)
}

fn run(
    state: &mut State,
    ctx: &Ctx<'_>,
    route: &Route<'_>,
    p: &Map<String, Value>,
) -> Result<Value, ApiError> {
    match route {
        Route::CreateCustomer => customers::create(state, ctx, p),
        Route::GetCustomer(id) => customers::retrieve(state, id, p),
        Route::UpdateCustomer(id) => customers::update(state, ctx, id, p),
        Route::ListCustomerPaymentMethods(id) => payment_methods::list_for_customer(state, id, p),
        Route::CreateSession => checkout_sessions::create(state, ctx, p),
        Route::GetSession(id) => checkout_sessions::retrieve(state, id, p),
        Route::ExpireSession(id) => checkout_sessions::expire(state, ctx, id, p),
        Route::GetSetupIntent(id) => setup_intents::retrieve(state, id, p),
        Route::UpdateSetupIntent(id) => setup_intents::update(state, id, p),
        Route::GetPaymentMethod(id) => payment_methods::retrieve(state, ctx, id, p),
        Route::AttachPaymentMethod(id) => payment_methods::attach(state, ctx, id, p),
        Route::DetachPaymentMethod(id) => payment_methods::detach(state, ctx, id, p),
        Route::CreatePaymentIntent => payment_intents::create(state, ctx, p),
        Route::GetPaymentIntent(id) => payment_intents::retrieve(state, id, p),
        Route::CancelPaymentIntent(id) => payment_intents::cancel(state, ctx, id, p),
    }
}

/// The 404 for any path or method the simulator does not serve.
pub fn unrecognized(method: &Method, path: &str) -> ApiError {
    ApiError::invalid(format!(
        "Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."
    ))
    .status(404)
}

/// What the pipeline produced, before headers.
struct Reply {
    status: u16,
    body: Bytes,
    replayed: bool,
    original_request: Option<String>,
}

impl Reply {
    fn error(error: &ApiError) -> Reply {
        Reply {
            status: error.status,
            body: reply::to_bytes(&error.body()),
            replayed: false,
            original_request: None,
        }
    }
}

fn with_log_url(error: ApiError, request_id: &str) -> ApiError {
    let url = format!(
        "https://dashboard.stripe.com/test/logs/{request_id}?t={}",
        unix_now()
    );
    error.with("request_log_url", Value::from(url))
}

/// Releases an in-flight idempotency key if the request never finishes (never while locked).
struct InFlightGuard {
    sim: Arc<Sim>,
    scope: Option<(String, String)>,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if let Some((api_key, key)) = self.scope.take() {
            idempotency::finish(&mut self.sim.lock(), &api_key, &key, None);
        }
    }
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Serves one `/v1` request.
pub async fn handle(sim: Arc<Sim>, req: Incoming) -> Outcome {
    let request_id = ids::request();
    let idempotency_key = header(&req.headers, "idempotency-key");
    let stripe_version = header(&req.headers, "stripe-version");
    let params = if req.method == Method::GET {
        form::parse(req.query.as_deref().unwrap_or_default().as_bytes())
    } else {
        form::parse(&req.body)
    };
    let logged_body = match &params {
        Ok(map) => Value::Object(map.clone()),
        Err(_) => Value::String(String::from_utf8_lossy(&req.body).into_owned()),
    };
    let fault = {
        let mut state = sim.lock();
        request_log::push(
            &mut state,
            LogEntry {
                seq: 0,
                method: req.method.to_string(),
                path: req.path.clone(),
                query: req.query.clone(),
                idempotency_key: idempotency_key.clone(),
                stripe_account: header(&req.headers, "stripe-account"),
                stripe_version: stripe_version.clone(),
                user_agent: header(&req.headers, "user-agent"),
                status: None,
                fault: None,
                idempotent_replayed: false,
                request_id: request_id.clone(),
                body: logged_body,
            },
        );
        faults::take(&mut state, req.method.as_str(), &req.path)
    };
    let fault_name = fault.as_ref().map(|f| f.kind.name());
    let finish_log = |status: Option<u16>, replayed: bool| {
        request_log::finish(&mut sim.lock(), &request_id, status, fault_name, replayed);
    };

    let injected = match fault.as_ref().map(|f| f.kind) {
        Some(FaultKind::ResetBefore) => {
            finish_log(None, false);
            return Outcome::Abort(Abort::Reset);
        }
        Some(FaultKind::Status500) => Some(ApiError::new(
            500,
            "api_error",
            "An unknown error occurred",
        )),
        Some(FaultKind::Status429LockTimeout) => Some(
            ApiError::new(
                429,
                "invalid_request_error",
                "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.",
            )
            .code("lock_timeout"),
        ),
        _ => None,
    };
    let reply = match injected {
        Some(error) => Reply::error(&error),
        None => {
            let delay = fault
                .as_ref()
                .filter(|f| f.kind == FaultKind::Delay)
                .map(|f| f.delay_ms);
            let meta = Meta {
                request_id: &request_id,
                idempotency_key: idempotency_key.as_deref(),
                stripe_version: stripe_version.as_deref(),
                delay,
            };
            process(&sim, &req, params, meta).await
        }
    };

    if fault.as_ref().map(|f| f.kind) == Some(FaultKind::DropAfterCommit) {
        finish_log(None, false);
        return Outcome::Abort(Abort::Close);
    }
    finish_log(Some(reply.status), reply.replayed);

    let mut response = reply::json_bytes(reply.status, reply.body);
    reply::set_header(&mut response, "request-id", &request_id);
    reply::set_header(
        &mut response,
        "stripe-version",
        stripe_version.as_deref().unwrap_or(DEFAULT_API_VERSION),
    );
    if req.method == Method::POST {
        if let Some(key) = &idempotency_key {
            reply::set_header(&mut response, "idempotency-key", key);
        }
    }
    if reply.replayed {
        reply::set_header(&mut response, "idempotent-replayed", "true");
    }
    if let Some(original) = &reply.original_request {
        reply::set_header(&mut response, "original-request", original);
    }
    if let Some(retry) = fault.as_ref().and_then(|f| f.should_retry) {
        reply::set_header(
            &mut response,
            "stripe-should-retry",
            if retry { "true" } else { "false" },
        );
    }
    Outcome::Respond(response)
}

struct Meta<'a> {
    request_id: &'a str,
    idempotency_key: Option<&'a str>,
    stripe_version: Option<&'a str>,
    delay: Option<u64>,
}

async fn process(
    sim: &Arc<Sim>,
    req: &Incoming,
    params: Result<Map<String, Value>, String>,
    meta: Meta<'_>,
) -> Reply {
    let api_key = match auth::api_key(&req.headers) {
        Ok(key) => key,
        Err(error) => return Reply::error(&error),
    };
    let logged = |error: ApiError| Reply::error(&with_log_url(error, meta.request_id));
    let params = match params {
        Ok(params) => params,
        Err(message) => return logged(ApiError::invalid(message)),
    };
    let Some(route) = route(&req.method, &req.path) else {
        return logged(unrecognized(&req.method, &req.path));
    };
    if api_key.restricted && req.method != Method::GET {
        return logged(auth::forbidden(&api_key));
    }
    let scope = match (req.method == Method::POST, meta.idempotency_key) {
        (true, Some(key)) => Some((api_key.value.clone(), key.to_string())),
        _ => None,
    };
    if let Some((api_key, key)) = &scope {
        let fingerprint = Fingerprint {
            method: req.method.to_string(),
            path: req.path.clone(),
            params: Value::Object(params.clone()),
        };
        let begin = idempotency::begin(&mut sim.lock(), api_key, key, fingerprint);
        match begin {
            Begin::Execute => {}
            Begin::Replay {
                status,
                body,
                original_request,
            } => {
                return Reply {
                    status,
                    body,
                    replayed: true,
                    original_request: Some(original_request),
                }
            }
            Begin::Reject(error) => return logged(error),
        }
    }
    let mut guard = InFlightGuard {
        sim: Arc::clone(sim),
        scope,
    };
    if let Some(ms) = meta.delay {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let ctx = Ctx {
        request_id: Some(meta.request_id),
        idempotency_key: meta.idempotency_key,
        api_version: meta.stripe_version,
        base_url: &sim.base_url,
        pmc_id: &sim.pmc_id,
        now: unix_now(),
    };
    let mut state = sim.lock();
    let (status, body) = match run(&mut state, &ctx, &route, &params) {
        Ok(object) => (200, reply::to_bytes(&object)),
        Err(error) => {
            let error = with_log_url(error, meta.request_id);
            (error.status, reply::to_bytes(&error.body()))
        }
    };
    // Saved in the same critical section as the state change: a result exists iff it committed.
    if let Some((api_key, key)) = guard.scope.take() {
        let saved = idempotency::is_saved(status)
            .then(|| (status, body.clone(), meta.request_id.to_string()));
        idempotency::finish(&mut state, &api_key, &key, saved);
    }
    drop(state);
    Reply {
        status,
        body,
        replayed: false,
        original_request: None,
    }
}

/// The JSON body used when the connection layer itself fails (should not happen).
pub fn internal_error() -> Response<Body> {
    reply::json(
        500,
        &json!({"error": {"type": "api_error", "message": "An unknown error occurred"}}),
    )
}
