//! The two hooks `index.js` uses to honour an `AbortSignal` (`options.signal` of every method).
//! The rule is the core's (`offsession::cancel`) and is applied by the driver
//! (`event_loop::abort`): a resource call is cancelled, a flow runs to its end, detached.

use napi::Env;
use napi_derive::napi;

use crate::event_loop;

/// The id of the call this thread started last, for `_abortCall`; asked right after starting a
/// call with a signal. `null` before any call.
#[napi(js_name = "_lastCallId", catch_unwind)]
pub fn last_call_id() -> Option<f64> {
    // Ids count calls from 0; a double holds them exactly up to 2^53.
    event_loop::last_call_id().map(|id| id as f64)
}

/// The caller's signal aborted call `id`. Returns what was done: `"cancelled"` (a resource
/// call: its request dropped where it stood), `"detached"` (a flow call: it runs to its end)
/// or `"settled"` (nothing was waiting: the call had already finished).
#[napi(js_name = "_abortCall", catch_unwind)]
pub fn abort_call(env: &Env, id: f64) -> napi::Result<&'static str> {
    if !(id >= 0.0 && id.fract() == 0.0 && id < 9_007_199_254_740_992.0) {
        return Ok(event_loop::Aborted::Settled.as_str());
    }
    Ok(event_loop::abort(env, id as u64)?.as_str())
}
