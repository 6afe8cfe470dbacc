//! Core errors → a rejected promise whose reason is `offsession:` + the error's JSON shape.

use std::future::Future;

use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use offsession::cancel::CallKind;
use serde::Serialize;
use serde_json::json;

use crate::event_loop;

/// Marks a reason as ours, so `index.js` knows to decode it.
pub const TAG: &str = "offsession:";

/// The error shape every binding exposes (see tests/conformance/README.md).
pub fn shape(error: &offsession::Error) -> serde_json::Value {
    json!({
        "code": error.code(),
        "stripe_code": error.stripe_code(),
        "decline_code": error.decline_code(),
        "param": error.param(),
        "http_status": error.http_status(),
        "request_id": error.request_id(),
        "message": error.message(),
        "display": error.to_string(),
        "idempotency_key": error.idempotency_key(),
        "payment_intent": error.payment_intent(),
    })
}

pub fn to_napi(error: offsession::Error) -> napi::Error {
    napi::Error::from_reason(format!("{TAG}{}", shape(&error)))
}

/// A failure inside this library (a panic, a result that would not encode): an `api_error`.
fn internal(message: String) -> napi::Error {
    napi::Error::from_reason(format!(
        "{TAG}{}",
        json!({"code": "api_error", "message": message, "display": message})
    ))
}

/// Serialises a result for `JSON.parse` on the JavaScript side.
pub fn to_json(value: &impl Serialize) -> napi::Result<String> {
    serde_json::to_string(value).map_err(|e| {
        internal(format!(
            "internal error in offsession: could not encode a result: {e}"
        ))
    })
}

/// Starts a core call on this thread's event-loop driver; the promise resolves to its result
/// as JSON. `kind` is the core's cancellation rule for the call (`offsession::cancel`): a
/// `Resource` call may be cancelled by an `AbortSignal`, a `Flow` runs to its end.
pub fn json_call<'env, T, F>(
    env: &'env Env,
    kind: CallKind,
    call: F,
) -> napi::Result<PromiseRaw<'env, String>>
where
    T: Serialize + Send + 'static,
    F: Future<Output = offsession::Result<T>> + Send + 'static,
{
    event_loop::start(env, kind, async move { to_json(&run(call).await?) })
}

/// Runs a core call, turning a panic inside it into an error instead of an abort. The call is
/// polled in place, inside the one task the driver spawns per call.
async fn run<T, F>(call: F) -> napi::Result<T>
where
    F: Future<Output = offsession::Result<T>>,
{
    match offsession::panic::catch_unwind(call).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(to_napi(error)),
        // A panic: an `api_error` with the panic's message, never an abort.
        Err(caught) => Err(internal(caught.to_string())),
    }
}

/// Test hook: a call that panics inside the runtime, as a bug in the core would.
#[napi_derive::napi(js_name = "_panicInCoreForTests", catch_unwind)]
pub fn panic_in_core_for_tests(env: &Env) -> napi::Result<PromiseRaw<'_, String>> {
    json_call(env, CallKind::Resource, async {
        if std::hint::black_box(true) {
            panic!("forced by _panicInCoreForTests");
        }
        Ok(String::new())
    })
}
