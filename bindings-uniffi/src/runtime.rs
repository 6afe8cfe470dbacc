//! The Tokio runtime every call runs on, and how a call's end (value, error or panic) comes
//! back to Swift or Kotlin.
//!
//! Each async export spawns the core's future onto one shared multi-thread runtime and awaits
//! its `JoinHandle`, which any executor can poll: Swift's cooperative pool and Kotlin's
//! coroutines wait on it without blocking a thread. A panic inside the task comes back as a
//! `JoinError` and becomes [`OffsessionError::Api`] ("internal error"), never an abort.
//! Dropping the future (a cancelled Swift `Task` or Kotlin coroutine) aborts the task.

use std::future::Future;
use std::sync::OnceLock;

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
/// panics.
pub async fn run<T, F>(call: F) -> Result<T, OffsessionError>
where
    T: Send + 'static,
    F: Future<Output = offsession::Result<T>> + Send + 'static,
{
    let mut task = AbortOnDrop(runtime()?.spawn(call));
    match (&mut task.0).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(error.into()),
        Err(join) => Err(OffsessionError::from_join(join)),
    }
}

/// Test hook: an async call whose task panics inside the runtime, as a bug in the core would.
/// Shows that Swift and Kotlin get `OffsessionError.Api` (`internal error …`) and live on.
#[uniffi::export]
pub async fn panic_in_core_for_tests() -> Result<(), OffsessionError> {
    run(async {
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
