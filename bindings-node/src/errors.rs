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

/// The error's JSON for `index.js`: the core's [`offsession::ErrorShape`] as it serialises
/// (`kind`, Stripe's `code`, `type`, `http_status`, `json_body`, `headers`, …, named as in the
/// core), plus `display`, the error's one-line text. `index.js` names the properties as
/// stripe-node does.
pub fn shape(error: &offsession::Error) -> serde_json::Value {
    let display = error.to_string();
    match serde_json::to_value(error.shape()) {
        Ok(serde_json::Value::Object(mut fields)) => {
            fields.insert("display".into(), display.into());
            fields.into()
        }
        // Not reached (an ErrorShape is a JSON object); the kind and message survive anyway.
        _ => json!({"kind": error.kind(), "message": error.message(), "display": display}),
    }
}

pub fn to_napi(error: offsession::Error) -> napi::Error {
    napi::Error::from_reason(format!("{TAG}{}", shape(&error)))
}

/// The core's error kinds (`offsession::ErrorKind::ALL`), for `index.js` to check at load
/// that each has a class, and no class lacks a kind.
#[napi_derive::napi(js_name = "errorKinds", catch_unwind)]
pub fn error_kinds() -> Vec<String> {
    offsession::ErrorKind::ALL
        .iter()
        .map(|kind| kind.as_str().to_owned())
        .collect()
}

/// A failure inside this library (a panic, a result that would not encode): an `api_error`
/// with no response behind it (`index.js` gives the fields it lacks `null`).
fn internal(message: String) -> napi::Error {
    napi::Error::from_reason(format!(
        "{TAG}{}",
        json!({
            "kind": offsession::ErrorKind::Api,
            "message": message,
            "display": message,
            "retryable": false,
        })
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
