//! The Tokio runtime every call runs on, how a call's end (value, error or panic) comes back to
//! Swift or Kotlin, and what cancelling a call does.
//!
//! Each async export runs the core's future as a task on one shared multi-thread runtime and
//! awaits it, which any executor can poll: Swift's cooperative pool and Kotlin's coroutines wait
//! on it without blocking a thread. A panic inside the task comes back as
//! [`OffsessionError::Api`] ("internal error"), never an abort.
//!
//! Cancelling (a cancelled Swift `Task` or Kotlin coroutine) drops the future the export
//! returned, and the caller gets its cancellation at once. What happens to the task follows the
//! core's rule ([`offsession::cancel`]), named at every call site by its [`CallKind`]:
//!
//! - [`CallKind::Resource`] (one request): the task is aborted, the request dropped where it
//!   stands. Sending it again with the same idempotency key is safe.
//! - [`CallKind::Flow`] (`start_setup`, `complete_setup`, `complete_setup_from_event`,
//!   `charge_off_session`, `complete_recovery`): the task runs to its end, detached
//!   ([`offsession::cancel::run_to_end`]), so a charge is never cut between its PaymentIntent and
//!   its recovery session; re-running with the same key returns its outcome.

use std::future::Future;
use std::sync::OnceLock;

pub use offsession::cancel::CallKind;
use tokio::runtime::Runtime;
use tokio::task::JoinHandle;

use crate::error::OffsessionError;

static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();

fn runtime() -> Result<&'static Runtime, OffsessionError> {
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("offsession-io")
            .enable_all()
            .build()
            .map_err(|e| format!("could not start the I/O runtime: {e}"))
    });
    runtime
        .as_ref()
        .map_err(|message| OffsessionError::internal(message.clone()))
}

/// Aborts the task when the caller stops waiting for it.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Runs `call` on the runtime and waits for it; errors become [`OffsessionError`], and so do
/// panics. If the caller stops waiting, a [`CallKind::Resource`] call is aborted and a
/// [`CallKind::Flow`] call runs on to its end, detached.
pub async fn run<T, F>(kind: CallKind, call: F) -> Result<T, OffsessionError>
where
    T: Send + 'static,
    F: Future<Output = offsession::Result<T>> + Send + 'static,
{
    let runtime = runtime()?;
    let ended = match kind {
        CallKind::Resource => {
            let mut task = AbortOnDrop(runtime.spawn(call));
            (&mut task.0).await.map_err(OffsessionError::from_join)
        }
        CallKind::Flow => offsession::cancel::run_to_end(runtime.handle(), call)
            .await
            .map_err(|panicked| OffsessionError::internal(panicked.detail())),
    };
    Ok(ended??)
}

/// Test hook: an async call whose task panics inside the runtime, as a bug in the core would.
/// Shows that Swift and Kotlin get `OffsessionError.Api` (`internal error …`) and live on.
#[uniffi::export]
pub async fn panic_in_core_for_tests() -> Result<(), OffsessionError> {
    run(CallKind::Resource, async {
        if std::hint::black_box(true) {
            panic!("forced by panic_in_core_for_tests");
        }
        Ok(())
    })
    .await
}

/// Test hook: a synchronous call that panics. uniffi catches it and raises its own panic error
/// (`InternalException` in Kotlin, `UniffiInternalError.rustPanic` in Swift); the host lives on.
#[uniffi::export]
pub fn panic_in_sync_call_for_tests() -> Result<(), OffsessionError> {
    if std::hint::black_box(true) {
        panic!("forced by panic_in_sync_call_for_tests");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// Starts `run(kind, …)` for a call that signals `started`, sleeps 100 ms, then signals
    /// `done`; the caller stops waiting after 30 ms (its future is dropped), and the test says
    /// whether the call still reached its end.
    fn reached_its_end_after_the_caller_left(kind: CallKind) -> bool {
        let (started_tx, started_rx) = mpsc::channel();
        let (done_tx, done_rx) = mpsc::channel();
        let caller = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        caller.block_on(async {
            let call = run(kind, async move {
                started_tx.send(()).unwrap();
                tokio::time::sleep(Duration::from_millis(100)).await;
                done_tx.send(()).unwrap();
                Ok(())
            });
            // The caller waits 30 ms, then stops waiting: the timeout drops `call`.
            let waited = tokio::time::timeout(Duration::from_millis(30), call).await;
            assert!(waited.is_err(), "the call ended before the caller left");
        });
        started_rx
            .recv_timeout(Duration::from_millis(1000))
            .expect("the call started");
        done_rx.recv_timeout(Duration::from_millis(1000)).is_ok()
    }

    #[test]
    fn a_cancelled_resource_call_is_dropped_where_it_stands() {
        assert!(!reached_its_end_after_the_caller_left(CallKind::Resource));
    }

    #[test]
    fn a_cancelled_flow_runs_to_its_end() {
        assert!(reached_its_end_after_the_caller_left(CallKind::Flow));
    }

    #[test]
    fn a_panic_in_either_kind_is_an_internal_api_error() {
        let caller = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        for kind in [CallKind::Resource, CallKind::Flow] {
            let error = caller
                .block_on(run(kind, async move {
                    if std::hint::black_box(true) {
                        panic!("boom in a {kind:?} call");
                    }
                    Ok(())
                }))
                .unwrap_err();
            assert!(matches!(error, OffsessionError::Api { .. }), "{kind:?}");
            assert_eq!(
                error.details().message,
                format!("internal error in offsession: boom in a {kind:?} call")
            );
        }
    }
}
