//! What cancelling a call means, the same in every language.
//!
//! A caller stops waiting for a call in many ways: a cancelled Swift `Task` or Kotlin coroutine,
//! a cancelled asyncio task, Ctrl-C during a blocking Python call, an aborted `AbortSignal` in
//! Node. The rule is:
//!
//! | call | when the caller stops waiting |
//! |---|---|
//! | a resource call (one request: `customers.create`, `payment_intents.retrieve`, …) | it is cancelled: the request is dropped where it stands. It may or may not have reached Stripe; sending it again with the same idempotency key is safe. |
//! | a flow call (`start_setup`, `complete_setup`, `complete_setup_from_event`, `charge_off_session`, `complete_recovery`) | it runs to its end, detached: a charge is never left between its PaymentIntent and its recovery session. The caller gets its cancellation at once; the outcome stays in Stripe, and re-running with the same key returns it. |
//!
//! Each binding applies the rule through [`CallKind`] and [`run_to_end`].

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::task::JoinHandle;

use crate::panic::{catch_unwind, Panicked};

/// Which cancellation rule a call follows (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    /// One request: cancelling drops it.
    Resource,
    /// A flow of several requests: once started, it runs to its end.
    Flow,
}

/// Runs `future` as its own task on `runtime`, so that it runs to its end even if the returned
/// future is dropped (the caller cancelled). Awaiting the returned future gives the result, or
/// [`Panicked`] if the task panicked.
pub fn run_to_end<T, F>(runtime: &tokio::runtime::Handle, future: F) -> RunToEnd<T>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    RunToEnd(runtime.spawn(catch_unwind(future)))
}

/// The result of a call started with [`run_to_end`]. Dropping it detaches the call; it never
/// aborts it.
#[derive(Debug)]
pub struct RunToEnd<T>(JoinHandle<Result<T, Panicked>>);

impl<T> Future for RunToEnd<T> {
    type Output = Result<T, Panicked>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|joined| match joined {
            Ok(result) => result,
            // The task is never aborted, and a panic is caught inside it: a JoinError here
            // means the runtime shut down under it.
            Err(join) => Err(Panicked::from_payload(Box::new(format!(
                "the call's task ended without a result: {join}"
            )))),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_dropped_flow_still_runs_to_its_end() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let call = run_to_end(runtime.handle(), async move {
            started_tx.send(()).unwrap();
            tokio::time::sleep(Duration::from_millis(50)).await;
            done_tx.send(()).unwrap();
        });
        started_rx.recv().unwrap();
        drop(call); // the caller cancels while the flow is half-way
        assert!(
            done_rx.recv_timeout(Duration::from_secs(10)).is_ok(),
            "the flow was cut short"
        );
    }

    #[test]
    fn a_panic_inside_comes_back_as_panicked() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let outcome = runtime.block_on(run_to_end(runtime.handle(), async {
            if std::hint::black_box(true) {
                panic!("boom");
            }
        }));
        assert_eq!(outcome.unwrap_err().detail(), "boom");
    }
}
